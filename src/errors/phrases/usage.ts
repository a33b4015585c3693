/** Why the command line, the terminal wizard or a web request was refused (the {reason} of the usage and web codes). */
import { definePhrases } from '../definition.js';

export const usagePhrases = definePhrases({
  // USAGE_BAD_ARGUMENTS: what the command line says that kluis cannot take
  OPTION_UNKNOWN: { nl: 'onbekende optie "{option}"', en: 'unknown option "{option}"' },
  OPTION_NEEDS_VALUE: { nl: 'optie "{option}" heeft een waarde nodig', en: 'option "{option}" needs a value' },
  OPTION_NEEDS_VALUE_DASH: {
    nl: 'optie "{option}" heeft een waarde nodig (een waarde die met "-" begint schrijft u als {option}=-…)',
    en: 'option "{option}" needs a value (a value that starts with "-" is written {option}=-…)',
  },
  OPTION_TAKES_NO_VALUE: { nl: 'optie "{option}" neemt geen waarde', en: 'option "{option}" takes no value' },
  ARGUMENTS_NOT_UNDERSTOOD: { nl: 'de argumenten zijn niet te lezen', en: 'the arguments cannot be read' },
  ARGUMENT_UNEXPECTED: { nl: 'onverwacht "{argument}"', en: 'unexpected "{argument}"' },
  PASSWORD_NOT_AN_ARGUMENT: {
    nl: 'een wachtwoord staat nooit op de opdrachtregel, waar anderen op deze computer het kunnen lezen: geef --password-file BESTAND, of typ het als kluis erom vraagt',
    en: 'a password is never given on the command line, where others on this computer can read it: pass --password-file FILE, or type it when kluis asks',
  },
  PASSWORDS_DIFFER: { nl: 'de wachtwoorden verschillen', en: 'the passwords differ' },
  SIZE_UNKNOWN: {
    nl: 'onbekende maat "{size}"; kies xs, demo, s of l',
    en: 'unknown size "{size}"; choose xs, demo, s or l',
  },
  YEAR_INVALID: {
    nl: '"{value}" is geen boekjaar (vier cijfers, zoals 2025)',
    en: '"{value}" is not a fiscal year (four digits, such as 2025)',
  },
  USERS_OR_ALL_USERS: {
    nl: 'kies --users of --all-users, niet allebei',
    en: 'choose --users or --all-users, not both',
  },
  HAND_OUT_CANCEL_ALONE: {
    nl: '--cancel trekt een uitlevering in en gaat niet samen met --until, -o, --new-passphrase-file of --recipient',
    en: '--cancel withdraws a hand-out and does not go with --until, -o, --new-passphrase-file or --recipient',
  },
  PASSPHRASE_OR_RECIPIENTS: {
    nl: 'kies een wachtwoord óf openbare sleutels, niet allebei',
    en: 'choose a passphrase or public keys, not both',
  },
  SCHEDULE_METHOD_UNKNOWN: {
    nl: 'onbekende planner "{method}"; kies auto, systemd of cron',
    en: 'unknown scheduler "{method}"; choose auto, systemd or cron',
  },
  PORT_RANGE_CLI: { nl: '--port moet 0–65535 zijn', en: '--port must be 0–65535' },
  MAX_USERS_INVALID: {
    nl: '--max-users moet een positief geheel getal zijn',
    en: '--max-users must be a positive whole number',
  },
  VALID_UNTIL_INVALID: {
    nl: '--valid-until moet een datum JJJJ-MM-DD zijn',
    en: '--valid-until must be a date YYYY-MM-DD',
  },
  FLAG_NOT_FOR_ACTION: {
    nl: '--{flag} hoort niet bij deze actie op deze server',
    en: '--{flag} does not apply to this action on this server',
  },
  // WIZARD_ACTION_UNAVAILABLE
  ACTION_CHOOSE_FROM: { nl: 'kies uit {actions}', en: 'choose from {actions}' },
  ACTION_NOT_HERE: {
    nl: 'deze actie hoort niet bij de geopende administratie of de situatie',
    en: 'it does not apply to the open administration or the situation',
  },
  // CONNINFO_INVALID from the web's server form
  PORT_RANGE_WEB: { nl: 'poort moet 1–65535 zijn', en: 'port must be 1–65535' },
  // WEB_REQUEST_REFUSED
  REFUSED_ORIGIN: { nl: 'het kwam niet van een pagina van kluis', en: 'it did not come from a kluis page' },
  REFUSED_CSRF: {
    nl: 'het formulier is verouderd of niet van deze pagina',
    en: 'the form is out of date or not from this page',
  },
  REFUSED_FILL: { nl: 'een keuze die deze pagina niet aanbood', en: 'a choice this page did not offer' },
  REFUSED_FORM: {
    nl: 'het formulier heeft een veld dat deze pagina niet zo verstuurt',
    en: 'the form has a field this page does not send that way',
  },
});
