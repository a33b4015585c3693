/**
 * The password file libpq reads (~/.pgpass, or PGPASSFILE): lines of
 * host:port:database:user:password, "*" matching anything, "\:" and "\\"
 * escaping. Read by kluis itself, through the one bounded small-file
 * reader, instead of the pg driver's deprecated lookup (which warns on every
 * use). Like libpq, a file that others may read is ignored.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readSmallText, smallFiles } from '../../storage/small-file.js';

export interface PasswordFor {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

/** The fields of one line, unescaped; undefined for a comment or a line with too few fields. */
function fieldsOf(line: string): string[] | undefined {
  if (line.trim() === '' || line.startsWith('#')) return undefined;
  const fields: string[] = [];
  let field = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) field += line[++i];
    else if (ch === ':' && fields.length < 4) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields.length === 5 ? fields : undefined;
}

/** The file's name: PGPASSFILE, else ~/.pgpass. */
export function passwordFileName(env: NodeJS.ProcessEnv): string {
  return env['PGPASSFILE'] || join(env['HOME'] || homedir(), '.pgpass');
}

/** The password of the first line that matches, or undefined (no file, no match, or a file others can read). */
export function passwordFromFile(where: PasswordFor, env: NodeJS.ProcessEnv): string | undefined {
  const file = passwordFileName(env);
  let mode: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return undefined;
    mode = stats.mode;
  } catch {
    return undefined; // no password file is the usual case
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) return undefined;
  // libpq matches a socket connection's host field against "localhost".
  const host = where.host.startsWith('/') ? 'localhost' : where.host;
  const wanted = [host, String(where.port), where.database, where.user];
  for (const line of readSmallText(file, smallFiles.passwordFile).split(/\r?\n/)) {
    const fields = fieldsOf(line);
    if (fields && wanted.every((value, i) => fields[i] === '*' || fields[i] === value)) return fields[4];
  }
  return undefined;
}
