/**
 * Result sentences that the wizards and the kluis command both show, so the
 * two say the same thing in the same words. Imported by the command line
 * directly (not through index.ts) so a command does not load the wizard.
 */
import { formatAdminNumber, formatBytes, formatCount, formatDateTime, formatSeconds } from '../core/index.js';
import { type Lang, type Localized, l } from '../errors/index.js';

/** A figure in both languages, so a result page follows a language switch. */
function inBoth(format: (lang: Lang) => string): Localized {
  return { nl: format('nl'), en: format('en') };
}
/** A count for people: 19.965 / 19,965. */
export const countOf = (n: number): Localized => inBoth((lang) => formatCount(n, lang));
/** A size for people: 3,0 MiB / 3.0 MiB. */
export const bytesOf = (n: number): Localized => inBoth((lang) => formatBytes(n, lang));
/** A duration for people: 1,3 s / 1.3 s. */
export const secondsOf = (s: number): Localized => inBoth((lang) => formatSeconds(s, lang));
/** A moment for people: 3 december 2026 14:05 / 3 December 2026 14:05. */
export const dateOf = (moment: Date | string): Localized => inBoth((lang) => formatDateTime(moment, lang));

export function restoredAs(number: number, name: string): Localized {
  const adm = formatAdminNumber(number);
  return l(`Teruggezet als administratie ${adm} "${name}"`, `Restored as administration ${adm} "${name}"`);
}
