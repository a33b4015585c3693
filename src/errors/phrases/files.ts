/** What a file or stream kluis reads or writes is called, and why a system call on one failed (src/storage, src/core). */
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
  SMALL_FILE_RUN_RECORD: { nl: 'een verslag van de nachtelijke back-up', en: 'a record of the nightly run' },
  // why a system call on a path failed (the errno is in the cause, for --debug)
  ERRNO_EROFS: { nl: 'het bestandssysteem is alleen-lezen', en: 'the file system is read-only' },
  ERRNO_EACCES: { nl: 'daar is geen toestemming voor', en: 'permission is denied' },
  ERRNO_ENOSPC: { nl: 'de schijf is vol', en: 'there is no space left on the disk' },
  ERRNO_EDQUOT: { nl: 'de schijfruimte (quotum) is op', en: 'the disk quota is used up' },
  ERRNO_EFBIG: {
    nl: 'het bestand wordt groter dan het bestandssysteem toestaat',
    en: 'the file would grow larger than the file system allows',
  },
  ERRNO_EIO: { nl: 'het apparaat gaf een lees- of schrijffout', en: 'the device reported an input/output error' },
  ERRNO_EPIPE: { nl: 'de ontvangende kant is gestopt met lezen', en: 'the receiving end stopped reading' },
  ERRNO_ENOENT: { nl: 'daar kunnen geen bestanden worden gemaakt', en: 'files cannot be created there' },
  ERRNO_ENOTDIR: { nl: 'een deel van het pad is geen map', en: 'part of the path is not a folder' },
  ERRNO_EISDIR: { nl: 'het is een map', en: 'it is a folder' },
  ERRNO_EEXIST: { nl: 'er staat al iets met die naam', en: 'something with that name is already there' },
  ERRNO_ENAMETOOLONG: { nl: 'de naam is te lang', en: 'the name is too long' },
  ERRNO_ELOOP: {
    nl: 'het pad bevat een kring van symbolische koppelingen',
    en: 'the path holds a loop of symbolic links',
  },
  ERRNO_ETXTBSY: { nl: 'het bestand is in gebruik', en: 'the file is in use' },
  ERRNO_ENXIO: {
    nl: 'er is geen apparaat of lezer aan de andere kant',
    en: 'there is no device or reader at the other end',
  },
  ERRNO_OTHER: { nl: 'het besturingssysteem weigert het', en: 'the operating system refused it' },
  // what a path that is not an ordinary file is (FILE_NOT_REGULAR's {kind})
  SPECIAL_FIFO: { nl: 'een pijp (FIFO)', en: 'a pipe (FIFO)' },
  SPECIAL_SOCKET: { nl: 'een socket', en: 'a socket' },
  SPECIAL_DEVICE: { nl: 'een apparaat', en: 'a device' },
  SPECIAL_OTHER: { nl: 'iets anders', en: 'something else' },
});
