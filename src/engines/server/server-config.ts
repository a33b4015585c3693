/**
 * Resolves connection settings the way libpq does: explicit settings first,
 * then the service named by `service` (or PGSERVICE), then the PG*
 * environment variables, then libpq's defaults. The password is left to the
 * pg driver's own PGPASSWORD / ~/.pgpass lookup unless one was given.
 */
import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { ToolError } from '../../errors/index.js';
import { readSmallFile, smallFiles } from '../../storage/small-file.js';
import type { ConnSettings, SslMode } from './conninfo.js';
import { lookupService } from './service-file.js';

export interface ResolvedSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly dbname: string;
  readonly sslmode: SslMode;
  readonly password?: string;
  readonly sslrootcert?: string;
  readonly sslcert?: string;
  readonly sslkey?: string;
  readonly connectTimeoutSeconds: number;
}

const envKeys: Array<[keyof ConnSettings, string]> = [
  ['host', 'PGHOST'],
  ['port', 'PGPORT'],
  ['user', 'PGUSER'],
  ['dbname', 'PGDATABASE'],
  ['sslmode', 'PGSSLMODE'],
  ['sslrootcert', 'PGSSLROOTCERT'],
  ['sslcert', 'PGSSLCERT'],
  ['sslkey', 'PGSSLKEY'],
  ['connect_timeout', 'PGCONNECT_TIMEOUT'],
];

/** True when the environment names a PostgreSQL server (any of PGHOST, PGPORT, PGSERVICE). */
export function environmentNamesServer(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env['PGHOST'] || env['PGPORT'] || env['PGSERVICE']);
}

/** libpq's default: the local socket folder when a server listens there, else localhost. */
function defaultHost(port: number): string {
  for (const dir of ['/var/run/postgresql', '/tmp']) {
    if (existsSync(join(dir, `.s.PGSQL.${port}`))) return dir;
  }
  return 'localhost';
}

export function resolveSettings(explicit: ConnSettings, env: NodeJS.ProcessEnv = process.env): ResolvedSettings {
  const serviceName = explicit.service ?? env['PGSERVICE'];
  const fromService = serviceName ? lookupService(serviceName, env) : {};
  const fromEnv: ConnSettings = {};
  for (const [key, variable] of envKeys) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    (fromEnv as Record<string, unknown>)[key] = key === 'port' || key === 'connect_timeout' ? Number(value) : value;
  }
  const merged: ConnSettings = { ...fromEnv, ...fromService, ...stripUndefined(explicit) };
  const port = merged.port ?? 5432;
  return {
    host: merged.host ?? defaultHost(port),
    port,
    user: merged.user ?? userInfo().username,
    dbname: merged.dbname ?? 'postgres',
    sslmode: merged.sslmode ?? 'prefer',
    connectTimeoutSeconds: merged.connect_timeout ?? 10,
    ...(merged.password !== undefined ? { password: merged.password } : {}),
    ...(merged.sslrootcert ? { sslrootcert: merged.sslrootcert } : {}),
    ...(merged.sslcert ? { sslcert: merged.sslcert } : {}),
    ...(merged.sslkey ? { sslkey: merged.sslkey } : {}),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function isSocketHost(host: string): boolean {
  return host.startsWith('/');
}

/** "db.example.nl:5432 user=kluis sslmode=require" — for messages; never the password. */
export function describeTarget(s: ResolvedSettings): string {
  const where = isSocketHost(s.host) ? `socket ${s.host}` : `${s.host}:${s.port}`;
  return `${where} user=${s.user}${isSocketHost(s.host) ? '' : ` sslmode=${s.sslmode}`}`;
}

/**
 * The TLS options for pg for a given attempt. `prefer` and `allow` are
 * negotiated by the engine: it tries one way and falls back to the other.
 */
export function tlsOptions(s: ResolvedSettings, useTls: boolean, server: string): false | ConnectionOptions {
  if (!useTls || isSocketHost(s.host)) return false;
  const options: ConnectionOptions = {};
  if (s.sslcert) options.cert = readTlsFile(s.sslcert);
  if (s.sslkey) options.key = readTlsFile(s.sslkey);
  switch (s.sslmode) {
    case 'verify-full':
      return { ...options, ca: rootCertificate(s, server), rejectUnauthorized: true };
    case 'verify-ca':
      // verify-ca checks the chain but, like libpq, not the host name.
      return {
        ...options,
        ca: rootCertificate(s, server),
        rejectUnauthorized: true,
        checkServerIdentity: () => undefined,
      };
    default:
      return { ...options, rejectUnauthorized: false };
  }
}

/**
 * The root certificate a verifying sslmode checks the server against: the one
 * named by sslrootcert, or libpq's ~/.postgresql/root.crt. That default file
 * was never named by the person, so its absence is said as what it is (a
 * verifying sslmode without a root certificate), not as "file does not exist".
 */
function rootCertificate(s: ResolvedSettings, server: string): Buffer {
  if (s.sslrootcert) return readTlsFile(s.sslrootcert);
  const path = join(homedir(), '.postgresql', 'root.crt');
  if (!existsSync(path)) throw new ToolError('SERVER_TLS_ROOT_CERT_MISSING', { server, sslmode: s.sslmode, path });
  return readTlsFile(path);
}

function readTlsFile(path: string): Buffer {
  return readSmallFile(path, smallFiles.certificate);
}
