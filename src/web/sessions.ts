/**
 * The web wizard's sessions: where each browser is in the wizard, who it
 * acts for, and the secrets that prove a request comes from it.
 *
 * - A session is made only by the server (at the exchange of the access
 *   token) and gets a new id and CSRF token at sign-in and sign-out, so an
 *   id planted in a browser is worthless.
 * - Its scope (server, administration, user) is what jobs and downloads are
 *   bound to: another sign-in in the same browser no longer reaches them.
 * - Sessions never expire: a page left open is still signed in when the
 *   person comes back. Only their number is bounded: past it, the session
 *   unused longest is forgotten, unless an operation it started still runs.
 */
import type { BackupAllResult } from '../core/index.js';
import type { Lang, RenderedError } from '../errors/index.js';
import type { OpenAdministration, WizardEnv, WizardFlow } from '../wizard/index.js';
import type { FieldProblem, ServerPanel } from './pages.js';
import { newSecret, sameSecret } from './security.js';
import type { UsersNotice } from './users-page.js';

/** Where a session is: the welcome screen, the list of actions, an action's steps, or its running job. */
export type Stage = 'welcome' | 'choose' | 'flow' | 'job';

export interface WebSession {
  /** The cookie's value; replaced at sign-in and sign-out. */
  id: string;
  /** What every state-changing request must carry; replaced with the id. */
  csrf: string;
  lang: Lang;
  open?: OpenAdministration;
  env?: WizardEnv;
  stage: Stage;
  chosenAction?: string;
  flow?: WizardFlow;
  jobId?: string;
  /** Shown once on the next page. */
  problem?: FieldProblem;
  general?: RenderedError;
  signIn?: { error: RenderedError; adm: string; user: string };
  /** The server the demo was just made on: its sign-in page says what was made (once). */
  demoMade?: string;
  panel: ServerPanel;
  /** The Users page's message after a change, shown once. */
  users?: UsersNotice;
  /** The page "Back up every administration": its job and report, or the form refused with what was typed. */
  backupAll?: BackupAllState;
}

export interface BackupAllState {
  jobId?: string;
  result?: BackupAllResult;
  form?: { readonly destination: string; readonly jobs: string; readonly verify: boolean };
  error?: RenderedError;
}

export interface SessionStoreOptions {
  /** How many sessions are kept at most; past it, the one unused longest goes (default 200). */
  readonly limit?: number;
  /** A busy session is kept however long it is unused (its operation still runs). */
  readonly busy?: (id: string) => boolean;
}

/** Who a session acts for now: server, administration and user ('' before sign-in). */
export function scopeOf(s: WebSession): string {
  return s.open ? JSON.stringify([s.open.server, s.open.number, s.open.userName]) : '';
}

/** The sessions, least recently used first (a Map keeps insertion order, and each use moves a session to the end). */
export class SessionStore {
  readonly #sessions = new Map<string, WebSession>();
  readonly #limit: number;
  readonly #busy: (id: string) => boolean;

  constructor(options: SessionStoreOptions = {}) {
    this.#limit = options.limit ?? 200;
    this.#busy = options.busy ?? (() => false);
  }

  /** A new session on the welcome screen, with fresh secrets; the one unused longest goes if there are too many. */
  create(lang: Lang): WebSession {
    this.#makeRoom();
    const s: WebSession = { id: newSecret(), csrf: newSecret(), lang, stage: 'welcome', panel: {} };
    this.#sessions.set(s.id, s);
    return s;
  }

  /** The session with this id, marked as used now; undefined for an unknown, replaced or forgotten id. */
  get(id: string | undefined): WebSession | undefined {
    const s = this.#sessions.get(id ?? '');
    if (!s) return undefined;
    this.#sessions.delete(s.id);
    this.#sessions.set(s.id, s);
    return s;
  }

  /** Gives the session a new id and CSRF token (the old id stops working); returns the old id. */
  rotate(s: WebSession): string {
    const old = s.id;
    this.#sessions.delete(old);
    s.id = newSecret();
    s.csrf = newSecret();
    this.#sessions.set(s.id, s);
    return old;
  }

  /** Whether a request's CSRF token is this session's (compared in constant time). */
  csrfMatches(s: WebSession, given: string | null | undefined): boolean {
    return sameSecret(given, s.csrf);
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** Every use of the access link makes a session: without a bound they would pile up while `kluis start` runs. */
  #makeRoom(): void {
    for (const id of this.#sessions.keys()) {
      if (this.#sessions.size < this.#limit) return;
      if (!this.#busy(id)) this.#sessions.delete(id);
    }
  }
}
