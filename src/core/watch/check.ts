/**
 * kluis check, and the flag in admin list and on the wizard's welcome page:
 * which administrations of a server lack a recent good backup, and whether
 * the last nightly run failed. Reads the registry and the backup history of
 * the server, the repositories' policies, and the run record in the home;
 * writes nothing.
 */
import { statSync } from 'node:fs';
import { asToolError, type Localized, renderMessage } from '../../errors/index.js';
import type { Repository } from '../../repository/index.js';
import { withSystemDb } from '../administrations/find-administration.js';
import { readConfig } from '../config/config-store.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import { repositoryFor } from '../repositories/index.js';
import { SystemDb } from '../system-db/system-db.js';
import {
  type AdminFreshness,
  type BackupSeen,
  candidates,
  type Scope,
  scopeFreshness,
  scopesOf,
  worstState,
} from './freshness.js';
import { effectiveResult, readInstalledSchedule, readRuns, type ScheduledRun } from './records.js';
import { nextRunAfter, parseDailyTime } from './schedule-time.js';

/** Whether the file a history entry names is still there. */
export type ExistenceCheck = (location: string) => Promise<boolean>;

/**
 * Whether a file is still there: on this computer looked at with stat, in
 * object storage asked of the store (HEAD). A store that cannot be asked
 * right now does not prove the file: it does not count, so an unreachable
 * off-site copy is flagged rather than trusted; and it is not asked again
 * for the next administration's file (each question waits out its retries).
 */
export function stillThere(home: string): ExistenceCheck {
  const places = new Map<string, Repository>();
  const unanswered = new Set<string>();
  return async (location) => {
    if (!location.startsWith('s3://')) {
      try {
        return statSync(location).isFile();
      } catch {
        return false;
      }
    }
    const place = location.slice(0, location.lastIndexOf('/') + 1);
    const name = location.slice(place.length);
    if (unanswered.has(place)) return false;
    try {
      let repository = places.get(place);
      if (!repository) {
        repository = repositoryFor(home, place);
        places.set(place, repository);
      }
      return (await repository.stat(name)) !== undefined;
    } catch {
      unanswered.add(place);
      return false;
    }
  };
}

interface Registered {
  readonly number: number;
  readonly name: string;
  readonly identity: string;
}

async function readServer(ctx: KluisContext): Promise<{ admins: Registered[]; history: BackupSeen[] }> {
  return withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), async (sys) => {
    const admins = (await sys.list())
      .filter((a) => a.status === 'ready')
      .map((a) => ({ number: a.number, name: a.name, identity: a.identity }));
    const rows = await sys.client.query(
      // A file prune removed is no backup any more (the history keeps the row, marked).
      'select admin_number, identity, location, created_at from backup_history where removed_at is null order by created_at desc, id desc',
    );
    const history = rows.rows.map((r) => ({
      number: Number(r.admin_number),
      identity: String(r.identity),
      location: String(r.location),
      createdAt: r.created_at as Date,
    }));
    return { admins, history };
  });
}

/** The newest backup among `list` that still exists (each looked at once, newest first, until one is found). */
async function newestExisting(list: readonly BackupSeen[], exists: ExistenceCheck): Promise<BackupSeen | undefined> {
  for (const b of list) if (await exists(b.location)) return b;
  return undefined;
}

export interface AssessOptions {
  readonly now?: Date;
  readonly exists?: ExistenceCheck;
}

/** Every ready administration of the server, with whether it has a recent good backup in every place it should. */
export async function assessBackups(ctx: KluisContext, options: AssessOptions = {}): Promise<AdminFreshness[]> {
  const now = options.now ?? new Date();
  const exists = options.exists ?? stillThere(ctx.home);
  const scopes: Scope[] = scopesOf(readConfig(ctx.home).repositories);
  const { admins, history } = await readServer(ctx);
  const result: AdminFreshness[] = [];
  for (const admin of admins) {
    const per = [];
    for (const scope of scopes)
      per.push(scopeFreshness(scope, await newestExisting(candidates(admin, scope, history), exists), now));
    result.push({
      number: formatAdminNumber(admin.number),
      name: admin.name,
      state: worstState(per.map((s) => s.state)),
      scopes: per,
    });
  }
  return result;
}

export interface RunSummary {
  readonly id: string;
  readonly startedAt: string;
  readonly endedAt?: string;
  /** interrupted: recorded as running, its process gone. */
  readonly result: 'running' | 'ok' | 'failed' | 'interrupted';
  readonly administrations: number;
  readonly failedAdministrations: number;
}

export function summarizeRun(run: ScheduledRun): RunSummary {
  return {
    id: run.id,
    startedAt: run.startedAt,
    ...(run.endedAt ? { endedAt: run.endedAt } : {}),
    result: effectiveResult(run),
    administrations: run.administrations.length,
    failedAdministrations: run.administrations.filter((a) => a.outcome === 'failed').length,
  };
}

/** The schedule as check and status see it: installed or not, the last run that ended (or was cut off), the next. */
export interface ScheduleView {
  readonly installed: boolean;
  readonly at?: string;
  readonly method?: string;
  /** The newest run, which may still be running. */
  readonly lastRun?: RunSummary;
  /** The newest run that is over: ok, failed or interrupted. */
  readonly lastFinishedRun?: RunSummary;
  readonly nextRun?: string;
}

export function scheduleView(home: string, now: Date = new Date()): ScheduleView {
  const installed = readInstalledSchedule(home);
  const runs = readRuns(home).map(summarizeRun);
  const lastFinishedRun = runs.find((r) => r.result !== 'running');
  return {
    installed: installed !== undefined,
    ...(installed ? { at: installed.at, method: installed.method } : {}),
    ...(runs[0] ? { lastRun: runs[0] } : {}),
    ...(lastFinishedRun ? { lastFinishedRun } : {}),
    ...(installed ? { nextRun: nextRunAfter(parseDailyTime(installed.at), now).toISOString() } : {}),
  };
}

export interface CheckReport {
  readonly checkedAt: string;
  readonly server: string;
  /** True when nothing is flagged. */
  readonly ok: boolean;
  /** Every ready administration, with its state. */
  readonly administrations: readonly AdminFreshness[];
  /** The numbers of those flagged (no backup, or none recent enough). */
  readonly flagged: readonly string[];
  readonly schedule: ScheduleView;
  /** The last nightly run failed or was cut off. */
  readonly lastRunFailed: boolean;
}

export async function checkBackups(ctx: KluisContext, options: AssessOptions = {}): Promise<CheckReport> {
  const now = options.now ?? new Date();
  const administrations = await assessBackups(ctx, { ...options, now });
  const schedule = scheduleView(ctx.home, now);
  const flagged = administrations.filter((a) => a.state !== 'ok').map((a) => a.number);
  const last = schedule.lastFinishedRun;
  const lastRunFailed = last !== undefined && last.result !== 'ok';
  return {
    checkedAt: now.toISOString(),
    server: ctx.engine.name,
    ok: flagged.length === 0 && !lastRunFailed,
    administrations,
    flagged,
    schedule,
    lastRunFailed,
  };
}

/** A failure another operation already put in words (backup all's report): kept as it was said. */
export class RecordedFailure extends Error {
  constructor(readonly recorded: { readonly code: string; readonly message: Localized }) {
    super(recorded.code);
  }
}

/** A failure as a run record keeps it: the code and the sentence in both languages. */
export function recordedFailure(err: unknown): { code: string; message: { nl: string; en: string } } {
  if (err instanceof RecordedFailure) return { code: err.recorded.code, message: { ...err.recorded.message } };
  const error = asToolError(err);
  return { code: error.code, message: { nl: renderMessage(error, 'nl'), en: renderMessage(error, 'en') } };
}
