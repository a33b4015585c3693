/** Turns an `<adm>` (number or name) into the registry record, or a clear not-found. */
import { ToolError } from '../../errors/index.js';
import { formatAdminNumber, parseAdminRef } from '../domain/administration-ref.js';
import type { AdministrationRecord, SystemDb } from '../system-db/system-db.js';

export async function findAdministration(sys: SystemDb, ref: string): Promise<AdministrationRecord> {
  const parsed = parseAdminRef(ref);
  const record = parsed.kind === 'number' ? await sys.byNumber(parsed.number) : await sys.byName(parsed.name);
  if (!record) {
    const adm = parsed.kind === 'number' ? formatAdminNumber(parsed.number) : parsed.name;
    throw new ToolError('ADMIN_NOT_FOUND', { adm, server: sys.engine.name });
  }
  return record;
}

/** Opens the system database, runs `fn`, and always closes it. */
export async function withSystemDb<T>(sys: Promise<SystemDb>, fn: (sys: SystemDb) => Promise<T>): Promise<T> {
  const db = await sys;
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
