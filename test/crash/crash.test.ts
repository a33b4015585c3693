/**
 * Crash safety, proved by killing real processes. Every writing operation
 * runs as a kluis child process and is stopped at every point its journal
 * records (and every step of the swap) by KLUIS_CRASH_AT, in three ways:
 *
 * - kluis   the kluis process is killed (SIGKILL);
 * - server  the database server dies (the embedded postmaster is killed
 *           with SIGKILL; on a server, every session of that kluis is
 *           terminated, as when the connection is cut) and kluis carries
 *           on: it must settle its own work — finish it or undo it — and
 *           leave nothing for recover;
 * - both    the server and kluis die together (a power cut).
 *
 * and at seeded random moments by the test itself. Then recover runs (twice:
 * it must be idempotent) and the invariants are checked: every
 * administration equals its before- or after-state, the registry matches the
 * databases, no staging, old or invalid (half-dropped) database and no
 * partial file is left, and the history lists only complete backups.
 *
 * The embedded engine runs in a home of its own here, so that killing its
 * server disturbs no other test. KLUIS_CRASH_TRIALS=N runs N random kills
 * per operation (the long run); KLUIS_CRASH_SEED repeats one.
 *
 * The operations × their points are some 110 kluis processes: a run stops
 * each operation at a quarter of its points on each engine (one of three,
 * the one of one; on a server only the late points of a swap, where someone
 * dies there), dealt by the seed so that every point of the swap is reached
 * by some operation in each run and four consecutive seeds reach every point
 * of every operation (test/helpers/sample.ts); and two random kills on
 * embedded, one on a server, of operations chosen by the seed.
 * KLUIS_CRASH_FULL=1 (or KLUIS_TEST_FULL=1) stops every operation at every
 * point and makes eight random kills on embedded, four on a server;
 * KLUIS_CRASH_VICTIMS stops every operation at every point.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  createReadStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SeededRandom } from '../../src/core/generator/random.js';
import {
  backupHistory,
  createAdministration,
  createBackup,
  createContext,
  deleteAdministration,
  exportXaf,
  generateAdministration,
  issueDemoLicence,
  type KluisContext,
  listAdministrations,
  listRecovery,
  recover,
  showAdministration,
  verifyBackup,
} from '../../src/core/index.js';
import { AdminDb, SystemDb } from '../../src/core/testing.js';
import { EmbeddedEngine, readPostmaster } from '../../src/engines/index.js';
import { isAlive, processStartTime, sessionTag } from '../../src/storage/process-info.js';
import { tableDigests } from '../helpers/digest.js';
import { cliInstallation, type EngineName, selectedEngines } from '../helpers/engines.js';
import { matrixSample } from '../helpers/sample.js';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;
const users = [
  { userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' },
];
const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant' });
const accountantLicence = issueDemoLicence({
  holder: 'Kantoor B.V.',
  registeredUser: 'staf',
  articles: ['E-Accountancy'],
});

/** Where a swapping operation can be stopped: its journal phases and the steps of the swap (core/staging/swap.ts). */
const swapPoints = [
  'journaled',
  'planned',
  'staging-created',
  'data-loaded',
  'checked',
  'renamed',
  'swapped',
  'registered',
];

type Victim = 'kluis' | 'server' | 'both';

interface Op {
  readonly name: string;
  readonly kind: string;
  readonly points: readonly string[];
  readonly args: () => string[];
  /** Brings the world to this operation's before-state. */
  readonly prepare: () => Promise<void>;
  /** Administrations (numbers) whose after-state is the source's content. */
  readonly becomesSource?: readonly string[];
  /** Administrations it changes without making their database anew. */
  readonly inPlace?: readonly string[];
}

interface Run {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stderr: string;
}

interface Installation {
  readonly ctx: KluisContext;
  readonly cli: { readonly args: string[]; readonly env: Record<string, string> };
  /** Kills the server under a running kluis (pid): the embedded postmaster, or that kluis's sessions. */
  killServer(kluisPid: number, kluisStart: string | undefined): Promise<void>;
  close(): Promise<void>;
}

/** The shared server of the PG* variables, or an embedded server in a home of its own (so it may be killed). */
async function installation(kind: EngineName): Promise<Installation> {
  if (kind === 'server') {
    const { ctx, cli, dispose } = await cliInstallation('server', 'crash');
    return {
      ctx,
      cli,
      async killServer(pid, start) {
        await ctx.engine.endSessions(sessionTag(pid, start));
      },
      close: dispose,
    };
  }
  const home = mkdtempSync(join(tmpdir(), 'kluis-crash-'));
  chmodSync(home, 0o755);
  const engine = new EmbeddedEngine({ name: 'local', home });
  return {
    ctx: createContext({ home, engine, systemDatabase: 'kluis' }),
    cli: { args: ['--home', home], env: {} },
    async killServer() {
      const pid = readPostmaster(engine.layout)?.pid;
      if (pid === undefined) return;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        return; // gone already
      }
      while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    async close() {
      await engine.stop().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

const allVictims: readonly Victim[] = ['server', 'kluis', 'both'];

/** The points of a swap from "checked" on, where an administration was once lost when the server died. */
const lateSwapPoints = swapPoints.slice(swapPoints.indexOf('checked'));

/**
 * Who dies at each point. By default one victim per point, taking turns from
 * a rotation that starts at `offset` (so every point is covered, and the seed
 * moves the rotation on between runs); the server always dies at the late
 * points of a swap. That is the embedded engine, whose server the test can
 * really kill. On a server kluis does not run, the server's death is its
 * sessions cut, and kluis's own death is the same on both engines: there the
 * sessions are cut at the late points of a swap only.
 * KLUIS_CRASH_VICTIMS=kluis,server,both runs each one named at every point of
 * every operation on every engine (the long run).
 */
function victimsAt(kind: EngineName, op: { points: readonly string[] }, point: string, offset: number): Victim[] {
  const chosen = process.env['KLUIS_CRASH_VICTIMS']
    ?.split(',')
    .filter((v): v is Victim => allVictims.includes(v as Victim));
  if (chosen?.length) return chosen;
  const late = op.points === swapPoints && lateSwapPoints.includes(point);
  if (kind === 'server') return late ? ['server'] : [];
  const turn = allVictims[(op.points.indexOf(point) + offset) % allVictims.length]!;
  return late && turn !== 'server' ? ['server', turn] : [turn];
}

// The engines run side by side: each has an installation (and the embedded engine a server) of its own, and
// each spends much of its time waiting for its kluis processes and its database server, so that together they
// keep both of the machine's cores busy. Within an engine one test at a time: they share its administrations.
describe('crash and recover on each engine', { concurrency: true }, () => {
  for (const kind of selectedEngines()) {
    describe(`crash and recover on ${kind}`, { concurrency: 1 }, () => {
      let inst: Installation;
      let ctx: KluisContext;
      const scratch = mkdtempSync(join(tmpdir(), 'kluis-crash-files-'));
      const file = join(scratch, 'bron.ebu');
      const auditfile = join(scratch, 'bron.xaf');
      const xafYear = new Date().getUTCFullYear() - 1;
      const sample = matrixSample('CRASH', kind as EngineName, { everyEngine: true });
      const seed = sample.seed;
      const rotation = new SeededRandom(`${seed}-${kind}`).int(0, allVictims.length - 1);
      /**
       * The points op number `row` is stopped at in this run: of the points
       * where someone dies on this engine, a quarter (a third of three, one of
       * one), dealt by the seed. The six swapping operations are consecutive
       * rows, so each part reaches every point of the swap through one of them.
       */
      const pointsOf = (row: number, op: { points: readonly string[] }): readonly string[] => {
        const reachable = op.points.filter((p) => victimsAt(kind as EngineName, op, p, rotation).length > 0);
        if (process.env['KLUIS_CRASH_VICTIMS']) return reachable;
        return reachable.filter((_, i) => sample.dealt(row, i, Math.min(4, reachable.length)));
      };
      let sourceDigest: Record<string, string>;
      let cloudDatabase: string;
      const verified = new Set<string>();
      const timing = { prepare: 0, run: 0, check: 0 };
      const stats = {
        byVictim: {} as Record<string, number>,
        points: 0,
        random: 0,
        lost: 0,
        finishedAfterServerDeath: 0,
        undoneAfterServerDeath: 0,
      };

      before(async () => {
        inst = await installation(kind as EngineName);
        ctx = inst.ctx;
        cloudDatabase = `c${ctx.systemDatabase}`.slice(0, 63);
        await generateAdministration(ctx, {
          name: 'Eerste',
          number: 1,
          size: { entries: 150, documents: 6, attachmentBytes: 2048 },
          seed: 'one',
          licence,
          users,
        });
        await generateAdministration(ctx, {
          name: 'Kantoor',
          number: 2,
          size: { entries: 5, documents: 0, attachmentBytes: 0 },
          seed: 'kantoor',
          licence: accountantLicence,
          users: [{ userName: 'staf', fullName: 'Staf', role: 'accountant', password: 'een-goed-wachtwoord' }],
        });
        await generateAdministration(ctx, {
          name: 'Bron',
          number: 3,
          size: { entries: 400, documents: 12, attachmentBytes: 4096 },
          seed: 'three',
          licence,
          users,
        });
        await createBackup(ctx, { adm: '3', output: file });
        await exportXaf(ctx, { adm: '3', year: xafYear, output: { path: auditfile } });
        sourceDigest = await digest(ctx, '3');
        writeFileSync(join(scratch, 'lic.json'), JSON.stringify(licence));
        writeFileSync(join(scratch, 'pw'), 'een-goed-wachtwoord\n');
      });
      after(async () => {
        await ctx.engine.dropDatabase(cloudDatabase, { force: true }).catch(() => undefined);
        await inst.close();
        rmSync(scratch, { recursive: true, force: true });
        process.stdout.write(
          `# crash test ${kind}: ${stats.points} crash points (${Object.entries(stats.byVictim)
            .map(([v, n]) => `${v} ${n}`)
            .join(', ')}), ${stats.random} random kills, ${stats.lost} administrations lost or half-visible; ` +
            `after the server died kluis finished ${stats.finishedAfterServerDeath} and undid ${stats.undoneAfterServerDeath} operations itself; ` +
            `seconds spent preparing ${Math.round(timing.prepare / 1000)}, in kluis ${Math.round(timing.run / 1000)}, checking ${Math.round(timing.check / 1000)}\n`,
        );
      });

      const exists = async (ref: string) => (await listAdministrations(ctx)).some((a) => a.number === ref);
      const drop = async (number: string) => {
        if (await exists(number)) await deleteAdministration(ctx, number, Number(number));
      };

      /** Runs kluis; `killAfterMs` has the test kill `victim` at that moment. */
      const run = (args: string[], crashAt?: string, kill?: { afterMs: number; victim: Victim }): Promise<Run> =>
        new Promise((resolve) => {
          const child = spawn(process.execPath, [bin, ...inst.cli.args, ...args], {
            env: { ...process.env, ...inst.cli.env, ...(crashAt ? { KLUIS_CRASH_AT: crashAt } : {}) },
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          const start = processStartTime(child.pid!);
          let stderr = '';
          child.stderr.on('data', (d) => (stderr += d));
          const limit = setTimeout(() => {
            stderr += '\n[test] kluis did not finish within 120 s and was killed';
            child.kill('SIGKILL');
          }, 120_000);
          const timer = kill
            ? setTimeout(() => {
                if (kill.victim !== 'kluis')
                  void inst
                    .killServer(child.pid!, start)
                    .finally(() => kill.victim === 'both' && child.kill('SIGKILL'));
                else child.kill('SIGKILL');
              }, kill.afterMs)
            : undefined;
          child.on('exit', (code, signal) => {
            clearTimeout(timer);
            clearTimeout(limit);
            resolve({ code, signal, stderr });
          });
        });

      const ops: Op[] = [
        {
          name: 'create',
          kind: 'admin-create',
          points: ['journaled', 'registered', 'database-created', 'schema-ready'],
          args: () => [
            'admin',
            'create',
            'Nieuw',
            '--number',
            '30',
            '--licence',
            join(scratch, 'lic.json'),
            '--password-file',
            join(scratch, 'pw'),
          ],
          prepare: () => drop('030'),
        },
        {
          name: 'delete',
          kind: 'admin-delete',
          points: ['journaled', 'marked-deleting', 'database-dropped'],
          args: () => ['admin', 'delete', '31', '--confirm', '031'],
          prepare: async () => {
            if (!(await exists('031'))) await createAdministration(ctx, { name: 'Weg', number: 31, licence, users });
          },
        },
        {
          name: 'backup',
          kind: 'backup',
          points: ['journaled', 'snapshot', 'committed', 'written'],
          args: () => ['backup', 'create', '1', '-o', scratch],
          prepare: async () => undefined,
        },
        {
          name: 'xaf export',
          kind: 'xaf-export',
          points: ['journaled'],
          args: () => ['xaf', 'export', '1', '--year', String(xafYear), '-o', join(scratch, 'uit.xaf')],
          prepare: async () => rmSync(join(scratch, 'uit.xaf'), { force: true }),
        },
        {
          name: 'restore as new',
          kind: 'restore',
          points: swapPoints,
          args: () => ['backup', 'restore', file, '--to', '32'],
          prepare: () => drop('032'),
          becomesSource: ['032'],
        },
        {
          name: 'restore over',
          kind: 'restore',
          points: swapPoints,
          args: () => ['backup', 'restore', file, '--to', '1', '--replace', '001'],
          prepare: async () => undefined,
          becomesSource: ['001'],
        },
        {
          name: 'copy by template',
          kind: 'copy',
          points: swapPoints,
          args: () => ['admin', 'copy', '3', '--to', '35'],
          prepare: () => drop('035'),
          becomesSource: ['035'],
        },
        {
          name: 'copy over',
          kind: 'copy',
          points: swapPoints,
          args: () => ['admin', 'copy', '3', '--to', '1', '--replace', '001'],
          prepare: async () => undefined,
          becomesSource: ['001'],
        },
        {
          name: 'client install',
          kind: 'client-install',
          points: swapPoints,
          args: () => ['client', 'install', file, '--open', '2', '--to', '33', '--all-users'],
          prepare: () => drop('033'),
        },
        {
          name: 'xaf import',
          kind: 'xaf-import',
          points: swapPoints,
          args: () => ['xaf', 'import', auditfile, '--open', '2', '--to', '36', '--all-users'],
          prepare: () => drop('036'),
        },
        {
          name: 'cloud prepare',
          kind: 'cloud-prepare',
          points: ['journaled', 'owned', 'migrated', 'checked', 'numbered'],
          args: () => ['cloud', 'prepare', '--database', cloudDatabase, '--number', '37'],
          inPlace: ['037'],
          prepare: async () => {
            // A database that reached the server by other means: the source's books, unregistered.
            const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
            try {
              await sys.client.query('delete from administrations where number = 37');
            } finally {
              await sys.close();
            }
            await ctx.engine.dropDatabase(cloudDatabase, { force: true });
            await ctx.engine.createDatabase(cloudDatabase, { template: (await showAdministration(ctx, '3')).database });
          },
        },
      ];

      /**
       * Content digests by database OID: a database's content changes only
       * under an operation, after which the check digests it again; a
       * database made anew has a new OID.
       */
      const digests = new Map<number, string>();
      const oids = async () => {
        const c = await ctx.engine.connect('postgres');
        try {
          return new Map(
            (await c.query<{ datname: string; oid: number }>('select datname, oid from pg_database')).rows.map((r) => [
              r.datname,
              r.oid,
            ]),
          );
        } finally {
          await c.end();
        }
      };

      /** The states each administration may be in: before the operation, or after it. */
      async function snapshotStates(): Promise<Map<string, string>> {
        const states = new Map<string, string>();
        const ids = await oids();
        for (const a of await listAdministrations(ctx)) {
          const oid = ids.get(a.database)!;
          if (!digests.has(oid)) digests.set(oid, JSON.stringify(await digest(ctx, a.number)));
          states.set(a.number, digests.get(oid)!);
        }
        return states;
      }

      /**
       * `everything` digests every administration again; otherwise only those
       * whose database is new (every swap makes one) or that the operation
       * changes in place, the rest being known by their database's OID.
       */
      async function checkInvariants(
        op: Op,
        before: Map<string, string>,
        label: string,
        everything = false,
      ): Promise<void> {
        // Recover, then recover again: the second run must find nothing.
        await recover(ctx);
        assert.deepEqual(await listRecovery(ctx), [], `${label}: recovery left work`);
        const admins = await listAdministrations(ctx);
        const prefix = `${ctx.systemDatabase}_`;
        const dbs = (await ctx.engine.listDatabases()).filter((d) => d.startsWith(prefix));
        assert.deepEqual(
          (await ctx.engine.invalidDatabases()).filter((d) => d.startsWith(prefix) || d === cloudDatabase),
          [],
          `${label}: a half-dropped (invalid) database was left`,
        );
        assert.deepEqual(
          dbs.filter((d) => /_(stage|old)_/.test(d)),
          [],
          `${label}: temporary databases left`,
        );
        assert.deepEqual(
          dbs.sort(),
          admins
            .map((a) => a.database)
            .filter((d) => d !== cloudDatabase)
            .sort(),
          `${label}: registry and databases differ`,
        );
        assert.ok(
          admins.every((a) => a.status === 'ready'),
          `${label}: an administration is not ready`,
        );
        assert.deepEqual(
          readdirSync(scratch).filter((f) => f.includes('.partial') || f.endsWith('.tmp')),
          [],
          `${label}: a partial backup or auditfile was left`,
        );
        for (const entry of (await backupHistory(ctx)).entries) {
          if (verified.has(entry.location)) continue; // a finished backup is never changed
          await verifyBackup(createReadStream(entry.location), entry.location);
          verified.add(entry.location);
        }
        const sourceState = JSON.stringify(sourceDigest);
        const ids = await oids();
        const known = everything ? new Map<number, string>() : new Map(digests);
        digests.clear();
        for (const a of admins) {
          const oid = ids.get(a.database)!;
          const now =
            (!op.inPlace?.includes(a.number) && known.get(oid)) || JSON.stringify(await digest(ctx, a.number));
          digests.set(oid, now);
          const allowed = [before.get(a.number)];
          if (op.becomesSource?.includes(a.number)) allowed.push(sourceState);
          if (op.kind === 'client-install' && a.number === '033') {
            const d = await digest(ctx, a.number, ['users', 'licences', 'client_users', 'audit_log']);
            assert.deepEqual(
              d,
              withoutTables(sourceDigest, ['users', 'licences', 'client_users', 'audit_log']),
              `${label}: client install content`,
            );
            continue;
          }
          if (op.kind === 'admin-create' && a.number === '030') continue; // a new, empty administration: its existence is the after-state
          if (op.kind === 'cloud-prepare' && a.number === '037') {
            assert.equal(a.database, cloudDatabase, `${label}: cloud prepare registered another database`);
            assert.deepEqual(
              withoutTables(await digest(ctx, a.number), ['counters']),
              withoutTables(sourceDigest, ['counters']),
              `${label}: cloud prepare changed the books`,
            );
            continue;
          }
          if (op.kind === 'xaf-import' && a.number === '036') {
            // The after-state: the auditfile's year, whole.
            const lines = (readFileSync(auditfile, 'utf8').match(/<trLine>/g) ?? []).length;
            assert.equal(
              (await showAdministration(ctx, '036')).counts.transactions,
              lines,
              `${label}: xaf import content`,
            );
            continue;
          }
          if (!allowed.includes(now)) stats.lost++;
          assert.ok(
            allowed.includes(now),
            `${label}: administration ${a.number} is neither its before- nor its after-state`,
          );
        }
        for (const number of before.keys()) {
          const gone = !admins.some((a) => a.number === number);
          if (gone && !(op.kind === 'admin-delete' && number === '031')) {
            stats.lost++;
            assert.fail(`${label}: administration ${number} was lost`);
          }
        }
      }

      /** What kluis must have done itself when only the server died under it. */
      async function carriedOn(r: Run, label: string): Promise<void> {
        assert.equal(r.signal, null, `${label}: kluis itself should have survived: ${r.stderr}`);
        if (r.code === 0) stats.finishedAfterServerDeath++;
        else {
          stats.undoneAfterServerDeath++;
          assert.match(r.stderr, /^kluis: /m, `${label}: one clear message`);
          assert.doesNotMatch(
            r.stderr,
            /inside kluis|intern iets mis|\n\s+at /,
            `${label}: nothing internal reaches the user: ${r.stderr}`,
          );
        }
        // The server came back (the embedded one restarts on demand; a cut connection is made again), so
        // kluis settled its own work: nothing is left for recover.
        assert.deepEqual(
          await listRecovery(ctx),
          [],
          `${label}: kluis left work for recover although the server came back (exit ${r.code}): ${r.stderr}`,
        );
      }

      for (const [row, op] of ops.entries()) {
        test(`${op.name}: stopped at the points of this run, then recovered`, async (t) => {
          t.diagnostic(`seed ${seed} (KLUIS_CRASH_SEED repeats the rotation of who dies where and the points)`);
          const points = pointsOf(row, op);
          t.diagnostic(`${sample.how}: ${points.length} of ${op.points.length} points (${points.join(', ')})`);
          for (const point of points) {
            for (const victim of victimsAt(kind as EngineName, op, point, rotation)) {
              const label = `${op.name}, ${victim} killed at ${point}`;
              let t0 = Date.now();
              await op.prepare();
              const before = await snapshotStates();
              timing.prepare += Date.now() - t0;
              t0 = Date.now();
              const r = await run(op.args(), `${op.kind}:${point}@${victim}`);
              timing.run += Date.now() - t0;
              t0 = Date.now();
              if (victim === 'server') await carriedOn(r, label);
              else assert.equal(r.signal, 'SIGKILL', `${label}: should have been killed: ${r.stderr}`);
              stats.points++;
              stats.byVictim[victim] = (stats.byVictim[victim] ?? 0) + 1;
              await checkInvariants(op, before, label);
              timing.check += Date.now() - t0;
            }
          }
        });
      }

      test('killed at random moments (seeded), then recovered', async (t) => {
        const perOp = process.env['KLUIS_CRASH_TRIALS'] ? Number(process.env['KLUIS_CRASH_TRIALS']) : undefined;
        const rnd = new SeededRandom(seed);
        // Each operation's own duration, so that every kill lands inside it.
        const duration = new Map<string, number>();
        // KLUIS_CRASH_OPS=<name>,… limits the long run to those operations (to split it over processes).
        const only = process.env['KLUIS_CRASH_OPS']?.split(',').map((n) => n.trim());
        const chosenOps = only ? ops.filter((op) => only.includes(op.name)) : ops;
        const plan: Op[] = perOp
          ? chosenOps.flatMap((op) => Array.from({ length: perOp }, () => op))
          : Array.from(
              { length: (kind === 'server' ? 1 : 2) * (sample.full ? 4 : 1) },
              () => ops[rnd.int(0, ops.length - 1)]!,
            );
        t.diagnostic(
          `seed ${seed}, ${plan.length} trials (KLUIS_CRASH_SEED / KLUIS_CRASH_TRIALS=<per operation> to repeat or extend)`,
        );
        const tally = new Map<string, Record<string, number>>();
        for (const [i, op] of plan.entries()) {
          await op.prepare();
          if (!duration.has(op.name)) {
            const started = Date.now();
            await run(op.args());
            duration.set(op.name, Date.now() - started);
            await op.prepare();
          }
          const victim = allVictims[rnd.int(0, allVictims.length - 1)]!;
          const afterMs = rnd.int(0, duration.get(op.name)!);
          const before = await snapshotStates();
          const r = await run(op.args(), undefined, { afterMs, victim });
          const outcome = r.signal ? 'killed' : r.code === 0 ? 'finished' : `exit ${r.code}`;
          const row = tally.get(op.name) ?? {};
          row[`${victim}: ${outcome}`] = (row[`${victim}: ${outcome}`] ?? 0) + 1;
          tally.set(op.name, row);
          stats.random++;
          const label = `${op.name}, ${victim} killed after ${afterMs} ms (seed ${seed}, trial ${i + 1})`;
          if (victim === 'server' && !r.signal) await carriedOn(r, label);
          await checkInvariants(op, before, label, true);
          // The long run's figures survive the run being stopped: one line per trial, after its checks passed.
          const log = process.env['KLUIS_CRASH_LOG'];
          if (log)
            appendFileSync(
              log,
              `${new Date().toISOString()} trial ${i + 1} ${op.name} ${victim} after ${afterMs} ms: ${outcome}; checked\n`,
            );
        }
        for (const [name, row] of tally)
          t.diagnostic(
            `${name}: ${Object.entries(row)
              .map(([k, n]) => `${k} ×${n}`)
              .join(', ')}`,
          );
      });

      test('an interrupted administration refuses other work until recover', async () => {
        await drop('032');
        const r = await run(['backup', 'restore', file, '--to', '32'], 'restore:data-loaded');
        assert.equal(r.signal, 'SIGKILL', `exit ${r.code}: ${r.stderr}`);
        const refused = await run(['backup', 'restore', file, '--to', '32']);
        assert.equal(refused.code, 4);
        assert.match(
          refused.stderr,
          /Administration 032 needs recovery first: the restore \(process \d+ on .+, since \d{1,2} [A-Z][a-z]+ \d{4} \d{2}:\d{2}\) was interrupted\./,
        );
        await recover(ctx);
        assert.equal((await run(['backup', 'restore', file, '--to', '32'])).code, 0);
      });
    });
  }
});

function withoutTables(d: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(d).filter(([k]) => !names.includes(k)));
}

async function digest(ctx: KluisContext, ref: string, skip: string[] = []): Promise<Record<string, string>> {
  const database = (await showAdministration(ctx, ref)).database;
  const db = await AdminDb.open(ctx.engine, database);
  try {
    const all = await tableDigests(db.client);
    delete all['settings'];
    return withoutTables(all, skip);
  } finally {
    await db.close();
  }
}
