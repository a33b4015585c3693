/** What is stored does not match what kluis expects: schema versions, checks, journals. */
import { defineErrors, ExitCode } from '../definition.js';

export const dataStateErrors = defineErrors({
  ADMIN_DATABASE_MISSING: {
    exit: ExitCode.notFound,
    category: 'corruption',
    message: {
      nl: 'Administratie {adm} staat geregistreerd maar database "{database}" ontbreekt.',
      en: 'Administration {adm} is registered but database "{database}" is missing.',
    },
    hints: [
      {
        nl: 'Gebruik "kluis recover" om de registratie te herstellen.',
        en: 'Use "kluis recover" to repair the registration.',
        web: {
          nl: 'Kies bij de acties "Herstellen van gefaalde back-up/terugzetten" om de registratie te herstellen.',
          en: 'Choose "Recover a failed backup/restore" among the actions to repair the registration.',
        },
      },
    ],
  },
  SCHEMA_TOO_NEW: {
    exit: ExitCode.unsupportedVersion,
    category: 'user',
    message: {
      nl: 'Database "{database}" heeft schemaversie {found}, nieuwer dan deze kluis ({supported}) kent.',
      en: 'Database "{database}" has schema version {found}, newer than this kluis knows ({supported}).',
    },
    hints: [{ nl: 'Werk kluis bij.', en: 'Upgrade kluis.' }],
  },
  NOT_AN_ADMINISTRATION: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Database "{database}" is geen kluis-administratie.',
      en: 'Database "{database}" is not a kluis administration.',
    },
  },
  CLOUD_NOT_OWNER: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Rol {role} kan {count} object(en) in de database niet overnemen, bijvoorbeeld: {first}',
      en: 'Role {role} cannot take over {count} object(s) in the database, for example: {first}',
    },
    hints: [
      {
        nl: 'Het volledige verslag staat in de uitvoer met --json. Na de opdrachten van de beheerder kunt u het opnieuw proberen.',
        en: 'The full report is in the --json output. Try again once the administrator ran the statements.',
        web: {
          nl: 'Probeer het opnieuw zodra de beheerder van de server de opdrachten heeft uitgevoerd.',
          en: "Try again once the server's administrator ran the statements.",
        },
      },
    ],
  },
  CLOUD_INTEGRITY: {
    exit: ExitCode.damagedFile,
    category: 'corruption',
    message: {
      nl: 'De gemigreerde administratie klopt niet ({count} probleem/problemen), bijvoorbeeld: {first}',
      en: 'The migrated administration does not check out ({count} problem(s)), for example: {first}',
    },
    hints: [
      {
        nl: 'Migreer de database opnieuw vanuit de bron; er is niets geregistreerd.',
        en: 'Migrate the database again from its source; nothing was registered.',
      },
    ],
  },
  CLOUD_REGISTERED_ELSEWHERE: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Database "{database}" is al geregistreerd als administratie {number}.',
      en: 'Database "{database}" is already registered as administration {number}.',
    },
    hints: [
      {
        nl: 'Laat --number weg, of kopieer de administratie naar het andere nummer.',
        en: 'Leave out --number, or copy the administration to the other number.',
        web: {
          nl: 'Laat het nummer leeg, of kopieer de administratie naar het andere nummer.',
          en: 'Leave the number empty, or copy the administration to the other number.',
        },
      },
    ],
  },
  JOURNAL_ENTRY_DAMAGED: {
    exit: ExitCode.damagedFile,
    category: 'corruption',
    message: {
      nl: 'Het journaal in systeemdatabase "{database}" is beschadigd: wat {what} van administratie {adm} vastlegde (operatie {operation}) is onleesbaar bij {field}. kluis heeft niets gewijzigd.',
      en: 'The journal in system database "{database}" is damaged: what {what} of administration {adm} recorded (operation {operation}) cannot be read at {field}. kluis changed nothing.',
    },
    hints: [
      {
        nl: 'Werd een nieuwere kluis afgebroken, voer "kluis recover" dan uit met die versie. Anders is het journaal buiten kluis om gewijzigd: laat de databasebeheerder operatie {operation} uit de tabellen operations en locks van "{database}" verwijderen, voer dan "kluis recover" uit om op te ruimen en controleer administratie {adm} (zet zo nodig haar laatste back-up terug).',
        en: 'If a newer kluis was interrupted, run "kluis recover" with that version. Otherwise the journal was changed outside kluis: have the database administrator delete operation {operation} from the tables operations and locks of "{database}", then run "kluis recover" to tidy up and check administration {adm} (restore its latest backup if need be).',
        web: {
          nl: 'Werd een nieuwere kluis afgebroken, herstel dan met die versie. Anders is het journaal buiten kluis om gewijzigd: laat de databasebeheerder operatie {operation} uit de tabellen operations en locks van "{database}" verwijderen, kies dan bij de acties "Herstellen van gefaalde back-up/terugzetten" om op te ruimen en controleer administratie {adm} (zet zo nodig haar laatste back-up terug).',
          en: 'If a newer kluis was interrupted, recover with that version. Otherwise the journal was changed outside kluis: have the database administrator delete operation {operation} from the tables operations and locks of "{database}", then choose "Recover a failed backup/restore" among the actions to tidy up and check administration {adm} (restore its latest backup if need be).',
        },
      },
    ],
  },
  UNBALANCED_ENTRY: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Boeking {entry} is niet in balans: debet {debit} en credit {credit}.',
      en: 'Entry {entry} does not balance: debit {debit} and credit {credit}.',
    },
  },
});
