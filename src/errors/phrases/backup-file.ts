/** Why a backup file is damaged or incomplete, and what its encryption needs (src/format). */
import { definePhrases } from '../definition.js';

export const backupFilePhrases = definePhrases({
  // where a file ends (BACKUP_TRUNCATED's {where})
  ENDS_BEFORE_START: { nl: 'voordat het begint (het is leeg)', en: 'before it starts (it is empty)' },
  ENDS_IN_HEADER: { nl: 'midden in de kop', en: 'inside its header' },
  ENDS_BEFORE_CLOSING_PART: { nl: 'voor het afsluitende deel', en: 'before its closing part' },
  ENDS_AT_PART: { nl: 'bij deel {part}', en: 'at part {part}' },
  ENDS_IN_PART: { nl: 'midden in deel {part}', en: 'inside part {part}' },
  ENDS_IN_ENCRYPTED_DATA: {
    nl: 'midden in de versleutelde gegevens ({detail})',
    en: 'inside the encrypted data ({detail})',
  },
  // why a file is damaged (BACKUP_DAMAGED's {reason})
  HEADER_FLAGS_UNKNOWN: { nl: 'de kop heeft onbekende vlaggen', en: 'its header has unknown flags' },
  MANIFEST_INVALID: { nl: 'het manifest is ongeldig', en: 'its manifest is not valid' },
  MANIFEST_NOT_FIRST: { nl: 'het begint niet met een manifest', en: 'it does not start with a manifest' },
  MANIFEST_TWICE: { nl: 'het heeft een tweede manifest', en: 'it has a second manifest' },
  FOOTER_INVALID: { nl: 'de voettekst is ongeldig', en: 'its footer is not valid' },
  FOOTER_UNREADABLE: { nl: 'de voettekst is niet te lezen', en: 'its footer cannot be read' },
  FOOTER_MISMATCH: { nl: 'de voettekst klopt niet met de inhoud', en: 'its footer does not match its contents' },
  FOOTER_MISPLACED: {
    nl: 'de voettekst staat niet waar de afsluiting zegt',
    en: 'its footer is not where its trailer says',
  },
  TRAILER_SIZE_WRONG: { nl: 'de afsluiting past niet bij het bestand', en: 'its trailer does not fit the file' },
  TRAILER_FOOTER_LENGTH_WRONG: {
    nl: 'de afsluiting geeft een onmogelijke lengte voor de voettekst',
    en: 'its trailer gives an impossible footer length',
  },
  TRAILER_MISMATCH: { nl: 'het afsluitende deel klopt niet', en: 'its closing part does not match' },
  BYTES_AFTER_END: { nl: 'er staan bytes na het einde', en: 'there are bytes after its end' },
  PART_NOT_JSON: { nl: 'een deel dat JSON moet zijn is het niet', en: 'a part that should be JSON is not' },
  TABLES_MISSING: { nl: 'tabellen {tables} ontbreken', en: 'tables {tables} are missing' },
  BLOCK_TABLE_UNKNOWN: {
    nl: 'een blok noemt tabel {stream}, die niet in het manifest staat',
    en: 'a block names table {stream}, which is not in the manifest',
  },
  TABLE_AFTER_END: { nl: 'tabel {table} gaat door na het einde', en: 'table {table} continues after its end' },
  TABLE_TOTALS_MISMATCH: {
    nl: 'de totalen van tabel {table} kloppen niet met de blokken',
    en: 'the totals of table {table} do not match its blocks',
  },
  AT_PART: { nl: '{reason} (deel {part})', en: '{reason} (part {part})' },
  PART_MISPLACED: { nl: 'een deel begint niet waar het moet', en: 'a part does not start where it should' },
  PART_TYPE_UNKNOWN: { nl: 'onbekend soort deel {type}', en: 'unknown part type {type}' },
  COMPRESSION_UNKNOWN: { nl: 'onbekende compressie {codec}', en: 'unknown compression {codec}' },
  RESERVED_BITS_SET: { nl: 'gereserveerde bits staan aan', en: 'reserved bits are set' },
  MANIFEST_OR_FOOTER_NAMES_TABLE: {
    nl: 'het manifest of de afsluiting noemt een tabel',
    en: 'the manifest or footer names a table',
  },
  PARTS_OUT_OF_ORDER: {
    nl: 'delen staan in de verkeerde volgorde (gevonden {found})',
    en: 'parts are out of order (found {found})',
  },
  PART_LENGTH_IMPOSSIBLE: { nl: 'een deel heeft een onmogelijke lengte', en: 'a part declares an impossible length' },
  STORED_PART_TWO_LENGTHS: { nl: 'een opgeslagen deel heeft twee lengtes', en: 'a stored part has two lengths' },
  CHECKSUM_MISMATCH: { nl: 'een controlegetal klopt niet', en: 'a checksum does not match' },
  BLOCK_UNDECODABLE: {
    nl: 'een blok laat zich niet uitpakken: {detail}',
    en: 'a block does not decompress: {detail}',
  },
  ENCRYPTED_DATA_ALTERED: {
    nl: 'de versleutelde gegevens zijn gewijzigd of afgebroken ({detail})',
    en: 'the encrypted data were altered or cut off ({detail})',
  },
  ENCRYPTION_INVALID: {
    nl: 'de versleuteling klopt niet ({detail})',
    en: 'the encryption does not check out ({detail})',
  },
  // what a file is encrypted with, and what opens it (BACKUP_WRONG_KEY_KIND)
  KEY_KIND_PASSPHRASE: { nl: 'een wachtwoord', en: 'a passphrase' },
  KEY_OPTION_PASSPHRASE_FILE: { nl: '--passphrase-file', en: '--passphrase-file' },
  KEY_KIND_PUBLIC_KEYS: { nl: 'openbare sleutels', en: 'public keys' },
  KEY_OPTION_IDENTITY: { nl: 'de geheime sleutel met --identity-file', en: 'the secret key with --identity-file' },
});
