/**
 * Named repositories in config.json: a folder or S3-compatible object
 * storage, with the endpoint and region for the latter and a reference to
 * its keys in the secret store (never the keys themselves). The retention
 * policy a repository may carry is edited elsewhere (prune); this file
 * keeps it as it is.
 */
import { resolve } from 'node:path';
import { ToolError } from '../../errors/index.js';
import { formatS3Place, isObjectStoreLocation, parseS3Place, type S3Credentials } from '../../repository/index.js';
import type { RepositorySettings, RetentionPolicy } from '../config/config-store.js';
import { readConfig, updateConfig } from '../config/config-store.js';
import { deleteSecret } from '../config/secret-store.js';
import { storeCredentials } from './credentials.js';

export interface RepositoryListing {
  readonly name: string;
  readonly kind: 'folder' | 's3';
  /** The folder, or s3://bucket/prefix/. */
  readonly url: string;
  readonly endpoint?: string;
  readonly region?: string;
  /** Keys kept in the secret store; otherwise the AWS variables and files are used. */
  readonly hasStoredCredentials: boolean;
  readonly policy?: RetentionPolicy;
}

export interface AddRepositoryInput {
  readonly name: string;
  readonly url: string;
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: S3Credentials;
}

export function validateRepositoryName(name: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(name)) throw new ToolError('REPOSITORY_LABEL_INVALID', { input: name });
}

function listing(name: string, entry: RepositorySettings): RepositoryListing {
  return {
    name,
    kind: isObjectStoreLocation(entry.url) ? 's3' : 'folder',
    url: entry.url,
    ...(entry.endpoint ? { endpoint: entry.endpoint } : {}),
    ...(entry.region ? { region: entry.region } : {}),
    hasStoredCredentials: entry.credentialsRef !== undefined,
    ...(entry.policy ? { policy: entry.policy } : {}),
  };
}

export function listRepositories(home: string): RepositoryListing[] {
  return Object.entries(readConfig(home).repositories ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, entry]) => listing(name, entry));
}

/** A named repository's settings, or undefined for a name that is none. */
export function repositorySettings(home: string, name: string): RepositorySettings | undefined {
  const all = readConfig(home).repositories ?? {};
  return Object.hasOwn(all, name) ? all[name] : undefined;
}

/** An endpoint is an http(s) address without keys in it (`https://key:secret@…` would put them in the config). */
function checkEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ToolError('REPOSITORY_URL_INVALID', { url: endpoint });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search)
    throw new ToolError('REPOSITORY_URL_INVALID', { url: endpoint });
  return endpoint.replace(/\/+$/, '');
}

/**
 * Adds a named repository. A folder is kept as its absolute path; object
 * storage as `s3://bucket/prefix/`, with its keys (if given) in the secret
 * store. Nothing is contacted here: `testRepository` does that.
 */
export function addRepository(home: string, input: AddRepositoryInput): RepositoryListing {
  validateRepositoryName(input.name);
  const s3 = isObjectStoreLocation(input.url);
  if (!s3) {
    const setting = input.endpoint
      ? '--endpoint'
      : input.region
        ? '--region'
        : input.credentials
          ? '--credentials-file'
          : undefined;
    if (setting) throw new ToolError('REPOSITORY_SETTING_NOT_S3', { repository: input.name, setting });
  }
  const url = s3 ? formatS3Place(parseS3Place(input.url)) : resolve(input.url);
  const endpoint = input.endpoint ? checkEndpoint(input.endpoint) : undefined;
  if (repositorySettings(home, input.name)) throw new ToolError('REPOSITORY_EXISTS', { repository: input.name });
  const credentialsRef = input.credentials ? storeCredentials(home, input.credentials) : undefined;
  const entry: RepositorySettings = {
    url,
    ...(endpoint ? { endpoint } : {}),
    ...(input.region ? { region: input.region } : {}),
    ...(credentialsRef ? { credentialsRef } : {}),
    addedAt: new Date().toISOString(),
  };
  try {
    updateConfig(home, (c) => {
      // Checked again inside the change: another process may have added the name since.
      if (c.repositories && Object.hasOwn(c.repositories, input.name))
        throw new ToolError('REPOSITORY_EXISTS', { repository: input.name });
      return { ...c, repositories: { ...c.repositories, [input.name]: entry } };
    });
  } catch (err) {
    if (credentialsRef) deleteSecret(home, credentialsRef);
    throw err;
  }
  return listing(input.name, entry);
}

/** Forgets a named repository and its stored keys; the files in it stay where they are. */
export function removeRepository(home: string, name: string): void {
  const entry = repositorySettings(home, name);
  if (!entry) throw new ToolError('REPOSITORY_NOT_FOUND', { repository: name });
  updateConfig(home, (c) => {
    if (!c.repositories || !Object.hasOwn(c.repositories, name))
      throw new ToolError('REPOSITORY_NOT_FOUND', { repository: name });
    const repositories = { ...c.repositories };
    delete repositories[name];
    return { ...c, repositories };
  });
  if (entry.credentialsRef) deleteSecret(home, entry.credentialsRef);
}
