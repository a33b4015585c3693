/**
 * The apply of a change package (kluis client apply) killed, then `kluis
 * recover`: the client's books are exactly as before the apply (every
 * table's digest) or exactly as after it (the books as an undisturbed apply
 * of the same package to the same books left them, the hand-out applied,
 * the same audit rows), never between.
 *
 * test/crash/client-apply-kill.test.ts kills the kluis process at each
 * point the apply records. This file adds what a power cut and a crashing
 * server do, on an embedded server in a home of its own so that it may
 * really be killed (SIGKILL of the postmaster): the server at each point
 * (kluis carries on and must settle its own work), the server and kluis
 * together at each point (a power cut), and, at seeded random moments of a
 * package of some hundreds of changes, kluis, the server or both.
 *
 * The points × the two victims are dealt in two by the seed (every point
 * and both victims in each run; two consecutive seeds run all eight);
 * KLUIS_APPLY_KILL_FULL=1 runs all of them, KLUIS_APPLY_KILL_SEED=<seed>
 * repeats a run (printed), KLUIS_APPLY_KILL_TRIALS=<n> makes n random kills
 * (default 2).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SeededRandom } from '../../src/core/generator/random.js';
import * as core from '../../src/core/index.js';
import { EmbeddedEngine, readPostmaster } from '../../src/engines/index.js';
import { isAlive } from '../../src/storage/process-info.js';
import { type Books, booksDiff } from '../helpers/change-books.js';
import { documentRelations, readBooks, runEdits } from '../helpers/change-db.js';
import { EditGenerator } from '../helpers/change-edits.js';
import { accountantUser, addSpareRelations, clientUser, spareObjects, until } from '../helpers/change-setup.js';
import { kluisBin, runKluis } from '../helpers/cli.js';
import { tableDigests } from '../helpers/digest.js';
import { selectedEngines } from '../helpers/engines.js';
import { handOutAndInstall, makeClientAndOffice, withAdmin } from '../helpers/hand-out-fixture.js';
import { matrixSample } from '../helpers/sample.js';

const sample = matrixSample('APPLY_KILL', 'embedded', { everyEngine: true });
const seed = sample.seed;
const trials = Number(process.env['KLUIS_APPLY_KILL_TRIALS'] ?? 2);

type Victim = 'kluis' | 'server' | 'both';

interface Outcome {
  readonly books: Books;
  readonly status: string | undefined;
  readonly audit: number;
}

describe(`an apply killed with its server, then recover (embedded, KLUIS_APPLY_KILL_SEED=${seed})`, {
  skip: selectedEngines().includes('embedded') ? false : 'the embedded engine is not selected',
}, () => {
  const home = mkdtempSync(join(tmpdir(), 'kluis-apply-power-'));
  chmodSync(home, 0o755);
  const scratch = mkdtempSync(join(tmpdir(), 'kluis-apply-power-files-'));
  const engine = new EmbeddedEngine({ name: 'local', home });
  const client = core.createContext({ home, engine, systemDatabase: 'kluis' });
  const accountant = core.createContext({ home, engine, systemDatabase: 'kluis_kantoor' });
  const booksFile = join(scratch, 'klant-voor.ebu');
  const packageFile = join(scratch, 'wijzigingen.ebu');
  let beforeDigest: Record<string, string>;
  let afterState: Outcome;
  let applySeconds = 1;

  const outcome = async (): Promise<Outcome> => ({
    books: await withAdmin(client, '3', readBooks),
    status: (await core.handOutStatus(client, '3'))?.status,
    audit: await withAdmin(client, '3', async (c) =>
      Number((await c.query(`select count(*) from audit_log where action = 'change.applied'`)).rows[0].count),
    ),
  });

  /** The client's books as they were before any apply: restored from the backup made then. */
  const resetBooks = async () => {
    await core.restoreBackup(client, { source: createReadStream(booksFile), path: booksFile, to: '3', replace: 3 });
    assert.deepEqual(await withAdmin(client, '3', (c) => tableDigests(c)), beforeDigest);
  };

  const killServer = async () => {
    const pid = readPostmaster(engine.layout)?.pid;
    if (pid === undefined) return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  /** kluis client apply, stopped at `crashAt` or killed by the test after `killAfterMs`. */
  const apply = (opts: { crashAt?: string; kill?: { afterMs: number; victim: Victim } }) =>
    new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [kluisBin, '--home', home, 'client', 'apply', packageFile, '--to', '3'], {
        env: { ...process.env, LANG: 'C', KLUIS_LANG: '', ...(opts.crashAt ? { KLUIS_CRASH_AT: opts.crashAt } : {}) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const kill = opts.kill;
      const timer = kill
        ? setTimeout(() => {
            if (kill.victim === 'kluis') child.kill('SIGKILL');
            else void killServer().finally(() => kill.victim === 'both' && child.kill('SIGKILL'));
          }, kill.afterMs)
        : undefined;
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stderr });
      });
    });

  /** After recover: exactly before or exactly after, and nothing left to recover. */
  const settledState = async (what: string): Promise<'before' | 'after'> => {
    const r = await runKluis(['--home', home, 'recover'], {});
    assert.equal(r.code, 0, `recover after ${what}: ${r.stderr}`);
    assert.deepEqual(await core.listRecovery(client), [], `something left to recover after ${what}`);
    const digest = await withAdmin(client, '3', (c) => tableDigests(c));
    if (JSON.stringify(digest) === JSON.stringify(beforeDigest)) return 'before';
    const now = await outcome();
    assert.deepEqual(booksDiff(afterState.books, now.books), [], `${what}: the books are neither before nor after`);
    assert.equal(now.status, 'applied', `${what}: the books are after the apply, the hand-out is not applied`);
    assert.equal(now.audit, afterState.audit, `${what}: the audit log differs from an undisturbed apply's`);
    return 'after';
  };

  before(async () => {
    await engine.start();
    await makeClientAndOffice(client, accountant, { number: 3, seed: 'apply-power', entries: 800 });
    await addSpareRelations(client, '3');
    await handOutAndInstall(client, accountant, { folder: scratch });
    const base = await withAdmin(client, '3', readBooks);
    const docs = await withAdmin(client, '3', documentRelations);
    const options = { until, documentRelations: docs, spare: spareObjects(base, docs) };
    const acc = new EditGenerator('apply-power', 'accountant', base, { ...options, author: accountantUser });
    const cli = new EditGenerator('apply-power', 'client', base, {
      ...options,
      author: clientUser,
      bypassChance: 0.05,
    });
    await withAdmin(accountant, '3', (c) =>
      runEdits(
        c,
        Array.from({ length: 200 }, () => acc.next()),
        accountantUser,
      ),
    );
    await withAdmin(client, '3', (c) =>
      runEdits(
        c,
        Array.from({ length: 80 }, () => cli.next()),
        clientUser,
      ),
    );
    await core.writeChanges(accountant, { adm: '3', output: packageFile });
    await core.createBackup(client, { adm: '3', output: booksFile });
    beforeDigest = await withAdmin(client, '3', (c) => tableDigests(c));
    // The after-state: the package applied undisturbed, by the same command; then the books as they were.
    const started = Date.now();
    const r = await apply({});
    applySeconds = (Date.now() - started) / 1000;
    assert.equal(r.code, 0, r.stderr);
    afterState = await outcome();
    assert.equal(afterState.status, 'applied');
    await resetBooks();
  });
  after(async () => {
    await engine.stop().catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  const points = [
    { point: 'journaled', settled: 'before' },
    { point: 'loaded', settled: 'before' },
    { point: 'merged', settled: 'before' },
    { point: 'committed', settled: 'after' },
  ] as const;
  for (const [row, { point, settled }] of points.entries())
    for (const [column, victim] of (['server', 'both'] as const).entries()) {
      const what = `${victim === 'server' ? 'the server' : 'the server and kluis (a power cut)'} killed at ${point}`;
      test(`${what}: exactly ${settled}`, { skip: !sample.dealt(row, column, 2) && sample.how }, async () => {
        try {
          const r = await apply({ crashAt: `client-apply:${point}@${victim}` });
          if (victim === 'both') assert.equal(r.signal, 'SIGKILL', r.stderr);
          // Only the server died: kluis met it, and settled its own work (undone before the commit, finished after).
          else assert.deepEqual(await core.listRecovery(client), [], `kluis left work for recover: ${r.stderr}`);
          assert.equal(await settledState(what), settled);
        } finally {
          await resetBooks();
        }
      });
    }

  test(`killed at ${trials} seeded random moments (kluis, the server, or both): exactly before or after`, async (t) => {
    const rnd = new SeededRandom(`apply-kill-${seed}`);
    const seen: string[] = [];
    for (let i = 0; i < trials; i++) {
      const victim = rnd.pick(['kluis', 'server', 'both'] as const);
      // The first quarter is mostly the process starting; a little past the end can catch the commit.
      const afterMs = Math.round((0.25 + 0.8 * rnd.next()) * applySeconds * 1000);
      const what = `${victim} killed ${afterMs} ms into the apply (seed ${seed}, trial ${i})`;
      try {
        await apply({ kill: { afterMs, victim } });
        seen.push(`${what}: ${await settledState(what)}`);
      } finally {
        await resetBooks();
      }
    }
    t.diagnostic(`an undisturbed apply took ${applySeconds.toFixed(2)} s; ${seen.join('; ')}`);
  });
});
