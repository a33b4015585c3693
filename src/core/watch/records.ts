/**
 * The nightly run's files in kluis's home: what was installed
 * (schedule/schedule.json) and how the last runs went (schedule/runs.json).
 * Both are written whole and atomically, so a reader sees the old file or
 * the new one, never half of one; a run writes its record when it starts
 * (a killed run stays visible as one that never ended) and when it ends.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { folderWriteError, isToolError, ToolError } from '../../errors/index.js';
import { parseWith } from '../../schema/common.js';
import {
  type InstalledSchedule,
  runsSchema,
  type ScheduledRun,
  type ScheduleRuns,
  scheduleSchema,
} from '../../schema/schedule.js';
import { writeFileAtomic } from '../../storage/atomic-write.js';
import { makeFolder } from '../../storage/folders.js';
import { isAlive, thisHost } from '../../storage/process-info.js';
import { readSmallText, type SmallFileKind, smallFiles } from '../../storage/small-file.js';

export type { InstalledSchedule, ScheduledRun } from '../../schema/schedule.js';

/** How many runs the record keeps: a week of nights. */
export const runsKept = 7;

export interface ScheduleFiles {
  readonly folder: string;
  readonly schedule: string;
  readonly runs: string;
  /** Where cron appends what a run prints (systemd keeps it in its journal). */
  readonly log: string;
  /** Held while a run runs: one at a time. */
  readonly lock: string;
}

export function scheduleFiles(home: string): ScheduleFiles {
  const folder = join(home, 'schedule');
  return {
    folder,
    schedule: join(folder, 'schedule.json'),
    runs: join(folder, 'runs.json'),
    log: join(folder, 'run.log'),
    lock: join(folder, 'run.lock'),
  };
}

function readJson(path: string, kind: SmallFileKind): unknown {
  let text: string;
  try {
    text = readSmallText(path, kind);
  } catch (err) {
    if (isToolError(err, 'FILE_NOT_FOUND')) return undefined;
    throw err;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ToolError('SCHEDULE_RECORD_DAMAGED', { path });
  }
}

function write(home: string, path: string, value: unknown): void {
  makeFolder(home, 0o700);
  makeFolder(scheduleFiles(home).folder, 0o700);
  try {
    writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  } catch (err) {
    throw folderWriteError(err, scheduleFiles(home).folder);
  }
}

export function readInstalledSchedule(home: string): InstalledSchedule | undefined {
  const path = scheduleFiles(home).schedule;
  const json = readJson(path, smallFiles.settings);
  if (json === undefined) return undefined;
  return parseWith(scheduleSchema(), json, () => new ToolError('SCHEDULE_RECORD_DAMAGED', { path }));
}

export function writeInstalledSchedule(home: string, schedule: InstalledSchedule): void {
  write(home, scheduleFiles(home).schedule, schedule);
}

export function forgetInstalledSchedule(home: string): void {
  rmSync(scheduleFiles(home).schedule, { force: true });
}

/** The runs recorded, newest first. */
export function readRuns(home: string): readonly ScheduledRun[] {
  const path = scheduleFiles(home).runs;
  const json = readJson(path, smallFiles.runRecord);
  if (json === undefined) return [];
  const runs: ScheduleRuns = parseWith(runsSchema(), json, () => new ToolError('SCHEDULE_RECORD_DAMAGED', { path }));
  return runs.runs;
}

/** Puts `run` first in the record (replacing the entry with its id), keeping the newest `runsKept`. */
export function recordRun(home: string, run: ScheduledRun): void {
  let earlier: readonly ScheduledRun[];
  try {
    earlier = readRuns(home);
  } catch (err) {
    // A damaged record must not stop tonight's backups: it starts afresh.
    if (!isToolError(err, 'SCHEDULE_RECORD_DAMAGED')) throw err;
    earlier = [];
  }
  const runs = [run, ...earlier.filter((r) => r.id !== run.id)].slice(0, runsKept);
  write(home, scheduleFiles(home).runs, { version: 1, runs });
}

/**
 * A run's result as it stands: a run recorded as running whose process on
 * this host is gone was interrupted (killed, a power cut), and counts as failed.
 */
export function effectiveResult(run: ScheduledRun): 'running' | 'ok' | 'failed' | 'interrupted' {
  if (run.result !== 'running') return run.result;
  return run.host === thisHost && !isAlive(run.pid) ? 'interrupted' : 'running';
}
