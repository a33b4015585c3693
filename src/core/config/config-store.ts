/**
 * config.json in kluis's home: the named servers and a few preferences.
 * Passwords are never stored here; a server's password lives encrypted in
 * the secret store and the config holds only a reference to it.
 */
import { folderWriteError, isToolError, phrase, ToolError } from '../../errors/index.js';
import { parseWith } from '../../schema/common.js';
import { configSchema, type KluisConfig } from '../../schema/config.js';
import { writeFileAtomic } from '../../storage/atomic-write.js';
import { makeFolder } from '../../storage/folders.js';
import { readSmallText, smallFiles } from '../../storage/small-file.js';
import { homeLayout } from './home.js';
import { withSettingsLock } from './settings-lock.js';

export type { KluisConfig, RepositorySettings, RetentionPolicy, ServerEntry } from '../../schema/config.js';

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
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's own words are no sentence for a person.
    throw new ToolError('CONFIG_DAMAGED', {
      path,
      reason: phrase('CONFIG_NOT_JSON'),
    });
  }
  // Version 1, and every server an object with its connection settings as text (what openEngine reads).
  return parseWith(configSchema(), parsed, () => damaged(path));
}

const damaged = (path: string) =>
  new ToolError('CONFIG_DAMAGED', {
    path,
    reason: phrase('CONFIG_SHAPE_WRONG'),
  });

export function writeConfig(home: string, config: KluisConfig): void {
  makeFolder(home, 0o700);
  try {
    writeFileAtomic(homeLayout(home).configFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  } catch (err) {
    throw folderWriteError(err, home);
  }
}

/** Reads, changes and writes the settings as one step no other kluis process can interleave with. */
export function updateConfig(home: string, change: (c: KluisConfig) => KluisConfig): KluisConfig {
  return withSettingsLock(home, () => {
    const next = change(readConfig(home));
    writeConfig(home, next);
    return next;
  });
}
