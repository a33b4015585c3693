/** What a file or stream kluis reads or writes is called, and what a server may not let kluis do (src/storage, src/core). */
import { definePhrases } from '../definition.js';

export const filePhrases = definePhrases({
  STANDARD_INPUT: { nl: 'standaardinvoer', en: 'standard input' },
  STANDARD_OUTPUT: { nl: 'standaarduitvoer', en: 'standard output' },
  // what a small file was meant to be (FILE_TOO_LARGE's {what})
  SMALL_FILE_SECRET: { nl: 'een wachtwoord of sleutel', en: 'a passphrase, password or key' },
  SMALL_FILE_LICENCE: { nl: 'een licentie', en: 'a licence' },
  SMALL_FILE_SETTINGS: { nl: 'een instellingenbestand', en: 'a settings file' },
  SMALL_FILE_PASSWORD_FILE: { nl: 'een wachtwoordbestand (.pgpass)', en: 'a password file (.pgpass)' },
  SMALL_FILE_CERTIFICATE: { nl: 'een certificaat of sleutel', en: 'a certificate or key' },
  SMALL_FILE_LOCK: { nl: 'een vergrendelingsbestand', en: 'a lock file' },
  // SERVER_PERMISSION_DENIED's {action} and {reason}
  ACTION_CREATE_TABLESPACE: { nl: 'een tablespace aanmaken', en: 'creating a tablespace' },
  ONLY_SUPERUSER: { nl: 'alleen een superuser mag dat', en: 'only a superuser may do that' },
});
