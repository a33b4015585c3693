/** Backing up every administration of a server at once (kluis backup all). */
import { defineErrors, ExitCode } from '../definition.js';

export const backupAllErrors = defineErrors({
  OPTION_NOT_A_COUNT: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: '"{value}" is geen geheel getal van {min} tot en met {max}.',
      en: '"{value}" is not a whole number from {min} to {max}.',
    },
    hints: [
      {
        nl: 'Geef --{flag} een geheel getal, bijvoorbeeld --{flag} {min}.',
        en: 'Give --{flag} a whole number, for example --{flag} {min}.',
        web: null,
      },
    ],
  },
  BACKUP_ALL_ONLY_EMPTY: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Er is geen administratie genoemd: de lijst van administraties is leeg.',
      en: 'No administration was named: the list of administrations is empty.',
    },
    hints: [
      {
        nl: "Noem de administraties (nummers of namen, gescheiden door komma's), of laat --only weg voor allemaal.",
        en: 'Name the administrations (numbers or names, separated by commas), or leave --only out for all of them.',
        web: null,
      },
    ],
  },
  BACKUP_ALL_NOT_ADMINISTRATOR: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Alleen een actieve beheerder van administratie {adm} maakt van hieruit back-ups van alle administraties, en "{user}" is dat niet.',
      en: 'Only an active administrator of administration {adm} backs up every administration from here, and "{user}" is not one.',
    },
    hints: [
      {
        nl: 'Vraag een beheerder van deze administratie, of meld u aan als beheerder.',
        en: 'Ask an administrator of this administration, or sign in as one.',
      },
    ],
  },
  BACKUP_ALL_NOT_STARTED: {
    exit: ExitCode.cancelled,
    category: 'user',
    message: {
      nl: 'Niet begonnen: het maken van de back-ups werd gestopt.',
      en: 'Not started: making the backups was stopped.',
    },
  },
  BACKUP_ALL_STOPPED: {
    exit: ExitCode.cancelled,
    category: 'user',
    message: {
      nl: 'Gestopt op verzoek: {made} van de {total} back-ups zijn gemaakt en blijven bewaard, de andere niet.',
      en: 'Stopped as asked: {made} of the {total} backups were made and are kept, the others were not.',
    },
    hints: [
      {
        nl: 'Voer "kluis backup all" opnieuw uit om de rest te maken.',
        en: 'Run "kluis backup all" again to make the rest.',
        web: {
          nl: 'Kies "Nog een keer" om de rest te maken.',
          en: 'Choose "Run again" to make the rest.',
        },
      },
    ],
  },
  BACKUP_ALL_INCOMPLETE: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Van {failed} van de {total} administraties is geen goede back-up gemaakt: {which}.',
      en: 'No good backup was made of {failed} of the {total} administrations: {which}.',
    },
    hints: [
      {
        nl: 'Het overzicht hierboven zegt per administratie wat er misging; de andere back-ups zijn gemaakt en bewaard.',
        en: 'The report above says what went wrong for each administration; the other backups were made and kept.',
        web: {
          nl: 'Het overzicht zegt per administratie wat er misging; de andere back-ups zijn gemaakt en bewaard.',
          en: 'The report says what went wrong for each administration; the other backups were made and kept.',
        },
      },
    ],
  },
});
