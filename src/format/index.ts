/** The backup file format's public entry (docs/FORMAT.md). */
export { BackupWriter, type WriterOptions } from './writer.js';
export {
  BackupReader,
  readBackupFile,
  parseFileHeader,
  type BodyEvent,
  type OpenOptions,
  type FileHeaderInfo,
} from './reader.js';
export {
  validateRecipient,
  validateIdentity,
  generateKeyPair,
  isEncrypting,
  checkNewPassphrase,
  MIN_PASSPHRASE_LENGTH,
  type EncryptionKeys,
  type DecryptionKeys,
} from './encryption.js';
export type { Manifest, Footer, TableInfo, TableStats, ColumnInfo, HandBack } from './manifest.js';
export { FORMAT_VERSION, FORMAT_VERSIONS, FILE_HEADER_SIZE, BLOCK_SIZE } from './constants.js';
export { readFooterFromFile } from './seek.js';
