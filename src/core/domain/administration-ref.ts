/**
 * Administration numbers (001–999) and names (1–60 characters), and the
 * `<adm>` argument that may be either.
 */
import { type Phrase, phrase, ToolError } from '../../errors/index.js';

export const maxNameLength = 60;

/** Parses "7", "007" or "  7 " as 7; anything else is an invalid number. */
export function parseAdminNumber(input: string): number {
  const trimmed = input.trim();
  if (!/^\d{1,3}$/.test(trimmed)) throw new ToolError('ADMIN_NUMBER_INVALID', { input });
  const n = Number(trimmed);
  if (n < 1 || n > 999) throw new ToolError('ADMIN_NUMBER_INVALID', { input });
  return n;
}

export function formatAdminNumber(n: number): string {
  return String(n).padStart(3, '0');
}

/**
 * A name is what people read in lists: printable, trimmed, 1–60 characters.
 * Quotes and other punctuation are allowed (it is data, never spliced into
 * SQL); control characters are not. All digits would read as a number.
 */
export function validateAdminName(input: string): string {
  const name = input.normalize('NFC');
  const reject = (reason: Phrase) => new ToolError('ADMIN_NAME_INVALID', { input, reason });
  if (name.length === 0) throw reject(phrase('NAME_EMPTY'));
  if (name.trim() !== name) throw reject(phrase('NAME_SPACE_AT_END'));
  if ([...name].length > maxNameLength) throw reject(phrase('NAME_TOO_LONG', { max: maxNameLength }));
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(name)) throw reject(phrase('NAME_CONTROL_CHARACTERS'));
  if (/^\d+$/.test(name)) throw reject(phrase('NAME_ONLY_DIGITS'));
  return name;
}

export type AdminRef = { kind: 'number'; number: number } | { kind: 'name'; name: string };

/** `<adm>`: all digits means a number, anything else a name. */
export function parseAdminRef(input: string): AdminRef {
  return /^\s*\d+\s*$/.test(input)
    ? { kind: 'number', number: parseAdminNumber(input) }
    : { kind: 'name', name: validateAdminName(input) };
}

/** Names compare without regard to case or Unicode normal form ("Café" = "CAFÉ"). */
export function adminNameKey(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('nl-NL');
}

/** The database that holds administration `n` of the kluis installation whose system database is `systemDatabase`. */
export function adminDatabaseName(systemDatabase: string, n: number): string {
  return `${systemDatabase}_adm_${formatAdminNumber(n)}`;
}
