/**
 * Maps what the pg driver throws (network errors, server errors with a
 * SQLSTATE) onto registry codes, keeping the server's own detail and hint.
 */
import type { Localized } from './registry.js';
import { ToolError } from './tool-error.js';

interface PgLikeError {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
  errno?: number;
  hostname?: string;
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EACCES',
]);

/** Why a connection could not be made, in words (not errno text); undefined when the driver's text is all there is. */
function unreachableReason(e: PgLikeError, reason: string): Localized | undefined {
  switch (e.code) {
    case 'ECONNREFUSED':
      return {
        nl: 'er luistert niets op die poort (verbinding geweigerd)',
        en: 'nothing listens on that port (connection refused)',
      };
    case 'ENOENT':
      return { nl: 'er is geen server-socket in die map', en: 'there is no server socket in that folder' };
    case 'EACCES':
      return { nl: 'geen toegang tot de server-socket', en: 'no access to the server socket' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        nl: 'die computer is via het netwerk niet te bereiken',
        en: 'that computer cannot be reached over the network',
      };
    case 'ECONNRESET':
      return {
        nl: 'de server verbrak de verbinding tijdens het aanmelden',
        en: 'the server closed the connection while logging in',
      };
    case 'ETIMEDOUT':
      return timedOut;
    case '57P03':
      return { nl: 'de server start op of stopt juist', en: 'the server is starting up or shutting down' };
  }
  if (/timeout/i.test(reason)) return timedOut;
  if (/error establishing an SSL connection/i.test(reason)) {
    return {
      nl: 'het antwoord op het TLS-verzoek was niet dat van een PostgreSQL-server',
      en: 'the answer to the TLS request was not that of a PostgreSQL server',
    };
  }
  if (/self.signed|certificate|altnames|unable to verify/i.test(reason)) {
    return {
      nl: `het certificaat van de server is niet te vertrouwen (${reason})`,
      en: `the server's certificate cannot be trusted (${reason})`,
    };
  }
  return undefined;
}

const timedOut: Localized = {
  nl: 'de server antwoordde niet binnen de wachttijd (connect_timeout)',
  en: 'the server did not answer within the time allowed (connect_timeout)',
};

/** The host part of a target such as "db.example.nl:5432 user=kluis". */
function hostOf(e: PgLikeError, target: string): string {
  return e.hostname ?? target.replace(/:\d+\s.*$|\s.*$/, '');
}

/**
 * @param server the server's name as the user knows it
 * @param target a description of where we connected (never contains a password)
 * @param phase 'connect' while logging in, 'query' afterwards
 */
export function fromPostgresError(err: unknown, server: string, target: string, phase: 'connect' | 'query'): ToolError {
  if (err instanceof ToolError) return err;
  const e = (err ?? {}) as PgLikeError;
  const reason = e.message ?? String(err);
  const postgres =
    e.code && /^[0-9A-Z]{5}$/.test(e.code)
      ? { sqlstate: e.code, ...(e.detail ? { detail: e.detail } : {}), ...(e.hint ? { hint: e.hint } : {}) }
      : undefined;
  const options = { cause: err, ...(postgres ? { postgres } : {}) };
  if (/no password supplied|client password must be a string/i.test(reason)) {
    return new ToolError('SERVER_PASSWORD_MISSING', { server, target }, options);
  }
  if (e.code === '28P01' || e.code === '28000' || /password authentication failed|SASL/i.test(reason)) {
    return new ToolError('SERVER_AUTH_FAILED', { server, target, reason }, options);
  }
  if (e.code === '42501') {
    const action =
      phase === 'connect' ? { nl: 'verbinden', en: 'connecting' } : { nl: 'deze handeling', en: 'this operation' };
    return new ToolError('SERVER_PERMISSION_DENIED', { action, reason }, options);
  }
  if (e.code === '3D000') {
    const database = /database "(.*)" does not exist/.exec(reason)?.[1] ?? '?';
    return new ToolError('DATABASE_NOT_FOUND', { database, server }, options);
  }
  if (phase === 'connect' && /does not support SSL/i.test(reason)) {
    return new ToolError('SERVER_TLS_REFUSED', { server, target }, options);
  }
  if (phase === 'connect' && (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'EAI_NONAME')) {
    return new ToolError('SERVER_HOST_UNKNOWN', { server, host: hostOf(e, target) }, options);
  }
  if (phase === 'connect' && (networkCodes.has(e.code ?? '') || e.code === '57P03' || unreachableReason(e, reason))) {
    return new ToolError(
      'SERVER_UNREACHABLE',
      { server, target, reason: unreachableReason(e, reason) ?? reason },
      options,
    );
  }
  if (
    e.code === '57P01' ||
    e.code === '57P02' ||
    e.code === '57P03' ||
    e.code === 'ECONNRESET' ||
    e.code === 'EPIPE' ||
    /Connection terminated|terminating connection|not queryable|connection error|server closed the connection/i.test(
      reason,
    )
  ) {
    return new ToolError('SERVER_LOST', { server, reason: lostReason(e, reason) }, options);
  }
  if (phase === 'connect') return new ToolError('SERVER_UNREACHABLE', { server, target, reason }, options);
  if (e.code === '53100') return new ToolError('SERVER_DISK_FULL', { server }, options); // disk_full: its own words, not the file the server could not extend
  return new ToolError('INTERNAL', { reason }, options);
}

/** Why a connection was lost, in words: the server's own sentence, or what a cut connection means (never "write EPIPE"). */
function lostReason(e: PgLikeError, reason: string): string | { nl: string; en: string } {
  if (e.code === '57P01') return { nl: 'de server is gestopt', en: 'the server was shut down' };
  if (e.code === '57P02')
    return {
      nl: 'de server is na een crash van een van zijn processen opnieuw begonnen',
      en: 'the server restarted after one of its processes crashed',
    };
  if (e.code === '57P03')
    return { nl: 'de server start op of stopt juist', en: 'the server is starting up or shutting down' };
  if (
    /^E[A-Z]+$/.test(e.code ?? '') ||
    /Connection terminated|server closed the connection|not queryable|connection error|\bE[A-Z]{3,}\b/i.test(reason)
  ) {
    return {
      nl: 'de server verbrak de verbinding (gestopt, herstart of door het netwerk afgebroken)',
      en: 'the server closed the connection (stopped, restarted or cut off by the network)',
    };
  }
  return reason;
}
