/**
 * Result sentences that the wizards and the kluis command both show, so the
 * two say the same thing in the same words. Imported by the command line
 * directly (not through index.ts) so a command does not load the wizard.
 */
import {
  type CopyResult,
  formatAdminNumber,
  formatBytes,
  formatCount,
  formatDateTime,
  formatList,
  formatSeconds,
} from '../core/index.js';
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

/**
 * A sentence ends in one full stop, also after a name that ends in one
 * ("Bakkerij Jansen B.V." ends the sentence as it is, not as "B.V..").
 */
export function sentence(text: string): string {
  return /[.!?]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`;
}

/** An administration as results name it: 003 "Bakkerij Jansen". */
export function administrationShown(number: number | string, name: string): string {
  return `${typeof number === 'number' ? formatAdminNumber(number) : number} "${name}"`;
}

/** "Meld u aan bij administratie 003 "X" als anna of bram."; undefined when nobody is named. */
export function signInNext(number: number | string, name: string, users: readonly string[]): Localized | undefined {
  if (users.length === 0) return undefined;
  const adm = administrationShown(number, name);
  return inBoth((lang) =>
    sentence(
      lang === 'nl'
        ? `Meld u aan bij administratie ${adm} als ${formatList(users, lang, 'or')}`
        : `Sign in to administration ${adm} as ${formatList(users, lang, 'or')}`,
    ),
  );
}

/** Names joined for a result row: "anna, bram en carla" / "anna, bram and carla"; "-" for none. */
export function namesOf(names: readonly string[]): Localized | string {
  return names.length === 0 ? '-' : inBoth((lang) => formatList(names, lang));
}

/** How the copy was made, in an accountant's words rather than the database's. */
export function copyMethodText(method: CopyResult['method']): Localized {
  return method === 'template'
    ? l(
        'de server heeft de database in één keer gekopieerd (er werkte niemand in de administratie)',
        'the server copied the database in one go (nobody was working in the administration)',
      )
    : l(
        'een momentopname, rechtstreeks overgezet zoals bij een back-up en terugzetten, zonder bestand',
        'a snapshot, carried straight across as with a backup and restore, without a file',
      );
}
