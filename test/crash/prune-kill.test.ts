/**
 * Prune killed half-way (SIGKILL of the real kluis process, between two
 * removals): every file the policy keeps is still there, only files the
 * policy let go are gone, and `kluis recover` — or the next prune — finishes
 * the list and brings the history in line with the folder.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { kluisBin } from '../helpers/cli.js';
import { type DemoInstallation, demoInstallation } from '../helpers/engines.js';
import { redate } from '../helpers/redate.js';

let inst: DemoInstallation;

before(async () => {
  inst = await demoInstallation('server', 'prunekill');
});

after(async () => {
  await inst?.dispose();
});

/** Six real backups of the office's administration, one a month; the newest last. */
async function monthlyBackups(folder: string): Promise<string[]> {
  mkdirSync(folder);
  const names: string[] = [];
  for (let month = 1; month <= 6; month++) {
    const { location } = await core.createBackup(inst.ctx, { adm: '1', output: folder });
    redate(location, `2026-0${month}-15T20:00:00Z`);
    names.push(basename(location));
  }
  return names;
}

/** Starts `kluis backup prune folder --keep-last 2`, held after its first removal; kills it there with SIGKILL. */
async function pruneKilledAfterFirstRemoval(folder: string): Promise<void> {
  const pauseDir = mkdtempSync(join(inst.dir, 'pause-'));
  const child = spawn(process.execPath, [kluisBin, ...inst.cli.args, 'backup', 'prune', folder, '--keep-last', '2'], {
    env: { ...process.env, ...inst.cli.env, KLUIS_PAUSE_AT: 'prune:removed-1', KLUIS_PAUSE_DIR: pauseDir },
    stdio: 'ignore',
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  while (!existsSync(join(pauseDir, 'paused'))) await new Promise((resolve) => setTimeout(resolve, 20));
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
}

const present = (folder: string, names: readonly string[]) => names.filter((n) => existsSync(join(folder, n)));

async function historyStates(folder: string): Promise<Map<string, string>> {
  const { entries } = await core.backupHistory(inst.ctx);
  return new Map(
    entries.filter((e) => e.location.startsWith(`${folder}/`)).map((e) => [basename(e.location), e.state]),
  );
}

test('prune killed half-way removed only what goes; recover finishes it and the history agrees', async () => {
  const folder = join(inst.dir, 'recover');
  const names = await monthlyBackups(folder);
  const [jan, feb, mar, apr, may, jun] = names as [string, string, string, string, string, string];
  await pruneKilledAfterFirstRemoval(folder);
  // Kept by the policy: the two newest. They are there; of the four that go, one went before the kill.
  assert.deepEqual(present(folder, [may, jun]), [may, jun]);
  assert.equal(present(folder, [jan, feb, mar, apr]).length, 3);
  const items = await core.listRecovery(inst.ctx);
  assert.equal(items.length, 1);
  assert.equal(items[0]!.operation?.kind, 'prune');
  assert.equal(items[0]!.action, 'roll-forward');
  assert.match(
    items[0]!.description.en,
    new RegExp(`^finish pruning ${folder}: remove the files the retention policy let go \\(4 were planned\\)`),
  );
  await core.recover(inst.ctx);
  assert.deepEqual(present(folder, names), [may, jun]);
  const states = await historyStates(folder);
  assert.deepEqual(
    names.map((n) => states.get(n)),
    ['removed', 'removed', 'removed', 'removed', 'present', 'present'],
  );
  assert.deepEqual(await core.listRecovery(inst.ctx), []);
});

test('prune killed half-way: the next prune finishes the list first, then decides again', async () => {
  const folder = join(inst.dir, 'next');
  const names = await monthlyBackups(folder);
  const [, , , , may, jun] = names as [string, string, string, string, string, string];
  await pruneKilledAfterFirstRemoval(folder);
  assert.deepEqual(present(folder, [may, jun]), [may, jun]);
  const r = await core.pruneRepository(inst.ctx, { repository: folder, policy: { keepLast: 2 } });
  assert.equal(r.settled, 4);
  assert.deepEqual(r.removed, []);
  assert.deepEqual(present(folder, names), [may, jun]);
  const states = await historyStates(folder);
  assert.deepEqual(
    names.map((n) => states.get(n)),
    ['removed', 'removed', 'removed', 'removed', 'present', 'present'],
  );
  assert.deepEqual(await core.listRecovery(inst.ctx), []);
});
