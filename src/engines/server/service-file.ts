/**
 * pg_service.conf: named connection settings, looked up the way libpq does
 * (PGSERVICEFILE or ~/.pg_service.conf first, then PGSYSCONFDIR's file).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ToolError } from '../../errors/index.js';
import { readSmallText, smallFiles } from '../../storage/small-file.js';
import { type ConnSettings, setKeyword } from './conninfo.js';

/** The service files to consult, most specific first. */
export function serviceFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const user = env['PGSERVICEFILE'] ?? join(homedir(), '.pg_service.conf');
  const sysDirs = env['PGSYSCONFDIR']
    ? [env['PGSYSCONFDIR']]
    : ['/etc/postgresql-common', '/etc', '/usr/local/pgsql/etc'];
  return [user, ...sysDirs.map((d) => join(d, 'pg_service.conf'))];
}

/** Every service section of one file, in order. */
export function parseServiceFile(text: string, file: string): Map<string, ConnSettings> {
  const services = new Map<string, ConnSettings>();
  let current: ConnSettings | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = {};
      services.set(section[1]!.trim(), current);
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq < 0) continue;
    const key = line.slice(0, eq).trim();
    // Keywords kluis does not use (application_name, options, ...) are skipped, not fatal.
    try {
      setKeyword(current, key, line.slice(eq + 1).trim(), `${file}: ${key}`);
    } catch {}
  }
  return services;
}

function readServices(file: string): Map<string, ConnSettings> {
  try {
    return parseServiceFile(readSmallText(file, smallFiles.settings), file);
  } catch {
    return new Map();
  }
}

/** All services from all files; a name in a more specific file wins. */
export function listServices(
  env: NodeJS.ProcessEnv = process.env,
): Array<{ name: string; file: string; settings: ConnSettings }> {
  const seen = new Set<string>();
  const all: Array<{ name: string; file: string; settings: ConnSettings }> = [];
  for (const file of serviceFiles(env)) {
    for (const [name, settings] of readServices(file)) {
      if (seen.has(name)) continue;
      seen.add(name);
      all.push({ name, file, settings });
    }
  }
  return all;
}

export function lookupService(name: string, env: NodeJS.ProcessEnv = process.env): ConnSettings {
  const found = listServices(env).find((s) => s.name === name);
  if (!found) throw new ToolError('SERVICE_NOT_FOUND', { service: name, files: serviceFiles(env).join(', ') });
  return found.settings;
}
