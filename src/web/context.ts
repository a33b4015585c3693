/**
 * What every route is given instead of closing over the server's locals: the
 * options `kluis start` was given, the sessions, the jobs, the core contexts
 * by server name, the upload folder and the names this server answers to;
 * and the few helpers that turn a session into what a page needs.
 */
import * as core from '../core/index.js';
import type { Lang, RenderedError } from '../errors/index.js';
import { createWizardEnv, type WizardEnv } from '../wizard/index.js';
import { renderForWeb, shownError } from './failures.js';
import type { Jobs } from './jobs.js';
import type { View } from './pages.js';
import type { SessionStore, WebSession } from './sessions.js';

export interface WebOptions {
  readonly home: string;
  /** 0 or absent: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1; anything else only when asked for. */
  readonly host?: string;
  readonly lang?: Lang;
  /** The server the sign-in page starts on (default "local"). */
  readonly server?: string;
  /** Contexts the shell already made, by server name (shares the embedded engine). */
  readonly contexts?: Map<string, core.KluisContext>;
}

/** The names a request may address this server by; filled in once the listener has its port. */
export interface Addresses {
  /** On loopback the Host header must name us (no DNS rebinding); elsewhere the name is the administrator's choice. */
  readonly loopback: boolean;
  /** Host headers accepted, lower case ("127.0.0.1:8080"). */
  readonly hosts: Set<string>;
  /** Origins accepted on state-changing requests, lower case. */
  readonly origins: Set<string>;
}

export interface WebContext {
  readonly options: WebOptions;
  /** The per-start access token that `kluis start` prints in its link. */
  readonly token: string;
  readonly sessions: SessionStore;
  readonly jobs: Jobs;
  /** Core contexts by server name, made on first use. */
  readonly contexts: Map<string, core.KluisContext>;
  /** This start's private folder for uploaded backup files (removed at stop). */
  readonly uploads: string;
  readonly addresses: Addresses;
}

/** The core context for a server, made on first use and kept. */
export function contextFor(ctx: WebContext, server: string): core.KluisContext {
  let c = ctx.contexts.get(server);
  if (!c) {
    c = core.createContext({ home: ctx.options.home, server });
    ctx.contexts.set(server, c);
  }
  return c;
}

/** The wizard's environment for a signed-in session, in its language. */
export function envFor(ctx: WebContext, s: WebSession): WizardEnv {
  return createWizardEnv({ home: ctx.options.home, lang: s.lang, open: s.open!, contexts: ctx.contexts });
}

/** What every page of a session shows: its language, its CSRF token and who is signed in. */
export function viewOf(s: WebSession): View {
  return {
    lang: s.lang,
    csrf: s.csrf,
    ...(s.open ? { who: `${s.open.userName} · ${core.formatAdminNumber(s.open.number)} ${s.open.name}` } : {}),
  };
}

/** A failure as the session's page shows it (coded; an unforeseen one logged as having happened `where`). */
export function rendered(s: WebSession, err: unknown, where = 'a request'): RenderedError {
  return renderForWeb(shownError(err, where, s.open?.server), s.lang);
}
