/**
 * Connection settings in libpq's two spellings: keyword/value
 * ("host=db port=5432 sslmode=require") and URI
 * ("postgresql://user@db:5432/postgres?sslmode=require"). Only the keywords
 * kluis understands are accepted; anything else is a clear error rather than
 * silently ignored.
 */
import { type Phrase, phrase, ToolError } from '../../errors/index.js';

export const sslModes = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof sslModes)[number];

export interface ConnSettings {
  host?: string;
  port?: number;
  user?: string;
  dbname?: string;
  password?: string;
  sslmode?: SslMode;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
  service?: string;
  connect_timeout?: number;
}

const keywords = new Set([
  'host',
  'port',
  'user',
  'dbname',
  'password',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'service',
  'connect_timeout',
]);

function invalid(input: string, reason: Phrase): ToolError {
  return new ToolError('CONNINFO_INVALID', { input: redactConninfo(input), reason });
}

/** Sets one keyword, validating its value. */
export function setKeyword(settings: ConnSettings, key: string, value: string, input: string): void {
  if (!keywords.has(key)) throw invalid(input, phrase('CONNINFO_KEYWORD_UNKNOWN', { keyword: key }));
  switch (key) {
    case 'port':
    case 'connect_timeout': {
      const n = Number(value);
      if (!/^\d+$/.test(value) || (key === 'port' && (n < 1 || n > 65535)))
        throw invalid(input, phrase('CONNINFO_NOT_NUMBER', { keyword: key }));
      settings[key] = n;
      return;
    }
    case 'sslmode':
      if (!(sslModes as readonly string[]).includes(value))
        throw invalid(input, phrase('CONNINFO_SSLMODE_WRONG', { modes: sslModes.join(', ') }));
      settings.sslmode = value as SslMode;
      return;
    default:
      (settings as Record<string, string>)[key] = value;
  }
}

function parseKeywordValue(input: string): ConnSettings {
  const settings: ConnSettings = {};
  let i = 0;
  const skipSpace = () => {
    while (i < input.length && /\s/.test(input[i]!)) i++;
  };
  while (true) {
    skipSpace();
    if (i >= input.length) break;
    const eq = input.indexOf('=', i);
    if (eq < 0) throw invalid(input, phrase('CONNINFO_NO_EQUALS'));
    const key = input.slice(i, eq).trim();
    i = eq + 1;
    skipSpace();
    let value = '';
    if (input[i] === "'") {
      i++;
      while (i < input.length && input[i] !== "'") {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        value += input[i++];
      }
      if (input[i] !== "'") throw invalid(input, phrase('CONNINFO_QUOTE_OPEN'));
      i++;
    } else {
      while (i < input.length && !/\s/.test(input[i]!)) {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        value += input[i++];
      }
    }
    setKeyword(settings, key, value, input);
  }
  return settings;
}

function parseUri(input: string): ConnSettings {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw invalid(input, phrase('CONNINFO_URI_INVALID'));
  }
  const settings: ConnSettings = {};
  if (url.hostname) settings.host = decodeURIComponent(url.hostname).replace(/^\[|\]$/g, '');
  if (url.port) setKeyword(settings, 'port', url.port, input);
  if (url.username) settings.user = decodeURIComponent(url.username);
  if (url.password) settings.password = decodeURIComponent(url.password);
  const db = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (db) settings.dbname = db;
  for (const [key, value] of url.searchParams) setKeyword(settings, key, value, input);
  return settings;
}

export function parseConninfo(input: string): ConnSettings {
  const trimmed = input.trim();
  if (trimmed === '') throw invalid(input, phrase('CONNINFO_EMPTY'));
  return /^postgres(ql)?:\/\//i.test(trimmed) ? parseUri(trimmed) : parseKeywordValue(trimmed);
}

/** The settings as a keyword/value string, without the password. */
export function formatConninfo(settings: ConnSettings): string {
  return Object.entries(settings)
    .filter(([k, v]) => k !== 'password' && v !== undefined && v !== '')
    .map(([k, v]) => {
      const s = String(v);
      return /[\s'\\]/.test(s) || s === '' ? `${k}='${s.replace(/(['\\])/g, '\\$1')}'` : `${k}=${s}`;
    })
    .join(' ');
}

/** Hides passwords in either spelling so an input can be echoed in a message or log. */
export function redactConninfo(input: string): string {
  return input
    .replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, '$1***')
    .replace(/(postgres(?:ql)?:\/\/[^:@/\s]*:)[^@\s]*@/gi, '$1***@');
}
