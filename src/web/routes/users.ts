/**
 * The Users page (GET /users) and its changes (POST /users), for a person
 * signed in as an active administrator of the open administration; core
 * checks that on every request, so a role taken away since sign-in counts
 * at once. A change goes back to the page with one sentence: what was done,
 * or why not (Post/Redirect/Get).
 */
import * as core from '../../core/index.js';
import { ToolError } from '../../errors/index.js';
import { type UsersForm, usersForm } from '../../schema/web-forms.js';
import { contextFor, rendered, viewOf, type WebContext } from '../context.js';
import { parseForm } from '../form.js';
import { htmlType, redirect, send } from '../http.js';
import type { Route } from '../router.js';
import type { WebSession } from '../sessions.js';
import { type UsersPanel, usersPage, usersRefusedPage } from '../users-page.js';

type Signed = WebSession & { open: NonNullable<WebSession['open']> };

function actorOf(s: Signed): core.UserActor {
  return { name: s.open.userName, via: 'web' };
}

function admOf(s: Signed): string {
  return core.formatAdminNumber(s.open.number);
}

/** The panel an address asks for (?password=NAME, ?remove=NAME), when that user exists. */
function panelOf(url: URL, list: core.UserListing): UsersPanel | undefined {
  for (const kind of ['password', 'remove'] as const) {
    const user = list.users.find((u) => u.userName === url.searchParams.get(kind));
    if (user) return { kind, user };
  }
  return undefined;
}

/** The two typed passwords, which must be the same. */
function typedPassword(f: UsersForm): string {
  if (f.password !== f['password-again']) throw new ToolError('USER_PASSWORDS_DIFFER', { user: f.user });
  return f.password;
}

function changeOf(f: UsersForm): core.UserChange {
  const userName = f.user.trim();
  switch (f.do) {
    case 'add':
      return {
        kind: 'add',
        userName,
        fullName: f['full-name'].trim() || userName,
        role: core.parseRole(f.role),
        password: typedPassword(f),
      };
    case 'password':
      return { kind: 'password', userName, password: typedPassword(f) };
    case 'role':
      return { kind: 'role', userName, role: core.parseRole(f.role) };
    default:
      return { kind: f.do, userName };
  }
}

/** Where a refused change is shown again: its panel, or the page (the add form keeps what was typed). */
function backTo(f: UsersForm): string {
  return f.do === 'password' || f.do === 'remove' ? `/users?${f.do}=${encodeURIComponent(f.user)}` : '/users';
}

/** The field of the add form a refusal is about: the passwords, or else the user name. */
function fieldOf(code: string): 'user' | 'password' {
  return code === 'PASSWORD_TOO_SHORT' || code === 'USER_PASSWORDS_DIFFER' ? 'password' : 'user';
}

async function showPage(ctx: WebContext, s: Signed, url: URL): Promise<string> {
  const notice = s.users;
  s.users = undefined;
  const list = await core.listUsers(contextFor(ctx, s.open.server), admOf(s), actorOf(s));
  return usersPage(viewOf(s), list, panelOf(url, list), notice);
}

export const usersRoutes: readonly Route[] = [
  {
    kind: 'page',
    path: '/users',
    async handle(ctx, { res, session: s, url }) {
      if (!s.open) return redirect(res, '/');
      try {
        return send(res, 200, htmlType, await showPage(ctx, s as Signed, url));
      } catch (err) {
        const error = rendered(s, err, 'users');
        return send(
          res,
          error.code === 'USER_NOT_ADMINISTRATOR' ? 403 : 500,
          htmlType,
          usersRefusedPage(viewOf(s), error),
        );
      }
    },
  },
  {
    kind: 'form',
    path: '/users',
    async handle(ctx, { res, session: s, form }) {
      if (!s.open) return redirect(res, '/');
      const signed = s as Signed;
      // A forged or stale form is refused (403) as a whole; a person's mistake is said on the page.
      const f = parseForm(form, usersForm());
      try {
        const result = await core.changeUser(
          contextFor(ctx, signed.open.server),
          admOf(signed),
          changeOf(f),
          actorOf(signed),
        );
        s.users = { done: core.userChangeSentence(result)[s.lang] };
        return redirect(res, '/users');
      } catch (err) {
        const error = rendered(s, err, 'users');
        const add = { user: f.user, fullName: f['full-name'], role: f.role };
        s.users = { error, ...(f.do === 'add' ? { add, field: fieldOf(error.code) } : {}) };
        return redirect(res, backTo(f));
      }
    },
  },
];
