/** An administration's users: the rules every change keeps (kluis user, the wizard's Users page). */
import { defineErrors, ExitCode } from '../definition.js';

export const userErrors = defineErrors({
  USER_REGISTERED_STAYS: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Gebruiker "{user}" is de geregistreerde gebruiker van licentie {licence} en blijft daarom bestaan en actief in administratie {adm}.',
      en: 'User "{user}" is the registered user of licence {licence} and therefore stays in administration {adm}, active.',
    },
  },
  USER_LAST_ADMINISTRATOR: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Gebruiker "{user}" is de laatste actieve beheerder van administratie {adm}, en er blijft er altijd één.',
      en: 'User "{user}" is the last active administrator of administration {adm}, and one always remains.',
    },
    hints: [{ nl: 'Maak eerst een andere gebruiker beheerder.', en: 'First make another user an administrator.' }],
  },
  USER_LIMIT_REACHED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Administratie {adm} heeft al {max} actieve gebruikers, het maximum van licentie {licence}.',
      en: 'Administration {adm} already has {max} active users, the maximum of licence {licence}.',
    },
    hints: [
      {
        nl: 'Inactieve gebruikers tellen niet mee: zet eerst een andere gebruiker op inactief.',
        en: 'Inactive users do not count: deactivate another user first.',
      },
    ],
  },
  USER_NOT_ADMINISTRATOR: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Alleen een actieve beheerder van administratie {adm} beheert haar gebruikers, en "{user}" is dat niet.',
      en: 'Only an active administrator of administration {adm} manages its users, and "{user}" is not one.',
    },
  },
  USER_FULL_NAME_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'De naam van gebruiker "{user}" is hoogstens {max} tekens lang, zonder stuurtekens.',
      en: 'The name of user "{user}" is at most {max} characters long, without control characters.',
    },
  },
  USER_PASSWORDS_DIFFER: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'De twee wachtwoorden voor gebruiker "{user}" verschillen; typ hetzelfde wachtwoord twee keer.',
      en: 'The two passwords for user "{user}" differ; type the same password twice.',
    },
  },
  USER_ROLE_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Rol "{input}" bestaat niet; kies beheerder (administrator), accountant, boekhouder (bookkeeper) of alleen inzien (viewer).',
      en: 'Role "{input}" does not exist; choose administrator, accountant, bookkeeper or viewer.',
    },
  },
});
