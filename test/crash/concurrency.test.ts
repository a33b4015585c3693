/**
 * Concurrency: every pair of operations on one administration, as real
 * kluis processes. The first is held inside its run, its locks taken
 * (KLUIS_PAUSE_AT: no timing is guessed), and every operation is then
 * started against the same administration: each must be refused with
 * ADMIN_IN_USE (exit 4) and change nothing — no journal row, no registry
 * entry, no database. Then the first is released and must finish, and
 * afterwards the administration is exactly the first's after-state, no
 * journal row is left running, no lock, no staging database, no partial
 * file.
 *
 * The pairs are 11 × 11 kluis processes on each engine: a run holds every
 * operation and starts a quarter of the operations against it (two or three),
 * dealt by the seed so that every operation is also started against some
 * held one on each engine, and four consecutive seeds try every pair on
 * every engine (test/helpers/sample.ts). KLUIS_CONCURRENCY_FULL=1 (or
 * KLUIS_TEST_FULL=1) tries every pair; KLUIS_CONCURRENCY_SEED repeats a run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  createBackup,
  deleteAdministration,
  exportXaf,
  generateAdministration,
  issueDemoLicence,
  type KluisContext,
  listAdministrations,
  restoreBackup,
  verifyBackup,
} from '../../src/core/index.js';
import { AdminDb, SystemDb } from '../../src/core/testing.js';
import { tableDigests } from '../helpers/digest.js';
import { type CliInstallation, cliInstallation, type EngineName, selectedEngines } from '../helpers/engines.js';
import { matrixSample } from '../helpers/sample.js';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;
const users = [
  { userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' },
];
const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant' });
const clientLicence = issueDemoLicence({ holder: 'Klant X B.V.', registeredUser: 'klant' });
const officeLicence = issueDemoLicence({ holder: 'Kantoor B.V.', registeredUser: 'staf', articles: ['E-Accountancy'] });

/** The administration every operation works on, and the numbers a copy from it goes to. */
const X = '040';
const copyTargets = { first: '041', second: '042' };

interface Op {
  readonly name: string;
  /** Where the first of a pair is held: a journal phase, after its locks were taken. */
  readonly hold: string;
  readonly args: (role: 'first' | 'second') => string[];
  /** Someone has the administration open meanwhile (a copy then streams a snapshot instead of copying files). */
  readonly usersAtWork?: boolean;
  /** Checks the after-state once it finished as the first of a pair (given what it printed). */
  readonly after: (run: Run) => Promise<void>;
}

/** Runs `work` over `items`, at most `size` at a time. */
async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let at = 0; at < items.length; at += size) await Promise.all(items.slice(at, at + size).map(work));
}

/** The error code a `--json` run reported, or what it printed instead. */
function errorCode(r: Run): string {
  try {
    return (JSON.parse(r.stderr) as { error: { code: string } }).error.code;
  } catch {
    return `exit ${r.code}: ${(r.stderr || r.stdout).slice(0, 500)}`;
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// The engines run side by side: each has an installation of its own, and each spends much of its time waiting
// for its kluis processes and its database server, so that together they keep both of the machine's cores busy.
describe('concurrent operations on each engine', { concurrency: true }, () => {
  for (const kind of selectedEngines()) {
    // Within an engine one test at a time: they all work on its administration 040.
    describe(`concurrent operations on one administration (${kind})`, { concurrency: 1 }, () => {
      let inst: CliInstallation;
      let ctx: KluisContext;
      let cli: { args: string[]; env: Record<string, string> };
      const scratch = mkdtempSync(join(tmpdir(), 'kluis-conc-'));
      const outDir = join(scratch, 'uit');
      const base = join(scratch, 'basis.ebu');
      const source = join(scratch, 'bron.ebu');
      const auditfile = join(scratch, 'bron.xaf');
      const year = new Date().getUTCFullYear() - 1;
      let baseDigest: string;
      let sourceDigest: Record<string, string>;
      /** Each pair: refused with ADMIN_IN_USE and exit 4; the refusal changed nothing; the first finished; nothing left running or staged; the first's exact after-state. */
      const outcomes = 5;
      let pairs = 0;
      // On each engine every operation held and every one refused, a seeded quarter of the pairs.
      const sample = matrixSample('CONCURRENCY', kind as EngineName, { everyEngine: true });
      process.stdout.write(`# ${sample.how}\n`);

      before(async () => {
        inst = await cliInstallation(kind as EngineName, 'conc');
        ({ ctx, cli } = inst);
        mkdirSync(outDir);
        const small = (entries: number) => ({ entries, documents: 2, attachmentBytes: 1024 });
        await generateAdministration(ctx, {
          name: 'Kantoor',
          number: 2,
          size: small(5),
          seed: 'kantoor',
          licence: officeLicence,
          users: [{ userName: 'staf', fullName: 'Staf', role: 'accountant', password: 'een-goed-wachtwoord' }],
        });
        await generateAdministration(ctx, { name: 'Bron', number: 3, size: small(60), seed: 'bron', licence, users });
        await generateAdministration(ctx, {
          name: 'Doel',
          number: Number(X),
          size: small(40),
          seed: 'doel',
          licence,
          users,
        });
        await createBackup(ctx, { adm: '3', output: source });
        await createBackup(ctx, { adm: X, output: base });
        await exportXaf(ctx, { adm: '3', year, output: { path: auditfile } });
        writeFileSync(join(scratch, 'klant.json'), JSON.stringify(clientLicence));
        sourceDigest = await digest('3');
        baseDigest = JSON.stringify(await digest(X));
      });
      after(async () => {
        await inst.dispose();
        rmSync(scratch, { recursive: true, force: true });
        process.stdout.write(`# concurrency ${kind}: ${pairs} pairs × ${outcomes} outcomes\n`);
      });

      function start(
        args: string[],
        env: Record<string, string> = {},
      ): { done: Promise<Run>; pid: () => number | undefined; kill: () => void } {
        const child = spawn(process.execPath, [bin, ...cli.args, '--lang', 'en', ...args], {
          env: { ...process.env, ...cli.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
        return { done, pid: () => child.pid, kill: () => child.kill('SIGKILL') };
      }

      async function digest(ref: string, skip: string[] = []): Promise<Record<string, string>> {
        const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
        let database: string;
        try {
          database = (await sys.byNumber(Number(ref)))!.databaseName;
        } finally {
          await sys.close();
        }
        const db = await AdminDb.open(ctx.engine, database);
        try {
          const all = await tableDigests(db.client);
          delete all['settings'];
          for (const name of skip) delete all[name];
          return all;
        } finally {
          await db.close();
        }
      }

      /**
       * What a refused operation must leave exactly as it was: the journal, the
       * locks, the registry, the databases. The rows of the held process
       * (`heldPid`) count by their id only: a streamed copy's own backup half
       * runs on into its pipe while the copy is held, and may finish meanwhile.
       */
      async function world(heldPid: number): Promise<string> {
        const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
        try {
          const journal = (
            await sys.client.query<{ id: string; status: string; phase: string; pid: number }>(
              `select id, status, phase, pid from operations order by started_at, id`,
            )
          ).rows.map((r) =>
            r.pid === heldPid ? { id: r.id, held: true } : { id: r.id, status: r.status, phase: r.phase },
          );
          const locks = (await sys.client.query(`select admin_number, operation_id from locks order by admin_number`))
            .rows;
          const registry = (
            await sys.client.query(
              `select number, name, database_name, identity, status from administrations order by number`,
            )
          ).rows;
          const databases = (await ctx.engine.listDatabases())
            .filter((d) => d.startsWith(`${ctx.systemDatabase}_`))
            .sort();
          return JSON.stringify({ journal, locks, registry, databases });
        } finally {
          await sys.close();
        }
      }

      const registered = async (number: string) => (await listAdministrations(ctx)).some((a) => a.number === number);

      /** Back to the before-state: X as generated, no copies of it. */
      async function reset(): Promise<void> {
        for (const n of Object.values(copyTargets))
          if (await registered(n)) await deleteAdministration(ctx, n, Number(n));
        if ((await registered(X)) && JSON.stringify(await digest(X)) === baseDigest) return;
        await restoreBackup(ctx, {
          source: createReadStream(base),
          path: base,
          to: X,
          ...((await registered(X)) ? { replace: Number(X) } : {}),
        });
        assert.equal(JSON.stringify(await digest(X)), baseDigest);
      }

      const xDatabase = () => `${ctx.systemDatabase}_adm_${X}`;
      const unchanged = async () => assert.equal(JSON.stringify(await digest(X)), baseDigest, `${X} is unchanged`);

      const ops: Op[] = [
        {
          name: 'restore into',
          hold: 'restore:staging-created',
          args: () => ['backup', 'restore', source, '--to', X, '--replace', X],
          after: async () => assert.deepEqual(await digest(X), sourceDigest),
        },
        {
          name: 'client install into',
          hold: 'client-install:staging-created',
          args: () => ['client', 'install', source, '--open', '2', '--to', X, '--replace', X, '--all-users'],
          after: async () => {
            const skip = ['users', 'licences', 'client_users', 'audit_log'];
            const without = Object.fromEntries(Object.entries(sourceDigest).filter(([k]) => !skip.includes(k)));
            assert.deepEqual(await digest(X, skip), without);
          },
        },
        {
          name: 'copy from',
          hold: 'copy:staging-created',
          args: (role) => ['admin', 'copy', X, '--to', copyTargets[role]],
          after: async (run) => {
            assert.match(run.stdout, /the server copied the database in one go/);
            await unchanged();
            assert.equal(
              JSON.stringify(await digest(copyTargets.first)),
              baseDigest,
              'the copy is the administration as it was',
            );
          },
        },
        {
          name: 'copy from, users at work in it',
          hold: 'copy:staging-created',
          usersAtWork: true,
          args: (role) => ['admin', 'copy', X, '--to', copyTargets[role]],
          after: async (run) => {
            assert.match(run.stdout, /a snapshot, carried straight across/);
            await unchanged();
            assert.equal(
              JSON.stringify(await digest(copyTargets.first)),
              baseDigest,
              'the copy is the administration as it was',
            );
          },
        },
        {
          name: 'copy into',
          hold: 'copy:staging-created',
          args: () => ['admin', 'copy', '3', '--to', X, '--replace', X],
          after: async () => assert.deepEqual(await digest(X), sourceDigest),
        },
        {
          name: 'xaf import into',
          hold: 'xaf-import:staging-created',
          args: () => ['xaf', 'import', auditfile, '--open', '2', '--to', X, '--replace', X, '--all-users'],
          after: async () => {
            const lines = (readFileSync(auditfile, 'utf8').match(/<trLine>/g) ?? []).length;
            const db = await AdminDb.open(ctx.engine, xDatabase());
            try {
              assert.equal((await db.counts()).transactions, lines);
            } finally {
              await db.close();
            }
          },
        },
        {
          name: 'delete',
          hold: 'admin-delete:marked-deleting',
          args: () => ['admin', 'delete', X, '--confirm', X],
          after: async () => {
            assert.equal(await registered(X), false);
            assert.equal(await ctx.engine.databaseExists(xDatabase()), false);
          },
        },
        {
          name: 'backup',
          hold: 'backup:snapshot',
          args: (role) => ['backup', 'create', X, '-o', join(outDir, `${role}.ebu`)],
          after: async () => {
            await unchanged();
            const file = join(outDir, 'first.ebu');
            assert.equal((await verifyBackup(createReadStream(file), file)).manifest.administration.number, Number(X));
            rmSync(file);
          },
        },
        {
          name: 'cloud prepare',
          hold: 'cloud-prepare:journaled',
          args: () => ['cloud', 'prepare', '--database', xDatabase(), '--number', X],
          after: unchanged,
        },
        {
          name: 'xaf export',
          hold: 'xaf-export:journaled',
          args: (role) => ['xaf', 'export', X, '--year', String(year), '-o', join(outDir, `${role}.xaf`)],
          after: async () => {
            await unchanged();
            assert.match(readFileSync(join(outDir, 'first.xaf'), 'utf8'), /<\/auditfile>\s*$/);
            rmSync(join(outDir, 'first.xaf'));
          },
        },
        {
          name: 'licence import-client',
          hold: 'licence-import-client:journaled',
          args: () => ['licence', 'import-client', X, join(scratch, 'klant.json')],
          after: async () => {
            const db = await AdminDb.open(ctx.engine, xDatabase());
            try {
              assert.equal((await db.licence('client'))?.licence.holder, 'Klant X B.V.');
            } finally {
              await db.close();
            }
          },
        },
      ];

      /** Starts `first` and waits until it is held at its phase (or fails the test if it ends first). */
      async function hold(
        first: Pick<Op, 'name' | 'hold' | 'args'>,
      ): Promise<{ release: () => Promise<Run>; abandon: () => void; pid: number }> {
        const dir = mkdtempSync(join(scratch, 'pause-'));
        const run = start(first.args('first'), { KLUIS_PAUSE_AT: first.hold, KLUIS_PAUSE_DIR: dir });
        let ended: Run | undefined;
        void run.done.then((r) => (ended = r));
        while (!existsSync(join(dir, 'paused'))) {
          if (ended)
            assert.fail(`${first.name} ended (exit ${ended.code}) without reaching ${first.hold}: ${ended.stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return {
          pid: run.pid()!,
          release: async () => {
            writeFileSync(join(dir, 'release'), '');
            return run.done;
          },
          // A check that failed while it was held: it would wait for its release for ever, and keep the test file alive.
          abandon: () => {
            if (!ended) run.kill();
          },
        };
      }

      async function checkSettled(label: string): Promise<void> {
        const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
        try {
          const running = (await sys.client.query(`select kind, phase from operations where status = 'running'`)).rows;
          assert.deepEqual(running, [], `${label}: a journal row is left running`);
          assert.deepEqual((await sys.client.query('select * from locks')).rows, [], `${label}: a lock is left`);
        } finally {
          await sys.close();
        }
        const admins = await listAdministrations(ctx);
        const dbs = (await ctx.engine.listDatabases()).filter((d) => d.startsWith(`${ctx.systemDatabase}_`));
        assert.deepEqual(
          dbs.filter((d) => /_(stage|old)_/.test(d)),
          [],
          `${label}: a staging database is left`,
        );
        assert.deepEqual(dbs.sort(), admins.map((a) => a.database).sort(), `${label}: registry and databases differ`);
        assert.deepEqual(
          readdirSync(outDir).filter((f) => f.startsWith('.')),
          [],
          `${label}: a partial file is left`,
        );
      }

      for (const [row, first] of ops.entries()) {
        test(`${first.name} ${X}, held: every other operation on ${X} is told it is in use`, async (t) => {
          t.diagnostic(sample.how);
          const seconds = ops.filter((_, column) => sample.dealt(row, column, 4));
          t.diagnostic(`started against it: ${seconds.map((s) => s.name).join(', ')}`);
          await reset();
          const user = first.usersAtWork ? await ctx.engine.connect(xDatabase()) : undefined;
          const held = await hold(first);
          const refusals: string[] = [];
          let done: Run;
          try {
            // The second operations run a few at a time (each is a kluis process); none may change anything.
            const before = await world(held.pid);
            await inBatches(seconds, 5, async (second) => {
              const r = await start(['--json', ...second.args('second')]).done;
              const code = errorCode(r);
              if (r.code !== 4 || code !== 'ADMIN_IN_USE')
                refusals.push(`${second.name} while ${first.name} runs: ${code}`);
              pairs++;
            });
            assert.equal(
              await world(held.pid),
              before,
              `a refused operation changed something while ${first.name} ran`,
            );
            done = await held.release();
          } finally {
            held.abandon();
            await user?.end();
          }
          assert.equal(done.code, 0, `${first.name} should finish once released: ${done.stderr}`);
          assert.deepEqual(refusals, [], `every second operation is refused as in use (${sample.how})`);
          await checkSettled(first.name);
          await first.after(done);
        });
      }

      test('Ctrl-C during an operation stops it at a safe point and undoes it; a second Ctrl-C stops at once and recover settles it', async () => {
        writeFileSync(join(scratch, 'lic.json'), JSON.stringify(licence));
        writeFileSync(join(scratch, 'pw'), 'een-goed-wachtwoord\n');
        const registryAndDatabases = async () =>
          JSON.stringify({
            admins: await listAdministrations(ctx),
            databases: (await ctx.engine.listDatabases()).filter((d) => d.startsWith(`${ctx.systemDatabase}_`)).sort(),
          });
        const stoppable = [
          {
            name: 'restore as new',
            hold: 'restore:staging-created',
            args: () => ['backup', 'restore', source, '--to', 'Gestopt'],
          },
          {
            name: 'restore over',
            hold: 'restore:data-loaded',
            args: () => ['backup', 'restore', source, '--to', X, '--replace', X],
          },
          {
            name: 'admin create',
            hold: 'admin-create:database-created',
            args: () => [
              'admin',
              'create',
              'Gestopt',
              '--licence',
              join(scratch, 'lic.json'),
              '--password-file',
              join(scratch, 'pw'),
            ],
          },
          { name: 'backup', hold: 'backup:snapshot', args: () => ['backup', 'create', X, '-o', outDir] },
          { name: 'copy', hold: 'copy:staging-created', args: () => ['admin', 'copy', '3', '--to', 'Gestopt'] },
        ];
        await reset();
        for (const op of stoppable) {
          const before = await registryAndDatabases();
          const files = readdirSync(outDir);
          const held = await hold(op);
          process.kill(held.pid, 'SIGINT');
          await new Promise((r) => setTimeout(r, 200)); // the stop is asked for while the operation is paused
          const r = await held.release();
          assert.equal(r.code, 130, `${op.name}: ${r.stderr}`);
          assert.match(
            r.stderr,
            /stopping at the next safe point[\s\S]*kluis: Cancelled; nothing was changed\./,
            op.name,
          );
          await checkSettled(op.name);
          assert.equal(await registryAndDatabases(), before, `${op.name}: undone`);
          assert.deepEqual(readdirSync(outDir), files, `${op.name}: no file written`);
        }
        const held = await hold(stoppable[0]!);
        process.kill(held.pid, 'SIGINT');
        await new Promise((r) => setTimeout(r, 200));
        process.kill(held.pid, 'SIGINT');
        const r = await held.release();
        assert.equal(r.code, 130, r.stderr);
        assert.match(r.stderr, /Stopped at once \(a second Ctrl-C\)[\s\S]*kluis recover/);
        const recovered = start(['recover']);
        assert.equal((await recovered.done).code, 0);
        await checkSettled('recover after a second Ctrl-C');
        assert.ok(!(await listAdministrations(ctx)).some((a) => a.name === 'Gestopt'));
      });

      test('operations that take the next free number, started together, each get a number of their own', async () => {
        writeFileSync(join(scratch, 'lic.json'), JSON.stringify(licence));
        writeFileSync(join(scratch, 'pw'), 'een-goed-wachtwoord\n');
        const before = new Set((await listAdministrations(ctx)).map((a) => a.number));
        const runs = await Promise.all([
          ...[1, 2, 3].map(
            (i) =>
              start([
                '--json',
                'admin',
                'create',
                `Tegelijk ${i}`,
                '--licence',
                join(scratch, 'lic.json'),
                '--password-file',
                join(scratch, 'pw'),
              ]).done,
          ),
          ...[1, 2].map((i) => start(['--json', 'backup', 'restore', source, '--to', `Teruggezet ${i}`]).done),
          start(['--json', 'admin', 'copy', '3', '--to', 'Kopie tegelijk']).done,
          start(['--json', 'xaf', 'import', auditfile, '--open', '2', '--to', 'Ingelezen tegelijk', '--all-users'])
            .done,
        ]);
        assert.deepEqual(
          runs.map((r) => r.code),
          runs.map(() => 0),
          runs.map((r) => r.stderr).join('\n'),
        );
        const made = (await listAdministrations(ctx)).filter((a) => !before.has(a.number));
        assert.deepEqual(
          made.map((a) => a.name).sort(),
          [
            'Ingelezen tegelijk',
            'Kopie tegelijk',
            'Teruggezet 1',
            'Teruggezet 2',
            'Tegelijk 1',
            'Tegelijk 2',
            'Tegelijk 3',
          ].sort(),
        );
        assert.ok(made.every((a) => a.status === 'ready'));
        for (const a of made) await deleteAdministration(ctx, a.number, Number(a.number));
      });
    });
  }
});
