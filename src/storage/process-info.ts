/**
 * Facts about local processes, for telling a live lock holder from a dead
 * one. On Linux the process start time (from /proc) guards against a pid that
 * was reused by an unrelated process after a crash.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

export const thisHost = hostname();

/**
 * True when a process with this pid exists and is not a zombie (also if it
 * belongs to another user). Zombies count as dead: in containers PID 1 often
 * reaps orphans late, and a killed server must not look alive meanwhile.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return processState(pid) !== 'Z';
}

/** The one-letter state from /proc/<pid>/stat (R, S, D, Z, ...), or undefined off Linux. */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** The kernel's start time of a process in clock ticks since boot, or undefined off Linux. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces and parentheses; fields after the last ')' are fixed.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19];
  } catch {
    return undefined;
  }
}

/**
 * The tag kluis puts in application_name, so the server sessions of one
 * process can be found again (recover ends those of a process that died).
 */
export function sessionTag(pid: number = process.pid, start: string | undefined = processStartTime(pid)): string {
  return `kluis/${pid}${start ? `-${start}` : ''}`;
}

/** True when the pid is alive and, where we can tell, is the same process that was recorded. */
export function isSameProcess(pid: number, recordedStart: string | undefined): boolean {
  if (!isAlive(pid)) return false;
  if (recordedStart === undefined) return true;
  const now = processStartTime(pid);
  return now === undefined || now === recordedStart;
}

export function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/** Pids of processes whose working directory is `dir` (Linux; empty elsewhere or when unreadable). */
export function processesWithCwd(dir: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === dir) found.push(Number(entry));
    } catch {
      // not ours to see, or gone already
    }
  }
  return found;
}
