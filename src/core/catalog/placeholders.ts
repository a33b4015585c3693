/**
 * The placeholders of the command line in the reader's language: `<bestand>`
 * and `--to NAAM|NUMMER` in Dutch help, `<file>` and `--to NAME|NUMBER` in
 * English. Only the words that stand for something the user fills in are
 * translated; values typed as they are (`passphrase`, `nl|en`, `xs|demo|s|l`)
 * are lower case and stay.
 */
import type { Lang, Localized } from '../../errors/index.js';

const dutch: Readonly<Record<string, string>> = {
  // option values (upper case)
  FILE: 'BESTAND',
  DIR: 'MAP',
  NAME: 'NAAM',
  NUMBER: 'NUMMER',
  USER: 'GEBRUIKER',
  ROLE: 'ROL',
  TEXT: 'TEKST',
  ACTION: 'ACTIE',
  ADDR: 'ADRES',
  DB: 'DATABASE',
  YYYY: 'JJJJ',
  'YYYY-MM-DD': 'JJJJ-MM-DD',
  DATE: 'DATUM',
  URL: 'URL',
  LOCATION: 'LOCATIE',
  SECONDS: 'SECONDEN',
  // argument names (lower case, between < >)
  file: 'bestand',
  name: 'naam',
  conninfo: 'verbinding',
  administration: 'administratie',
  user: 'gebruiker',
  command: 'opdracht',
};

/** An option's value placeholder (`NAME|NUMBER`) in `lang`. */
export function placeholderIn(value: string, lang: Lang): string {
  if (lang === 'en') return value;
  return value.replace(/[A-Z][A-Z-]*[A-Z]|[A-Z]/g, (word) => dutch[word] ?? word);
}

/** A positional argument as help and errors show it: `<bestand>` / `<file>`. */
export function argumentShown(name: string): Localized {
  return { nl: `<${dutch[name] ?? name}>`, en: `<${name}>` };
}

/** An argument's name alone, without the brackets (optional arguments are shown as `[name]`). */
export function argumentName(name: string, lang: Lang): string {
  return lang === 'nl' ? (dutch[name] ?? name) : name;
}
