/** The users of an administration, as kluis reads and writes them. */
import { phrase, ToolError } from '../../errors/index.js';

export const userRoles = ['administrator', 'accountant', 'bookkeeper', 'viewer'] as const;
export type UserRole = (typeof userRoles)[number];
export type UserOrigin = 'own' | 'client' | 'accountant';

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
