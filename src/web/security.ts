/**
 * What keeps the web wizard to the person who started it (SPEC §4):
 *
 * - a per-start access token, printed by `kluis start`, exchanged once per
 *   browser for a session cookie (HttpOnly, SameSite=Strict); a session id is
 *   only ever made by the server and replaced at every sign-in, so a planted
 *   id is worthless (session fixation);
 * - a CSRF token per session on every state-changing request, plus Origin /
 *   Sec-Fetch-Site checks;
 * - the Host header must name this server (no DNS rebinding);
 * - headers that forbid framing, sniffing, referrers, caching and any script
 *   or style not served by kluis itself.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const sessionCookie = 'kluis_session';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares secrets in constant time. */
export function sameSecret(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function setSessionCookie(res: ServerResponse, id: string): void {
  res.setHeader('Set-Cookie', `${sessionCookie}=${id}; Path=/; HttpOnly; SameSite=Strict`);
}

export function securityHeaders(res: ServerResponse): void {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on our own form posts.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}

/** The Host header must be one of the names this server answers to. */
export function hostAllowed(req: IncomingMessage, allowedHosts: ReadonlySet<string>): boolean {
  return allowedHosts.has((req.headers.host ?? '').toLowerCase());
}

/** A state-changing request must come from our own pages. */
export function sameOrigin(req: IncomingMessage, origin: ReadonlySet<string>): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const o = req.headers.origin;
  return o === undefined || origin.has(o.toLowerCase());
}
