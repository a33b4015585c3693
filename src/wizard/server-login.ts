/**
 * Advanced on the server step (the source's "Geavanceerd"): the login
 * settings of a server, tested before they are saved. The web's dialog and
 * the terminal's questions both hand their answers here.
 */
import * as core from '../core/index.js';
import { type Localized, l, phrase, ToolError } from '../errors/index.js';

/** The TLS settings (libpq's sslmode) in words, the default first. */
export const tlsChoices: ReadonlyArray<{ value: string; label: Localized }> = [
  { value: 'prefer', label: l('als de server het kan (standaard)', 'when the server can (default)') },
  { value: 'require', label: l('altijd', 'always') },
  { value: 'verify-ca', label: l('altijd, met een gecontroleerd certificaat', 'always, with a checked certificate') },
  {
    value: 'verify-full',
    label: l('altijd, met een gecontroleerd certificaat op naam', 'always, with a certificate checked by name'),
  },
  { value: 'allow', label: l('alleen als de server erom vraagt', 'only when the server asks for it') },
  { value: 'disable', label: l('nooit', 'never') },
];

/** What Advanced asks; every value as typed (the password apart, never shown again). */
export interface LoginAnswers {
  readonly name: string;
  readonly host: string;
  readonly port: string;
  readonly user: string;
  readonly database: string;
  readonly sslmode: string;
}

/** A host as a server name ("db.kantoor.nl" → "db-kantoor-nl"): the same host given again replaces its settings. */
function nameFromHost(host: string): string {
  return (
    host
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'server'
  );
}

/** The login settings of a server kluis knows, to start Advanced from (none for My computer). */
export function loginOf(home: string, name: string): LoginAnswers | undefined {
  const s = core.serverSettings(home, name);
  if (!s) return undefined;
  return {
    name,
    host: s.host ?? '',
    port: s.port === undefined ? '' : String(s.port),
    user: s.user ?? '',
    database: s.dbname ?? '',
    sslmode: s.sslmode ?? '',
  };
}

/** Tests the connection and saves the server; returns the name it is known by. Nothing is saved when the test fails. */
export async function saveLogin(home: string, typed: LoginAnswers, password: string): Promise<string> {
  const v = Object.fromEntries(Object.entries(typed).map(([k, x]) => [k, x.trim()])) as unknown as LoginAnswers;
  if (!v.host) throw new ToolError('SERVER_HOST_MISSING');
  const port = v.port ? Number(v.port) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))
    throw new ToolError('CONNINFO_INVALID', { input: v.port, reason: phrase('PORT_RANGE_WEB') });
  const sslmode = (core.sslModes as readonly string[]).includes(v.sslmode) ? (v.sslmode as core.SslMode) : undefined;
  const saved = await core.saveTestedServer(home, v.name || nameFromHost(v.host), {
    host: v.host,
    ...(port !== undefined ? { port } : {}),
    ...(v.user ? { user: v.user } : {}),
    ...(v.database ? { database: v.database } : {}),
    ...(sslmode ? { sslmode } : {}),
    password,
  });
  return saved.name;
}
