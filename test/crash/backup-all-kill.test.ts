/**
 * kill -9 during `backup all`: the backups finished before the kill are
 * kept and in the history, no incomplete file is visible under a backup's
 * name, and `kluis recover` settles the rest (a file complete but not yet
 * recorded is recorded, a half-written one removed), after which every file
 * in the folder is in the history and verifies, and a new run backs up every
 * administration. The kill comes when the history holds a few backups, so it
 * lands in the middle of the run, wherever that is: the checks hold at any
 * moment, which is the point.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { SystemDb } from '../../src/core/testing.js';
import { kluisBin, runKluis } from '../helpers/cli.js';
import { type CliInstallation, cliInstallation, selectedEngines } from '../helpers/engines.js';
import { manyAdministrations } from '../helpers/many-administrations.js';

const administrations = 12;

async function historyIn(ctx: core.KluisContext, folder: string): Promise<string[]> {
  // The history of every server this home knows: a server known under two names is listed twice.
  const { entries } = await core.backupHistory(ctx);
  return [...new Set(entries.map((e) => e.location).filter((l) => l.startsWith(`${folder}/`)))];
}

async function journalState(ctx: core.KluisContext): Promise<{ running: number; locks: number }> {
  const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
  try {
    const running = await sys.client.query("select 1 from operations where status = 'running'");
    const locks = await sys.client.query('select 1 from locks');
    return { running: running.rowCount ?? 0, locks: locks.rowCount ?? 0 };
  } finally {
    await sys.close();
  }
}

for (const kind of selectedEngines()) {
  describe(`kill -9 during backup all (${kind})`, () => {
    let inst: CliInstallation;
    let dir: string;

    before(async () => {
      inst = await cliInstallation(kind, 'allkill');
      dir = mkdtempSync(join(tmpdir(), 'kluis-allkill-'));
      await manyAdministrations(inst.ctx, administrations, core.generatorSizes.demo);
    });
    after(async () => {
      await inst.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    test('finished backups kept and recorded, nothing partial visible, recover settles the rest', async (t) => {
      const child = spawn(process.execPath, [kluisBin, ...inst.cli.args, 'backup', 'all', '--jobs', '2', '--to', dir], {
        env: { ...process.env, ...inst.cli.env },
        stdio: 'ignore',
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      let recorded = await historyIn(inst.ctx, dir);
      while (recorded.length < 3) {
        await new Promise((r) => setTimeout(r, 10));
        recorded = await historyIn(inst.ctx, dir);
      }
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL', 'the run was killed before it finished');
      t.diagnostic(`killed with ${recorded.length} of ${administrations} recorded`);

      // Before recover: what was recorded is there and whole; every visible backup file is complete.
      const visible = readdirSync(dir).filter((f) => !f.startsWith('.'));
      for (const location of recorded) assert.ok(visible.includes(location.slice(dir.length + 1)), location);
      for (const f of visible) await core.verifyBackup(core.openBackupFile(join(dir, f)), f);
      assert.ok(visible.length < administrations, 'killed in the middle, not after the last');

      const recover = await runKluis([...inst.cli.args, 'recover'], inst.cli.env);
      assert.equal(recover.code, 0, recover.stderr);
      assert.deepEqual(await journalState(inst.ctx), { running: 0, locks: 0 });
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.startsWith('.')),
        [],
        'no temporary file left',
      );
      const files = readdirSync(dir).sort();
      const history = (await historyIn(inst.ctx, dir)).map((l) => l.slice(dir.length + 1)).sort();
      assert.deepEqual(history, files, 'every file is in the history, and every history entry is a file');
      for (const f of files) await core.verifyBackup(core.openBackupFile(join(dir, f)), f);

      const again = await runKluis([...inst.cli.args, 'backup', 'all', '--to', dir, '--json'], inst.cli.env);
      assert.equal(again.code, 0, again.stderr);
      assert.equal((JSON.parse(again.stdout) as core.BackupAllResult).total.ok, administrations);
    });

    test('Ctrl-C: no new backup starts, the one under way is undone or finished, the report says which; exit 130', async () => {
      const to = mkdtempSync(join(dir, 'stop-'));
      const child = spawn(
        process.execPath,
        [kluisBin, ...inst.cli.args, 'backup', 'all', '--jobs', '2', '--to', to, '--json'],
        { env: { ...process.env, ...inst.cli.env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      while ((await historyIn(inst.ctx, to)).length < 2) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGINT');
      assert.equal(await exited, 130, stderr);
      const report = JSON.parse(stdout) as core.BackupAllResult;
      const made = report.administrations.filter((a) => a.result === 'ok');
      const notStarted = report.administrations.filter((a) => a.result === 'not-started');
      assert.equal(report.administrations.length, administrations, 'every administration has its line');
      assert.ok(notStarted.length > 0, 'stopped before the end');
      assert.ok(notStarted.every((a) => a.error?.code === 'BACKUP_ALL_NOT_STARTED'));
      assert.equal(
        (JSON.parse(stderr.slice(stderr.indexOf('{'))) as { error: { code: string } }).error.code,
        'BACKUP_ALL_STOPPED',
      );
      // What was made is whole and recorded; nothing else is there; nothing is left for recover.
      const files = readdirSync(to).sort();
      assert.deepEqual(files, made.map((a) => a.file!).sort());
      assert.deepEqual((await historyIn(inst.ctx, to)).map((l) => l.slice(to.length + 1)).sort(), files);
      assert.deepEqual(await journalState(inst.ctx), { running: 0, locks: 0 });
    });
  });
}
