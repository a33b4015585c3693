/**
 * config.json in kluis's home: the named servers and a few preferences.
 * Passwords are never stored here; a server's password lives encrypted in
 * the secret store and the config holds only a reference to it.
 */
import { folderWriteError, isToolError, ToolError } from '../../errors/index.js';
import { makeFolder } from '../../storage/folders.js';
import { readSmallText, smallFiles } from '../../storage/small-file.js';
import { writeFileAtomic } from '../../storage/atomic-write.js';
import { homeLayout } from './home.js';

export interface ServerEntry {
  /** libpq keyword/value settings, without a password. */
  readonly conninfo: string;
  /** Key in the secret store when a password was given. */
  readonly passwordRef?: string;
  readonly addedAt: string;
}

export interface KluisConfig {
  readonly version: 1;
  readonly servers: Readonly<Record<string, ServerEntry>>;
  /** Whether licences from the bundled demo issuer are accepted (default true). */
  readonly trustDemoIssuer?: boolean;
}

const emptyConfig: KluisConfig = { version: 1, servers: {} };

export function readConfig(home: string): KluisConfig {
  const path = homeLayout(home).configFile;
  let text: string;
  try {
    text = readSmallText(path, smallFiles.settings);
  } catch (err) {
    if (isToolError(err, 'FILE_NOT_FOUND')) return emptyConfig;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as KluisConfig;
    if (parsed.version !== 1 || typeof parsed.servers !== 'object' || parsed.servers === null) throw new Error('unknown layout');
    return parsed;
  } catch (err) {
    throw new ToolError('CONFIG_DAMAGED', { path, reason: (err as Error).message });
  }
}

export function writeConfig(home: string, config: KluisConfig): void {
  makeFolder(home, 0o700);
  try {
    writeFileAtomic(homeLayout(home).configFile, JSON.stringify(config, null, 2) + '\n', 0o600);
  } catch (err) {
    throw folderWriteError(err, home);
  }
}

export function updateConfig(home: string, change: (c: KluisConfig) => KluisConfig): KluisConfig {
  const next = change(readConfig(home));
  writeConfig(home, next);
  return next;
}
