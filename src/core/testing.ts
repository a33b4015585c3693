/**
 * What the tests and the scripts (bench, make-fixtures) reach into core for
 * and no shell uses: the databases' classes and migrations, the journal,
 * licence signing, password hashing, the raw readers of config and backups.
 * Kept out of core/index.ts so the library's API is what the CLI, the web
 * UI and the wizard need; test/architecture.test.ts refuses any import of
 * this file from src/.
 */

export { readBackupFile } from '../format/index.js';
export { admits } from './access/access.js';
export { AdminDb } from './admin-db/admin-db.js';
export { adminMigrations } from './admin-db/admin-schema.js';
export type { CreateAdministrationInput, NewUser } from './administrations/create-administration.js';
export { readConfig } from './config/config-store.js';
export { homeLayout } from './config/home.js';
export { beginOperation } from './journal/operation-journal.js';
export { demoIssuerId } from './licence/issuers.js';
export { canonicalJson, type LicenceDocument, parseLicenceDocument, parseLicenceText } from './licence/licence.js';
export { signLicence, verifyLicence } from './licence/verify.js';
export { currentVersion, latestVersion, migrate } from './migrations/migrator.js';
export { SystemDb } from './system-db/system-db.js';
export { systemMigrations } from './system-db/system-schema.js';
export { hashPassword, verifyPassword } from './users/password.js';
