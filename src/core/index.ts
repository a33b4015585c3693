/**
 * The core's public API: what the CLI and the web UI may use. Nothing in
 * core imports from cli/ or web/. What only the tests and scripts use is in
 * core/testing.ts.
 */

export { type SslMode, sslModes } from '../engines/index.js';
export {
  checkNewPassphrase,
  type DecryptionKeys,
  type EncryptionKeys,
  encryptionKind,
  type Footer,
  generateKeyPair,
  type Manifest,
  MIN_PASSPHRASE_LENGTH,
  validateIdentity,
  validateRecipient,
} from '../format/index.js';
export { isObjectStoreLocation, type Repository, type RepositoryEntry } from '../repository/index.js';
export {
  admittedAdministrations,
  type OpenRef,
  refuseOverwritingOpen,
  requireAdmitted,
  type SignedIn,
  signIn,
} from './access/access.js';
export {
  changeUser,
  listUsers,
  type UserActor,
  type UserChangeResult,
  type UserListing,
  type UserSummary,
} from './access/manage-users.js';
export { userChangeSentence } from './access/user-change-text.js';
export type { AdminCounts, AdminSettings } from './admin-db/admin-db.js';
export { createAdministration, planCreateAdministration } from './administrations/create-administration.js';
export { deleteAdministration } from './administrations/delete-administration.js';
export { findAdministration } from './administrations/find-administration.js';
export { type GenerateAdministrationInput, generateAdministration } from './administrations/generate-administration.js';
export { defaultLicence, installDefaultLicence, readLicenceFile } from './administrations/licence-files.js';
export {
  type AdministrationDetails,
  type AdministrationSummary,
  type LicenceView,
  listAdministrations,
  nextFreeAdministrationNumber,
  showAdministration,
} from './administrations/list-administrations.js';
export {
  type AdministrationBackup,
  type BackupAllError,
  type BackupAllInput,
  type BackupAllOutcome,
  type BackupAllResult,
  backupAll,
  backupAllIncomplete,
  backupAllOutcomeLabel,
  backupAllTotalSentence,
  checkBackupAllDestinations,
  jobsFor,
} from './backup/all/backup-all.js';
export { requireBackupAllAdministrator } from './backup/all/may-back-up-all.js';
export {
  type BackupPlan,
  type BackupResult,
  type CreateBackupInput,
  createBackup,
  planBackup,
} from './backup/create-backup.js';
export {
  backupHistory,
  type HistoryEntry,
  type InspectResult,
  inspectBackup,
  type VerifyResult,
  verifyBackup,
} from './backup/inspect-backup.js';
export {
  allInputs,
  allOperations,
  argumentName,
  argumentShown,
  changeCountsText,
  changeFieldLabel,
  changeObjectLabels,
  conflictRuleLabel,
  conflictRuleLabels,
  type Declared as DeclaredInputs,
  declaredRows,
  flagOf as inputFlag,
  type InputDeclaration,
  type InputId,
  type InputKind,
  inputOf,
  isInputId,
  namesOf as inputNames,
  notCarriedLabels,
  notCarriedText,
  type OperationDeclaration,
  type OperationId,
  type OperationInput,
  operationOfAction,
  operations,
  type PathUse,
  type PhaseDeclaration,
  type PreviewKey,
  type PreviewRow,
  type PreviewValue,
  type PreviewValues,
  phaseLabel,
  placeholderIn,
  type QualifiedValue,
  type RawValues,
  type RowValue,
  readsStandardInput,
  readValues,
  resultOf,
  type ValuesOf,
  wizardFlagOf as wizardInputFlag,
  wizardOwnInputs,
} from './catalog/index.js';
export {
  type ApplyChangesInput,
  type ApplyResult,
  applyChanges,
  checkChangesFor,
  packageOf,
} from './client/apply.js';
export {
  type BalanceChange,
  type ChangeConflict,
  type ChangeOp,
  type ChangeOutcome,
  type ChangeReview,
  type ConflictRule,
  conflictRules,
  type EntryChange,
  type ObjectChange,
  type PeriodChanges,
  type PeriodClosing,
} from './client/change-review.js';
export {
  type ChangesResult,
  changesFileName,
  type NotCarried,
  notCarriedIn,
  type WriteChangesInput,
  writeChanges,
} from './client/changes.js';
export {
  type CancelHandOutInput,
  type CancelHandOutResult,
  cancelHandOut,
  type HandOutInfo,
  type HandOutInput,
  type HandOutResult,
  handOut,
  handOutStatus,
  outstandingHandOuts,
  parseHandOutDate,
} from './client/hand-out.js';
export { handOutFlag, handOutText } from './client/hand-out-text.js';
export { type ImportClientLicenceResult, importClientLicence } from './client/import-client-licence.js';
export {
  type InstallClientInput,
  type InstallPlan,
  type InstallResult,
  installClient,
} from './client/install-client.js';
export { type PrepareInput, type PrepareReport, prepareCloudDatabase } from './cloud/prepare.js';
export type { RetentionPolicy } from './config/config-store.js';
export { defaultHome, resolveHome } from './config/home.js';
export { type ContextOptions, createContext, type KluisContext, sameInstallation } from './context.js';
export { type CopyInput, type CopyResult, copyAdministration } from './copy/copy-administration.js';
export { createDemo, type DemoResult, type DemoStep, demoAccountant, demoClient, demoPassword } from './demo/demo.js';
export {
  adminDatabaseName,
  adminNameKey,
  formatAdminNumber,
  maxNameLength,
  parseAdminNumber,
  parseAdminRef,
  validateAdminName,
} from './domain/administration-ref.js';
export {
  exportXaf,
  importXaf,
  isAuditfile,
  type XafExportInput,
  type XafExportResult,
  type XafImportInput,
  type XafImportPlan,
  type XafImportResult,
} from './exchange/index.js';
export { AtomicFile, checkOrdinaryFile, namesFolder, openBackupFile, readSecretFile, writeSmallFile } from './files.js';
export {
  dayInBoth,
  formatAmount,
  formatBytes,
  formatCount,
  formatDate,
  formatDateTime,
  formatDay,
  formatList,
  formatRemaining,
  formatSeconds,
  formatSpan,
  formatTimeLeft,
} from './formats.js';
export { type GeneratorSize, type GeneratorSizeName, generateData, generatorSizes } from './generator/generate-data.js';
export { operationsRunning, requestCancel } from './journal/cancellation.js';
export type { Operation } from './journal/operation-journal.js';
export { operationText } from './journal/operation-journal.js';
export { type DemoLicenceRequest, issueDemoLicence } from './licence/demo-licences.js';
export { trustedIssuers } from './licence/issuers.js';
export { accountancyArticle, hasArticle, type LicenceBody, licenceFormat } from './licence/licence.js';
export type { VerifiedLicence } from './licence/verify.js';
export type { Migration } from './migrations/migrator.js';
export {
  fractionDone,
  type ProgressEvent,
  type ProgressFigure,
  type ProgressListener,
  ProgressMeter,
  type ProgressPhase,
  type ProgressView,
  progressFigureLabels,
  progressFigures,
} from './progress.js';
export {
  listRecovery,
  type RecoveryAction,
  type RecoveryItem,
  type RecoveryReport,
  recover,
} from './recover/recover.js';
export {
  type AddRepositoryInput,
  addRepository,
  type BackupSource,
  listRepositories,
  type OpenedLocation,
  openBackupSource,
  openLocation,
  parseCredentials,
  type RepositoryListing,
  type RepositoryTestResult,
  readCredentialsFile,
  removeRepository,
  repositoryFor,
  testRepository,
  validateRepositoryName,
} from './repositories/index.js';
export { restoreBackup } from './restore/index.js';
export {
  planRestore,
  type RestoreInput,
  type RestorePlan,
  type RestoreResult,
  type RestoreWarning,
} from './restore/plan.js';
export { hasKeepRules, type KeepReason } from './retention/policy.js';
export { type PruneFile, type PruneInput, type PruneResult, pruneRepository } from './retention/prune.js';
export { keepReasonText } from './retention/reason-text.js';
export {
  type BrowsedServer,
  browseServers,
  freeServerName,
  resolveServerName,
  takeBrowsed,
} from './servers/choose.js';
export { describeDiscovered, describeServer, describeSettings, myComputerServer } from './servers/describe.js';
export { type DiscoveredServer, discoverServers } from './servers/discover.js';
export {
  addServer,
  type LoginSettings,
  listServers,
  localServerName,
  openEngine,
  removeServer,
  type ServerListing,
  saveTestedServer,
  serverSettings,
  validateServerName,
} from './servers/server-registry.js';
export { checkPlacement, type PlacementInput } from './staging/tablespace.js';
export type { AdministrationRecord } from './system-db/system-db.js';
export { systemDatabaseName } from './system-db/system-schema.js';
export { minPasswordLength } from './users/password.js';
export {
  originLabel,
  parseRole,
  roleLabel,
  type User,
  type UserRole,
  userRoles,
  validateUserName,
} from './users/user.js';
export type { UserChange, UserChangeKind } from './users/user-rules.js';
export { kluisVersion } from './version.js';
export {
  type AssessOptions,
  assessBackups,
  type CheckReport,
  checkBackups,
  type ExistenceCheck,
  type RunSummary,
  recordedFailure,
  type ScheduleView,
  scheduleView,
  stillThere,
  summarizeRun,
} from './watch/check.js';
export {
  type AdminFreshness,
  defaultMaxAgeHours,
  type FreshnessState,
  type ScopeFreshness,
} from './watch/freshness.js';
export { ageText, decidingScope, findingsText, freshnessText } from './watch/freshness-text.js';
export { type PingResult, parsePingUrl, ping } from './watch/ping.js';
export { effectiveResult, readInstalledSchedule, readRuns, type ScheduledRun, scheduleFiles } from './watch/records.js';
export {
  type InstallResult as ScheduleInstallResult,
  installSchedule,
  type MethodChoice,
  methodChoices,
  missingFiles,
  planSchedule,
  type RemoveResult,
  removeSchedule,
  type SchedulePlan,
  schedulerFacts,
} from './watch/schedule-install.js';
export { defaultRunTime, randomizedDelayMinutes } from './watch/schedule-time.js';
export {
  type BackupOutcome,
  type NamedRepository,
  repositoryNames,
  runSchedule,
  type ScheduledWork,
} from './watch/scheduled-run.js';
