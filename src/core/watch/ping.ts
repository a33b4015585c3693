/**
 * The healthchecks.io convention (also Uptime Kuma's push monitors, Cronitor
 * and others): a request to the URL says "all well", to URL/fail "not
 * well"; the body is the report, for whoever reads the alert. A ping that
 * cannot be delivered is reported and changes nothing about the verdict.
 */
import { ToolError } from '../../errors/index.js';

export interface PingOptions {
  /** Per attempt (default 10 s). */
  readonly timeoutMs?: number;
  /** Attempts in all (default 3), with 1 s, then 2 s… between them. */
  readonly attempts?: number;
  readonly backoffMs?: number;
}

export interface PingResult {
  readonly delivered: boolean;
  /** Where it went, without path or query: those are the check's secret. */
  readonly host: string;
  readonly attempts: number;
  /** The last HTTP status, when there was an answer. */
  readonly status?: number;
  /** Why it was not delivered: timeout, refused, or an HTTP status. */
  readonly problem?: 'timeout' | 'unreachable' | 'status';
}

/** A ping address: http or https, nothing else (no file:, no data:). */
export function parsePingUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ToolError('PING_URL_INVALID', { input: text });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ToolError('PING_URL_INVALID', { input: text });
  return url;
}

/** URL for success, URL/fail for failure (a query string stays at the end). */
export function pingTarget(url: URL, success: boolean): URL {
  if (success) return url;
  const target = new URL(url);
  target.pathname = `${url.pathname.replace(/\/+$/, '')}/fail`;
  return target;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A user and password in the address (https://user:password@monitor/…, as
 * curl takes them) go as Basic authorization: fetch refuses an address that
 * holds them, and every attempt would fail as "cannot be reached".
 */
function withoutCredentials(url: URL): { target: URL; authorization?: string } {
  if (!url.username && !url.password) return { target: url };
  const target = new URL(url);
  target.username = '';
  target.password = '';
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { target, authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
}

export async function ping(url: URL, success: boolean, body: string, options: PingOptions = {}): Promise<PingResult> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const { target, authorization } = withoutCredentials(pingTarget(url, success));
  let last: Pick<PingResult, 'status' | 'problem'> = { problem: 'unreachable' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const answer = await fetch(target, {
        method: 'POST',
        body: body.slice(0, 10_000),
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'user-agent': 'kluis',
          ...(authorization ? { authorization } : {}),
        },
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        redirect: 'follow',
      });
      await answer.arrayBuffer().catch(() => undefined);
      if (answer.ok) return { delivered: true, host: url.host, attempts: attempt, status: answer.status };
      last = { status: answer.status, problem: 'status' };
      // A 4xx will be the same next time (a wrong address); a 5xx or a timeout may not.
      if (answer.status < 500) return { delivered: false, host: url.host, attempts: attempt, ...last };
    } catch (err) {
      last = { problem: (err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable' };
    }
    if (attempt < attempts) await sleep((options.backoffMs ?? 1000) * 2 ** (attempt - 1));
  }
  return { delivered: false, host: url.host, attempts, ...last };
}
