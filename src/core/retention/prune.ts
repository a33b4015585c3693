/**
 * kluis backup prune: apply a repository's retention policy (policy.ts).
 *
 * Decide in full, then remove: every file's manifest is read first (ranged
 * reads), the policy decides with nothing removed yet, and only then are
 * the files that go removed, one at a time, under a journal entry that
 * lists exactly those. A prune killed half-way has removed only files the
 * policy let go; `kluis recover`, or the next prune of the same repository,
 * finishes the list and records each removal in the history. A file whose
 * manifest could not be read is never removed, nor the newest good backup
 * of an administration; a backup dated in the future stops the prune before
 * anything is removed (PRUNE_CLOCK_DISAGREES).
 */
import { existsSync } from 'node:fs';
import { ToolError } from '../../errors/index.js';
import type { DecryptionKeys } from '../../format/index.js';
import type { Repository } from '../../repository/index.js';
import type { PlanOf } from '../../schema/journal.js';
import { requireFolder } from '../../storage/folders.js';
import type { RetentionPolicy } from '../config/config-store.js';
import type { KluisContext } from '../context.js';
import { formatDateTime } from '../formats.js';
import { crashPoint, pausePoint } from '../journal/crash-points.js';
import { readJournalEntry } from '../journal/journal-entry.js';
import { beginOperation, holderGone } from '../journal/operation-journal.js';
import type { ProgressListener } from '../progress.js';
import { repositoryFor, repositorySettings } from '../repositories/index.js';
import { SystemDb } from '../system-db/system-db.js';
import { localTimeZone } from './calendar.js';
import { decideRetention, defaultFiscalYears, type KeepReason } from './policy.js';
import { type FileFacts, readFileFacts } from './read-facts.js';

export interface PruneInput {
  /** A folder, a named repository or an s3:// place; default the home's backup folder. */
  readonly repository?: string;
  /** Rules given on the command line: each one given overrides the repository's own. */
  readonly policy?: RetentionPolicy;
  readonly dryRun?: boolean;
  /** To read the manifests of encrypted backups; without them those files are kept as unreadable. */
  readonly keys?: DecryptionKeys;
  readonly onProgress?: ProgressListener;
  /** The zone days are counted in (default this computer's). */
  readonly timeZone?: string;
}

export interface PruneFile {
  readonly name: string;
  readonly location: string;
  readonly sizeBytes: number;
  readonly keep: boolean;
  /** Every rule that keeps it; empty when it goes. */
  readonly reasons: readonly KeepReason[];
  readonly administration: { readonly number: number; readonly name: string; readonly identity: string } | null;
  /** The manifest's createdAt, when it was read. */
  readonly createdAt: string | null;
  /** Why it could not be read or is damaged. */
  readonly problem: { readonly nl: string; readonly en: string } | null;
}

export interface PruneResult {
  readonly repository: string;
  /** The policy applied: the repository's, with the command line's rules over it. */
  readonly policy: RetentionPolicy;
  readonly dryRun: boolean;
  /** Every file, grouped by administration, newest first; unreadable and damaged ones last. */
  readonly files: readonly PruneFile[];
  /** The names removed now (with --dry-run: that would be removed). */
  readonly removed: readonly string[];
  readonly freedBytes: number;
  /** Files an interrupted prune of this repository had left, removed first. */
  readonly settled: number;
  /** Unfinished uploads of failed backups (the store was down when they failed) aborted first. */
  readonly abortedUploads: number;
}

/** How many manifests are read at once (each a ranged read or two). */
const readersAtOnce = 4;

/** The repository and the policy it is pruned by: its own (a named repository's), then the command line's rules. */
export function prunePlace(ctx: KluisContext, input: Pick<PruneInput, 'repository' | 'policy'>) {
  const given = input.repository ?? ctx.paths.backupsDir;
  const repository = repositoryFor(ctx.home, given);
  const own = input.repository === undefined ? undefined : repositorySettings(ctx.home, input.repository)?.policy;
  const overrides = Object.fromEntries(Object.entries(input.policy ?? {}).filter(([, v]) => v !== undefined));
  const policy: RetentionPolicy = { fiscalYears: defaultFiscalYears, ...own, ...overrides };
  return { repository, policy };
}

export async function pruneRepository(ctx: KluisContext, input: PruneInput): Promise<PruneResult> {
  const { repository, policy } = prunePlace(ctx, input);
  const dryRun = input.dryRun === true;
  const sys = dryRun ? undefined : await SystemDb.open(ctx.engine, ctx.systemDatabase);
  try {
    const settled = sys ? await settleInterruptedPrunes(ctx, sys, repository) : 0;
    const abortedUploads = sys ? await abortFailedUploads(sys, repository) : 0;
    const found = await readAll(repository, input);
    const now = new Date();
    const outcome = decideRetention(
      found.map((f) => f.facts),
      policy,
      { now, timeZone: input.timeZone ?? localTimeZone() },
    );
    const byName = new Map(found.map((f) => [f.entry.name, f]));
    const first = outcome.inFuture[0];
    if (first !== undefined) throw clockDisagrees(repository, byName.get(first)!, now);
    const files = outcome.decisions.map((d) => describe(byName.get(d.name)!, d.keep, d.reasons));
    const going = files.filter((f) => !f.keep);
    const result = {
      repository: repository.url,
      policy,
      dryRun,
      files,
      removed: going.map((f) => f.name),
      freedBytes: going.reduce((n, f) => n + f.sizeBytes, 0),
      settled,
      abortedUploads,
    };
    if (sys && going.length) await removeJournaled(ctx, sys, repository, going, input.onProgress);
    return result;
  } finally {
    await sys?.close();
  }
}

async function readAll(repository: Repository, input: PruneInput): Promise<FileFacts[]> {
  // kluis's own backup folder is made by the first backup: before that there is nothing to prune.
  if (input.repository === undefined && !existsSync(repository.url)) return [];
  // A file or a missing folder is said as such, not as a listing that failed.
  if (repository.kind === 'folder') requireFolder(repository.url);
  const entries = await repository.list();
  const found: FileFacts[] = [];
  let next = 0;
  const report = () => input.onProgress?.({ step: 'read', done: found.length, total: entries.length });
  report();
  const worker = async () => {
    for (let i = next++; i < entries.length; i = next++) {
      found.push(await readFileFacts(repository, entries[i]!, input.keys));
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(readersAtOnce, entries.length) }, worker));
  return found;
}

function describe(f: FileFacts, keep: boolean, reasons: readonly KeepReason[]): PruneFile {
  const m = f.manifest;
  return {
    name: f.entry.name,
    location: f.location,
    sizeBytes: f.entry.size,
    keep,
    reasons,
    administration: m ? { ...m.administration } : null,
    createdAt: m?.createdAt ?? null,
    problem: f.problem ?? null,
  };
}

function clockDisagrees(repository: Repository, f: FileFacts, now: Date): ToolError {
  const moment = f.manifest!.createdAt;
  return new ToolError('PRUNE_CLOCK_DISAGREES', {
    file: f.entry.name,
    repository: repository.url,
    moment: { nl: formatDateTime(moment, 'nl'), en: formatDateTime(moment, 'en') },
    now: { nl: formatDateTime(now, 'nl'), en: formatDateTime(now, 'en') },
  });
}

/**
 * Removes the files that go, journaled first with the whole list, each
 * removal recorded in the history as it happens. A failure (the store
 * refusing a delete) ends the prune; what was not removed yet stays, and the
 * next prune decides again.
 */
async function removeJournaled(
  ctx: KluisContext,
  sys: SystemDb,
  repository: Repository,
  going: readonly PruneFile[],
  onProgress: ProgressListener | undefined,
): Promise<void> {
  const plan: PlanOf<'prune'> = {
    repository: repository.url,
    remove: going.map((f) => ({ name: f.name, location: f.location })),
  };
  const op = await beginOperation(sys, 'prune', undefined, plan);
  try {
    let done = 0;
    for (const f of going) {
      await repository.remove(f.name);
      // Test hooks (crash-points.ts): a kill between a removal and its record in the history.
      await crashPoint(ctx.engine, 'prune', `removed-${done + 1}`);
      await pausePoint('prune', `removed-${done + 1}`);
      await sys.recordRemoval(f.location, 'prune');
      onProgress?.({ step: 'remove', done: ++done, total: going.length });
    }
    await op.finish();
  } catch (err) {
    await op.fail(err).catch(() => undefined);
    throw err;
  }
}

/**
 * Aborts the multipart uploads that failed writes into this repository
 * left because the store could not be asked to abort them when they failed
 * (it had stopped answering): their parts are invisible but kept, and paid
 * for, until aborted. Only names a failed operation of this server's
 * journal was writing, and none that an operation under way writes now.
 */
async function abortFailedUploads(sys: SystemDb, repository: Repository): Promise<number> {
  if (repository.kind !== 's3') return 0;
  const rows = await sys.client.query<{ partial: string; status: string }>(
    `select plan->>'partial' as partial, status from operations
      where status in ('failed', 'running') and starts_with(plan->>'partial', $1)`,
    [repository.url],
  );
  const busy = new Set(rows.rows.filter((r) => r.status === 'running').map((r) => r.partial));
  const failed = new Set(rows.rows.filter((r) => r.status === 'failed' && !busy.has(r.partial)).map((r) => r.partial));
  if (failed.size === 0) return 0;
  let aborted = 0;
  for (const name of await repository.incompleteNames())
    if (failed.has(repository.locationOf(name))) aborted += await repository.abortIncomplete(name);
  return aborted;
}

/**
 * Finishes what an interrupted prune of this repository left: its list was
 * decided in full before it removed anything, so every file on it goes, and
 * each removal is recorded in the history. Returns how many files were on
 * the lists. Recover does the same (core/recover).
 */
async function settleInterruptedPrunes(ctx: KluisContext, sys: SystemDb, repository: Repository): Promise<number> {
  const rows = await sys.client.query<{
    id: string;
    host: string;
    pid: number;
    process_start: string | null;
    plan: PlanOf<'prune'>;
  }>(`select id, host, pid, process_start, plan from operations where status = 'running' and kind = 'prune'`);
  let count = 0;
  for (const row of rows.rows) {
    if (!holderGone(row) || row.plan?.repository !== repository.url) continue;
    count += await finishPrune(ctx, sys, row.id);
  }
  return count;
}

/**
 * Finishes one interrupted prune from its journal entry (read back through
 * its schema): removes what is still there of its list, records every
 * removal in the history and closes the entry. Removing a file that is gone
 * already is no error, so this can itself be interrupted and run again.
 */
export async function finishPrune(ctx: KluisContext, sys: SystemDb, operationId: string): Promise<number> {
  const row = (
    await sys.client.query<{ id: string; kind: string; admin_number: number | null; plan: unknown }>(
      'select id, kind, admin_number, plan from operations where id = $1',
      [operationId],
    )
  ).rows[0];
  const entry = row && readJournalEntry(row, sys.name);
  if (entry?.kind !== 'prune') return 0;
  const repository = repositoryFor(ctx.home, entry.plan.repository);
  for (const f of entry.plan.remove) {
    await repository.remove(f.name);
    await sys.recordRemoval(f.location, 'prune');
  }
  await sys.client.query('begin');
  await sys.client.query(
    `update operations set status = 'done', finished_at = now(), updated_at = now(), error = coalesce(error, $2) where id = $1`,
    [operationId, JSON.stringify({ code: 'INTERRUPTED', message: 'interrupted while removing; finished' })],
  );
  await sys.client.query('delete from locks where operation_id = $1', [operationId]);
  await sys.client.query('commit');
  return entry.plan.remove.length;
}
