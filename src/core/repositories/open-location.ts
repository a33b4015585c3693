/**
 * A location as a person gives it, turned into a repository (and a file in
 * it): a named repository from config.json, object storage
 * (`s3://bucket/prefix/` or `s3://bucket/prefix/name.ebu`), or a path on
 * this computer (a folder, or a file in one).
 *
 * Object storage gets its endpoint, region and keys from the named
 * repository whose address contains the location (the longest such), else
 * from the standard AWS variables and files (AWS_ENDPOINT_URL[_S3],
 * AWS_REGION, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE,
 * ~/.aws/…: the SDK's own chain). Keys never pass through here as text a
 * person could see.
 */
import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { ToolError } from '../../errors/index.js';
import type { SeekableBackup } from '../../format/index.js';
import {
  FolderRepository,
  formatS3Place,
  isObjectStoreLocation,
  parseS3File,
  parseS3Place,
  type Repository,
  S3Repository,
} from '../../repository/index.js';
import type { RepositorySettings } from '../config/config-store.js';
import { readConfig } from '../config/config-store.js';
import { openBackupFile } from '../files.js';
import { storedCredentials } from './credentials.js';
import { repositorySettings } from './repository-registry.js';

export interface OpenedLocation {
  readonly repository: Repository;
  /** The file in it, when the location names one. */
  readonly name?: string;
  /** The named repository it was opened through, if any. */
  readonly repositoryName?: string;
}

function s3From(home: string, url: string, settings: RepositorySettings | undefined): S3Repository {
  const credentials = settings?.credentialsRef ? storedCredentials(home, settings.credentialsRef) : undefined;
  return new S3Repository({
    url,
    ...(settings?.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings?.region ? { region: settings.region } : {}),
    ...(credentials ? { credentials } : {}),
  });
}

/** The named object-storage repository that contains `placeUrl` (longest address first), if any. */
function namedContaining(home: string, placeUrl: string): { name: string; settings: RepositorySettings } | undefined {
  const candidates = Object.entries(readConfig(home).repositories ?? {})
    .filter(([, s]) => isObjectStoreLocation(s.url))
    .map(([name, settings]) => ({ name, settings, url: safePlace(settings.url) }))
    .filter((c) => c.url !== undefined && placeUrl.startsWith(c.url))
    .sort((a, b) => b.url!.length - a.url!.length);
  return candidates[0];
}

function safePlace(url: string): string | undefined {
  try {
    return formatS3Place(parseS3Place(url));
  } catch {
    return undefined; // edited by hand into something else: it contains nothing
  }
}

function s3Place(home: string, placeUrl: string): OpenedLocation {
  const named = namedContaining(home, placeUrl);
  return {
    repository: s3From(home, placeUrl, named?.settings),
    ...(named ? { repositoryName: named.name } : {}),
  };
}

/** True when `location` is the name of a repository in config.json (a name wins over a folder of that name). */
function isNamed(home: string, location: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(location) && repositorySettings(home, location) !== undefined;
}

/** True for a location that is a repository's rather than a plain path: object storage, or a named repository. */
export function isRepositoryLocation(home: string, location: string): boolean {
  return isObjectStoreLocation(location) || isNamed(home, location);
}

/** A named repository, an `s3://` place, or a folder: the place itself, never a file in it. */
export function repositoryFor(home: string, nameOrUrl: string): Repository {
  // An empty value (a script's unset variable) is no location: as a path it would be the current folder.
  if (nameOrUrl.trim() === '') throw new ToolError('REPOSITORY_LOCATION_EMPTY');
  if (isNamed(home, nameOrUrl)) {
    const settings = repositorySettings(home, nameOrUrl)!;
    return isObjectStoreLocation(settings.url)
      ? s3From(home, settings.url, settings)
      : new FolderRepository(settings.url);
  }
  if (isObjectStoreLocation(nameOrUrl)) return s3Place(home, formatS3Place(parseS3Place(nameOrUrl))).repository;
  return new FolderRepository(nameOrUrl);
}

/**
 * Any location: a named repository or an `s3://…/` place (no file), an
 * `s3://…/name.ebu` file, an existing folder or a path ending in "/" (no
 * file), or a file path (the file in its folder).
 */
export function openLocation(home: string, location: string): OpenedLocation {
  if (isNamed(home, location)) return { repository: repositoryFor(home, location), repositoryName: location };
  if (isObjectStoreLocation(location)) {
    const file = parseS3File(location);
    if (!file) return s3Place(home, formatS3Place(parseS3Place(location)));
    return { ...s3Place(home, formatS3Place(file)), name: file.name };
  }
  const path = resolve(location);
  if (location.endsWith('/') || isFolder(path)) return { repository: new FolderRepository(path) };
  return { repository: new FolderRepository(dirname(path)), name: basename(path) };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export interface BackupSource {
  readonly stream: Readable;
  /** The location as the person gave it (a path, or the object's address). */
  readonly location: string;
  /** For inspect: the size and ranged reads, without reading the data. */
  readonly seek?: SeekableBackup;
}

/**
 * A backup to read (restore, verify, inspect, client install), wherever it
 * is: a file on this computer (checked as `openBackupFile` checks it) or an
 * object in a repository (missing: REPOSITORY_FILE_MISSING, before any
 * byte is read).
 */
export async function openBackupSource(home: string, location: string): Promise<BackupSource> {
  if (!isObjectStoreLocation(location)) return { stream: openBackupFile(location), location };
  const file = parseS3File(location);
  if (!file) throw new ToolError('REPOSITORY_URL_INVALID', { url: location });
  const { repository } = s3Place(home, formatS3Place(file));
  const entry = await repository.stat(file.name);
  if (!entry) throw new ToolError('REPOSITORY_FILE_MISSING', { location });
  return {
    stream: repository.read(file.name),
    location,
    seek: { size: entry.size, read: (start, length) => repository.readRange(file.name, start, length) },
  };
}
