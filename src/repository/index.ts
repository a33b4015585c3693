/**
 * Repositories: where backup files are kept (repository.ts). The only file
 * core imports from this layer.
 */
export { FolderRepository } from './folder-repository.js';
export { checkFileName } from './names.js';
export type { CreateOptions, PendingObject, Repository, RepositoryEntry, RepositoryKind } from './repository.js';
export { formatS3Place, parseS3File, parseS3Place, type S3File, type S3Place } from './s3-location.js';
export { type S3Credentials, type S3Options, S3Repository } from './s3-repository.js';

/** True for a location on S3-compatible object storage (`s3://bucket/key`). */
export function isObjectStoreLocation(location: string): boolean {
  return location.startsWith('s3://');
}
