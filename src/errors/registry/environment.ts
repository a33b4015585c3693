/** The machine and the server: connections, logins, permissions, the embedded server, folders. */
import { defineErrors, ExitCode } from '../definition.js';

export const environmentErrors = defineErrors({
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
        web: {
          nl: 'Controleer of de server draait en of de aanmeldgegevens kloppen (Geavanceerd).',
          en: 'Check that the server is running and that its login settings are right (Advanced).',
        },
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
        web: {
          nl: 'Controleer gebruiker en wachtwoord bij Geavanceerd.',
          en: 'Check the user and password under Advanced.',
        },
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
        web: {
          nl: 'Geef het wachtwoord bij Geavanceerd; kluis bewaart het versleuteld.',
          en: 'Give the password under Advanced; kluis stores it encrypted.',
        },
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
  SERVER_TLS_ROOT_CERT_MISSING: {
    exit: ExitCode.connection,
    category: 'environment',
    message: {
      nl: 'Server "{server}": sslmode={sslmode} controleert het certificaat van de server, maar het basiscertificaat {path} ontbreekt.',
      en: 'Server "{server}": sslmode={sslmode} checks the server\'s certificate, but the root certificate {path} is missing.',
    },
    hints: [
      {
        nl: 'Zet het certificaat van de uitgever (CA) van de server in {path}, of noem het met sslrootcert=BESTAND in de verbindingsgegevens.',
        en: "Put the certificate of the server's issuer (CA) in {path}, or name it with sslrootcert=FILE in the connection settings.",
        web: {
          nl: 'Zet het certificaat van de uitgever (CA) van de server in {path} op de computer waarop kluis draait.',
          en: "Put the certificate of the server's issuer (CA) in {path} on the computer kluis runs on.",
        },
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
      nl: 'De server staat {action} niet toe voor deze gebruiker.',
      en: 'The server does not allow {action} for this user.',
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
        web: {
          nl: 'Maak ruimte vrij waar de server (of de gekozen databasemap) zijn bestanden schrijft en probeer het opnieuw; wat half gemaakt was, is opgeruimd of wordt door "Herstellen van gefaalde back-up/terugzetten" opgeruimd.',
          en: 'Free space where the server (or the chosen database directory) writes its files and try again; what was half made has been removed, or "Recover a failed backup/restore" removes it.',
        },
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
    hints: [
      {
        nl: 'Gebruik een PostgreSQL-server met --server.',
        en: 'Use a PostgreSQL server with --server.',
        web: { nl: 'Kies een andere PostgreSQL-server.', en: 'Choose another PostgreSQL server.' },
      },
    ],
  },
  EMBEDDED_FOLDER_FOREIGN: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'De ingebouwde server in {home} start niet: map {dir} is van een andere gebruiker.',
      en: 'The embedded server in {home} does not start: folder {dir} belongs to another user.',
    },
    hints: [
      {
        nl: 'De ingebouwde server draait alleen in mappen van het account waaronder hij draait; geef de map terug aan dat account of kies een andere kluis-map.',
        en: 'The embedded server runs only in folders of the account it runs as; give the folder back to that account or choose another kluis folder.',
      },
    ],
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
        web: {
          nl: 'Wie kluis start, kan een andere kluis-map kiezen, bijvoorbeeld /var/lib/kluis.',
          en: 'Whoever starts kluis can choose another kluis home, for example /var/lib/kluis.',
        },
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
        web: {
          nl: 'PostgreSQL draait niet als root; de beheerder van deze computer kan het account {account} aanmaken.',
          en: 'PostgreSQL does not run as root; the administrator of this computer can create the account {account}.',
        },
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
});
