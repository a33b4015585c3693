/**
 * The core's public API: what the CLI and the web UI may use. Nothing in
 * core imports from cli/ or web/.
 */
export type { ProgressEvent, ProgressListener } from './progress.js';
export { createContext, sameInstallation, type KluisContext, type ContextOptions } from './context.js';
export { resolveHome, defaultHome, homeLayout } from './config/home.js';
export { readConfig } from './config/config-store.js';
export {
  listServers,
  addServer,
  removeServer,
  openEngine,
  localServerName,
  validateServerName,
  saveTestedServer,
  type ServerListing,
  type LoginSettings,
} from './servers/server-registry.js';
export { sslModes, type SslMode } from '../engines/index.js';
export { discoverServers, type DiscoveredServer } from './servers/discover.js';
export {
  parseAdminNumber,
  formatAdminNumber,
  validateAdminName,
  parseAdminRef,
  adminDatabaseName,
  maxNameLength,
} from './domain/administration-ref.js';
export { SystemDb, type AdministrationRecord } from './system-db/system-db.js';
export { systemDatabaseName, systemMigrations } from './system-db/system-schema.js';
export { AdminDb, type AdminCounts, type AdminSettings } from './admin-db/admin-db.js';
export { adminMigrations } from './admin-db/admin-schema.js';
export { migrate, currentVersion, latestVersion, type Migration } from './migrations/migrator.js';
export {
  createAdministration,
  planCreateAdministration,
  type CreateAdministrationInput,
  type NewUser,
} from './operations/create-administration.js';
export {
  listAdministrations,
  showAdministration,
  type AdministrationSummary,
  type AdministrationDetails,
  type LicenceView,
} from './operations/list-administrations.js';
export { deleteAdministration } from './operations/delete-administration.js';
export { readLicenceFile, defaultLicence, installDefaultLicence } from './operations/licence-files.js';
export { createDemo, demoPassword, demoAccountant, demoClient, type DemoResult } from './operations/demo.js';
export { findAdministration } from './operations/find-administration.js';
export { beginOperation, type Operation } from './journal/operation-journal.js';
export { operationsRunning, requestCancel } from './journal/cancellation.js';
export { generateAdministration, type GenerateAdministrationInput } from './generator/generate-administration.js';
export { generatorSizes, generateData, type GeneratorSize, type GeneratorSizeName } from './generator/generate-data.js';
export { verifyLicence, signLicence, type VerifiedLicence } from './licence/verify.js';
export { issueDemoLicence, type DemoLicenceRequest } from './licence/demo-licences.js';
export {
  parseLicenceText,
  parseLicenceDocument,
  canonicalJson,
  accountancyArticle,
  hasArticle,
  licenceFormat,
  type LicenceDocument,
  type LicenceBody,
} from './licence/licence.js';
export { trustedIssuers, demoIssuerId } from './licence/issuers.js';
export { hashPassword, verifyPassword, minPasswordLength } from './users/password.js';
export { validateUserName, userRoles, type User, type UserRole } from './users/user.js';
export {
  createBackup,
  planBackup,
  type CreateBackupInput,
  type BackupResult,
  type BackupPlan,
} from './backup/create-backup.js';
export {
  restoreBackup,
  planRestore,
  type RestoreInput,
  type RestorePlan,
  type RestoreResult,
  type RestoreWarning,
} from './backup/restore-backup.js';
export {
  verifyBackup,
  inspectBackup,
  backupHistory,
  type VerifyResult,
  type InspectResult,
  type HistoryEntry,
} from './backup/inspect-backup.js';
export {
  readBackupFile,
  checkNewPassphrase,
  MIN_PASSPHRASE_LENGTH,
  validateRecipient,
  validateIdentity,
  generateKeyPair,
  type EncryptionKeys,
  type DecryptionKeys,
  type Manifest,
  type Footer,
} from '../format/index.js';
export { kluisVersion } from './version.js';
export {
  installClient,
  type InstallClientInput,
  type InstallPlan,
  type InstallResult,
} from './client/install-client.js';
export {
  importXaf,
  isAuditfile,
  type XafImportInput,
  type XafImportPlan,
  type XafImportResult,
} from './exchange/xaf-import.js';
export { exportXaf, type XafExportInput, type XafExportResult } from './exchange/xaf-export.js';
export { importClientLicence, type ImportClientLicenceResult } from './client/import-client-licence.js';
export {
  listRecovery,
  recover,
  type RecoveryItem,
  type RecoveryReport,
  type RecoveryAction,
} from './recover/recover.js';
export { copyAdministration, type CopyInput, type CopyResult } from './copy/copy-administration.js';
export { prepareCloudDatabase, type PrepareInput, type PrepareReport } from './cloud/prepare.js';
export {
  signIn,
  admits,
  admittedAdministrations,
  requireAdmitted,
  refuseOverwritingOpen,
  type SignedIn,
  type OpenRef,
} from './access/access.js';
export { checkPlacement, type PlacementInput } from './backup/tablespace.js';
export { openBackupFile, checkOrdinaryFile, readSecretFile, writeSmallFile, namesFolder } from './files.js';
