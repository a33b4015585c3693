/** The users of an administration, as kluis reads and writes them. */
import { type Localized, phrase, ToolError } from '../../errors/index.js';
import { unprintable } from '../../schema/common.js';

/** The longest full name kept (as the web's field allows). */
export const maxFullNameLength = 100;

export const userRoles = ['administrator', 'accountant', 'bookkeeper', 'viewer'] as const;
export type UserRole = (typeof userRoles)[number];

/** What a role is called where a person reads it (the stored name stays English). */
export const roleLabels: Readonly<Record<UserRole, Localized>> = {
  administrator: { nl: 'beheerder', en: 'administrator' },
  accountant: { nl: 'accountant', en: 'accountant' },
  bookkeeper: { nl: 'boekhouder', en: 'bookkeeper' },
  viewer: { nl: 'alleen inzien', en: 'viewer' },
};

/** The label of `role`, or the role itself when it is none kluis knows (an administration of a newer kluis). */
export function roleLabel(role: string): Localized {
  return (roleLabels as Record<string, Localized | undefined>)[role] ?? { nl: role, en: role };
}

/**
 * The role `input` names: its stored word or its label in either language,
 * in any case ("beheerder", "Administrator", "alleen inzien").
 */
export function parseRole(input: string): UserRole {
  const wanted = input.trim().toLowerCase();
  const found = userRoles.find((r) => r === wanted || roleLabels[r].nl === wanted || roleLabels[r].en === wanted);
  if (!found) throw new ToolError('USER_ROLE_INVALID', { input });
  return found;
}

export type UserOrigin = 'own' | 'client' | 'accountant';

/** Where a user comes from, as a person reads it: the administration's own, the client's (hand-back), the accountant's. */
export function originLabel(origin: string): Localized {
  const labels: Record<string, Localized> = {
    own: { nl: 'eigen', en: 'own' },
    client: { nl: 'klant', en: 'client' },
    accountant: { nl: 'accountant', en: 'accountant' },
  };
  return labels[origin] ?? { nl: origin, en: origin };
}

export interface User {
  readonly userName: string;
  readonly fullName: string;
  readonly role: UserRole;
  readonly passwordHash: string;
  readonly active: boolean;
  readonly origin: UserOrigin;
}

/** Same rule as the database's check: lower case, starts with a letter or digit, at most 40. */
export function validateUserName(input: string): string {
  if (!/^[a-z0-9][a-z0-9._-]{0,39}$/.test(input)) {
    throw new ToolError('USER_NAME_INVALID', {
      input,
      reason: phrase('USER_NAME_RULE'),
    });
  }
  return input;
}

/**
 * A user's full name as it is kept and later printed on terminals and
 * pages: at most maxFullNameLength characters, no control characters (an
 * escape sequence would act on the terminal of whoever lists the users).
 * The refusal does not repeat the name.
 */
export function validateFullName(userName: string, fullName: string): string {
  if ([...fullName].length > maxFullNameLength || unprintable.test(fullName))
    throw new ToolError('USER_FULL_NAME_INVALID', { user: userName, max: maxFullNameLength });
  return fullName;
}
