/**
 * kluis backup all: every administration of a server (or a selection)
 * backed up, `jobs` at a time in this one process. Each backup is the
 * ordinary createBackup, with its own snapshot, journal entry, lock and
 * history row; this module only decides the order, retries an
 * administration another operation holds (with backoff, for a bounded time),
 * copies each finished file to the other destinations, reads the stored
 * copies back when asked to verify, and reports each administration and the
 * total. One administration's failure never stops the others, and none is
 * left out without a line in the report saying why.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerVersion } from '../../../engines/index.js';
import { asToolError, type Localized, renderError, renderMessage, ToolError } from '../../../errors/index.js';
import { findAdministration } from '../../administrations/find-administration.js';
import type { KluisContext } from '../../context.js';
import { formatAdminNumber } from '../../domain/administration-ref.js';
import { formatBytes, formatCount, formatSeconds } from '../../formats.js';
import { cancelRequested, operationEnded, operationStarted } from '../../journal/cancellation.js';
import type { ProgressListener } from '../../progress.js';
import { type AdministrationRecord, SystemDb } from '../../system-db/system-db.js';
import { createBackup } from '../create-backup.js';
import { copyStored, type StoredBackup, verifyStored } from './copy-stored.js';
import { type Destination, fileNameOf, openDestinations } from './destinations.js';
import { OverallProgress } from './overall-progress.js';
import { lockBackoff, type QueueItem, WorkQueue } from './work-queue.js';

export interface BackupAllInput {
  /** Administration numbers or names; none: every administration of the server. */
  readonly only?: readonly string[];
  /** Where the files go (folders); the first is written from the database, the others get copies. */
  readonly to?: readonly string[];
  /** Administrations backed up at once (default: the number of cores). */
  readonly jobs?: number;
  /** Read every stored file back and check every checksum. */
  readonly verify?: boolean;
  /** How long an administration another operation holds is tried again (default 120 s). */
  readonly lockWaitSeconds?: number;
  readonly onProgress?: ProgressListener;
  /** Told each administration's outcome as soon as it is known. */
  readonly onAdministration?: (report: AdministrationBackup) => void;
}

/**
 * ok: backed up (and copied, and verified when asked); in-use: still held by
 * another operation when the wait ran out; not-started: the run was stopped
 * (Ctrl-C) before its turn.
 */
export type BackupAllOutcome = 'ok' | 'failed' | 'in-use' | 'not-started';

export interface AdministrationBackup {
  readonly number: string;
  readonly name: string;
  readonly result: BackupAllOutcome;
  /** The file's name in the first destination (a copy takes the next free name where that one is taken); null when none was written. */
  readonly file: string | null;
  /** Every place the backup now is (the first destination, then the copies that were made). */
  readonly locations: readonly string[];
  readonly sizeBytes: number | null;
  readonly seconds: number;
  /** True when every stored copy was read back and checked; null when not asked. */
  readonly verified: boolean | null;
  readonly error: BackupAllError | null;
}

/** Why an administration has no new backup: the code, the sentence and what to do, for each shell. */
export interface BackupAllError {
  readonly code: string;
  readonly message: Localized;
  /** What to do, on a terminal (the command line, a script's log). */
  readonly hints: readonly Localized[];
  /** What to do, in the web wizard (where a hint that names a command says where to click instead). */
  readonly webHints: readonly Localized[];
}

export interface BackupAllResult {
  readonly server: string;
  readonly destinations: readonly string[];
  readonly jobs: number;
  readonly administrations: readonly AdministrationBackup[];
  readonly total: {
    readonly administrations: number;
    readonly ok: number;
    readonly failed: number;
    readonly bytes: number;
    readonly seconds: number;
  };
  /** The process's peak resident memory so far, in bytes (for monitoring and the memory test). */
  readonly peakRssBytes: number;
}

const defaultLockWaitSeconds = 120;

/** Errors after which a worker's system database connection may be dead. */
const serverLost = new Set(['SERVER_LOST', 'SERVER_UNREACHABLE', 'OPERATION_INTERRUPTED']);

/** The number of administrations backed up at once: what was asked, else one per core; at least one. */
export function jobsFor(asked: number | undefined, administrations: number): number {
  const wanted = asked !== undefined && asked >= 1 ? Math.floor(asked) : availableParallelism();
  return Math.max(1, Math.min(wanted, administrations));
}

/** The administrations asked for, each once, in number order; an unknown one is refused before anything starts. */
async function selectAdministrations(sys: SystemDb, only: readonly string[]): Promise<AdministrationRecord[]> {
  if (only.length === 0) return sys.list();
  const chosen = new Map<number, AdministrationRecord>();
  for (const ref of only) {
    const record = await findAdministration(sys, ref);
    chosen.set(record.number, record);
  }
  return [...chosen.values()].sort((a, b) => a.number - b.number);
}

/** Each database's size, for weighing the overall progress (one query, however many there are). */
async function databaseSizes(sys: SystemDb, records: readonly AdministrationRecord[]): Promise<Map<number, number>> {
  const r = await sys.client.query<{ datname: string; bytes: string }>(
    'select datname, pg_database_size(datname) as bytes from pg_database where datname = any($1) and datconnlimit <> -2',
    [records.map((a) => a.databaseName)],
  );
  const bytes = new Map(r.rows.map((row) => [row.datname, Number(row.bytes)]));
  return new Map(records.map((a) => [a.number, bytes.get(a.databaseName) ?? 0]));
}

function errorOf(err: unknown): BackupAllError {
  const e = asToolError(err);
  const hints = (shell: 'terminal' | 'web') => {
    const [nl, en] = [renderError(e, 'nl', shell).hints, renderError(e, 'en', shell).hints];
    return nl.map((text, i) => ({ nl: text, en: en[i] ?? text }));
  };
  return {
    code: e.code,
    message: { nl: renderMessage(e, 'nl'), en: renderMessage(e, 'en') },
    hints: hints('terminal'),
    webHints: hints('web'),
  };
}

interface Job {
  readonly record: AdministrationRecord;
  /** When it was first tried (the lock wait counts from here). */
  firstTry?: number;
}

/** Errors after which a destination is not tried again in this run: it did not answer through all retries. */
const destinationGone = new Set(['REPOSITORY_UNREACHABLE']);

/** The work of one run: the queue, the destinations, what is known so far. */
class Run {
  readonly reports: AdministrationBackup[] = [];
  /**
   * Destinations that stopped answering during the run, with the error: not
   * asked again for the next administration (each time would wait out the
   * same retries), which is reported with that error instead.
   */
  readonly gone = new Map<string, unknown>();

  /** Remembers a destination that stopped answering; gives the error back. */
  noteGone(destination: Destination, err: unknown): unknown {
    if (err instanceof ToolError && destinationGone.has(err.code)) this.gone.set(destination.repository.url, err);
    return err;
  }

  constructor(
    readonly ctx: KluisContext,
    readonly input: BackupAllInput,
    readonly destinations: readonly Destination[],
    readonly queue: WorkQueue<Job>,
    readonly progress: OverallProgress,
    readonly present: ReadonlySet<string>,
    readonly jobs: number,
    /** The server's version, asked once for the run (each file's name carries its major). */
    readonly version: ServerVersion,
  ) {}

  /**
   * Tables dumped at once within one backup: together with the other jobs,
   * about one COPY per core (a connection more per administration costs
   * more than it gains on small ones; a large one alone keeps two).
   */
  get tablesAtOnce(): number {
    return Math.max(1, Math.floor(availableParallelism() / this.jobs));
  }

  get lockBudgetMs(): number {
    return (this.input.lockWaitSeconds ?? defaultLockWaitSeconds) * 1000;
  }

  report(report: AdministrationBackup): AdministrationBackup {
    this.reports.push(report);
    this.progress.finish(Number(report.number));
    this.input.onAdministration?.(report);
    return report;
  }

  /** One worker: its own system database connection (a copy journals on it), taking jobs until none are left. */
  async worker(): Promise<void> {
    let sys: SystemDb | undefined;
    try {
      for (;;) {
        const next = this.queue.take();
        if (next === undefined) return;
        if ('waitMs' in next) {
          await sleep(Math.max(10, next.waitMs));
          continue;
        }
        // Stopped (Ctrl-C): no new backup is started; each one left is reported as not made.
        if (cancelRequested()) {
          this.notStarted(next.item.value.record, new ToolError('BACKUP_ALL_NOT_STARTED'), 'not-started');
          continue;
        }
        try {
          sys ??= await SystemDb.open(this.ctx.engine, this.ctx.systemDatabase);
        } catch (err) {
          // The server is gone: this administration is reported as such, and the next one tries again.
          this.notStarted(next.item.value.record, err);
          continue;
        }
        const outcome = await this.backUp(sys, next.item);
        // The server went away under that backup: the next one opens a fresh connection rather than a dead one.
        if (serverLost.has(outcome?.error?.code ?? '')) {
          await sys.close();
          sys = undefined;
        }
      }
    } finally {
      await sys?.close();
    }
  }

  notStarted(record: AdministrationRecord, err: unknown, result: BackupAllOutcome = 'failed'): void {
    this.report({
      number: formatAdminNumber(record.number),
      name: record.name,
      result,
      file: null,
      locations: [],
      sizeBytes: null,
      verified: null,
      seconds: 0,
      error: errorOf(err),
    });
  }

  /** Backs up one administration and reports it; undefined when it was put back to be tried again later. */
  async backUp(sys: SystemDb, item: QueueItem<Job>): Promise<AdministrationBackup | undefined> {
    const { record } = item.value;
    const started = Date.now();
    item.value.firstTry ??= started;
    const base = { number: formatAdminNumber(record.number), name: record.name };
    const failed = (err: unknown, extra: Partial<AdministrationBackup> = {}, result: BackupAllOutcome = 'failed') =>
      this.report({
        ...base,
        result,
        file: null,
        locations: [],
        sizeBytes: null,
        verified: null,
        ...extra,
        seconds: (Date.now() - started) / 1000,
        error: errorOf(err),
      });
    // A ready administration without its database is said so; one still being made or deleted (or whose making
    // was interrupted) is left to createBackup, whose lock check names the operation that holds it.
    if (record.status === 'ready' && !this.present.has(record.databaseName))
      return failed(new ToolError('ADMIN_DATABASE_MISSING', { adm: base.number, database: record.databaseName }));
    const [first, ...others] = this.destinations;
    if (this.gone.has(first!.repository.url)) return failed(this.gone.get(first!.repository.url));
    let stored: StoredBackup;
    try {
      const result = await createBackup(this.ctx, {
        adm: String(record.number),
        output: first!.location,
        parallel: this.tablesAtOnce,
        sharedCodecs: true,
        session: { sys, version: this.version },
        onProgress: (e) => this.progress.advance(record.number, e.total > 0 ? e.done / e.total : 0),
      });
      const name = fileNameOf(result.location);
      stored = {
        repository: first!.repository,
        name,
        manifest: result.manifest,
        footer: result.footer,
        sizeBytes: result.sizeBytes,
        encrypted: false,
      };
    } catch (err) {
      if (err instanceof ToolError && err.code === 'ADMIN_IN_USE') {
        const delay = lockBackoff(item.tries, Date.now() - item.value.firstTry, this.lockBudgetMs);
        if (delay !== undefined) {
          this.queue.retryLater(item, delay);
          return undefined;
        }
        return failed(err, {}, 'in-use');
      }
      return failed(this.noteGone(first!, err));
    }
    const locations = [first!.repository.locationOf(stored.name)];
    const done = { file: stored.name, locations, sizeBytes: stored.sizeBytes };
    // Every other destination gets its copy, also when an earlier one failed; the first failure is reported.
    const placed: Array<[Destination, string]> = [[first!, stored.name]];
    let copyFailure: unknown;
    for (const target of others) {
      try {
        if (this.gone.has(target.repository.url)) throw this.gone.get(target.repository.url);
        const location = await copyStored(sys, record.number, stored, target.repository, this.lockBudgetMs);
        locations.push(location);
        placed.push([target, fileNameOf(location)]);
      } catch (err) {
        copyFailure ??= this.noteGone(target, err);
        if (serverLost.has((err as { code?: string }).code ?? '')) break;
      }
    }
    try {
      if (this.input.verify) for (const [d, name] of placed) await verifyStored(d.repository, name);
    } catch (err) {
      copyFailure ??= err;
    }
    if (copyFailure !== undefined) return failed(copyFailure, done);
    return this.report({
      ...base,
      result: 'ok',
      ...done,
      verified: this.input.verify ? true : null,
      seconds: (Date.now() - started) / 1000,
      error: null,
    });
  }
}

/**
 * Backs up every administration (or those in `only`) into the
 * destinations. Refuses before it starts when a destination cannot be
 * written or a named administration does not exist; after that it always
 * returns a report with a line for each administration.
 */
export async function backupAll(ctx: KluisContext, input: BackupAllInput = {}): Promise<BackupAllResult> {
  const started = Date.now();
  const destinations = await openDestinations(ctx, input.to ?? []);
  const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
  let records: AdministrationRecord[];
  let sizes: Map<number, number>;
  let present: Set<string>;
  let version: ServerVersion;
  try {
    records = await selectAdministrations(sys, input.only ?? []);
    sizes = await databaseSizes(sys, records);
    present = new Set(await ctx.engine.listDatabases());
    version = await ctx.engine.serverVersion();
  } finally {
    await sys.close();
  }
  const jobs = jobsFor(input.jobs, records.length);
  const progress = new OverallProgress(sizes, input.onProgress);
  const run = new Run(
    ctx,
    input,
    destinations,
    new WorkQueue(records.map((record) => ({ record }))),
    progress,
    present,
    jobs,
    version,
  );
  progress.report();
  // One operation for the whole run, also between two backups (when no backup is under way): Ctrl-C then stops it
  // at a safe point with its report, instead of ending the process as if nothing had been done.
  const id = `backup-all:${randomUUID()}`;
  operationStarted(id);
  try {
    await Promise.all(Array.from({ length: jobs }, () => run.worker()));
  } finally {
    operationEnded(id);
  }
  const administrations = [...run.reports].sort((a, b) => a.number.localeCompare(b.number));
  const ok = administrations.filter((a) => a.result === 'ok');
  return {
    server: ctx.engine.name,
    destinations: destinations.map((d) => d.repository.url),
    jobs,
    administrations,
    total: {
      administrations: administrations.length,
      ok: ok.length,
      failed: administrations.length - ok.length,
      bytes: ok.reduce((sum, a) => sum + (a.sizeBytes ?? 0), 0),
      seconds: (Date.now() - started) / 1000,
    },
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/** An outcome in words, the same in every shell. */
export function backupAllOutcomeLabel(result: BackupAllOutcome): Localized {
  switch (result) {
    case 'ok':
      return { nl: 'gemaakt', en: 'made' };
    case 'in-use':
      return { nl: 'bezet', en: 'in use' };
    case 'not-started':
      return { nl: 'niet begonnen', en: 'not started' };
    default:
      return { nl: 'mislukt', en: 'failed' };
  }
}

/** The report's last line: how many were backed up, how much, how long. */
export function backupAllTotalSentence(result: BackupAllResult): Localized {
  const { administrations, ok, bytes, seconds } = result.total;
  const size = { nl: formatBytes(bytes, 'nl'), en: formatBytes(bytes, 'en') };
  const time = { nl: formatSeconds(seconds, 'nl'), en: formatSeconds(seconds, 'en') };
  if (administrations === 0)
    return {
      nl: 'Er zijn geen administraties op deze server; er is niets te back-uppen.',
      en: 'There are no administrations on this server; there is nothing to back up.',
    };
  return {
    nl: `Totaal: ${formatCount(ok, 'nl')} van ${formatCount(administrations, 'nl')} back-ups gemaakt, ${size.nl}, in ${time.nl}.`,
    en: `Total: ${formatCount(ok, 'en')} of ${formatCount(administrations, 'en')} backups made, ${size.en}, in ${time.en}.`,
  };
}

/**
 * The error a run with failures ends in (after its report): stopped as
 * asked (Ctrl-C), or which administrations have no new backup.
 */
export function backupAllIncomplete(result: BackupAllResult): ToolError | undefined {
  const failed = result.administrations.filter((a) => a.result !== 'ok');
  if (failed.length === 0) return undefined;
  if (failed.some((a) => a.result === 'not-started' || a.error?.code === 'CANCELLED'))
    return new ToolError('BACKUP_ALL_STOPPED', {
      made: String(result.total.ok),
      total: String(result.total.administrations),
    });
  return new ToolError('BACKUP_ALL_INCOMPLETE', {
    failed: String(failed.length),
    total: String(result.total.administrations),
    which: failed.map((a) => a.number).join(', '),
  });
}

/** Proves every destination can be written, as backupAll does before it starts (for a form to say so at its field). */
export async function checkBackupAllDestinations(ctx: KluisContext, to: readonly string[]): Promise<void> {
  await openDestinations(ctx, to);
}
