/**
 * A hand-out held with its lock (KLUIS_PAUSE_AT) refuses every other
 * operation on the administration as in use, and is itself one operation
 * (its backup no second one to be "in use" by).
 *
 * The server dying at each point, kluis going on: the hand-out settles
 * itself (undone, or finished) and says the server was lost.
 *
 * A hand-out killed (kill -9, KLUIS_CRASH_AT) at each point it records,
 * then `kluis recover`: either the hand-out never happened — the client's
 * books exactly as before, no file, no partial file, nothing in the
 * history — or it did: the outstanding row, one whole file that carries it
 * and verifies, and its history row. Never a row without its file, nor a
 * file without its row.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import * as core from '../../src/core/index.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { kluisBin, runKluis } from '../helpers/cli.js';
import { tableDigests } from '../helpers/digest.js';
import { type DemoInstallation, demoInstallation, selectedEngines } from '../helpers/engines.js';

/** The points a hand-out records, in order, and which way recover settles a kill there. */
const points = [
  { point: 'journaled', settled: 'back' },
  { point: 'recorded', settled: 'back' },
  { point: 'snapshot', settled: 'back' },
  // The file is complete under its name; the journal does not know yet.
  { point: 'committed', settled: 'forward' },
  { point: 'written', settled: 'forward' },
] as const;

for (const kind of selectedEngines()) {
  describe(`a hand-out killed at each point, then recover, on ${kind}`, () => {
    let inst: DemoInstallation;
    let database: string;
    const inClient = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
      const c = await inst.ctx.engine.connect(database);
      try {
        return await fn(c);
      } finally {
        await c.end();
      }
    };

    before(async () => {
      inst = await demoInstallation(kind, 'hokill');
      database = (await core.showAdministration(inst.ctx, '2')).database;
    });
    after(async () => {
      await inst?.dispose();
    });

    test('a hand-out held after it recorded its row: every other operation on the administration is refused as in use, then it finishes', async () => {
      const folder = join(inst.dir, 'held');
      const pause = join(inst.dir, 'pause');
      mkdirSync(folder);
      mkdirSync(pause);
      const before = await inClient((c) => tableDigests(c));
      const held = spawn(
        process.execPath,
        [kluisBin, ...inst.cli.args, 'client', 'hand-out', '2', '--until', '30-06-2026', '-o', folder],
        {
          env: { ...process.env, ...inst.cli.env, KLUIS_PAUSE_AT: 'hand-out:recorded', KLUIS_PAUSE_DIR: pause },
          stdio: 'ignore',
        },
      );
      const exited = new Promise<number | null>((resolve) => held.on('exit', (code) => resolve(code)));
      while (!existsSync(join(pause, 'paused'))) await new Promise((r) => setTimeout(r, 20));
      const handedOut = await inClient((c) => tableDigests(c));
      assert.notDeepEqual(handedOut, before, 'the row is recorded');
      for (const args of [
        ['client', 'hand-out', '2', '--until', '30-09-2026', '-o', inst.dir],
        ['client', 'hand-out', '2', '--cancel', '--confirm', '2'],
        ['backup', 'create', '2', '-o', inst.dir],
      ]) {
        const r = await runKluis([...inst.cli.args, '--json', ...args], inst.cli.env);
        assert.equal(r.code, 4, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(JSON.parse(r.stderr).error.code, 'ADMIN_IN_USE', args.join(' '));
      }
      assert.deepEqual(await inClient((c) => tableDigests(c)), handedOut, 'nothing changed meanwhile');
      writeFileSync(join(pause, 'release'), '');
      assert.equal(await exited, 0);
      assert.equal(readdirSync(folder).length, 1);
      assert.deepEqual(await core.listRecovery(inst.ctx), []);
      assert.equal((await core.handOutStatus(inst.ctx, '2'))?.status, 'outstanding');
      await core.cancelHandOut(inst.ctx, { adm: '2', confirm: 2 });
    });

    // The server dying at each point (on a server kluis does not run: its sessions cut), kluis going on:
    // the hand-out settles itself as recover would, and says what happened (the server, not the file).
    for (const { point, settled } of points)
      test(`the server gone at hand-out:${point}: the hand-out settles itself ${settled}`, {
        skip: kind !== 'server' && 'the embedded server is shared by the test files running now',
      }, async () => {
        const folder = join(inst.dir, `server-${point}`);
        mkdirSync(folder);
        const before = await inClient((c) => tableDigests(c));
        const r = await runKluis(
          [...inst.cli.args, '--json', 'client', 'hand-out', '2', '--until', '30-06-2026', '-o', folder],
          { ...inst.cli.env, KLUIS_CRASH_AT: `hand-out:${point}@server` },
        );
        assert.deepEqual(await core.listRecovery(inst.ctx), [], 'nothing left for recover');
        if (settled === 'back') {
          assert.equal(r.code, 9, r.stderr);
          assert.equal(JSON.parse(r.stderr).error.code, 'SERVER_LOST');
          assert.deepEqual(await inClient((c) => tableDigests(c)), before, 'the books exactly as before');
          assert.deepEqual(readdirSync(folder), []);
          return;
        }
        assert.equal(r.code, 0, r.stderr);
        assert.equal(readdirSync(folder).length, 1);
        assert.equal((await core.handOutStatus(inst.ctx, '2'))?.status, 'outstanding');
        await core.cancelHandOut(inst.ctx, { adm: '2', confirm: 2 });
      });

    for (const { point, settled } of points)
      test(`killed at hand-out:${point}: recover settles it ${settled === 'back' ? 'back (no row, no file)' : 'forward (row and file)'}`, async () => {
        const folder = join(inst.dir, point);
        mkdirSync(folder);
        const before = await inClient((c) => tableDigests(c));
        const historyBefore = (await core.backupHistory(inst.ctx)).entries.length;
        const child = spawn(
          process.execPath,
          [kluisBin, ...inst.cli.args, 'client', 'hand-out', '2', '--until', '30-06-2026', '-o', folder],
          { env: { ...process.env, ...inst.cli.env, KLUIS_CRASH_AT: `hand-out:${point}` }, stdio: 'ignore' },
        );
        const signal = await new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
        assert.equal(signal, 'SIGKILL', 'killed at the point');
        const items = await core.listRecovery(inst.ctx);
        assert.deepEqual(
          items.map((i) => [i.operation?.kind, i.action]),
          [['hand-out', settled === 'back' ? 'roll-back' : 'roll-forward']],
        );
        // admin show says so, beside the hand-out it shows: it may be one that did not finish.
        const shown = await runKluis([...inst.cli.args, 'admin', 'show', '2'], inst.cli.env);
        assert.equal(shown.code, 0, shown.stderr);
        assert.match(shown.stderr, /An operation was interrupted \(1 item to recover\)\. Run "kluis recover"/);
        // Any other operation on the administration waits for recover.
        await rejectsWithCode(
          core.handOut(inst.ctx, { adm: '2', until: '2026-06-30', output: folder }),
          'RECOVERY_NEEDED',
        );
        const r = await runKluis([...inst.cli.args, 'recover'], inst.cli.env);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(await core.listRecovery(inst.ctx), []);
        const files = readdirSync(folder);
        const history = (await core.backupHistory(inst.ctx)).entries;
        if (settled === 'back') {
          assert.deepEqual(await inClient((c) => tableDigests(c)), before, 'the books exactly as before');
          assert.deepEqual(files, [], 'no file and no partial file');
          assert.equal(history.length, historyBefore);
          return;
        }
        const rows = await inClient(
          async (c) => (await c.query(`select id::text, status from hand_outs where status = 'outstanding'`)).rows,
        );
        assert.equal(rows.length, 1, 'the outstanding row');
        assert.equal(files.length, 1, `one whole file, nothing else: ${files}`);
        const file = join(folder, files[0]!);
        assert.ok(files[0]!.endsWith('.ebu'));
        await core.verifyBackup(core.openBackupFile(file), file);
        const info = await core.inspectBackup(core.openBackupFile(file), file);
        assert.equal(info.manifest.handOut?.id, rows[0].id, 'the file carries this hand-out');
        assert.ok(
          history.some((e) => e.location === file),
          'in the history',
        );
        // Withdrawn again, for the next point.
        await core.cancelHandOut(inst.ctx, { adm: '2', confirm: 2 });
      });
  });
}
