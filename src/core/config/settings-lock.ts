/**
 * One writer at a time for a home's settings (config.json and the secret
 * store): each change reads, changes and writes a whole file, and two
 * processes doing so at once (two `server add`s) would lose one change, or
 * encrypt a password under a key the other replaced. Held only for the
 * read-change-write, never across a network call, so the wait is short.
 */
import { join } from 'node:path';
import { folderWriteError, ToolError } from '../../errors/index.js';
import { makeFolder } from '../../storage/folders.js';
import { describeHolder, tryLock } from '../../storage/lock-file.js';

const waitMs = 10_000;
/** Homes whose lock this process holds now, and how deep: a change inside a change does not wait for itself. */
const held = new Map<string, number>();

export function withSettingsLock<T>(home: string, change: () => T): T {
  const depth = held.get(home) ?? 0;
  if (depth > 0) {
    held.set(home, depth + 1);
    try {
      return change();
    } finally {
      held.set(home, depth);
    }
  }
  makeFolder(home, 0o700);
  const path = join(home, 'settings.lock');
  const deadline = Date.now() + waitMs;
  const take = () => {
    try {
      return tryLock(path, 'change settings');
    } catch (err) {
      throw folderWriteError(err, home); // a read-only or unwritable home
    }
  };
  let attempt = take();
  while (!attempt.acquired && Date.now() < deadline) {
    // Synchronous like the settings functions themselves; the holder is another process, so sleeping here blocks nobody it needs.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    attempt = take();
  }
  if (!attempt.acquired)
    throw new ToolError('SETTINGS_BUSY', { home, holder: attempt.holder ? describeHolder(attempt.holder) : '?' });
  held.set(home, 1);
  try {
    return change();
  } finally {
    held.delete(home);
    attempt.lock.release();
  }
}
