/**
 * Which route answers a request, and the checks every request passes before
 * it gets there, in this order:
 *
 * 1. the security headers, then the Host header (421 on loopback when it
 *    does not name us) and an address that parses (400);
 * 2. the public routes (the stylesheet, the script, the favicon and the
 *    exchange of the access token) need nothing more;
 * 3. everything else needs a session (403: a page for a GET, JSON for the
 *    rest and for the progress stream);
 * 4. a POST needs our own Origin, then the CSRF token: in a header for the
 *    upload (its body is the file), in the form for the rest; a form is read
 *    and its token checked even when no route takes it (then 404);
 * 5. other methods than GET and POST: 405; a GET no route takes: 404.
 *
 * Whatever a route throws ends as a coded answer to that request alone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Lang, type PlainPhraseCode, phrase, ToolError } from '../errors/index.js';
import type { WebContext } from './context.js';
import { renderForWeb, shownError } from './failures.js';
import { browserLang, header, htmlType, json, notFound, parseUrl, readForm, send, textType } from './http.js';
import { accessDeniedPage, failurePage } from './pages.js';
import { cookieValue, hostAllowed, sameOrigin, securityHeaders, sessionCookie } from './security.js';
import type { WebSession } from './sessions.js';

export interface Request {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** The browser's language (a session has its own, which the person may have switched). */
  readonly lang: Lang;
  /** What the route's pattern captured, in order. */
  readonly params: readonly string[];
}

export interface SessionRequest extends Request {
  readonly session: WebSession;
}

export interface FormRequest extends SessionRequest {
  readonly form: URLSearchParams;
}

type Answer = void | Promise<void>;

/** A path: exact, or a pattern whose groups become the request's params. */
export type RoutePath = string | RegExp;

/**
 * A route, by what it needs: `public` (GET, no session; `query` names a
 * parameter the address must have), `page` (GET with a session), `form`
 * (POST with a session and a form carrying the CSRF token), `stream` (POST
 * with a session, the CSRF token in X-CSRF-Token and the body left unread).
 */
export type Route =
  | {
      readonly kind: 'public';
      readonly path: RoutePath;
      readonly query?: string;
      handle(ctx: WebContext, r: Request): Answer;
    }
  | { readonly kind: 'page'; readonly path: RoutePath; handle(ctx: WebContext, r: SessionRequest): Answer }
  | { readonly kind: 'form'; readonly path: RoutePath; handle(ctx: WebContext, r: FormRequest): Answer }
  | { readonly kind: 'stream'; readonly path: RoutePath; handle(ctx: WebContext, r: SessionRequest): Answer };

export function methodOf(route: Route): 'GET' | 'POST' {
  return route.kind === 'public' || route.kind === 'page' ? 'GET' : 'POST';
}

/** The first route that takes this method and address, with what its pattern captured. */
export function matchRoute<R extends Route>(
  routes: readonly R[],
  method: string | undefined,
  url: URL,
): { route: R; params: string[] } | undefined {
  for (const route of routes) {
    if (methodOf(route) !== method) continue;
    if (route.kind === 'public' && route.query !== undefined && !url.searchParams.has(route.query)) continue;
    if (typeof route.path === 'string') {
      if (route.path === url.pathname) return { route, params: [] };
      continue;
    }
    const m = route.path.exec(url.pathname);
    if (m) return { route, params: m.slice(1).map((p) => p ?? '') };
  }
  return undefined;
}

/** Answers one request (see the module's header for the order of the checks). */
export async function dispatch(
  ctx: WebContext,
  routes: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  securityHeaders(res);
  if (ctx.addresses.loopback && !hostAllowed(req, ctx.addresses.hosts))
    return send(res, 421, textType, 'Misdirected request');
  const url = parseUrl(req.url);
  if (!url) return send(res, 400, textType, 'Bad request');
  const lang = browserLang(req, ctx.options.lang);
  const base = { req, res, url, lang };

  const open = matchRoute(
    routes.filter((r) => r.kind === 'public'),
    req.method,
    url,
  );
  if (open) return open.route.handle(ctx, { ...base, params: open.params });

  const session = ctx.sessions.get(cookieValue(req, sessionCookie));
  if (!session) {
    const denied = renderForWeb(new ToolError('WEB_ACCESS_DENIED'), lang);
    return req.method === 'GET' && !url.pathname.startsWith('/jobs/')
      ? send(res, 403, htmlType, accessDeniedPage(lang, denied))
      : json(res, 403, denied);
  }

  if (req.method === 'POST') {
    if (!sameOrigin(req, ctx.addresses.origins)) return refuse(res, session, 'origin');
    const found = matchRoute(routes, 'POST', url);
    if (found?.route.kind === 'stream') {
      if (!ctx.sessions.csrfMatches(session, header(req, 'x-csrf-token'))) return refuse(res, session, 'csrf');
      return found.route.handle(ctx, { ...base, params: found.params, session });
    }
    const form = await readForm(req);
    if (!ctx.sessions.csrfMatches(session, form.get('_csrf'))) return refuse(res, session, 'csrf');
    if (found?.route.kind !== 'form') return notFound(res);
    return found.route.handle(ctx, { ...base, params: found.params, session, form });
  }
  if (req.method !== 'GET') return send(res, 405, textType, 'Method not allowed');
  const found = matchRoute(routes, 'GET', url);
  if (found?.route.kind !== 'page') return notFound(res);
  return found.route.handle(ctx, { ...base, params: found.params, session });
}

/** Why a request is refused, in words for the person who sees it (a page from elsewhere, a stale form, a forged button). */
const refusals = {
  origin: 'REFUSED_ORIGIN',
  csrf: 'REFUSED_CSRF',
  fill: 'REFUSED_FILL',
  form: 'REFUSED_FORM',
} as const satisfies Record<string, PlainPhraseCode>;

export function refusal(why: keyof typeof refusals): ToolError {
  return new ToolError('WEB_REQUEST_REFUSED', { reason: phrase(refusals[why]) });
}

/** A request refused for a missing or wrong check. */
export function refuse(res: ServerResponse, s: WebSession, why: keyof typeof refusals): void {
  json(res, 403, renderForWeb(refusal(why), s.lang));
}

/** The HTTP status of what a route threw: a refusal is the browser's doing, anything else the server's. */
function statusOf(code: string): number {
  if (code === 'WEB_REQUEST_TOO_LARGE') return 413;
  if (code === 'WEB_REQUEST_REFUSED') return 403;
  return 500;
}

/** What a route threw: a coded page for a GET of a page, coded JSON otherwise; a half-sent answer is cut. */
export function failed(ctx: WebContext, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  const lang = browserLang(req, ctx.options.lang);
  const error = renderForWeb(shownError(err, `${req.method} ${req.url}`), lang);
  try {
    if (res.headersSent) res.destroy();
    else if (req.method === 'GET' && !req.url?.startsWith('/jobs/'))
      send(res, statusOf(error.code), htmlType, failurePage(lang, error));
    else json(res, statusOf(error.code), { code: error.code, message: error.message });
  } catch {
    res.destroy();
  }
}
