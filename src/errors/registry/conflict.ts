/** What was asked clashes with what is there: a number taken, a newer version, a mismatch. */
import { defineErrors, ExitCode } from '../definition.js';

export const conflictErrors = defineErrors({
  ADMIN_NUMBER_TAKEN: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Administratienummer {number} is al in gebruik door "{name}".',
      en: 'Administration number {number} is already used by "{name}".',
    },
    hints: [
      {
        nl: 'Kies een ander nummer, of laat het nummer weg voor het eerstvolgende vrije.',
        en: 'Choose another number, or leave it out to get the next free one.',
      },
    ],
  },
  ADMIN_NAME_TAKEN: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Er is al een administratie met de naam "{name}" (nummer {number}).',
      en: 'There already is an administration named "{name}" (number {number}).',
    },
    hints: [{ nl: 'Kies een andere naam.', en: 'Choose another name.' }],
  },
  ADMIN_NUMBERS_EXHAUSTED: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Alle administratienummers 001 tot en met 999 zijn in gebruik.',
      en: 'All administration numbers 001 to 999 are in use.',
    },
  },
  SERVER_EXISTS: {
    exit: ExitCode.conflict,
    category: 'user',
    message: { nl: 'Er is al een server met de naam "{server}".', en: 'There already is a server named "{server}".' },
    hints: [
      {
        nl: 'Verwijder hem eerst met "kluis server remove {server}", of kies een andere naam.',
        en: 'Remove it first with "kluis server remove {server}", or choose another name.',
        web: { nl: 'Kies een andere naam.', en: 'Choose another name.' },
      },
    ],
  },
  USER_EXISTS: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Gebruiker "{user}" bestaat al in administratie {adm}.',
      en: 'User "{user}" already exists in administration {adm}.',
    },
  },
  CONFIRMATION_REQUIRED: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: '{what} vraagt om bevestiging.', en: '{what} needs confirmation.' },
    hints: [{ nl: 'Herhaal het nummer met {flag} om te bevestigen.', en: 'Repeat the number with {flag} to confirm.' }],
  },
});
