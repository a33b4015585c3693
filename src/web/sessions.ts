/**
 * The web wizard's sessions: where each browser is in the wizard, who it
 * acts for, and the secrets that prove a request comes from it.
 *
 * - A session is made only by the server (at the exchange of the access
 *   token) and gets a new id and CSRF token at sign-in and sign-out, so an
 *   id planted in a browser is worthless.
 * - Its scope (server, administration, user) is what jobs and downloads are
 *   bound to: another sign-in in the same browser no longer reaches them.
 * - With an idle limit, a session unused that long is forgotten unless it is
 *   busy (an operation it started still runs). `kluis start` sets no limit:
 *   a page left open is still signed in when the person comes back.
 */
import type { Lang, RenderedError } from '../errors/index.js';
import type { OpenAdministration, WizardEnv, WizardFlow } from '../wizard/index.js';
import type { FieldProblem, ServerPanel } from './pages.js';
import { newSecret, sameSecret } from './security.js';

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
  panel: ServerPanel;
}

export interface SessionStoreOptions {
  /** A session unused this many milliseconds is forgotten; absent: never. */
  readonly idleMs?: number;
  /** A busy session is kept however long it is unused (its operation still runs). */
  readonly busy?: (id: string) => boolean;
  /** The clock (milliseconds); Date.now unless a test sets it. */
  readonly now?: () => number;
}

interface Entry {
  readonly session: WebSession;
  seen: number;
}

/** Who a session acts for now: server, administration and user ('' before sign-in). */
export function scopeOf(s: WebSession): string {
  return s.open ? JSON.stringify([s.open.server, s.open.number, s.open.userName]) : '';
}

export class SessionStore {
  readonly #entries = new Map<string, Entry>();
  readonly #idleMs: number | undefined;
  readonly #busy: (id: string) => boolean;
  readonly #now: () => number;

  constructor(options: SessionStoreOptions = {}) {
    this.#idleMs = options.idleMs;
    this.#busy = options.busy ?? (() => false);
    this.#now = options.now ?? Date.now;
  }

  /** A new session on the welcome screen, with fresh secrets. */
  create(lang: Lang): WebSession {
    this.sweep();
    const s: WebSession = { id: newSecret(), csrf: newSecret(), lang, stage: 'welcome', panel: {} };
    this.#entries.set(s.id, { session: s, seen: this.#now() });
    return s;
  }

  /** The session with this id, marked as used now; undefined for an unknown, replaced or expired id. */
  get(id: string | undefined): WebSession | undefined {
    const entry = this.#entries.get(id ?? '');
    if (!entry) return undefined;
    const now = this.#now();
    if (this.#expired(entry, now)) {
      this.#entries.delete(entry.session.id);
      return undefined;
    }
    entry.seen = now;
    return entry.session;
  }

  /** Gives the session a new id and CSRF token (the old id stops working); returns the old id. */
  rotate(s: WebSession): string {
    const old = s.id;
    const entry = this.#entries.get(old) ?? { session: s, seen: this.#now() };
    this.#entries.delete(old);
    s.id = newSecret();
    s.csrf = newSecret();
    entry.seen = this.#now();
    this.#entries.set(s.id, entry);
    return old;
  }

  /** Whether a request's CSRF token is this session's (compared in constant time). */
  csrfMatches(s: WebSession, given: string | null | undefined): boolean {
    return sameSecret(given, s.csrf);
  }

  /** Forgets every expired session; returns how many. */
  sweep(): number {
    const now = this.#now();
    let removed = 0;
    for (const [id, entry] of this.#entries)
      if (this.#expired(entry, now)) {
        this.#entries.delete(id);
        removed++;
      }
    return removed;
  }

  get size(): number {
    return this.#entries.size;
  }

  #expired(entry: Entry, now: number): boolean {
    return this.#idleMs !== undefined && now - entry.seen > this.#idleMs && !this.#busy(entry.session.id);
  }
}
