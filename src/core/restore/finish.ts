/**
 * After loading: keys, indexes and triggers; the checks; the target's number,
 * name and identity; the schema upgrade; the operation's own transform.
 */
import type pg from 'pg';
import { phrase, ToolError } from '../../errors/index.js';
import {
  adminMigrations,
  continueIdentitiesSql,
  counterTables,
  rebindLicencesSql,
  scanFromPostPhase,
  unbalancedEntriesSql,
} from '../admin-db/admin-schema.js';
import { leaveHandOutsBehind } from '../admin-db/hand-outs.js';
import { migrate, runPostPhases } from '../migrations/migrator.js';
import { withoutDone } from '../staging/early-indexes.js';
import { stageTimer } from '../trace.js';
import { checkCounters, checkLicences } from './checks.js';
import type { RestoreInput, RestorePlan } from './plan.js';
import type { StagingPool } from './staging-pool.js';

/**
 * Finishes the staging database on the pool's connections, those the load
 * used (its caller closes the pool). `progress` is told how many of its
 * steps are done: each key, index, foreign key and trigger, then the balance
 * check, the counts, the upgrade and the operation's transform.
 */
export async function finishStaging(
  pool: StagingPool,
  staging: string,
  plan: RestorePlan,
  input: RestoreInput,
  identity: string,
  built: ReadonlySet<string>,
  rows: ReadonlyMap<string, number>,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<void> {
  const path = input.path;
  const posts = adminMigrations
    .filter((x) => x.version <= plan.manifest.schemaVersion && x.post)
    .map((m) => withoutDone(m.post!, built));
  const total = posts.flat(2).length + 3 + (input.transform ? 1 : 0);
  let done = 0;
  const step = () => progress(++done, total);
  progress(0, total);
  const c = await pool.take();
  const second = await pool.take();
  let third: pg.Client | undefined;
  const stage = stageTimer('restore');
  try {
    // Like pg_restore -j2: keys and indexes built on two connections at once.
    // Debits = credits is a scan of the journal lines (1.7–1.9 s of CPU on L).
    // It runs on a third connection when the foreign keys start: both keys on
    // the journal lines lock that table against each other, so they run one
    // after the other and a core would sit idle beside them (measured: one
    // core busy for the last ~3 s; during the index builds both already are).
    third = await pool.take();
    const balancing = third;
    let balance: Promise<pg.QueryResult<{ entry_id: string }>> | undefined;
    const checkBalance = () => {
      balance ??= balancing.query(unbalancedEntriesSql);
      balance.catch(() => undefined);
    };
    // What was built while other tables loaded (early-indexes.ts) is left out.
    for (const post of posts)
      await runPostPhases([c, second], post, (index) => index >= scanFromPostPhase && checkBalance(), step);
    stage('keys, indexes, triggers');
    checkBalance();
    const unbalanced = await balance!;
    if (unbalanced.rows[0]) {
      const e = unbalanced.rows[0];
      throw new ToolError('RESTORE_CHECK_FAILED', {
        path,
        reason: phrase('ENTRY_UNBALANCED', { entry: String(e.entry_id) }),
      });
    }
    stage('balance check');
    step();
    // The counters are the rows just loaded (each table's count checked against the file): no scan needed.
    for (const [counter, table] of Object.entries(counterTables))
      await c.query('update counters set value = $2 where name = $1', [counter, rows.get(table) ?? 0]);
    stage('counts');
    const counts = (await c.query<{ name: string; value: string }>('select name, value from counters')).rows;
    const count = (n: string) => Number(counts.find((r) => r.name === n)?.value ?? -1);
    checkCounters(plan.manifest, count, path);
    step();
    // Identity columns continue after the restored rows.
    await c.query(continueIdentitiesSql);
    await c.query('update settings set number = $1, name = $2, identity = $3', [plan.number, plan.name, identity]);
    await migrate(c, adminMigrations, staging);
    await checkLicences(c, plan.manifest, path);
    await c.query(rebindLicencesSql, [identity]);
    if (input.newIdentity) await leaveHandOutsBehind(c);
    stage('sequences, settings, upgrade');
    step();
    if (input.transform) {
      await c.query('begin');
      await input.transform(c, plan);
      await c.query('commit');
      stage('transform');
      step();
    }
    // No audit row here: the restored tables must equal the backup exactly;
    // the journal records the restore. No ANALYZE either (pg_restore does not
    // run one): autovacuum gathers statistics shortly after.
  } finally {
    // Back to the pool, which ends them; one still busy (a failure beside the balance scan) is ended there too.
    for (const client of [c, second, third]) if (client) pool.release(client);
  }
}
