/**
 * Repositories: where backup files are kept (repository.ts). The only file
 * core imports from this layer.
 */
export { FolderRepository } from './folder-repository.js';
export { checkFileName } from './names.js';
export type { PendingObject, Repository, RepositoryEntry, RepositoryKind } from './repository.js';

/** True for a location on S3-compatible object storage (`s3://bucket/key`). */
export function isObjectStoreLocation(location: string): boolean {
  return location.startsWith('s3://');
}
