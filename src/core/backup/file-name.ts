/**
 * Backup file names: YYYYMMDD-<kluis version>-PG<major>-<name>.ebu, the
 * file's visible compatibility label. Characters that no file system takes
 * become "_".
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').replace(/[. ]+$/, '') || 'administratie';
}

export function defaultBackupName(date: Date, kluisVersion: string, pgMajor: number, adminName: string): string {
  const day = date.toISOString().slice(0, 10).replace(/-/g, '');
  return `${day}-${kluisVersion}-PG${pgMajor}-${safeFileName(adminName)}.ebu`;
}

/** `name` in `dir`, or name-2, name-3, … when a file of that name exists. */
export function freePath(dir: string, name: string): string {
  const base = name.replace(/\.ebu$/, '');
  for (let i = 1; ; i++) {
    const candidate = join(dir, i === 1 ? name : `${base}-${i}.ebu`);
    if (!existsSync(candidate)) return candidate;
  }
}
