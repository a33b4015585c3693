/**
 * kluis schedule run: what the timer starts every night. Every
 * administration of the server backed up into every configured repository,
 * then each repository pruned by its policy; the run recorded in the home
 * as it starts and as it ends (schedule/runs.json), with each
 * administration's outcome. One run at a time (a lock file in the home).
 *
 * The work itself is two seams, `backupAll` and `prune` (ScheduledWork), so
 * the run is the same whichever operations fill them.
 */
import { randomUUID } from 'node:crypto';
import { ToolError } from '../../errors/index.js';
import type { RunAdministration, RunRepository } from '../../schema/schedule.js';
import { makeFolder } from '../../storage/folders.js';
import { describeHolder, tryLock } from '../../storage/lock-file.js';
import { thisHost } from '../../storage/process-info.js';
import { backupAll } from '../backup/all/backup-all.js';
import { type RepositorySettings, readConfig } from '../config/config-store.js';
import type { KluisContext } from '../context.js';
import { cancelRequested } from '../journal/cancellation.js';
import { repositoryFor } from '../repositories/index.js';
import { pruneRepository } from '../retention/prune.js';
import { RecordedFailure, recordedFailure } from './check.js';
import { inScope } from './freshness.js';
import { recordRun, type ScheduledRun, scheduleFiles } from './records.js';

export interface NamedRepository {
  readonly name: string;
  readonly settings: RepositorySettings;
}

/** One administration backed up (or not) into one repository. */
export interface BackupOutcome {
  readonly number: string;
  readonly name: string;
  readonly repository: string;
  readonly location?: string;
  /** Undefined when it succeeded. */
  readonly error?: unknown;
}

export interface ScheduledWork {
  /** Backs up every administration of the context's server into each repository; one outcome per pair. */
  backupAll(ctx: KluisContext, repositories: readonly NamedRepository[]): Promise<BackupOutcome[]>;
  /** Prunes one repository by its policy: how many files went; undefined when there is no prune to run. */
  prune(ctx: KluisContext, repository: NamedRepository): Promise<{ removed: number } | undefined>;
}

/**
 * `kluis backup all` into every repository (the first written from the
 * database, the others given copies), each administration's result told per
 * repository: a repository holding a copy of it counts as done even when a
 * later copy failed. A repository that cannot be written when the run
 * starts is left out (the others still get every administration) and its
 * reason reported for each administration and for its prune. Then `kluis
 * backup prune` of each, by its own policy.
 */
export function nightlyWork(options: { readonly verify?: boolean; readonly jobs?: number } = {}): ScheduledWork {
  /** The repositories that could not be written tonight, each with why. */
  const unusable = new Map<string, unknown>();
  return {
    async backupAll(ctx, repositories) {
      // One repository that cannot be written tonight (a share not mounted, off-site keys expired, a store down)
      // does not stop the others: every administration goes where it can, and is reported as not in that one.
      for (const r of repositories) {
        try {
          await repositoryFor(ctx.home, r.name).checkWritable();
        } catch (err) {
          unusable.set(r.name, err);
        }
      }
      const usable = repositories.filter((r) => !unusable.has(r.name));
      if (usable.length === 0) throw unusable.get(repositories[0]!.name);
      const result = await backupAll(ctx, {
        to: usable.map((r) => r.name),
        ...(options.verify ? { verify: true } : {}),
        ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
      });
      return result.administrations.flatMap((a) =>
        repositories.map((repository) => {
          const base = { number: a.number, name: a.name, repository: repository.name };
          if (unusable.has(repository.name)) return { ...base, error: unusable.get(repository.name) };
          const scope = { repository: repository.name, url: repository.settings.url, maxAgeHours: 0 };
          const location = a.locations.find((l) => inScope(l, scope));
          if (location) return { ...base, location };
          return { ...base, error: a.error ? new RecordedFailure(a.error) : new ToolError('SCHEDULE_NOT_COPIED') };
        }),
      );
    },
    async prune(ctx, repository) {
      // Not written tonight: not pruned either, for the same reason (said once, without asking it all again).
      if (unusable.has(repository.name)) throw unusable.get(repository.name);
      const result = await pruneRepository(ctx, { repository: repository.name });
      return { removed: result.removed.length };
    },
  };
}

/** The names of the repositories the run backs up into (config.json), in name order. */
export function repositoryNames(home: string): string[] {
  return Object.keys(readConfig(home).repositories ?? {}).sort((a, b) => a.localeCompare(b));
}

function configuredRepositories(ctx: KluisContext): NamedRepository[] {
  return Object.entries(readConfig(ctx.home).repositories ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, settings]) => ({ name, settings }));
}

function administrationOutcome(o: BackupOutcome): RunAdministration {
  return {
    number: o.number,
    name: o.name,
    repository: o.repository,
    outcome: o.error === undefined ? 'ok' : 'failed',
    ...(o.location ? { location: o.location } : {}),
    ...(o.error !== undefined ? { failure: recordedFailure(o.error) } : {}),
  };
}

async function pruneOutcome(ctx: KluisContext, work: ScheduledWork, repo: NamedRepository): Promise<RunRepository> {
  const base = { name: repo.name, url: repo.settings.url };
  try {
    const pruned = await work.prune(ctx, repo);
    return { ...base, prune: pruned ? { outcome: 'ok', removed: pruned.removed } : { outcome: 'skipped', removed: 0 } };
  } catch (err) {
    return { ...base, prune: { outcome: 'failed', removed: 0, failure: recordedFailure(err) } };
  }
}

export interface RunOptions {
  readonly work?: ScheduledWork;
  /** For the nightly work (when `work` is not given): read every stored file back; administrations at once. */
  readonly verify?: boolean;
  readonly jobs?: number;
  readonly now?: () => Date;
}

export async function runSchedule(ctx: KluisContext, options: RunOptions = {}): Promise<ScheduledRun> {
  const work =
    options.work ??
    nightlyWork({
      ...(options.verify ? { verify: true } : {}),
      ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    });
  const now = options.now ?? (() => new Date());
  const files = scheduleFiles(ctx.home);
  makeFolder(ctx.home, 0o700);
  makeFolder(files.folder, 0o700);
  const locked = tryLock(files.lock, 'schedule run');
  if (!locked.acquired)
    throw new ToolError('SCHEDULE_RUN_BUSY', { holder: locked.holder ? describeHolder(locked.holder) : '?' });
  let run: ScheduledRun = {
    id: randomUUID(),
    startedAt: now().toISOString(),
    result: 'running',
    host: thisHost,
    pid: process.pid,
    server: ctx.engine.name,
    administrations: [],
    repositories: [],
  };
  try {
    recordRun(ctx.home, run);
    let fatal: unknown;
    try {
      const repositories = configuredRepositories(ctx);
      if (repositories.length === 0) throw new ToolError('SCHEDULE_NO_REPOSITORY');
      const administrations = (await work.backupAll(ctx, repositories)).map(administrationOutcome);
      // Ctrl-C (or SIGTERM from systemd stopping the unit): the backups under way were undone; no prune after that.
      if (cancelRequested()) {
        run = { ...run, administrations };
        const numbers = [...new Set(administrations.map((a) => a.number))];
        const made = numbers.filter((n) => administrations.every((a) => a.number !== n || a.outcome === 'ok'));
        throw new ToolError('SCHEDULE_RUN_STOPPED', { made: String(made.length), total: String(numbers.length) });
      }
      const pruned: RunRepository[] = [];
      for (const repo of repositories) pruned.push(await pruneOutcome(ctx, work, repo));
      const failed =
        administrations.some((a) => a.outcome === 'failed') || pruned.some((p) => p.prune?.outcome === 'failed');
      run = { ...run, administrations, repositories: pruned, result: failed ? 'failed' : 'ok' };
    } catch (err) {
      fatal = err;
      run = { ...run, result: 'failed', failure: recordedFailure(err) };
    }
    run = { ...run, endedAt: now().toISOString() };
    recordRun(ctx.home, run);
    // A run that could not begin its work (no repository, the server unreachable) ends with that error itself.
    if (fatal !== undefined) throw fatal;
    return run;
  } finally {
    locked.lock.release();
  }
}
