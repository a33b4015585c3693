/** Mistakes in what was typed or filled in: a command, an argument, a name, a path. */
import { defineErrors, ExitCode } from '../definition.js';

export const usageErrors = defineErrors({
  USAGE_UNKNOWN_COMMAND: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: 'Onbekende opdracht "{command}".', en: 'Unknown command "{command}".' },
    hints: [{ nl: 'Zie "kluis --help" voor de opdrachten.', en: 'See "kluis --help" for the commands.', web: null }],
  },
  COPY_ONTO_ITSELF: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Administratie {number} kan niet over zichzelf gekopieerd worden.',
      en: 'Administration {number} cannot be copied over itself.',
    },
    hints: [
      {
        nl: 'Kies met --to een ander nummer of een naam.',
        en: 'Choose another number or a name with --to.',
        web: {
          nl: 'Kies bij Administratie een ander nummer of een naam.',
          en: 'Choose another number or a name at Administration.',
        },
      },
    ],
  },
  OUTPUT_EMPTY: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Er is geen bestand of map opgegeven om naar te schrijven: de waarde is leeg.',
      en: 'No file or folder was given to write to: the value is empty.',
    },
    hints: [
      {
        nl: 'Geef een map of een bestandsnaam, of - voor standaarduitvoer; laat -o weg voor de standaardplek.',
        en: 'Give a folder or a file name, or - for standard output; leave -o out for the standard place.',
        web: {
          nl: 'Geef een map of een bestandsnaam.',
          en: 'Give a folder or a file name.',
        },
      },
    ],
  },
  USAGE_BAD_ARGUMENTS: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: 'Ongeldige invoer voor "{command}": {reason}', en: 'Invalid input for "{command}": {reason}' },
    hints: [{ nl: 'Zie "kluis {command} --help".', en: 'See "kluis {command} --help".', web: null }],
  },
  USAGE_MISSING_ARGUMENT: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: '"{command}" mist {argument}.', en: '"{command}" needs {argument}.' },
    hints: [{ nl: 'Zie "kluis {command} --help".', en: 'See "kluis {command} --help".', web: null }],
  },
  USAGE_BAD_LANGUAGE: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Taal "{lang}" wordt niet ondersteund; kies nl of en.',
      en: 'Language "{lang}" is not supported; choose nl or en.',
    },
  },
  ADMIN_NUMBER_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Administratienummer "{input}" is ongeldig: gebruik een getal van 001 tot en met 999.',
      en: 'Administration number "{input}" is invalid: use a number from 001 to 999.',
    },
  },
  ADMIN_NAME_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Administratienaam "{input}" is ongeldig: {reason}.',
      en: 'Administration name "{input}" is invalid: {reason}.',
    },
  },
  USER_NAME_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: 'Gebruikersnaam "{input}" is ongeldig: {reason}.', en: 'User name "{input}" is invalid: {reason}.' },
  },
  PASSWORD_REQUIRED: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Er is een wachtwoord nodig voor gebruiker "{user}".',
      en: 'A password is needed for user "{user}".',
    },
    hints: [
      {
        nl: 'Geef --password-file met een bestand dat het wachtwoord bevat, of start de opdracht in een terminal.',
        en: 'Pass --password-file with a file that holds the password, or run the command in a terminal.',
        web: null,
      },
    ],
  },
  PASSWORD_TOO_SHORT: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Het wachtwoord moet minstens {min} tekens lang zijn.',
      en: 'The password must be at least {min} characters long.',
    },
  },
  CONNINFO_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Verbindingsgegevens "{input}" zijn ongeldig: {reason}.',
      en: 'Connection settings "{input}" are invalid: {reason}.',
    },
    hints: [
      {
        nl: 'Gebruik bijvoorbeeld "host=db.example.nl port=5432 user=kluis sslmode=require" of "postgresql://kluis@db.example.nl/postgres".',
        en: 'Use for example "host=db.example.nl port=5432 user=kluis sslmode=require" or "postgresql://kluis@db.example.nl/postgres".',
      },
    ],
  },
  SERVER_NAME_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Servernaam "{input}" is ongeldig: gebruik 1 tot 40 letters, cijfers, "-" of "_".',
      en: 'Server name "{input}" is invalid: use 1 to 40 letters, digits, "-" or "_".',
    },
  },
  SYSTEM_DATABASE_NAME_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Naam van de systeemdatabase "{input}" is ongeldig: gebruik 1 tot 40 kleine letters, cijfers of "_", beginnend met een letter.',
      en: 'System database name "{input}" is invalid: use 1 to 40 lower-case letters, digits or "_", starting with a letter.',
    },
  },
  SERVER_NAME_RESERVED: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'De naam "local" is gereserveerd voor de ingebouwde server (Mijn computer).',
      en: 'The name "local" is reserved for the embedded server (My computer).',
    },
  },
});
