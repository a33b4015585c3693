/** The backup file format's public entry (docs/FORMAT.md). */

export { wholeFileStream } from './byte-reader.js';
export { BLOCK_SIZE, FILE_HEADER_SIZE, FORMAT_VERSION, FORMAT_VERSIONS } from './constants.js';
export {
  checkNewPassphrase,
  type DecryptionKeys,
  type EncryptionKeys,
  generateKeyPair,
  isEncrypting,
  MIN_PASSPHRASE_LENGTH,
  validateIdentity,
  validateRecipient,
} from './encryption.js';
export type {
  ChangesInfo,
  ColumnInfo,
  Footer,
  HandBack,
  Manifest,
  ManifestFiscalYear,
  TableInfo,
  TableStats,
} from './manifest.js';
export {
  BackupReader,
  type BodyEvent,
  encryptionKind,
  type FileHeaderInfo,
  type OpenOptions,
  parseFileHeader,
  readBackupFile,
} from './reader.js';
export {
  type RangeReader,
  rangedStream,
  readFooter,
  readFooterFromFile,
  type SeekableBackup,
} from './seek.js';
export { BackupWriter, type WriterOptions } from './writer.js';
