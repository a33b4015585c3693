/**
 * The shape of an error's entry in the registry (src/errors/registry/*.ts),
 * and the exit codes kluis ends with.
 */

/** What kind of failure an error is; decides tone and whether to ask for a bug report. */
export type ErrorCategory = 'usage' | 'user' | 'environment' | 'corruption' | 'internal';

/** Documented, distinct process exit codes (see docs/errors.md). */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  notFound: 3,
  inUse: 4,
  wrongPassphrase: 5,
  damagedFile: 6,
  unsupportedVersion: 7,
  licenceRefused: 8,
  connection: 9,
  conflict: 10,
  environment: 11,
  /** kluis check found something to look at; a scheduled run did not back up every administration. */
  needsAttention: 12,
  cancelled: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface Localized {
  readonly nl: string;
  readonly en: string;
}

/** A text in both languages; the one constructor the shells and the wizard share. */
export function l(nl: string, en: string): Localized {
  return { nl, en };
}

/**
 * What to do about an error. A hint that names a command, a flag or a
 * terminal habit says something else in the web wizard, where there is no
 * terminal: `web` is what to do on the page instead, and `web: null` leaves
 * the hint out there (the page already offers the way, or the advice is for
 * the person who started kluis, not for the one using the page).
 */
export interface Hint extends Localized {
  readonly web?: Localized | null;
}

/** Where an error is shown: the CLI and the terminal wizard, or the web wizard. */
export type Shell = 'terminal' | 'web';

export interface ErrorDefinition {
  readonly exit: ExitCodeValue;
  readonly category: ErrorCategory;
  readonly message: Localized;
  readonly hints?: readonly Hint[];
}

/**
 * `const` keeps every message as its literal text, so the type of an entry
 * still knows which `{name}` placeholders it has (see params.ts).
 */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(table: T): T {
  return table;
}

/** `const` keeps each phrase's text literal, so its placeholders are its typed parameters. */
export function definePhrases<const T extends Record<string, Localized>>(table: T): T {
  return table;
}
