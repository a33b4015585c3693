/** Repositories as the rest of core and the shells see them: named ones, locations, the probe. */
export { parseCredentials, readCredentialsFile } from './credentials.js';
export {
  type BackupSource,
  isRepositoryLocation,
  type OpenedLocation,
  openBackupSource,
  openLocation,
  repositoryFor,
} from './open-location.js';
export {
  type AddRepositoryInput,
  addRepository,
  listRepositories,
  type RepositoryListing,
  removeRepository,
  repositorySettings,
  validateRepositoryName,
} from './repository-registry.js';
export { type RepositoryTestResult, testRepository } from './test-repository.js';
