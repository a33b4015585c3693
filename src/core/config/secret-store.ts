/**
 * Keeps server passwords out of plain text: each is encrypted with
 * AES-256-GCM under a random key that only the owner can read
 * (<home>/secrets/key, 0600). This protects the config and any copy of it
 * (support bundles, backups of the home folder without the key); it is not a
 * defence against someone who can read the owner's files. libpq's own
 * ~/.pgpass and PGPASSWORD are honoured too and need no store at all.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { folderWriteError, isToolError, phrase, ToolError } from '../../errors/index.js';
import { parseWith } from '../../schema/common.js';
import { secretStoreSchema } from '../../schema/config.js';
import { writeFileAtomic } from '../../storage/atomic-write.js';
import { makeFolder } from '../../storage/folders.js';
import { readSmallFile, readSmallText, smallFiles } from '../../storage/small-file.js';
import { homeLayout } from './home.js';
import { withSettingsLock } from './settings-lock.js';

type Store = Record<string, string>;

function paths(home: string) {
  const dir = homeLayout(home).secretsDir;
  return { dir, key: join(dir, 'key'), store: join(dir, 'passwords.json') };
}

function writeSecretFile(path: string, content: string | Buffer): void {
  try {
    writeFileAtomic(path, content, { mode: 0o600 });
  } catch (err) {
    throw folderWriteError(err, dirname(path));
  }
}

function loadKey(home: string): Buffer {
  const p = paths(home);
  try {
    return readSmallFile(p.key, smallFiles.secret);
  } catch (err) {
    if (!isToolError(err, 'FILE_NOT_FOUND')) throw err;
    return withSettingsLock(home, () => makeKey(home));
  }
}

/** The first secret makes the key; a process that made it first meanwhile is not overruled. */
function makeKey(home: string): Buffer {
  const p = paths(home);
  try {
    return readSmallFile(p.key, smallFiles.secret);
  } catch (err) {
    if (!isToolError(err, 'FILE_NOT_FOUND')) throw err;
    makeFolder(p.dir, 0o700);
    const key = randomBytes(32);
    writeSecretFile(p.key, key);
    return readSmallFile(p.key, smallFiles.secret);
  }
}

/**
 * The store, or an empty one when there is none yet. A store that is not
 * JSON or not reference → text is CONFIG_DAMAGED: treating it as empty would
 * let the next password stored overwrite every other one.
 */
function loadStore(home: string): Store {
  const path = paths(home).store;
  let text: string;
  try {
    text = readSmallText(path, smallFiles.settings);
  } catch (err) {
    if (isToolError(err, 'FILE_NOT_FOUND')) return {};
    throw err;
  }
  const damaged = () =>
    new ToolError('CONFIG_DAMAGED', {
      path,
      reason: phrase('SECRETS_SHAPE_WRONG'),
    });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw damaged();
  }
  return { ...parseWith(secretStoreSchema(), json, damaged) };
}

export function storeSecret(home: string, secret: string): string {
  const key = loadKey(home);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const ref = randomUUID();
  const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  withSettingsLock(home, () =>
    writeSecretFile(paths(home).store, JSON.stringify({ ...loadStore(home), [ref]: sealed }, null, 2)),
  );
  return ref;
}

/** The secret, or undefined when it is missing or cannot be decrypted (key replaced). */
export function readSecret(home: string, ref: string): string | undefined {
  const sealed = loadStore(home)[ref];
  if (!sealed) return undefined;
  try {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', loadKey(home), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

export function deleteSecret(home: string, ref: string): void {
  withSettingsLock(home, () => {
    const store = loadStore(home);
    if (!(ref in store)) return;
    delete store[ref];
    writeSecretFile(paths(home).store, JSON.stringify(store, null, 2));
  });
}
