/**
 * Maps what the pg driver throws (network errors, server errors with a
 * SQLSTATE) onto registry codes, keeping the server's own detail and hint.
 */
import { ToolError } from './tool-error.js';

interface PgLikeError {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
  errno?: number;
}

const networkCodes = new Set(['ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EACCES']);

/**
 * @param server the server's name as the user knows it
 * @param target a description of where we connected (never contains a password)
 * @param phase 'connect' while logging in, 'query' afterwards
 */
export function fromPostgresError(err: unknown, server: string, target: string, phase: 'connect' | 'query'): ToolError {
  if (err instanceof ToolError) return err;
  const e = (err ?? {}) as PgLikeError;
  const reason = e.message ?? String(err);
  const postgres = e.code && /^[0-9A-Z]{5}$/.test(e.code) ? { sqlstate: e.code, ...(e.detail ? { detail: e.detail } : {}), ...(e.hint ? { hint: e.hint } : {}) } : undefined;
  const options = { cause: err, ...(postgres ? { postgres } : {}) };
  if (e.code === '28P01' || e.code === '28000' || /password authentication failed|no password supplied|SASL/i.test(reason)) {
    return new ToolError('SERVER_AUTH_FAILED', { server, target, reason }, options);
  }
  if (e.code === '42501') {
    return new ToolError('SERVER_PERMISSION_DENIED', { action: phase === 'connect' ? 'connect' : 'this operation', reason }, options);
  }
  if (e.code === '3D000') {
    const database = /database "(.*)" does not exist/.exec(reason)?.[1] ?? '?';
    return new ToolError('DATABASE_NOT_FOUND', { database, server }, options);
  }
  if (phase === 'connect' && (networkCodes.has(e.code ?? '') || /timeout|does not support SSL|self.signed|certificate/i.test(reason) || e.code === '57P03')) {
    return new ToolError('SERVER_UNREACHABLE', { server, target, reason }, options);
  }
  if (e.code === '57P01' || e.code === '57P02' || e.code === '57P03' || e.code === 'ECONNRESET' || e.code === 'EPIPE' || /Connection terminated|terminating connection|not queryable|connection error|server closed the connection/i.test(reason)) {
    return new ToolError('SERVER_LOST', { server, reason: lostReason(e, reason) }, options);
  }
  if (phase === 'connect') return new ToolError('SERVER_UNREACHABLE', { server, target, reason }, options);
  if (e.code === '53100') return new ToolError('SERVER_DISK_FULL', { server }, options); // disk_full: its own words, not the file the server could not extend
  return new ToolError('INTERNAL', { reason }, options);
}

/** Why a connection was lost, in words: the server's own sentence, or what a cut connection means (never "write EPIPE"). */
function lostReason(e: PgLikeError, reason: string): string | { nl: string; en: string } {
  if (e.code === '57P01') return { nl: 'de server is gestopt', en: 'the server was shut down' };
  if (e.code === '57P02') return { nl: 'de server is na een crash van een van zijn processen opnieuw begonnen', en: 'the server restarted after one of its processes crashed' };
  if (e.code === '57P03') return { nl: 'de server start op of stopt juist', en: 'the server is starting up or shutting down' };
  if (/^E[A-Z]+$/.test(e.code ?? '') || /Connection terminated|server closed the connection|not queryable|connection error|\bE[A-Z]{3,}\b/i.test(reason)) {
    return { nl: 'de server verbrak de verbinding (gestopt, herstart of door het netwerk afgebroken)', en: 'the server closed the connection (stopped, restarted or cut off by the network)' };
  }
  return reason;
}
