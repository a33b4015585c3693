/**
 * The rules every change to an administration's users keeps, as one pure
 * check over what the administration holds: the licence's registered user
 * exists and stays active, one active administrator always remains, and
 * the licence's maximum number of users holds. The licence counts active
 * users only (as a client install counts them): an inactive user cannot
 * sign in and takes no seat, so deactivating one frees a place.
 */
import { ToolError } from '../../errors/index.js';
import type { User, UserRole } from './user.js';

/** One change to one user; a password is given in plain text and hashed before anything is locked. */
export type UserChange =
  | {
      readonly kind: 'add';
      readonly userName: string;
      readonly fullName: string;
      readonly role: UserRole;
      readonly password: string;
    }
  | { readonly kind: 'activate' | 'deactivate' | 'remove'; readonly userName: string }
  | { readonly kind: 'password'; readonly userName: string; readonly password: string }
  | { readonly kind: 'role'; readonly userName: string; readonly role: UserRole };

export type UserChangeKind = UserChange['kind'];

/** What the rules look at: the administration's users and what its licences ask of them. */
export interface UsersState {
  /** The administration's number, as people read it (012). */
  readonly adm: string;
  readonly users: readonly User[];
  /** The registered user of each licence the administration holds (its own, and a client's licence for the hand-back). */
  readonly registered: ReadonlyArray<{ readonly user: string; readonly licence: string }>;
  /** The licence's maximum of active users; undefined when the administration holds no licence. */
  readonly limit: { readonly max: number; readonly licence: string } | undefined;
}

/**
 * Refuses `change` with a coded error when it breaks a rule; otherwise says
 * whether it changes anything (activating an active user does not).
 */
export function checkChange(state: UsersState, change: UserChange): boolean {
  if (change.kind === 'add') {
    if (state.users.some((u) => u.userName === change.userName))
      throw new ToolError('USER_EXISTS', { user: change.userName, adm: state.adm });
    checkRoomForOneMore(state);
    return true;
  }
  const user = state.users.find((u) => u.userName === change.userName);
  if (!user) throw new ToolError('USER_NOT_FOUND', { user: change.userName, adm: state.adm });
  switch (change.kind) {
    case 'password':
      return true;
    case 'activate':
      if (user.active) return false;
      checkRoomForOneMore(state);
      return true;
    case 'deactivate':
      if (!user.active) return false;
      checkNotRegistered(state, user);
      checkNotLastAdministrator(state, user);
      return true;
    case 'remove':
      checkNotRegistered(state, user);
      checkNotLastAdministrator(state, user);
      return true;
    case 'role':
      if (user.role === change.role) return false;
      if (change.role !== 'administrator') checkNotLastAdministrator(state, user);
      return true;
  }
}

/** Whether `userName` is an active administrator: who may manage the users. */
export function isActiveAdministrator(state: UsersState, userName: string): boolean {
  return state.users.some((u) => u.userName === userName && u.active && u.role === 'administrator');
}

function checkRoomForOneMore(state: UsersState): void {
  const { limit } = state;
  if (limit && state.users.filter((u) => u.active).length >= limit.max)
    throw new ToolError('USER_LIMIT_REACHED', { adm: state.adm, max: limit.max, licence: limit.licence });
}

function checkNotRegistered(state: UsersState, user: User): void {
  const held = state.registered.find((r) => r.user === user.userName);
  if (held)
    throw new ToolError('USER_REGISTERED_STAYS', { user: user.userName, licence: held.licence, adm: state.adm });
}

function checkNotLastAdministrator(state: UsersState, user: User): void {
  if (!user.active || user.role !== 'administrator') return;
  if (state.users.some((u) => u !== user && u.active && u.role === 'administrator')) return;
  throw new ToolError('USER_LAST_ADMINISTRATOR', { user: user.userName, adm: state.adm });
}
