/**
 * config.json in kluis's home: the named servers and a few preferences.
 * Passwords are never stored here; a server's password lives encrypted in
 * the secret store and the config holds only a reference to it.
 */
import { folderWriteError, isToolError, ToolError } from '../../errors/index.js';
import { writeFileAtomic } from '../../storage/atomic-write.js';
import { makeFolder } from '../../storage/folders.js';
import { readSmallText, smallFiles } from '../../storage/small-file.js';
import { homeLayout } from './home.js';
import { withSettingsLock } from './settings-lock.js';

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
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's own words are no sentence for a person.
    throw new ToolError('CONFIG_DAMAGED', {
      path,
      reason: { nl: 'de inhoud is geen JSON', en: 'its content is not JSON' },
    });
  }
  if (!isConfig(parsed))
    throw new ToolError('CONFIG_DAMAGED', {
      path,
      reason: {
        nl: 'de inhoud heeft niet de vorm van kluis-instellingen',
        en: 'its content does not have the shape of kluis settings',
      },
    });
  return parsed;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Version 1, and every server an object with its connection settings as text (what openEngine reads). */
function isConfig(x: unknown): x is KluisConfig {
  if (!isRecord(x) || x['version'] !== 1 || !isRecord(x['servers'])) return false;
  return Object.values(x['servers']).every(
    (s) =>
      isRecord(s) &&
      typeof s['conninfo'] === 'string' &&
      (s['passwordRef'] === undefined || typeof s['passwordRef'] === 'string'),
  );
}

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
