/**
 * A cross-process lock held as a file that is never replaced (link(2)). The file records
 * who holds it (host, pid, process start time, operation) so that a lock
 * left by a process that died is recognised and broken safely, without ever
 * asking a person to delete a file.
 *
 * Breaking a stale lock is itself guarded by a short-lived "breaker" file so
 * two processes that both find the same stale lock cannot remove each
 * other's fresh one.
 */
import { rmSync, statSync } from 'node:fs';
import { isToolError } from '../errors/index.js';
import { parseWith } from '../schema/common.js';
import { type LockHolder, lockHolderSchema } from '../schema/lock-file.js';
import { writeFileAtomic } from './atomic-write.js';
import { isSameProcess, processStartTime, thisHost } from './process-info.js';
import { readSmallText, smallFiles } from './small-file.js';

export type { LockHolder } from '../schema/lock-file.js';

export interface FileLock {
  readonly path: string;
  release(): void;
}

export type TryLockResult = { acquired: true; lock: FileLock } | { acquired: false; holder: LockHolder | undefined };

const breakerMaxAgeMs = 10_000;
/**
 * A lock file with no readable holder: a power cut left it empty, or an
 * older kluis, which created the file before writing it, was killed in
 * between. A live writer of such a version filled it within microseconds, so
 * one that stays unreadable this long is stale.
 */
const halfWrittenMaxAgeMs = 2_000;

export function describeHolder(h: LockHolder): string {
  return `${h.operation} (pid ${h.pid} on ${h.host}, since ${h.since})`;
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return parseWith(
      lockHolderSchema(),
      JSON.parse(readSmallText(path, smallFiles.lock)),
      () => new Error('no holder'),
    );
  } catch {
    return undefined; // gone, half-written by a holder that is writing it right now, or not a holder at all
  }
}

/** A holder on this host whose process is gone (or whose pid now names another process). */
function isStale(holder: LockHolder): boolean {
  return holder.host === thisHost && !isSameProcess(holder.pid, holder.processStart);
}

/**
 * Makes the lock file with its holder already in it (written under a
 * temporary name and linked into place), so a live holder's lock is never
 * seen empty; false when someone else's lock is there. Not fsynced: after a
 * power cut every holder is gone anyway.
 */
function createExclusive(path: string, content: string): boolean {
  try {
    writeFileAtomic(path, content, { replace: false, durable: false });
  } catch (err) {
    if (isToolError(err, 'BACKUP_FILE_EXISTS')) return false;
    throw err;
  }
  return true;
}

function isHalfWritten(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > halfWrittenMaxAgeMs;
  } catch {
    return false; // gone meanwhile: the next attempt finds out
  }
}

function breakStale(path: string, seen: LockHolder | undefined): void {
  const breaker = `${path}.breaker`;
  try {
    if (Date.now() - statSync(breaker).mtimeMs > breakerMaxAgeMs) rmSync(breaker, { force: true });
  } catch {
    // no breaker file: the usual case
  }
  if (!createExclusive(breaker, String(process.pid))) return;
  try {
    const now = readHolder(path);
    const unchanged = seen
      ? now !== undefined && now.pid === seen.pid && now.since === seen.since && now.host === seen.host
      : now === undefined && isHalfWritten(path);
    if (unchanged) rmSync(path, { force: true });
  } finally {
    rmSync(breaker, { force: true });
  }
}

/** Tries once to take the lock; clears a stale lock on the way. */
export function tryLock(path: string, operation: string): TryLockResult {
  const processStart = processStartTime(process.pid);
  const holder: LockHolder = {
    host: thisHost,
    pid: process.pid,
    ...(processStart ? { processStart } : {}),
    operation,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(path, JSON.stringify(holder))) {
      let released = false;
      return {
        acquired: true,
        lock: {
          path,
          release() {
            if (released) return;
            released = true;
            const current = readHolder(path);
            if (current && current.pid === holder.pid && current.since === holder.since) rmSync(path, { force: true });
          },
        },
      };
    }
    const existing = readHolder(path);
    const stale = existing ? isStale(existing) : isHalfWritten(path);
    if (!stale) return { acquired: false, holder: existing };
    breakStale(path, existing);
  }
  return { acquired: false, holder: readHolder(path) };
}

/** Waits (polling) up to `timeoutMs` for the lock. */
export async function acquireLock(path: string, operation: string, timeoutMs: number): Promise<TryLockResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = tryLock(path, operation);
    if (result.acquired || Date.now() >= deadline) return result;
    await new Promise((r) => setTimeout(r, 25));
  }
}
