/** Something named does not exist: a file, an administration, a server, a database. */
import { defineErrors, ExitCode } from '../definition.js';

export const notFoundErrors = defineErrors({
  ADMIN_NOT_FOUND: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Administratie "{adm}" bestaat niet op server "{server}".',
      en: 'Administration "{adm}" does not exist on server "{server}".',
    },
    hints: [
      {
        nl: 'Zie "kluis admin list" voor de administraties.',
        en: 'See "kluis admin list" for the administrations.',
        web: { nl: 'Kies een administratie uit de lijst.', en: 'Choose an administration from the list.' },
      },
    ],
  },
  SERVER_NOT_FOUND: {
    exit: ExitCode.notFound,
    category: 'user',
    message: { nl: 'Server "{server}" is niet bekend.', en: 'Server "{server}" is not known.' },
    hints: [
      {
        nl: 'Zie "kluis server list", of voeg hem toe met "kluis server add".',
        en: 'See "kluis server list", or add it with "kluis server add".',
        web: {
          nl: 'Kies een server uit de lijst, of voeg er een toe met Bladeren of Geavanceerd.',
          en: 'Choose a server from the list, or add one with Browse or Advanced.',
        },
      },
    ],
  },
  SERVER_NAME_UNKNOWN: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Server "{server}" is niet bekend, en er is geen computer met die naam te vinden.',
      en: 'Server "{server}" is not known, and no computer of that name can be found.',
    },
    hints: [
      {
        nl: 'Bladeren toont de bekende en gevonden servers; met Geavanceerd voegt u een server toe met gebruiker en wachtwoord.',
        en: 'Browse lists the known and discovered servers; Advanced adds a server with a user and password.',
      },
    ],
  },
  SERVER_NAME_MISSING: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Geef de naam van de server, of kies "Mijn computer".',
      en: 'Give the name of the server, or choose "My computer".',
    },
  },
  SERVER_HOST_MISSING: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Vul de host van de server in: een naam, een IP-adres of de map van een socket.',
      en: "Fill in the server's host: a name, an IP address or the folder of a socket.",
    },
  },
  SERVICE_NOT_FOUND: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Service "{service}" staat niet in een pg_service.conf-bestand.',
      en: 'Service "{service}" is not defined in any pg_service.conf file.',
    },
    hints: [{ nl: 'Gezocht in: {files}.', en: 'Looked in: {files}.' }],
  },
  DATABASE_NOT_FOUND: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Database "{database}" bestaat niet op server "{server}".',
      en: 'Database "{database}" does not exist on server "{server}".',
    },
  },
  DATABASE_INVALID: {
    exit: ExitCode.inUse,
    category: 'environment',
    message: {
      nl: 'Database "{database}" op server "{server}" is half verwijderd (de server stopte tijdens het verwijderen) en kan alleen nog verwijderd worden.',
      en: 'Database "{database}" on server "{server}" was left half dropped (the server stopped while dropping it) and can only be dropped.',
    },
    hints: [
      {
        nl: 'Voer "kluis recover" uit; dat ruimt hem op.',
        en: 'Run "kluis recover"; it cleans it up.',
        web: {
          nl: 'Kies bij de acties "Herstellen van gefaalde back-up/terugzetten": dat ruimt hem op.',
          en: 'Choose "Recover a failed backup/restore" among the actions: it cleans it up.',
        },
      },
    ],
  },
  DATABASE_EXISTS: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Op server "{server}" bestaat al een database "{database}" die niet als administratie geregistreerd is; kluis laat die staan.',
      en: 'Server "{server}" already has a database "{database}" that is not registered as an administration; kluis leaves it alone.',
    },
    hints: [
      {
        nl: 'Voer "kluis recover" uit om hem als administratie te koppelen, of kies een ander nummer.',
        en: 'Run "kluis recover" to attach it as an administration, or choose another number.',
        web: {
          nl: 'Kies bij de acties "Herstellen van gefaalde back-up/terugzetten" om hem als administratie te koppelen, of kies een ander nummer.',
          en: 'Choose "Recover a failed backup/restore" among the actions to attach it as an administration, or choose another number.',
        },
      },
    ],
  },
  FILE_NOT_FOUND: {
    exit: ExitCode.notFound,
    category: 'user',
    message: { nl: 'Bestand "{path}" bestaat niet.', en: 'File "{path}" does not exist.' },
    hints: [
      {
        nl: 'Controleer de naam en de map; een pad zonder / aan het begin geldt vanaf de huidige map.',
        en: 'Check the name and the folder; a path without / at the start counts from the current folder.',
        web: {
          nl: 'Controleer de naam en de map: geef het volledige pad op de computer waarop kluis draait, of kies het bestand van deze computer.',
          en: 'Check the name and the folder: give the full path on the computer kluis runs on, or choose the file from this computer.',
        },
      },
    ],
  },
  FILE_IS_FOLDER: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: '"{path}" is een map, geen bestand.', en: '"{path}" is a folder, not a file.' },
    hints: [
      {
        nl: 'Geef de volledige naam van het bestand in die map.',
        en: 'Give the full name of the file in that folder.',
      },
    ],
  },
  FILE_NOT_REGULAR: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: '"{path}" is geen gewoon bestand maar {kind}.', en: '"{path}" is not an ordinary file but {kind}.' },
    hints: [
      {
        nl: 'Geef de naam van een gewoon bestand; voor standaardinvoer of -uitvoer geeft u - (waar de opdracht dat kent).',
        en: 'Give the name of an ordinary file; for standard input or output, give - (where the command takes it).',
      },
    ],
  },
  FILE_TOO_LARGE: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Bestand "{path}" is groter dan {max}, te groot voor {what}.',
      en: 'File "{path}" is larger than {max}, too large for {what}.',
    },
    hints: [{ nl: 'Controleer of het het juiste bestand is.', en: 'Check that it is the right file.' }],
  },
  FILE_NOT_READABLE: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Bestand "{path}" kan niet gelezen worden: {reason}.',
      en: 'File "{path}" cannot be read: {reason}.',
    },
    hints: [
      {
        nl: 'Controleer de rechten op het bestand en de mappen erboven, of kopieer het naar een plek die u kunt lezen.',
        en: 'Check the permissions of the file and the folders above it, or copy it to a place you can read.',
      },
    ],
  },
  USER_NOT_FOUND: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Gebruiker "{user}" bestaat niet in administratie {adm}.',
      en: 'User "{user}" does not exist in administration {adm}.',
    },
  },
});
