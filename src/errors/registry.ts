/**
 * The single registry of every error kluis can report to a user.
 *
 * Each entry has a stable code (never reused, never renamed), the exit code the
 * CLI ends with, a category, and the message in Dutch and English. Messages
 * are one sentence saying what happened; hints say what to do. `{name}`
 * placeholders are filled from the error's params. docs/errors.md is rendered
 * from this table (a test keeps the two in step).
 */

/** What kind of failure an error is; decides tone and whether to ask for a bug report. */
export type ErrorCategory = 'usage' | 'user' | 'environment' | 'corruption' | 'internal';

/** Documented, distinct process exit codes (see docs/errors.md). */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  notFound: 3,
  inUse: 4,
  wrongPassphrase: 5,
  damagedFile: 6,
  unsupportedVersion: 7,
  licenceRefused: 8,
  connection: 9,
  conflict: 10,
  environment: 11,
  cancelled: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface Localized {
  readonly nl: string;
  readonly en: string;
}

export interface ErrorDefinition {
  readonly exit: ExitCodeValue;
  readonly category: ErrorCategory;
  readonly message: Localized;
  readonly hints?: readonly Localized[];
}

/**
 * `const` keeps every message as its literal text, so the type of an entry
 * still knows which `{name}` placeholders it has (see params.ts).
 */
function define<const T extends Record<string, ErrorDefinition>>(table: T): T {
  return table;
}

export const errorRegistry = define({
  // --- usage -------------------------------------------------------------
  USAGE_UNKNOWN_COMMAND: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: 'Onbekende opdracht "{command}".', en: 'Unknown command "{command}".' },
    hints: [{ nl: 'Zie "kluis --help" voor de opdrachten.', en: 'See "kluis --help" for the commands.' }],
  },
  USAGE_BAD_ARGUMENTS: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: 'Ongeldige invoer voor "{command}": {reason}', en: 'Invalid input for "{command}": {reason}' },
    hints: [{ nl: 'Zie "kluis {command} --help".', en: 'See "kluis {command} --help".' }],
  },
  USAGE_MISSING_ARGUMENT: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: '"{command}" mist {argument}.', en: '"{command}" needs {argument}.' },
    hints: [{ nl: 'Zie "kluis {command} --help".', en: 'See "kluis {command} --help".' }],
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
  // --- not found ---------------------------------------------------------
  ADMIN_NOT_FOUND: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Administratie "{adm}" bestaat niet op server "{server}".',
      en: 'Administration "{adm}" does not exist on server "{server}".',
    },
    hints: [
      { nl: 'Zie "kluis admin list" voor de administraties.', en: 'See "kluis admin list" for the administrations.' },
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
      },
    ],
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
    hints: [{ nl: 'Voer "kluis recover" uit; dat ruimt hem op.', en: 'Run "kluis recover"; it cleans it up.' }],
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
  // --- conflicts ---------------------------------------------------------
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
  // --- in use ------------------------------------------------------------
  ADMIN_IN_USE: {
    exit: ExitCode.inUse,
    category: 'user',
    message: {
      nl: 'Administratie {adm} is in gebruik door {holder}.',
      en: 'Administration {adm} is in use by {holder}.',
    },
    hints: [
      {
        nl: 'Wacht tot die bewerking klaar is en probeer het opnieuw.',
        en: 'Wait until that operation has finished and try again.',
      },
    ],
  },
  ADMIN_HAS_CONNECTIONS: {
    exit: ExitCode.inUse,
    category: 'user',
    message: {
      nl: 'Administratie {adm} is nog geopend door {count} andere verbinding(en) ({who}).',
      en: 'Administration {adm} is still open in {count} other connection(s) ({who}).',
    },
    hints: [
      {
        nl: 'Laat de gebruikers de administratie sluiten en probeer het opnieuw.',
        en: 'Ask the users to close the administration and try again.',
      },
    ],
  },
  ADMIN_IS_OPEN: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Administratie {adm} is de geopende administratie en kan niet vanuit zichzelf overschreven worden: haar licentie ({holder}) en gebruikers gaan dan verloren en niemand kan er nog bij aanmelden.',
      en: 'Administration {adm} is the open administration and cannot be overwritten from inside itself: its licence ({holder}) and users would be lost and nobody could sign in to it again.',
    },
    hints: [
      {
        nl: 'Kies een ander nummer of een naam voor de nieuwe administratie.',
        en: 'Choose another number, or a name for a new administration.',
      },
      {
        nl: 'Moet {adm} zelf vervangen worden, meld u dan aan bij (of open met --open) een andere administratie.',
        en: 'If {adm} itself must be replaced, sign in to (or open with --open) another administration.',
      },
    ],
  },
  RECOVERY_NEEDED: {
    exit: ExitCode.inUse,
    category: 'user',
    message: {
      nl: 'Administratie {adm} moet eerst hersteld worden: {what} is afgebroken.',
      en: 'Administration {adm} needs recovery first: {what} was interrupted.',
    },
    hints: [
      {
        nl: 'Voer "kluis recover" uit; "kluis recover --list" laat zien wat er gebeurt.',
        en: 'Run "kluis recover"; "kluis recover --list" shows what it will do.',
      },
    ],
  },
  OPERATION_INTERRUPTED: {
    exit: ExitCode.connection,
    category: 'environment',
    message: {
      nl: 'De verbinding met server "{server}" ging verloren tijdens {what} ({adm}), en kluis kon het niet afmaken of ongedaan maken.',
      en: 'The connection to server "{server}" was lost during {what} ({adm}), and kluis could not finish or undo it.',
    },
    hints: [
      {
        nl: 'Voer "kluis recover" uit zodra de server weer bereikbaar is: dat maakt het af of zet alles terug zoals het was.',
        en: 'Run "kluis recover" once the server is reachable again: it finishes the work or puts everything back as it was.',
      },
    ],
  },
  EMBEDDED_BUSY: {
    exit: ExitCode.inUse,
    category: 'environment',
    message: {
      nl: 'De ingebouwde server in {home} wordt door een ander proces gestart of gestopt ({holder}).',
      en: 'The embedded server in {home} is being started or stopped by another process ({holder}).',
    },
    hints: [{ nl: 'Probeer het over een paar seconden opnieuw.', en: 'Try again in a few seconds.' }],
  },
  // --- licence -----------------------------------------------------------
  LICENCE_INVALID_DOCUMENT: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Het licentiebestand is geen geldig kluis-licentiedocument: {reason}.',
      en: 'The licence file is not a valid kluis licence document: {reason}.',
    },
  },
  LICENCE_SIGNATURE_INVALID: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Licentie {number} ({holder}) is geweigerd: de handtekening klopt niet, het document is gewijzigd of vervalst.',
      en: 'Licence {number} ({holder}) is refused: its signature does not match, so the document was altered or forged.',
    },
    hints: [{ nl: 'Vraag de uitgever om een nieuw licentiebestand.', en: 'Ask the issuer for a new licence file.' }],
  },
  LICENCE_UNTRUSTED_ISSUER: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Licentie {number} ({holder}) is geweigerd: uitgever "{issuer}" wordt door deze installatie niet vertrouwd.',
      en: 'Licence {number} ({holder}) is refused: issuer "{issuer}" is not trusted by this installation.',
    },
    hints: [{ nl: 'Vertrouwde uitgevers: {trusted}.', en: 'Trusted issuers: {trusted}.' }],
  },
  LICENCE_EXPIRED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Licentie {number} ({holder}) is verlopen op {validUntil}.',
      en: 'Licence {number} ({holder}) expired on {validUntil}.',
    },
    hints: [{ nl: 'Vraag de uitgever om een verlengde licentie.', en: 'Ask the issuer for a renewed licence.' }],
  },
  LICENCE_NOT_YET_VALID: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Licentie {number} ({holder}) is pas geldig vanaf {validFrom}.',
      en: 'Licence {number} ({holder}) is only valid from {validFrom}.',
    },
  },
  LICENCE_REQUIRED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Er is een licentie nodig om een administratie aan te maken.',
      en: 'A licence is needed to create an administration.',
    },
    hints: [
      {
        nl: 'Geef --licence met een licentiebestand, of installeer een standaardlicentie met "kluis licence install <bestand>".',
        en: 'Pass --licence with a licence file, or install a default licence with "kluis licence install <file>".',
      },
      {
        nl: '"kluis demo" installeert een demolicentie om mee te proberen.',
        en: '"kluis demo" installs a demo licence to try things with.',
      },
    ],
  },
  LICENCE_MAX_USERS: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Licentie {number} staat maximaal {max} actieve gebruikers toe.',
      en: 'Licence {number} allows at most {max} active users.',
    },
  },
  CLIENT_INSTALL_NOT_LICENSED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Database van een klant installeren kan niet vanuit administratie {adm}: de licentie ({holder}) heeft het artikel {article} niet.',
      en: "Installing a client's database is not possible from administration {adm}: its licence ({holder}) lacks the article {article}.",
    },
    hints: [
      {
        nl: 'Open de administratie van het accountantskantoor (--open), waarvan de licentie {article} bevat.',
        en: "Open the accounting firm's administration (--open), whose licence includes {article}.",
      },
    ],
  },
  CLIENT_LICENCE_SWAPPED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Administratie {adm} bevat de klantlicentie van {holder}, maar die hoort bij een andere administratie ({bound}); een back-up voor de klant zou hem andermans licentie geven.',
      en: "Administration {adm} holds the client licence of {holder}, but that licence belongs to another administration ({bound}); a backup for the client would give them someone else's licence.",
    },
    hints: [
      {
        nl: 'Lees de eigen licentie van deze klant in met "kluis licence import-client {adm} BESTAND", of installeer de back-up van de klant opnieuw. Er is niets geschreven.',
        en: 'Import this client\'s own licence with "kluis licence import-client {adm} FILE", or install the client\'s backup again. Nothing was written.',
      },
    ],
  },
  CLIENT_LICENCE_OTHER_CLIENT: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Administratie {adm} hoort bij klant {current}; de licentie van {holder} kan die niet vervangen.',
      en: 'Administration {adm} belongs to client {current}; the licence of {holder} cannot replace theirs.',
    },
    hints: [
      {
        nl: 'Lees een licentie van {current} in (bijvoorbeeld een verlenging), of installeer de back-up van {holder} als eigen administratie.',
        en: 'Import a licence of {current} (a renewal, say), or install the backup of {holder} as an administration of its own.',
      },
    ],
  },
  CLIENT_USER_MISSING: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'De klantlicentie van {holder} is geweigerd: haar gebruiker "{user}" bestaat niet, of is niet actief, in administratie {adm}.',
      en: 'The client licence of {holder} is refused: its user "{user}" does not exist, or is not active, in administration {adm}.',
    },
    hints: [
      {
        nl: 'Maak die gebruiker eerst aan in de administratie, of vraag de klant om de juiste licentie.',
        en: 'Create that user in the administration first, or ask the client for the right licence.',
      },
    ],
  },
  // --- environment -------------------------------------------------------
  SERVER_UNREACHABLE: {
    exit: ExitCode.connection,
    category: 'environment',
    message: {
      nl: 'Kan geen verbinding maken met server "{server}" ({target}): {reason}',
      en: 'Cannot connect to server "{server}" ({target}): {reason}',
    },
    hints: [
      {
        nl: 'Controleer of de server draait en of de verbindingsgegevens kloppen ("kluis server list").',
        en: 'Check that the server is running and the connection settings are right ("kluis server list").',
      },
    ],
  },
  SERVER_AUTH_FAILED: {
    exit: ExitCode.connection,
    category: 'environment',
    message: {
      nl: 'Server "{server}" ({target}) weigert de aanmelding: {reason}',
      en: 'Server "{server}" ({target}) refused the login: {reason}',
    },
    hints: [
      {
        nl: 'Controleer gebruiker en wachtwoord (PGUSER, PGPASSWORD of ~/.pgpass).',
        en: 'Check the user and password (PGUSER, PGPASSWORD or ~/.pgpass).',
      },
    ],
  },
  SERVER_PASSWORD_MISSING: {
    exit: ExitCode.connection,
    category: 'environment',
    message: {
      nl: 'Server "{server}" ({target}) vraagt om een wachtwoord, maar er is er geen.',
      en: 'Server "{server}" ({target}) asks for a password, but there is none.',
    },
    hints: [
      {
        nl: 'Geef het wachtwoord bij "kluis server add" (password=...), in PGPASSWORD, of in ~/.pgpass (PGPASSFILE), dat alleen voor u leesbaar moet zijn (chmod 600).',
        en: 'Give the password to "kluis server add" (password=...), in PGPASSWORD, or in ~/.pgpass (PGPASSFILE), which must be readable by you only (chmod 600).',
      },
    ],
  },
  SERVER_TLS_REFUSED: {
    exit: ExitCode.connection,
    category: 'environment',
    message: {
      nl: 'Server "{server}" ({target}) ondersteunt geen versleutelde verbinding (TLS), en de gekozen sslmode eist die.',
      en: 'Server "{server}" ({target}) does not support encrypted (TLS) connections, and the chosen sslmode requires one.',
    },
    hints: [
      {
        nl: 'Zet TLS aan op de server, of kies sslmode=prefer of sslmode=disable als het netwerk te vertrouwen is.',
        en: 'Turn TLS on at the server, or choose sslmode=prefer or sslmode=disable if the network can be trusted.',
      },
    ],
  },
  SERVER_HOST_UNKNOWN: {
    exit: ExitCode.connection,
    category: 'environment',
    message: {
      nl: 'De naam "{host}" van server "{server}" is niet te vinden (DNS).',
      en: 'The name "{host}" of server "{server}" cannot be found (DNS).',
    },
    hints: [
      {
        nl: 'Controleer de schrijfwijze van de servernaam, of gebruik het IP-adres.',
        en: 'Check how the server name is spelled, or use its IP address.',
      },
    ],
  },
  SERVER_PERMISSION_DENIED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'De server staat {action} niet toe voor deze gebruiker: {reason}',
      en: 'The server does not allow {action} for this user: {reason}',
    },
    hints: [
      {
        nl: 'Vraag de beheerder van de server om dat recht; om databases te maken heeft kluis het recht CREATEDB nodig.',
        en: "Ask the server's administrator for that right; to create databases kluis needs the CREATEDB privilege.",
      },
    ],
  },
  SERVER_LOST: {
    exit: ExitCode.connection,
    category: 'environment',
    message: {
      nl: 'De verbinding met server "{server}" is verbroken: {reason}',
      en: 'The connection to server "{server}" was lost: {reason}',
    },
    hints: [
      {
        nl: 'Er is niets half achtergelaten; probeer het opnieuw als de server weer bereikbaar is.',
        en: 'Nothing was left half done; try again once the server is reachable.',
      },
    ],
  },
  SERVER_DISK_FULL: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'De schijf van server "{server}" is vol; de actie is gestopt.',
      en: 'The disk of server "{server}" is full; the operation stopped.',
    },
    hints: [
      {
        nl: 'Maak ruimte vrij waar de server (of de gekozen databasemap) zijn bestanden schrijft en probeer het opnieuw; wat half gemaakt was, is opgeruimd of wordt door "kluis recover" opgeruimd.',
        en: 'Free space where the server (or the chosen database directory) writes its files and try again; what was half made has been removed, or "kluis recover" removes it.',
      },
    ],
  },
  EMBEDDED_UNAVAILABLE: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'De ingebouwde PostgreSQL-server is niet beschikbaar voor dit platform ({platform}).',
      en: 'The embedded PostgreSQL server is not available for this platform ({platform}).',
    },
    hints: [{ nl: 'Gebruik een PostgreSQL-server met --server.', en: 'Use a PostgreSQL server with --server.' }],
  },
  EMBEDDED_START_FAILED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'De ingebouwde server in {home} start niet: {reason}',
      en: 'The embedded server in {home} does not start: {reason}',
    },
    hints: [{ nl: 'Het logboek staat in {log}.', en: 'The log is in {log}.' }],
  },
  EMBEDDED_HOME_NOT_TRAVERSABLE: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'De map {dir} is niet toegankelijk voor het serveraccount "{account}", dus de ingebouwde server kan er niet draaien.',
      en: 'Folder {dir} cannot be entered by the service account "{account}", so the embedded server cannot run there.',
    },
    hints: [
      {
        nl: 'Kies een andere kluis-map met --home of KLUIS_HOME, bijvoorbeeld /var/lib/kluis.',
        en: 'Choose another kluis home with --home or KLUIS_HOME, for example /var/lib/kluis.',
      },
    ],
  },
  SERVICE_ACCOUNT_FAILED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Kan het serveraccount "{account}" niet aanmaken: {reason}',
      en: 'Cannot create the service account "{account}": {reason}',
    },
    hints: [
      {
        nl: 'PostgreSQL draait niet als root; maak het account zelf aan met: useradd --system --user-group --no-create-home --shell /usr/sbin/nologin {account}',
        en: 'PostgreSQL does not run as root; create the account yourself with: useradd --system --user-group --no-create-home --shell /usr/sbin/nologin {account}',
      },
    ],
  },
  SETTINGS_BUSY: {
    exit: ExitCode.inUse,
    category: 'environment',
    message: {
      nl: 'De instellingen in {home} worden door een ander proces gewijzigd ({holder}).',
      en: 'The settings in {home} are being changed by another process ({holder}).',
    },
    hints: [{ nl: 'Probeer het over een paar seconden opnieuw.', en: 'Try again in a few seconds.' }],
  },
  CONFIG_DAMAGED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Het instellingenbestand {path} is beschadigd: {reason}.',
      en: 'The settings file {path} is damaged: {reason}.',
    },
    hints: [
      {
        nl: 'Herstel of verwijder het bestand; servers moeten daarna opnieuw worden toegevoegd.',
        en: 'Repair or remove the file; servers then have to be added again.',
      },
    ],
  },
  DIRECTORY_MISSING: {
    exit: ExitCode.environment,
    category: 'user',
    message: { nl: 'De map {path} bestaat niet.', en: 'Folder {path} does not exist.' },
    hints: [{ nl: 'Maak de map eerst aan.', en: 'Create the folder first.' }],
  },
  NOT_A_FOLDER: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: '{path} is geen map.', en: '{path} is not a folder.' },
    hints: [
      {
        nl: 'Geef een bestaande map; een naam die op / eindigt is altijd een map.',
        en: 'Give an existing folder; a name that ends in / always means a folder.',
      },
    ],
  },
  FOLDER_NOT_WRITABLE: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'In de map {path} kan kluis niet schrijven: {reason}.',
      en: 'kluis cannot write in folder {path}: {reason}.',
    },
    hints: [
      {
        nl: 'Kies een andere map, of geef kluis daar schrijfrechten.',
        en: 'Choose another folder, or give kluis permission to write there.',
      },
    ],
  },
  // --- data state --------------------------------------------------------
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
  // --- backup files ------------------------------------------------------
  BACKUP_NOT_EBU: {
    exit: ExitCode.damagedFile,
    category: 'corruption',
    message: { nl: '"{path}" is geen kluis-back-up (.ebu).', en: '"{path}" is not a kluis backup (.ebu).' },
  },
  BACKUP_UNSUPPORTED_VERSION: {
    exit: ExitCode.unsupportedVersion,
    category: 'user',
    message: {
      nl: 'Back-up "{path}" heeft bestandsformaat versie {found}; deze kluis leest versie {supported}.',
      en: 'Backup "{path}" has file format version {found}; this kluis reads version {supported}.',
    },
    hints: [
      {
        nl: 'Werk kluis bij naar een versie die dit formaat kent.',
        en: 'Upgrade kluis to a version that knows this format.',
      },
    ],
  },
  BACKUP_SCHEMA_TOO_NEW: {
    exit: ExitCode.unsupportedVersion,
    category: 'user',
    message: {
      nl: 'Back-up "{path}" bevat schemaversie {found}, nieuwer dan deze kluis kent ({supported}).',
      en: 'Backup "{path}" holds schema version {found}, newer than this kluis knows ({supported}).',
    },
    hints: [{ nl: 'Werk kluis bij.', en: 'Upgrade kluis.' }],
  },
  BACKUP_DAMAGED: {
    exit: ExitCode.damagedFile,
    category: 'corruption',
    message: { nl: 'Back-up "{path}" is beschadigd: {reason}.', en: 'Backup "{path}" is damaged: {reason}.' },
    hints: [
      {
        nl: 'Er is niets gewijzigd. Gebruik een andere kopie van de back-up.',
        en: 'Nothing was changed. Use another copy of the backup.',
      },
    ],
  },
  BACKUP_TRUNCATED: {
    exit: ExitCode.damagedFile,
    category: 'corruption',
    message: {
      nl: 'Back-up "{path}" is onvolledig: het bestand houdt op {where}.',
      en: 'Backup "{path}" is incomplete: the file ends {where}.',
    },
    hints: [
      {
        nl: 'Er is niets gewijzigd. Kopieer de back-up opnieuw of gebruik een andere.',
        en: 'Nothing was changed. Copy the backup again or use another one.',
      },
    ],
  },
  BACKUP_KEY_REQUIRED: {
    exit: ExitCode.wrongPassphrase,
    category: 'user',
    message: { nl: 'Back-up "{path}" is versleuteld.', en: 'Backup "{path}" is encrypted.' },
    hints: [
      {
        nl: 'Geef het wachtwoord met --passphrase-file, of de sleutel met --identity.',
        en: 'Give the passphrase with --passphrase-file, or the key with --identity.',
      },
    ],
  },
  BACKUP_WRONG_PASSPHRASE: {
    exit: ExitCode.wrongPassphrase,
    category: 'user',
    message: {
      nl: 'Het wachtwoord voor back-up "{path}" klopt niet.',
      en: 'The passphrase for backup "{path}" is wrong.',
    },
    hints: [
      {
        nl: 'Er is niets gewijzigd. Controleer het wachtwoord en probeer het opnieuw.',
        en: 'Nothing was changed. Check the passphrase and try again.',
      },
    ],
  },
  BACKUP_NOT_RECIPIENT: {
    exit: ExitCode.wrongPassphrase,
    category: 'user',
    message: {
      nl: 'Back-up "{path}" is niet versleuteld voor de gegeven sleutel.',
      en: 'Backup "{path}" is not encrypted for the given key.',
    },
    hints: [
      {
        nl: 'Vraag de afzender de back-up te versleutelen voor uw openbare sleutel.',
        en: 'Ask the sender to encrypt the backup for your public key.',
      },
    ],
  },
  BACKUP_WRONG_KEY_KIND: {
    exit: ExitCode.wrongPassphrase,
    category: 'user',
    message: { nl: 'Back-up "{path}" is versleuteld met {kind}.', en: 'Backup "{path}" is encrypted with {kind}.' },
    hints: [{ nl: 'Geef {option}.', en: 'Give {option}.' }],
  },
  RECIPIENT_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: '"{input}" is geen geldige openbare sleutel (age1…).',
      en: '"{input}" is not a valid public key (age1…).',
    },
  },
  IDENTITY_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Bestand "{path}" bevat geen geldige geheime sleutel (AGE-SECRET-KEY-1…).',
      en: 'File "{path}" does not hold a valid secret key (AGE-SECRET-KEY-1…).',
    },
  },
  DIRECTORY_NOT_USABLE: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'De server kan map {path} niet gebruiken: {reason}',
      en: 'The server cannot use folder {path}: {reason}',
    },
    hints: [
      {
        nl: 'Het account waaronder de server draait moet de map en alle mappen erboven kunnen openen, en de map zelf moet van dat account zijn.',
        en: 'The account the server runs as must be able to enter the folder and every folder above it, and must own the folder itself.',
      },
    ],
  },
  FOLDERS_DIFFER: {
    exit: ExitCode.usage,
    category: 'user',
    message: {
      nl: 'De databasemap {directory} en de servermap {serverFolder} zijn niet dezelfde map: een bestand dat in de ene werd gezet, is in de andere niet te zien.',
      en: 'The database directory {directory} and the server folder {serverFolder} are not the same folder: a file put in the one cannot be seen in the other.',
    },
    hints: [
      {
        nl: 'De databasemap is de servermap zoals deze computer hem ziet (bijvoorbeeld een gedeelde map); controleer beide paden.',
        en: 'The database directory is the server folder as this computer sees it (for example a shared folder); check both paths.',
      },
    ],
  },
  BACKUP_SCHEMA_MISMATCH: {
    exit: ExitCode.damagedFile,
    category: 'corruption',
    message: {
      nl: 'Back-up "{path}": tabel {table} heeft andere kolommen dan schemaversie {version} voorschrijft.',
      en: 'Backup "{path}": table {table} has other columns than schema version {version} defines.',
    },
    hints: [
      {
        nl: 'Er is niets gewijzigd. De back-up is beschadigd of niet door kluis gemaakt.',
        en: 'Nothing was changed. The backup is damaged or was not made by kluis.',
      },
    ],
  },
  RESTORE_CHECK_FAILED: {
    exit: ExitCode.damagedFile,
    category: 'corruption',
    message: {
      nl: 'De teruggezette gegevens uit "{path}" kloppen niet: {reason}.',
      en: 'The data restored from "{path}" do not check out: {reason}.',
    },
    hints: [
      {
        nl: 'Er is niets gewijzigd; de halve kopie is verwijderd.',
        en: 'Nothing was changed; the partial copy was removed.',
      },
    ],
  },
  BACKUP_FILE_EXISTS: {
    exit: ExitCode.conflict,
    category: 'user',
    message: { nl: 'Bestand "{path}" bestaat al.', en: 'File "{path}" already exists.' },
    hints: [
      {
        nl: 'Kies een andere naam, of geef een map op: dan krijgt de back-up de standaardnaam.',
        en: 'Choose another name, or give a folder: the backup then gets its standard name.',
      },
    ],
  },
  BACKUP_WRITE_FAILED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Kan de back-up niet schrijven naar "{path}": {reason}.',
      en: 'Cannot write the backup to "{path}": {reason}.',
    },
    hints: [
      {
        nl: 'Er is geen half bestand achtergebleven. Controleer de ruimte en rechten op die plek.',
        en: 'No partial file was left behind. Check the space and permissions there.',
      },
    ],
  },
  // --- auditfiles (XAF) -------------------------------------------------
  XAF_WRITE_FAILED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Kan de auditfile niet schrijven naar "{path}": {reason}.',
      en: 'Cannot write the auditfile to "{path}": {reason}.',
    },
    hints: [
      {
        nl: 'Er is geen half bestand achtergebleven. Controleer de ruimte en rechten op die plek.',
        en: 'No partial file was left behind. Check the space and permissions there.',
      },
    ],
  },
  XAF_INVALID: {
    exit: ExitCode.damagedFile,
    category: 'user',
    message: {
      nl: 'Auditfile "{path}" is niet in orde bij {element} (regel {line}): {reason}.',
      en: 'Auditfile "{path}" is not valid at {element} (line {line}): {reason}.',
    },
    hints: [
      {
        nl: 'Er is niets ingelezen. Vraag om een auditfile volgens XAF 3.2, of laat het pakket dat hem maakte de fout herstellen.',
        en: 'Nothing was imported. Ask for an auditfile that follows XAF 3.2, or have the package that made it fix the fault.',
      },
    ],
  },
  XAF_ENCODING_UNSUPPORTED: {
    exit: ExitCode.damagedFile,
    category: 'user',
    message: {
      nl: 'Auditfile "{path}" is in de codering {encoding}; kluis leest UTF-8, UTF-16 (met BOM), ISO-8859-1, ISO-8859-15 en Windows-1252.',
      en: 'Auditfile "{path}" is in the encoding {encoding}; kluis reads UTF-8, UTF-16 (with a BOM), ISO-8859-1, ISO-8859-15 and Windows-1252.',
    },
    hints: [{ nl: 'Laat de auditfile opnieuw maken in UTF-8.', en: 'Have the auditfile made again in UTF-8.' }],
  },
  XAF_VALUE_TOO_LONG: {
    exit: ExitCode.damagedFile,
    category: 'user',
    message: {
      nl: 'Auditfile "{path}" heeft bij {element} (regel {line}) een waarde van meer dan {max} tekens; zo lang neemt kluis niets over.',
      en: 'Auditfile "{path}" has a value of more than {max} characters at {element} (line {line}); kluis takes in nothing that long.',
    },
    hints: [{ nl: 'Er is niets ingelezen.', en: 'Nothing was imported.' }],
  },
  XAF_RECORD_TOO_LARGE: {
    exit: ExitCode.damagedFile,
    category: 'user',
    message: {
      nl: 'Auditfile "{path}" heeft bij {element} (regel {line}) meer dan {max} elementen in één gegeven.',
      en: 'Auditfile "{path}" has more than {max} elements in one item at {element} (line {line}).',
    },
    hints: [{ nl: 'Er is niets ingelezen.', en: 'Nothing was imported.' }],
  },
  XAF_CHECK_FAILED: {
    exit: ExitCode.damagedFile,
    category: 'user',
    message: {
      nl: 'Auditfile "{path}" klopt niet bij {element} (regel {line}): {reason}.',
      en: 'Auditfile "{path}" does not add up at {element} (line {line}): {reason}.',
    },
    hints: [
      {
        nl: 'Er is niets ingelezen; het bestand is geldig XAF, maar de inhoud is niet consistent. Vraag de klant om een nieuwe auditfile.',
        en: 'Nothing was imported; the file is valid XAF but its contents are not consistent. Ask the client for a new auditfile.',
      },
    ],
  },
  XAF_BEYOND_KLUIS: {
    exit: ExitCode.damagedFile,
    category: 'user',
    message: {
      nl: 'Auditfile "{path}" heeft bij {element} (regel {line}) iets dat kluis niet kan bewaren: {reason}.',
      en: 'Auditfile "{path}" has something at {element} (line {line}) that kluis cannot keep: {reason}.',
    },
    hints: [{ nl: 'Er is niets ingelezen.', en: 'Nothing was imported.' }],
  },
  XAF_YEAR_NOT_FOUND: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Administratie {adm} heeft geen boekjaar {year}.',
      en: 'Administration {adm} has no fiscal year {year}.',
    },
    hints: [{ nl: 'Boekjaren van deze administratie: {years}.', en: 'Fiscal years of this administration: {years}.' }],
  },
  XAF_EXPORT_UNREPRESENTABLE: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'De waarde {value} bij {element} bevat een teken dat in XML niet kan staan; er is geen auditfile gemaakt.',
      en: 'The value {value} at {element} holds a character that XML cannot carry; no auditfile was made.',
    },
    hints: [
      {
        nl: 'Verwijder het stuurteken uit die waarde in de administratie en probeer het opnieuw.',
        en: 'Remove the control character from that value in the administration and try again.',
      },
    ],
  },
  XAF_EXPORT_VALUE_TOO_LONG: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: '{what} "{value}" is langer dan de {max} tekens die XAF 3.2 toestaat bij {element}; er is geen auditfile gemaakt.',
      en: '{what} "{value}" is longer than the {max} characters XAF 3.2 allows for {element}; no auditfile was made.',
    },
    hints: [
      {
        nl: 'Kort de code in de administratie in en probeer het opnieuw.',
        en: 'Shorten the code in the administration and try again.',
      },
    ],
  },
  // --- internal ----------------------------------------------------------
  INTERNAL: {
    exit: ExitCode.internal,
    category: 'internal',
    message: { nl: 'Er ging intern iets mis: {reason}', en: 'Something went wrong inside kluis: {reason}' },
    hints: [
      {
        nl: 'Dit is een fout in kluis. Meld hem met de uitvoer van dezelfde opdracht met --debug.',
        en: 'This is a bug in kluis. Please report it with the output of the same command run with --debug.',
      },
    ],
  },
  // --- access and wizard -------------------------------------------------
  SIGN_IN_FAILED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Aanmelden bij administratie {adm} is niet gelukt: gebruikersnaam of wachtwoord klopt niet, of de gebruiker is niet actief.',
      en: 'Signing in to administration {adm} failed: the user name or password is wrong, or the user is not active.',
    },
    hints: [
      {
        nl: 'Controleer gebruikersnaam en wachtwoord; een beheerder van de administratie kan een gebruiker activeren.',
        en: 'Check the user name and password; an administrator of the administration can activate a user.',
      },
    ],
  },
  ADMIN_NOT_ADMITTED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Gebruiker "{user}" staat niet in de gebruikers van administratie {adm} en mag haar niet openen.',
      en: 'User "{user}" is not among the users of administration {adm} and may not open it.',
    },
    hints: [
      {
        nl: 'Meld u aan bij een administratie waarin u gebruiker bent, of vraag een beheerder u toe te voegen.',
        en: 'Sign in to an administration you are a user of, or ask an administrator to add you.',
      },
    ],
  },
  WIZARD_ACTION_UNAVAILABLE: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'De actie "{action}" is nu niet beschikbaar: {reason}',
      en: 'The action "{action}" is not available now: {reason}',
    },
  },
  FIELD_NOT_A_CHOICE: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: '"{value}" staat niet in de keuzes voor "{field}".',
      en: '"{value}" is not one of the choices for "{field}".',
    },
    hints: [{ nl: 'Kies uit de lijst.', en: 'Choose from the list.' }],
  },
  PATH_NOT_ABSOLUTE: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: '"{path}" is geen volledig pad.', en: '"{path}" is not a full path.' },
    hints: [
      {
        nl: 'Geef het volledige pad, beginnend bij de hoofdmap, bijvoorbeeld {example}.',
        en: 'Give the full path, starting from the root, for example {example}.',
      },
    ],
  },
  FIELD_REQUIRED: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: 'Vul "{field}" in.', en: 'Fill in "{field}".' },
    hints: [{ nl: 'In de terminal kan het ook met {flag}.', en: 'In a terminal it can also be given with {flag}.' }],
  },
  CONFIRMATION_MISMATCH: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Typ precies "{expected}" om te bevestigen; er is niets gewijzigd.',
      en: 'Type exactly "{expected}" to confirm; nothing was changed.',
    },
  },
  PASSPHRASE_TOO_SHORT: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Het wachtwoord is te kort: gebruik minstens {min} tekens.',
      en: 'The passphrase is too short: use at least {min} characters.',
    },
  },
  PASSPHRASES_DIFFER: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: 'De twee wachtwoorden zijn niet gelijk.', en: 'The two passphrases are not the same.' },
    hints: [{ nl: 'Typ hetzelfde wachtwoord twee keer.', en: 'Type the same passphrase twice.' }],
  },
  NO_ADMINISTRATIONS: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Op server "{server}" staan nog geen administraties.',
      en: 'There are no administrations on server "{server}" yet.',
    },
    hints: [
      {
        nl: 'Maak de demo met "kluis demo", of zet een back-up terug met "kluis backup restore".',
        en: 'Make the demo with "kluis demo", or restore a backup with "kluis backup restore".',
      },
    ],
  },
  WEB_ACCESS_DENIED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Geen toegang: open de wizard via de link die "kluis start" liet zien.',
      en: 'No access: open the wizard with the link that "kluis start" printed.',
    },
    hints: [
      {
        nl: 'De link bevat een toegangssleutel die bij elke start nieuw is.',
        en: 'The link holds an access token that is new at every start.',
      },
    ],
  },
  WEB_REQUEST_REFUSED: {
    exit: ExitCode.usage,
    category: 'user',
    message: {
      nl: 'Dit verzoek is geweigerd ({reason}); er is niets gewijzigd.',
      en: 'This request was refused ({reason}); nothing was changed.',
    },
    hints: [{ nl: 'Laad de pagina opnieuw en probeer het nog eens.', en: 'Reload the page and try again.' }],
  },
  WEB_REQUEST_TOO_LARGE: {
    exit: ExitCode.usage,
    category: 'user',
    message: {
      nl: 'Dit verzoek is groter dan {limit} en is geweigerd; er is niets gewijzigd.',
      en: 'This request is larger than {limit} and was refused; nothing was changed.',
    },
    hints: [
      {
        nl: 'Een back-upbestand gaat met "Of kies een bestand van deze computer", niet in een tekstveld.',
        en: 'A backup file goes through "Or choose a file from this computer", not into a text field.',
      },
    ],
  },
  WEB_PORT_IN_USE: {
    exit: ExitCode.environment,
    category: 'environment',
    message: { nl: 'Poort {port} op {host} is al in gebruik.', en: 'Port {port} on {host} is already in use.' },
    hints: [
      {
        nl: 'Kies een andere poort met --port, of laat --port weg voor een vrije poort.',
        en: 'Choose another port with --port, or leave --port out for a free one.',
      },
    ],
  },
  WEB_UNEXPECTED: {
    exit: ExitCode.internal,
    category: 'internal',
    message: {
      nl: 'Dit is gestopt op een probleem dat kluis niet voorzag; de details staan in het venster waarin "kluis start" draait.',
      en: 'This stopped on a problem kluis did not foresee; the details are in the window where "kluis start" runs.',
    },
    hints: [
      {
        nl: 'De wizard draait door. Biedt hij Herstellen aan, voer dat dan uit; probeer het daarna opnieuw en meld de fout met die details.',
        en: 'The wizard keeps running. If it offers Recover, run that; then try again, and report the error with those details.',
      },
    ],
  },
  CANCELLED: {
    exit: ExitCode.cancelled,
    category: 'user',
    message: { nl: 'Afgebroken; er is niets gewijzigd.', en: 'Cancelled; nothing was changed.' },
  },
  STOPPED_AT_ONCE: {
    exit: ExitCode.cancelled,
    category: 'user',
    message: {
      nl: 'Direct gestopt (tweede Ctrl-C) terwijl een bewerking liep.',
      en: 'Stopped at once (a second Ctrl-C) while an operation was running.',
    },
    hints: [
      {
        nl: 'Voer "kluis recover" uit: dat maakt het begonnen werk ongedaan of af.',
        en: 'Run "kluis recover": it undoes or finishes what was begun.',
      },
    ],
  },
});

export type ErrorCode = keyof typeof errorRegistry;
