/**
 * Crash safety, proved by killing the real process. Every writing operation
 * runs as a kluis child process and is killed with SIGKILL right after each
 * phase its journal records (KLUIS_CRASH_AT), and at seeded random moments;
 * then recover runs (twice: it must be idempotent) and the invariants are
 * checked: every administration equals its before- or after-state, the
 * registry matches the databases, no staging database or partial file is
 * left, and the history lists only complete backups.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  addServer,
  AdminDb,
  backupHistory,
  createBackup,
  createContext,
  exportXaf,
  generateAdministration,
  issueDemoLicence,
  listAdministrations,
  listRecovery,
  recover,
  showAdministration,
  SystemDb,
  verifyBackup,
  type KluisContext,
} from '../../src/core/index.js';
import { SeededRandom } from '../../src/core/generator/random.js';
import { tableDigests } from '../helpers/digest.js';
import { cliInstallation, dropDatabasesWithPrefix, selectedEngines, type EngineName } from '../helpers/engines.js';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;
const users = [{ userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' }];
const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant' });
const accountantLicence = issueDemoLicence({ holder: 'Kantoor B.V.', registeredUser: 'staf', articles: ['E-Accountancy'] });

interface Op {
  readonly name: string;
  readonly kind: string;
  readonly phases: readonly string[];
  readonly args: () => string[];
  /** Brings the world to this operation's before-state. */
  readonly prepare: () => Promise<void>;
}

for (const kind of selectedEngines()) {
  describe(`crash and recover on ${kind}`, () => {
    let ctx: KluisContext;
    let cli: { args: string[]; env: Record<string, string> };
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-crash-'));
    const file = join(scratch, 'bron.ebu');
    const auditfile = join(scratch, 'bron.xaf');
    const xafYear = new Date().getUTCFullYear() - 1;
    let sourceDigest: Record<string, string>;
    const stats = { points: 0, random: 0, lost: 0 };

    before(async () => {
      ({ ctx, cli } = await cliInstallation(kind as EngineName, 'crash'));
      await generateAdministration(ctx, { name: 'Eerste', number: 1, size: { entries: 150, documents: 6, attachmentBytes: 2048 }, seed: 'one', licence, users });
      await generateAdministration(ctx, { name: 'Kantoor', number: 2, size: { entries: 5, documents: 0, attachmentBytes: 0 }, seed: 'kantoor', licence: accountantLicence, users: [{ userName: 'staf', fullName: 'Staf', role: 'accountant', password: 'een-goed-wachtwoord' }] });
      await generateAdministration(ctx, { name: 'Bron', number: 3, size: { entries: 400, documents: 12, attachmentBytes: 4096 }, seed: 'three', licence, users });
      await createBackup(ctx, { adm: '3', output: file });
      await exportXaf(ctx, { adm: '3', year: xafYear, output: { path: auditfile } });
      sourceDigest = await digest(ctx, '3');
      writeFileSync(join(scratch, 'lic.json'), JSON.stringify(licence));
      writeFileSync(join(scratch, 'pw'), 'een-goed-wachtwoord\n');
    });
    after(async () => {
      await dropDatabasesWithPrefix(ctx.engine, ctx.systemDatabase);
      rmSync(scratch, { recursive: true, force: true });
      process.stdout.write(`# crash test ${kind}: ${stats.points} crash points, ${stats.random} random kills, ${stats.lost} administrations lost or half-visible\n`);
    });

    const exists = async (ref: string) => (await listAdministrations(ctx)).some((a) => a.number === ref);
    const drop = async (number: string) => {
      if (await exists(number)) await run(['admin', 'delete', number, '--confirm', number]);
    };
    const run = (args: string[], crashAt?: string, killAfterMs?: number): Promise<{ code: number | null; signal: string | null; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [bin, ...cli.args, ...args], { env: { ...process.env, ...cli.env, ...(crashAt ? { KLUIS_CRASH_AT: crashAt } : {}) }, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const timer = killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : undefined;
        child.on('exit', (code, signal) => {
          if (timer) clearTimeout(timer);
          resolve({ code, signal, stderr });
        });
      });

    const ops: Op[] = [
      { name: 'create', kind: 'admin-create', phases: ['journaled', 'registered', 'database-created', 'schema-ready'], args: () => ['admin', 'create', 'Nieuw', '--number', '30', '--licence', join(scratch, 'lic.json'), '--password-file', join(scratch, 'pw')], prepare: () => drop('030') },
      {
        name: 'delete',
        kind: 'admin-delete',
        phases: ['journaled', 'marked-deleting', 'database-dropped'],
        args: () => ['admin', 'delete', '31', '--confirm', '031'],
        prepare: async () => {
          if (!(await exists('031'))) await run(['admin', 'create', 'Weg', '--number', '31', '--licence', join(scratch, 'lic.json'), '--password-file', join(scratch, 'pw')]);
        },
      },
      { name: 'backup', kind: 'backup', phases: ['journaled', 'snapshot', 'written'], args: () => ['backup', 'create', '1', '-o', scratch], prepare: async () => undefined },
      { name: 'restore as new', kind: 'restore', phases: ['journaled', 'planned', 'staging-created', 'data-loaded', 'checked', 'swapped'], args: () => ['backup', 'restore', file, '--to', '32'], prepare: () => drop('032') },
      { name: 'restore over', kind: 'restore', phases: ['journaled', 'planned', 'staging-created', 'data-loaded', 'checked', 'old-renamed', 'swapped'], args: () => ['backup', 'restore', file, '--to', '1', '--replace', '001'], prepare: async () => undefined },
      { name: 'copy by template', kind: 'copy', phases: ['journaled', 'planned', 'staging-created', 'data-loaded', 'checked', 'swapped'], args: () => ['admin', 'copy', '3', '--to', '35'], prepare: () => drop('035') },
      { name: 'copy over', kind: 'copy', phases: ['journaled', 'planned', 'staging-created', 'data-loaded', 'checked', 'old-renamed', 'swapped'], args: () => ['admin', 'copy', '3', '--to', '1', '--replace', '001'], prepare: async () => undefined },
      { name: 'client install', kind: 'client-install', phases: ['journaled', 'planned', 'staging-created', 'data-loaded', 'checked', 'swapped'], args: () => ['client', 'install', file, '--open', '2', '--to', '33', '--all-users'], prepare: () => drop('033') },
      { name: 'xaf import', kind: 'xaf-import', phases: ['journaled', 'planned', 'staging-created', 'data-loaded', 'checked', 'swapped'], args: () => ['xaf', 'import', auditfile, '--open', '2', '--to', '36', '--all-users'], prepare: () => drop('036') },
    ];

    /** The states each administration may be in: before the operation, or after it. */
    async function snapshotStates(): Promise<Map<string, string>> {
      const states = new Map<string, string>();
      for (const a of await listAdministrations(ctx)) states.set(a.number, JSON.stringify(await digest(ctx, a.number)));
      return states;
    }

    async function checkInvariants(op: Op, before: Map<string, string>, label: string): Promise<void> {
      // Recover, then recover again: the second run must find nothing.
      await recover(ctx);
      assert.deepEqual(await listRecovery(ctx), [], `${label}: recovery left work`);
      const admins = await listAdministrations(ctx);
      const dbs = (await ctx.engine.listDatabases()).filter((d) => d.startsWith(`${ctx.systemDatabase}_`));
      assert.deepEqual(dbs.filter((d) => /_(stage|old)_/.test(d)), [], `${label}: temporary databases left`);
      assert.deepEqual(dbs.sort(), admins.map((a) => a.database).sort(), `${label}: registry and databases differ`);
      assert.ok(admins.every((a) => a.status === 'ready'), `${label}: an administration is not ready`);
      assert.deepEqual(readdirSync(scratch).filter((f) => f.includes('.partial')), [], `${label}: a partial backup file was left`);
      for (const entry of (await backupHistory(ctx)).entries) await verifyBackup(createReadStream(entry.location), entry.location);
      const sourceState = JSON.stringify(sourceDigest);
      for (const a of admins) {
        const now = JSON.stringify(await digest(ctx, a.number));
        const was = before.get(a.number);
        const allowed = [was];
        if ((op.kind === 'restore' || op.kind === 'copy') && ['032', '035', '001'].includes(a.number)) allowed.push(sourceState);
        if (op.kind === 'client-install' && a.number === '033') {
          const d = await digest(ctx, a.number, ['users', 'licences', 'client_users', 'audit_log']);
          allowed.push(JSON.stringify(d));
          assert.deepEqual(d, withoutTables(sourceDigest, ['users', 'licences', 'client_users', 'audit_log']), `${label}: client install content`);
          continue;
        }
        if (op.kind === 'admin-create' && a.number === '030') continue; // a new, empty administration: its existence is the after-state
        if (op.kind === 'xaf-import' && a.number === '036') {
          // The after-state: the auditfile's year, whole.
          const lines = (readFileSync(auditfile, 'utf8').match(/<trLine>/g) ?? []).length;
          assert.equal((await showAdministration(ctx, '036')).counts.transactions, lines, `${label}: xaf import content`);
          continue;
        }
        if (!allowed.includes(now)) stats.lost++;
        assert.ok(allowed.includes(now), `${label}: administration ${a.number} is neither its before- nor its after-state`);
      }
      for (const number of before.keys()) {
        const gone = !admins.some((a) => a.number === number);
        if (gone && !(op.kind === 'admin-delete' && number === '031')) {
          stats.lost++;
          assert.fail(`${label}: administration ${number} was lost`);
        }
      }
    }

    for (const op of ops) {
      test(`${op.name}: killed after every phase, then recovered`, async () => {
        for (const phase of op.phases) {
          await op.prepare();
          const before = await snapshotStates();
          const r = await run(op.args(), `${op.kind}:${phase}`);
          assert.equal(r.signal, 'SIGKILL', `${op.name} at ${phase} should have been killed: ${r.stderr}`);
          // Until recovery, the administration refuses other work with a clear message.
          stats.points++;
          await checkInvariants(op, before, `${op.name} killed after ${phase}`);
        }
      });
    }

    test('killed at random moments (seeded), then recovered', async (t) => {
      const seed = process.env['KLUIS_CRASH_SEED'] ?? `crash-${Date.now() % 100000}`;
      const trials = Number(process.env['KLUIS_CRASH_TRIALS'] ?? 6);
      t.diagnostic(`seed ${seed}, ${trials} trials (KLUIS_CRASH_SEED / KLUIS_CRASH_TRIALS to repeat or extend)`);
      const rnd = new SeededRandom(seed);
      for (let i = 0; i < trials; i++) {
        const op = ops[rnd.int(0, ops.length - 1)]!;
        const delay = rnd.int(100, 1500);
        await op.prepare();
        const before = await snapshotStates();
        await run(op.args(), undefined, delay);
        stats.random++;
        await checkInvariants(op, before, `${op.name} killed after ${delay} ms (seed ${seed}, trial ${i + 1})`);
      }
    });

    test('an interrupted administration refuses other work until recover', async () => {
      await drop('032');
      const r = await run(['backup', 'restore', file, '--to', '32'], 'restore:data-loaded');
      assert.equal(r.signal, 'SIGKILL');
      const refused = await run(['backup', 'restore', file, '--to', '32']);
      assert.equal(refused.code, 4);
      assert.match(refused.stderr, /Administration 032 needs recovery first: restore \(pid \d+ on .+\) was interrupted\./);
      const list = await run(['recover', '--list']);
      assert.equal(list.code, 0);
      await recover(ctx);
      assert.equal((await run(['backup', 'restore', file, '--to', '32'])).code, 0);
    });

    test('two restores into the same number at once: one proceeds, the other is told it is in use', async () => {
      await drop('034');
      const [a, b] = await Promise.all([run(['backup', 'restore', file, '--to', '34']), run(['backup', 'restore', file, '--to', '34'])]);
      const codes = [a.code, b.code].sort();
      assert.ok(codes[0] === 0, `one succeeds: ${a.stderr} ${b.stderr}`);
      assert.ok([4, 10].includes(codes[1]!), `the other is refused as in use or taken: ${a.stderr} ${b.stderr}`);
      assert.match(a.stderr + b.stderr, /in use by restore|already used by/);
    });
  });
}

function withoutTables(d: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(d).filter(([k]) => !names.includes(k)));
}

async function digest(ctx: KluisContext, ref: string, skip: string[] = []): Promise<Record<string, string>> {
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
    return withoutTables(all, skip);
  } finally {
    await db.close();
  }
}
