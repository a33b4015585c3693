/**
 * Faults from outside: a full disk under a backup, the server connection cut
 * in the middle of a restore, the embedded server killed in the middle of a
 * restore, and recover itself killed half-way. Each must end in one clear
 * error and, after recover, a consistent state.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  backupHistory,
  createBackup,
  createContext,
  generateAdministration,
  issueDemoLicence,
  type KluisContext,
  listAdministrations,
  listRecovery,
  recover,
} from '../../src/core/index.js';
import { EmbeddedEngine, type Engine, readPostmaster } from '../../src/engines/index.js';
import { isAlive } from '../../src/storage/process-info.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { runKluis } from '../helpers/cli.js';
import { type CliInstallation, cliInstallation, type EngineName, selectedEngines } from '../helpers/engines.js';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;
const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant' });
const users = [
  { userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' },
];
const size = { entries: 4000, documents: 120, attachmentBytes: 16_384 };

function runCli(
  args: string[],
  env: Record<string, string>,
): { promise: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // A kluis process that hangs is a failure to report, not a reason to wait for the test runner's timeout.
  const limit = setTimeout(() => {
    stderr += '\n[test] kluis did not finish within 90 s and was killed';
    child.kill('SIGKILL');
  }, 90_000);
  return {
    promise: new Promise((resolve) =>
      child.on('exit', (code) => {
        clearTimeout(limit);
        resolve({ code, stderr });
      }),
    ),
  };
}

async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function consistent(ctx: KluisContext): Promise<void> {
  await recover(ctx);
  assert.deepEqual(await listRecovery(ctx), []);
  const admins = await listAdministrations(ctx);
  const dbs = (await ctx.engine.listDatabases()).filter((d) => d.startsWith(`${ctx.systemDatabase}_`));
  assert.deepEqual(dbs.sort(), admins.map((a) => a.database).sort(), 'registry and databases agree; no staging left');
  assert.ok(admins.every((a) => a.status === 'ready'));
}

for (const kind of selectedEngines()) {
  describe(`faults on ${kind}`, () => {
    let inst: CliInstallation;
    let ctx: KluisContext;
    let cli: { args: string[]; env: Record<string, string> };
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-faults-'));
    let file: string;

    before(async () => {
      inst = await cliInstallation(kind as EngineName, 'fault');
      ({ ctx, cli } = inst);
      await generateAdministration(ctx, { name: 'Groot', number: 1, size, seed: 'faults', licence, users });
      file = (await createBackup(ctx, { adm: '1', output: join(scratch, 'groot.ebu') })).location;
    });
    after(async () => {
      await inst.dispose();
      rmSync(scratch, { recursive: true, force: true });
    });

    test('a full disk under a backup: a clear error, no partial file, nothing in the history', async (t) => {
      const dir = join(scratch, 'small-disk');
      mkdirSync(dir);
      let mounted = false;
      if (process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', dir]).status === 0)
        mounted = true;
      if (!mounted) return t.skip('cannot mount a small filesystem here (needs root)');
      try {
        const before = (await backupHistory(ctx)).entries.length;
        const err = await rejectsWithCode(createBackup(ctx, { adm: '1', output: dir }), 'BACKUP_WRITE_FAILED');
        assert.match(err.message, /ENOSPC|no space/i);
        assert.deepEqual(readdirSync(dir), [], 'no partial file is left on the full disk');
        assert.equal((await backupHistory(ctx)).entries.length, before);
        await consistent(ctx);
      } finally {
        spawnSync('umount', [dir]);
      }
    });

    test('the server connection cut in the middle of a restore: a clear error, the target untouched', async () => {
      const run = runCli([...cli.args, 'backup', 'restore', file, '--to', '5'], cli.env);
      const staging = `${ctx.systemDatabase}_stage_`;
      await waitFor(async () => (await ctx.engine.listDatabases()).some((d) => d.startsWith(staging)));
      const killer = await ctx.engine.connect('postgres');
      try {
        // Cut every session of the restore (they all work in its staging database or the system database).
        await waitFor(async () => {
          const r = await killer.query(
            `select count(*)::int as n from pg_stat_activity where datname like $1 and pid <> pg_backend_pid()`,
            [`${staging}%`],
          );
          return r.rows[0].n > 0;
        });
        await killer.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname like $1 and pid <> pg_backend_pid()`,
          [`${staging}%`],
        );
      } finally {
        await killer.end();
      }
      const r = await run.promise;
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /^kluis: (The connection to server ".+" was lost|Cannot connect)/m, r.stderr);
      await consistent(ctx);
      assert.equal(
        (await listAdministrations(ctx)).some((a) => a.number === '005'),
        false,
      );
    });

    test('recover killed half-way and run again gives the same result', async () => {
      const envCrash = (at: string) => ({ ...cli.env, KLUIS_CRASH_AT: at });
      assert.equal(
        (await runCli([...cli.args, 'backup', 'restore', file, '--to', '6'], envCrash('restore:data-loaded')).promise)
          .code,
        null,
      );
      assert.equal(
        (
          await runCli(
            [...cli.args, 'backup', 'restore', file, '--to', '1', '--replace', '1'],
            envCrash('restore:renamed'),
          ).promise
        ).code,
        null,
      );
      assert.equal((await listRecovery(ctx)).length, 2);
      // Said in words: what was interrupted and what recovery does; the number 006 never existed, 001 did.
      const said = (await runKluis([...cli.args, 'recover', '--list', '--lang', 'nl'], cli.env)).stdout;
      assert.match(said, /het terugzetten als nieuwe administratie 006 ongedaan maken; 006 wordt niet aangemaakt/);
      assert.match(said, /het terugzetten in 001 (afmaken|ongedaan maken; 001 blijft zoals het was)/);
      assert.doesNotMatch(said, /\brestore\b|fase|phase|data-loaded|renamed|006 blijft/);
      assert.equal(
        (await runCli([...cli.args, 'recover'], envCrash('recover:step')).promise).code,
        null,
        'recover was killed after its first step',
      );
      assert.equal((await listRecovery(ctx)).length, 1);
      await consistent(ctx);
      const admins = (await listAdministrations(ctx)).map((a) => a.number);
      assert.ok(admins.includes('001') && !admins.includes('006'));
    });
  });
}

describe('the embedded server killed in the middle of a restore', {
  skip: !selectedEngines().includes('embedded'),
}, () => {
  const home = mkdtempSync(join(tmpdir(), 'kluis-killpg-'));
  chmodSync(home, 0o755);
  const engine: Engine = new EmbeddedEngine({ name: 'local', home });
  const ctx = createContext({ home, engine, systemDatabase: 'kluis' });

  after(async () => {
    await engine.stop().catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  });

  test('the restore fails clearly; after recover (which starts the server again) all is consistent', async () => {
    await generateAdministration(ctx, { name: 'Groot', number: 1, size, seed: 'killpg', licence, users });
    const file = (await createBackup(ctx, { adm: '1', output: join(home, 'groot.ebu') })).location;
    writeFileSync(join(home, 'marker'), '');
    const run = runCli(['--home', home, 'backup', 'restore', file, '--to', '2'], {});
    await waitFor(async () => (await engine.listDatabases()).some((d) => d.startsWith('kluis_stage_')));
    const pid = readPostmaster((engine as EmbeddedEngine).layout)!.pid;
    execFileSync('kill', ['-9', String(pid)]);
    await waitFor(async () => !isAlive(pid));
    const r = await run.promise;
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /^kluis: (The connection to server "local" was lost|Cannot connect to server "local")/m,
      r.stderr,
    );
    await consistent(ctx);
    assert.deepEqual(
      (await listAdministrations(ctx)).map((a) => a.number),
      ['001'],
    );
  });
});
