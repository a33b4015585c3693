/** Backup files: damaged, encrypted for someone else, from a newer kluis, not writable. */
import { defineErrors, ExitCode } from '../definition.js';

export const backupErrors = defineErrors({
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
        nl: 'Geef het wachtwoord met --passphrase-file, of de sleutel met --identity-file.',
        en: 'Give the passphrase with --passphrase-file, or the key with --identity-file.',
        web: { nl: 'Vul het wachtwoord van de back-up in.', en: "Enter the backup's passphrase." },
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
  TABLESPACE_NEEDS_SUPERUSER: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Een databasemap vraagt een tablespace, en die mag op deze server alleen een superuser aanmaken.',
      en: 'A database directory needs a tablespace, which only a superuser may create on this server.',
    },
    hints: [
      {
        nl: 'Laat --database-dir weg (de administratie komt dan in de standaardopslag van de server), of vraag de beheerder van de server om het superuser-recht.',
        en: "Leave out --database-dir (the administration then goes into the server's default storage), or ask the server's administrator for the superuser right.",
        web: {
          nl: 'Laat de databasemap leeg (de administratie komt dan in de standaardopslag van de server), of vraag de beheerder van de server om het superuser-recht.',
          en: "Leave the database directory empty (the administration then goes into the server's default storage), or ask the server's administrator for the superuser right.",
        },
      },
    ],
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
  BACKUP_PIPE_CLOSED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'De opdracht die de back-up via standaarduitvoer ontving, stopte met lezen voordat de back-up klaar was.',
      en: 'The command receiving the backup on standard output stopped reading before the backup was finished.',
    },
    hints: [
      {
        nl: 'Kijk naar de melding van die opdracht (na de | ); er is hier niets gewijzigd.',
        en: "Look at that command's own message (after the | ); nothing was changed here.",
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
});
