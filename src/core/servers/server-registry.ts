/**
 * Named servers: "local" is always the embedded server in kluis's home; any
 * other name is a PostgreSQL server from config.json. Turns a name into an
 * Engine.
 */
import {
  type ConnSettings,
  EmbeddedEngine,
  type Engine,
  formatConninfo,
  parseConninfo,
  ServerEngine,
  type SslMode,
} from '../../engines/index.js';
import { ToolError } from '../../errors/index.js';
import { readConfig, updateConfig } from '../config/config-store.js';
import { deleteSecret, readSecret, storeSecret } from '../config/secret-store.js';

export const localServerName = 'local';

export interface ServerListing {
  readonly name: string;
  readonly kind: 'embedded' | 'server';
  /** Connection settings without the password. */
  readonly conninfo: string;
  readonly hasStoredPassword: boolean;
}

export function validateServerName(name: string): void {
  if (name === localServerName) throw new ToolError('SERVER_NAME_RESERVED');
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(name)) throw new ToolError('SERVER_NAME_INVALID', { input: name });
}

export function listServers(home: string): ServerListing[] {
  const config = readConfig(home);
  const named = Object.entries(config.servers)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, entry]) => ({
      name,
      kind: 'server' as const,
      conninfo: entry.conninfo,
      hasStoredPassword: Boolean(entry.passwordRef),
    }));
  return [{ name: localServerName, kind: 'embedded', conninfo: `home=${home}`, hasStoredPassword: false }, ...named];
}

/**
 * Adds a server. A password (given apart, or inside the conninfo) goes to
 * the secret store; the config keeps the rest.
 */
export function addServer(home: string, name: string, conninfo: string, passwordOverride?: string): ServerListing {
  validateServerName(name);
  const settings = parseConninfo(conninfo);
  if (readConfig(home).servers[name]) throw new ToolError('SERVER_EXISTS', { server: name });
  const { password: inline, ...rest } = settings;
  const password = passwordOverride ?? inline;
  const passwordRef = password !== undefined ? storeSecret(home, password) : undefined;
  const clean = formatConninfo(rest);
  try {
    updateConfig(home, (c) => {
      // Checked again inside the change: another process may have added the name since.
      if (c.servers[name]) throw new ToolError('SERVER_EXISTS', { server: name });
      return {
        ...c,
        servers: {
          ...c.servers,
          [name]: { conninfo: clean, ...(passwordRef ? { passwordRef } : {}), addedAt: new Date().toISOString() },
        },
      };
    });
  } catch (err) {
    if (passwordRef) deleteSecret(home, passwordRef);
    throw err;
  }
  return { name, kind: 'server', conninfo: clean, hasStoredPassword: passwordRef !== undefined };
}

export function removeServer(home: string, name: string): void {
  if (name === localServerName) throw new ToolError('SERVER_NAME_RESERVED');
  const entry = readConfig(home).servers[name];
  if (!entry) throw new ToolError('SERVER_NOT_FOUND', { server: name });
  updateConfig(home, (c) => {
    if (!c.servers[name]) throw new ToolError('SERVER_NOT_FOUND', { server: name });
    const servers = { ...c.servers };
    delete servers[name];
    return { ...c, servers };
  });
  if (entry.passwordRef) deleteSecret(home, entry.passwordRef);
}

/** The engine for a server name. */
export function openEngine(home: string, name: string = localServerName, env: NodeJS.ProcessEnv = process.env): Engine {
  if (name === localServerName) return new EmbeddedEngine({ name, home });
  const entry = readConfig(home).servers[name];
  if (!entry) throw new ToolError('SERVER_NOT_FOUND', { server: name });
  const settings: ConnSettings = parseConninfo(entry.conninfo);
  const password = entry.passwordRef ? readSecret(home, entry.passwordRef) : undefined;
  if (password !== undefined) settings.password = password;
  return new ServerEngine({ name, settings, env });
}

/** A named server's connection settings, without its password; none for My computer or an unknown name. */
export function serverSettings(home: string, name: string): Omit<ConnSettings, 'password'> | undefined {
  if (name === localServerName) return undefined;
  const entry = readConfig(home).servers[name];
  if (!entry) return undefined;
  try {
    const { password: _never, ...settings } = parseConninfo(entry.conninfo);
    return settings;
  } catch {
    return undefined; // edited by hand into something unreadable: Advanced starts empty
  }
}

export interface LoginSettings {
  readonly host: string;
  readonly port?: number;
  readonly user?: string;
  readonly database?: string;
  readonly sslmode?: SslMode;
  readonly password?: string;
}

/**
 * The Advanced login settings of the wizard: saves the server under a name
 * (replacing that name's settings) only after a test connection works; on
 * failure the old settings stay as they were. No password given keeps the
 * one stored for that name: Advanced opens on a server's settings to check
 * them, and is never shown its password.
 */
export async function saveTestedServer(home: string, name: string, login: LoginSettings): Promise<ServerListing> {
  validateServerName(name);
  if (name === localServerName) throw new ToolError('SERVER_NAME_RESERVED');
  const conninfo = formatConninfo({
    host: login.host,
    ...(login.port !== undefined ? { port: login.port } : {}),
    ...(login.user ? { user: login.user } : {}),
    ...(login.database ? { dbname: login.database } : {}),
    ...(login.sslmode ? { sslmode: login.sslmode } : {}),
  });
  const settings = parseConninfo(conninfo);
  const stored = readConfig(home).servers[name]?.passwordRef;
  const password = login.password || (stored ? readSecret(home, stored) : undefined);
  if (password) settings.password = password;
  await new ServerEngine({ name, settings, env: process.env }).serverVersion();
  if (readConfig(home).servers[name]) removeServer(home, name);
  return addServer(home, name, conninfo, password || undefined);
}
