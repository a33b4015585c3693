/**
 * The names of the temporary files atomic-write.ts makes
 * (.<name>.partial-<host>-<pid>-<random>), and the sweep that removes those
 * a killed process left: the name says whose a file is, so no journal is
 * needed to find it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isAlive, thisHost } from './process-info.js';

/** Ties a temporary file to the machine that made it, for the sweep (a folder may be shared). */
const hostTag = createHash('sha256').update(thisHost).digest('hex').slice(0, 6);
const tempName = /^\..*\.partial-([0-9a-f]{6})-(\d+)-[0-9a-f]{8}$/;
/** A temporary file of another machine is judged by age alone: nothing writes one that long without touching it. */
const foreignStaleMs = 24 * 60 * 60 * 1000;

/** Hidden, never the final name, unique per process and per file; the name part is shortened to stay under NAME_MAX. */
export function atomicTempPath(target: string): string {
  const suffix = `.partial-${hostTag}-${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(target), `.${basename(target).slice(0, 120)}${suffix}`);
}

/** True for the name of a temporary file this module makes (whoever made it). */
export function isAtomicTempName(name: string): boolean {
  return tempName.test(name);
}

/**
 * Removes the temporary files in `folder` left by processes that were killed
 * before they could: on this host, those whose process is gone; of another
 * host, those untouched for a day. Returns what it removed. Never fails:
 * a folder it cannot read is simply not swept.
 */
export function sweepStaleTemps(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = tempName.exec(name);
    if (!match) continue;
    const path = join(folder, name);
    try {
      const stats = lstatSync(path);
      if (!stats.isFile()) continue;
      const pid = Number(match[2]);
      const ownerGone = match[1] === hostTag && pid !== process.pid && !isAlive(pid);
      if (!ownerGone && Date.now() - stats.mtimeMs < foreignStaleMs) continue;
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // gone meanwhile, or not ours to remove: the next sweep tries again
    }
  }
  return removed;
}
