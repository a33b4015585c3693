/**
 * Recover rolls a backup forward that was complete when kluis died: it
 * records the file in the history. When the file is gone since, or a folder
 * stands in its place (a stick pulled, a share remounted), there is nothing
 * to record, and recover still ends: it stopped on an internal "EISDIR"
 * before (found with the web wizard's stays-up matrix, issue 18 defect 3).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { type DemoInstallation, demoInstallation } from '../helpers/engines.js';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;
let inst: DemoInstallation;
let dir: string;

before(async () => {
  inst = await demoInstallation('server', 'recgone');
  dir = inst.dir;
});

after(async () => {
  await inst?.dispose();
});

test('a backup killed after its file was complete, the file then replaced by a folder: recover ends and records nothing', async () => {
  const file = join(dir, 'kantoor.ebu');
  const killed = spawn(process.execPath, [bin, ...inst.cli.args, 'backup', 'create', '1', '-o', file], {
    env: { ...process.env, ...inst.cli.env, KLUIS_CRASH_AT: 'backup:written' },
    stdio: 'ignore',
  });
  await new Promise((resolve) => killed.on('exit', resolve));
  const items = await core.listRecovery(inst.ctx);
  assert.deepEqual(
    items.map((i) => i.action),
    ['roll-forward'],
  );
  rmSync(file);
  mkdirSync(file);
  const report = await core.recover(inst.ctx);
  assert.equal(report.done.length, 1);
  assert.deepEqual(await core.listRecovery(inst.ctx), []);
  assert.equal(
    (await core.backupHistory(inst.ctx)).entries.some((e) => e.location === file),
    false,
  );
});
