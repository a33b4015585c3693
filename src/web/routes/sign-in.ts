/**
 * Getting in and out: the exchange of the access token for a session, the
 * sign-in page and its form, signing out, the language switch and making the
 * demo administrations. Signing in or out gives the session a new id.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as core from '../../core/index.js';
import { type RenderedError, ToolError } from '../../errors/index.js';
import { demoForm, languageForm, signInForm } from '../../schema/web-forms.js';
import { openAdministration } from '../../wizard/index.js';
import { contextFor, envFor, rendered, viewOf, type WebContext } from '../context.js';
import { renderForWeb } from '../failures.js';
import { parseForm } from '../form.js';
import { header, htmlType, redirect, send } from '../http.js';
import { accessDeniedPage, type SignInDemo, signInPage } from '../pages.js';
import type { Route } from '../router.js';
import { sameSecret, setSessionCookie } from '../security.js';
import type { WebSession } from '../sessions.js';

/**
 * Where the language switch leads back to: the Users page when it was
 * pressed there (the router already checked that the post came from our
 * own origin), else the wizard, which shows where the session is.
 */
function pageSwitchedOn(req: IncomingMessage): string {
  try {
    return new URL(header(req, 'referer') ?? '').pathname === '/users' ? '/users' : '/';
  } catch {
    return '/';
  }
}

/** A new id (and CSRF token) for the same session, its jobs moved along: at sign-in and sign-out. */
function renew(ctx: WebContext, s: WebSession, res: ServerResponse): void {
  const old = ctx.sessions.rotate(s);
  ctx.jobs.transfer(old, s.id);
  setSessionCookie(res, s.id);
}

/** The demo's administrations when this server has them: the page says how to sign in for as long as they are there. */
function demoOn(
  administrations: ReadonlyArray<{ number: string; name: string }>,
  justMade: boolean,
): SignInDemo | undefined {
  const accountant = administrations.find((a) => a.name === core.demoAccountant.administration);
  const client = administrations.find((a) => a.name === core.demoClient.administration);
  if (!accountant || !client) return undefined;
  const signInAs = core.demoAccountant.users[0].userName;
  return { accountant, client, signInAs, password: core.demoPassword, justMade };
}

/** The sign-in page: the servers, the chosen one's administrations, and what went wrong last time (shown once). */
export async function signInScreen(ctx: WebContext, s: WebSession, url: URL): Promise<string> {
  const servers = core.listServers(ctx.options.home);
  const chosen = url.searchParams.get('server');
  const serverName = servers.some((x) => x.name === chosen) ? chosen! : (ctx.options.server ?? core.localServerName);
  let administrations: Array<{ number: string; name: string }> = [];
  let listError: RenderedError | undefined;
  try {
    const c = contextFor(ctx, serverName);
    await c.engine.start();
    administrations = (await core.listAdministrations(c)).filter((a) => a.status === 'ready');
  } catch (err) {
    listError = rendered(s, err);
  }
  const signIn = s.signIn;
  s.signIn = undefined;
  const demo = demoOn(administrations, s.demoMade === serverName);
  s.demoMade = undefined;
  return signInPage(viewOf(s), {
    servers,
    server: serverName,
    administrations,
    ...(demo ? { demo } : {}),
    ...(signIn
      ? { error: signIn.error, adm: signIn.adm, user: signIn.user }
      : demo
        ? { adm: demo.accountant.number, user: demo.signInAs }
        : {}),
    ...(listError ? { listError } : {}),
  });
}

export const signInRoutes: readonly Route[] = [
  {
    // The link `kluis start` printed: its token buys a session cookie, once per browser.
    kind: 'public',
    path: '/',
    query: 'token',
    handle(ctx, { res, url, lang }) {
      if (!sameSecret(url.searchParams.get('token'), ctx.token))
        return send(res, 403, htmlType, accessDeniedPage(lang, renderForWeb(new ToolError('WEB_ACCESS_DENIED'), lang)));
      const s = ctx.sessions.create(lang);
      setSessionCookie(res, s.id);
      return redirect(res, '/');
    },
  },
  {
    kind: 'form',
    path: '/sign-in',
    async handle(ctx, { res, session: s, form }) {
      const { server, adm, user, password } = parseForm(form, signInForm());
      const serverName = server ?? core.localServerName;
      try {
        s.open = await openAdministration(contextFor(ctx, serverName), adm, user, password);
        s.env = envFor(ctx, s);
        s.stage = 'welcome';
        s.flow = undefined;
        s.signIn = undefined;
        renew(ctx, s, res);
        return redirect(res, '/');
      } catch (err) {
        await new Promise((r) => setTimeout(r, 250)); // slows down guessing
        s.signIn = { error: rendered(s, err), adm, user };
        return redirect(res, `/?server=${encodeURIComponent(serverName)}`);
      }
    },
  },
  {
    kind: 'form',
    path: '/sign-out',
    handle(ctx, { res, session: s }) {
      s.open = undefined;
      s.env = undefined;
      s.flow = undefined;
      s.stage = 'welcome';
      renew(ctx, s, res);
      return redirect(res, '/');
    },
  },
  {
    kind: 'form',
    path: '/lang',
    handle(ctx, { req, res, session: s, form }) {
      s.lang = parseForm(form, languageForm()).lang;
      if (s.open) s.env = envFor(ctx, s);
      return redirect(res, pageSwitchedOn(req));
    },
  },
  {
    kind: 'form',
    path: '/demo',
    async handle(ctx, { res, session: s, form }) {
      const serverName = parseForm(form, demoForm()).server ?? core.localServerName;
      try {
        await core.createDemo(contextFor(ctx, serverName));
        s.demoMade = serverName;
      } catch (err) {
        s.signIn = { error: rendered(s, err), adm: '', user: '' };
      }
      return redirect(res, `/?server=${encodeURIComponent(serverName)}`);
    },
  },
];
