/**
 * Restoring a backup (wizard action 2).
 *
 * Plan (nothing changes): read and check the manifest, resolve the target —
 * a name makes a new administration with the next free number, a number
 * restores into that number and, when it exists, overwrites it only with the
 * number repeated as confirmation and nobody connected — and collect
 * warnings (another administration's identity, someone else's licence).
 *
 * Apply, under the journal and the administration's lock: create a staging
 * database, create the schema at the backup's version, stream every table in
 * (checksums checked frame by frame), check row counts against the file and
 * debits = credits, build keys and indexes, upgrade the schema, and only then
 * swap the staging database in. The old database is dropped last.
 */
import { BackupReader, type Footer } from '../../format/index.js';
import type { KluisContext } from '../context.js';
import { parseAdminRef } from '../domain/administration-ref.js';
import { onNextFreeNumber, retryWhenNumberTaken } from '../journal/free-number.js';
import { swapInFreshStaging } from '../staging/fresh-staging.js';
import { checkPlacementInput } from '../staging/tablespace.js';
import { SystemDb } from '../system-db/system-db.js';
import { finishStaging } from './finish.js';
import { loadStaging } from './load.js';
import { planRestore, type RestoreInput, type RestorePlan, type RestoreResult } from './plan.js';
import { StagingPool } from './staging-pool.js';

/** Opens the file, plans, and (unless `dryRun`) restores. */
export async function restoreBackup(
  ctx: KluisContext,
  input: RestoreInput & { dryRun?: boolean; onPlan?: (plan: RestorePlan) => Promise<void> | void },
): Promise<RestoreResult | RestorePlan> {
  const started = Date.now();
  // A database directory that does not exist or cannot be written is said before the file or the server is read.
  checkPlacementInput(ctx.engine, input);
  const reader = await BackupReader.open(input.source, {
    path: input.path,
    ...(input.keys ? { keys: input.keys } : {}),
  });
  try {
    const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
    try {
      const plan = await planRestore(ctx, sys, reader, input);
      await input.onPlan?.(plan);
      if (input.dryRun) return plan;
      return await retryWhenNumberTaken(
        parseAdminRef(input.to).kind === 'name',
        plan,
        (taken) => onNextFreeNumber(sys, taken),
        async (plan) => {
          const footer = await applyRestore(ctx, sys, reader, plan, input);
          return { ...plan, footer, seconds: (Date.now() - started) / 1000 };
        },
      );
    } finally {
      await sys.close();
    }
  } finally {
    await reader.close();
  }
}

async function applyRestore(
  ctx: KluisContext,
  sys: SystemDb,
  reader: BackupReader,
  plan: RestorePlan,
  input: RestoreInput,
): Promise<Footer> {
  const identity = input.newIdentity ?? plan.manifest.administration.identity;
  return swapInFreshStaging(ctx, sys, {
    kind: input.operation ?? 'restore',
    file: input.path,
    target: plan,
    identity,
    placement: input,
    locks: input.locks,
    async fill(staging, op) {
      // One set of connections for the load and the finish.
      const pool = new StagingPool(ctx, staging);
      try {
        const { footer, built, rows, figures } = await loadStaging(pool, reader, plan, input);
        await op.phase('data-loaded');
        await finishStaging(pool, staging, plan, input, identity, built, rows, (done, total) =>
          input.onProgress?.({ step: 'finish', done, total, detail: figures }),
        );
        return footer;
      } finally {
        await pool.close();
      }
    },
  });
}
