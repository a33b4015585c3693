/**
 * Maps what the pg driver throws (network errors, server errors with a
 * SQLSTATE) onto registry codes, keeping the server's own detail and hint.
 */
import { type Phrase, type PlainPhraseCode, phrase } from './phrase.js';
import { internalDetail, ToolError, type ToolErrorOptions } from './tool-error.js';

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

/** Why a connection could not be made, as a phrase; undefined when nothing more specific can be said. */
function unreachableReason(e: PgLikeError, reason: string): Phrase | undefined {
  const byCode = e.code ? unreachableByCode[e.code] : undefined;
  if (byCode) return phrase(byCode);
  if (/timeout/i.test(reason)) return phrase('TIMED_OUT');
  if (/error establishing an SSL connection/i.test(reason)) return phrase('NOT_POSTGRES_TLS');
  if (/self.signed|certificate|altnames|unable to verify/i.test(reason))
    return phrase('CERTIFICATE_UNTRUSTED', { detail: certificateProblem(reason) });
  return undefined;
}

const unreachableByCode: Readonly<Record<string, PlainPhraseCode>> = {
  ECONNREFUSED: 'CONNECTION_REFUSED',
  ENOENT: 'NO_SERVER_SOCKET',
  EACCES: 'SOCKET_NO_ACCESS',
  EHOSTUNREACH: 'HOST_UNREACHABLE',
  ENETUNREACH: 'HOST_UNREACHABLE',
  ECONNRESET: 'CLOSED_WHILE_LOGGING_IN',
  ETIMEDOUT: 'TIMED_OUT',
  '57P03': 'STARTING_OR_STOPPING',
};

/**
 * What TLS found wrong with the certificate: node's own sentence, kept to
 * its first line. It names the certificate's fault (self-signed, wrong
 * host), never kluis's internals, and is what a person needs to fix it.
 */
function certificateProblem(reason: string): string {
  return reason.split('\n')[0]!.trim();
}

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
    return new ToolError('SERVER_AUTH_FAILED', { server, target, reason: loginReason(e, reason) }, options);
  }
  if (e.code === '42501') {
    const action = phrase(phase === 'connect' ? 'ACTION_CONNECTING' : 'ACTION_THIS_OPERATION');
    return new ToolError('SERVER_PERMISSION_DENIED', { action }, options);
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
      { server, target, reason: unreachableReason(e, reason) ?? phrase('CONNECT_FAILED') },
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
    return new ToolError('SERVER_LOST', { server, reason: lostReason(e) }, options);
  }
  if (phase === 'connect')
    return new ToolError('SERVER_UNREACHABLE', { server, target, reason: phrase('CONNECT_FAILED') }, options);
  if (e.code === 'KL001' || e.code === 'KL002' || e.code === 'KL003') return handOutRefusal(e, options);
  if (e.code === '53100') return new ToolError('SERVER_DISK_FULL', { server }, options); // disk_full: its own words, not the file the server could not extend
  return new ToolError('INTERNAL', { detail: internalDetail(err) }, options);
}

/** Why a connection was lost, in words: never the driver's "write EPIPE". */
function lostReason(e: PgLikeError): Phrase {
  if (e.code === '57P01') return phrase('SERVER_SHUT_DOWN');
  if (e.code === '57P02') return phrase('SERVER_RESTARTED_AFTER_CRASH');
  if (e.code === '57P03') return phrase('STARTING_OR_STOPPING');
  return phrase('CONNECTION_CLOSED');
}

/** Why the login was refused: a wrong password, a user the server does not let in, or a failed SCRAM exchange. */
function loginReason(e: PgLikeError, reason: string): Phrase {
  if (e.code === '28000') return phrase('LOGIN_NOT_ALLOWED');
  if (e.code === '28P01' || /password authentication failed/i.test(reason)) return phrase('PASSWORD_REJECTED');
  return phrase('PASSWORD_EXCHANGE_FAILED');
}

/**
 * Why the server would not use a folder (create tablespace, pg_ls_dir):
 * the server's sentence quotes its own paths and errno; the SQLSTATE says enough.
 */
export function folderRefusal(err: unknown): Phrase {
  const code = (err as PgLikeError | undefined)?.code;
  if (code === '58P01') return phrase('FOLDER_MISSING_ON_SERVER');
  if (code === '42501') return phrase('FOLDER_NO_ACCESS_ON_SERVER');
  return phrase('FOLDER_REFUSED_BY_SERVER');
}

/**
 * The hand-out guard's refusal (the administration's triggers, schema 5):
 * KL001 on the client's side, a booking on or before the dividing date;
 * KL002 on the accountant's, one after it; KL003 on the accountant's, a
 * fiscal year that runs past it closed or changed. The detail says
 * "hand_out=<id> until=<YYYY-MM-DD> date=<YYYY-MM-DD>" (KL003: "year=<N>
 * end=<YYYY-MM-DD>" for the date); a bookkeeping application shows the
 * trigger's own bilingual sentence instead.
 */
function handOutRefusal(e: PgLikeError, options: ToolErrorOptions): ToolError {
  const field = (name: string) => new RegExp(`\\b${name}=(\\d{4}-\\d{2}-\\d{2})\\b`).exec(e.detail ?? '')?.[1];
  const day = (iso: string | undefined) => {
    if (!iso) return '?';
    const [y, m, d] = iso.split('-');
    return { nl: `${d}-${m}-${y}`, en: iso };
  };
  if (e.code === 'KL003') {
    const year = /\byear=(\d+)\b/.exec(e.detail ?? '')?.[1] ?? '?';
    return new ToolError(
      'HAND_OUT_YEAR_AFTER_UNTIL',
      { year, end: day(field('end')), until: day(field('until')) },
      options,
    );
  }
  const params = { until: day(field('until')), date: day(field('date')) };
  return e.code === 'KL001'
    ? new ToolError('HAND_OUT_LOCKED', params, options)
    : new ToolError('HAND_OUT_AFTER_UNTIL', params, options);
}
