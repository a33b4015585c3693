/**
 * The wizards' backup history (the restore and client-install file step) as
 * it is once backups go to repositories and prune removes files: a row is
 * offered only for a file that can still be read — not one prune removed,
 * nor one that is gone from this computer — and each row keeps the Nr that
 * `kluis backup history` gives it (1 = newest), so a typed Nr means the same
 * file in the wizard and on the command line. A backup in object storage
 * is offered too, and restores straight from the store, as `kluis backup
 * restore s3://…` does; an `s3://` address typed as the file works the same.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createOutput } from '../../src/cli/output.js';
import type { Prompter } from '../../src/cli/wizard/prompter.js';
import { runTerminalWizard } from '../../src/cli/wizard/terminal-wizard.js';
import * as core from '../../src/core/index.js';
import { type DemoInstallation, demoInstallation, selectedEngines } from '../helpers/engines.js';
import { type ObjectStore, objectStoreUnavailable, startObjectStore } from '../helpers/object-store.js';
import { startWizard } from '../helpers/web.js';
import { Client } from '../helpers/web-client.js';

const engine = selectedEngines()[0] ?? 'embedded';
const noStore = objectStoreUnavailable();

/** Answers questions in order; a question that was not expected fails the test. */
class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];
  readonly said: string[] = [];
  constructor(private readonly script: Array<[RegExp, string]>) {}
  async ask(question: string): Promise<string> {
    this.asked.push(question);
    const next = this.script.shift();
    if (!next) throw new Error(`unexpected question: ${question}\n${this.said.join('\n')}`);
    assert.match(question, next[0], `question ${this.asked.length}: ${this.said.slice(-3).join('\n')}`);
    return next[1];
  }
  say(text: string): void {
    this.said.push(text);
  }
}

function sink(): Writable {
  return new Writable({ write: (_c, _e, done) => done() });
}

async function wizard(inst: DemoInstallation, script: Array<[RegExp, string]>): Promise<ScriptedPrompter> {
  const prompter = new ScriptedPrompter([
    [/Choice \[1\]/, ''], // administration 001
    [/User name/, 'devries'],
    [/Password/, core.demoPassword],
    [/Choice/, 'restore'],
    ...script,
  ]);
  const code = await runTerminalWizard({
    home: inst.home,
    server: 'local',
    lang: 'en',
    flags: {},
    prompter,
    out: createOutput('en', false, sink()),
    contexts: new Map([['local', inst.ctx]]),
  });
  assert.equal(code, 0, prompter.said.join('\n'));
  return prompter;
}

/** The rows of the history table the wizard showed: Nr → location. */
function shownRows(said: readonly string[]): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of said.join('\n').split('\n')) {
    const m = /^\s*(\d+)\s+\d+ \w+ \d{4} \d\d:\d\d\s+(\S.*?\.ebu)\s/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  return rows;
}

describe('the wizards offer the backups that can still be read', () => {
  let inst: DemoInstallation;
  before(async () => {
    inst = await demoInstallation(engine, 'whist');
  });
  after(async () => {
    await inst?.dispose();
  });

  test('a file prune removed or that is gone is not offered; the others keep their Nr from backup history', async () => {
    const folder = join(inst.dir, 'historie');
    mkdirSync(folder);
    const older = await core.createBackup(inst.ctx, { adm: '002', output: folder });
    const kept = await core.createBackup(inst.ctx, { adm: '002', output: folder });
    const pruned = await core.pruneRepository(inst.ctx, { repository: folder, policy: { keepLast: 1 } });
    assert.deepEqual(
      pruned.files.filter((f) => !f.keep).map((f) => f.location),
      [older.location],
    );
    const gone = await core.createBackup(inst.ctx, { adm: '001', output: folder });
    rmSync(gone.location);
    const history = (await core.backupHistory(inst.ctx)).entries;
    const nrOf = (location: string) => String(history.find((h) => h.location === location)?.nr);
    assert.equal(nrOf(gone.location), '1');

    const prompter = await wizard(inst, [
      [/^File name \(or No\. from the history\): $/, nrOf(gone.location)], // not offered: asked again
      [/^File name \(or No\. from the history\): $/, nrOf(older.location)], // removed by prune: asked again
      [/^File name \(or No\. from the history\): $/, nrOf(kept.location)],
      [/Choice \[1\]/, ''], // My computer
      [/^Administration \(name or number\)/, 'Uit de historie'],
      [/Database directory/, ''],
      [/Finish\? \[y\/N\]/, 'y'],
    ]);
    const rows = shownRows(prompter.said);
    assert.ok(rows.size > 0, prompter.said.join('\n'));
    for (const h of history) {
      if (h.state === 'present') assert.equal(rows.get(String(h.nr)), h.location, `row ${h.nr} as in backup history`);
      else assert.ok(!rows.has(String(h.nr)), `row ${h.nr} (${h.state}) is not offered`);
    }
    const said = prompter.said.join('\n');
    assert.match(said, new RegExp(`No\\. ${nrOf(gone.location)} is not in the list`));
    assert.match(said, new RegExp(`No\\. ${nrOf(older.location)} is not in the list`));
    // 1 gone, 2 kept, 3 pruned, 4 the demo's client backup: the Nrs offered are said, not "1 to the number of rows".
    assert.deepEqual(
      history.filter((h) => h.state === 'present').map((h) => h.nr),
      [2, 4],
    );
    assert.match(said, /is not in the list \(2, 4\)\./);
    assert.match(said, /Summary/i);
    assert.match(said, new RegExp(kept.location.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
});

describe('the wizards restore a backup in object storage', { skip: noStore }, () => {
  let inst: DemoInstallation;
  let store: ObjectStore;
  const saved = { ...process.env };
  before(async () => {
    [store, inst] = await Promise.all([startObjectStore(), demoInstallation(engine, 'wis3')]);
    Object.assign(process.env, store.env);
  });
  after(async () => {
    for (const k of Object.keys(store?.env ?? {})) if (saved[k] === undefined) delete process.env[k];
    await Promise.all([store?.stop(), inst?.dispose()]);
  });

  test('an s3:// file typed, and the history row of one, restore straight from the store', async () => {
    const bucket = await store.bucket();
    const made = await core.createBackup(inst.ctx, { adm: '002', output: `s3://${bucket}/kluis/` });
    assert.match(made.location, /^s3:\/\//);
    const nr = String((await core.backupHistory(inst.ctx)).entries.find((h) => h.location === made.location)?.nr);

    const typed = await wizard(inst, [
      [/^File name \(or No\. from the history\): $/, made.location],
      [/Choice \[1\]/, ''], // My computer
      [/^Administration \(name or number\)/, 'Uit de wolk'],
      [/Database directory/, ''],
      [/Finish\? \[y\/N\]/, 'y'],
    ]);
    assert.match(typed.said.join('\n'), /Uit de wolk/);
    const fromRow = await wizard(inst, [
      [/^File name \(or No\. from the history\): $/, nr],
      [/Choice \[1\]/, ''],
      [/^Administration \(name or number\)/, 'Uit de wolk via de historie'],
      [/Database directory/, ''],
      [/Finish\? \[y\/N\]/, 'y'],
    ]);
    assert.equal(shownRows(fromRow.said).get(nr), made.location, 'the object is offered under its Nr');
    const names = (await core.listAdministrations(inst.ctx)).map((a) => a.name);
    assert.ok(names.includes('Uit de wolk') && names.includes('Uit de wolk via de historie'), names.join(', '));
    assert.deepEqual(
      readdirSync(inst.home).filter((f) => f.endsWith('.ebu')),
      [],
      'no local copy was made',
    );
  });

  test('the web wizard: the history row of an object, then the summary read from the store', async () => {
    const bucket = await store.bucket();
    const made = await core.createBackup(inst.ctx, { adm: '002', output: `s3://${bucket}/web/` });
    const web = await startWizard(inst.cli.args, { ...inst.cli.env, ...store.env });
    try {
      const c = new Client(web);
      await c.enter();
      await c.signIn('001', 'devries');
      await c.step({ nav: 'next' });
      const fileStep = await c.step({ nav: 'next', action: 'restore' });
      assert.ok(fileStep.includes(`value="fill:file:${made.location}"`), 'the object is offered in the history');
      const filled = await c.step({ nav: `fill:file:${made.location}` });
      assert.ok(filled.includes(`value="${made.location}"`), 'the row filled in the field');
      const serverStep = await c.step({ nav: 'next', file: made.location });
      assert.doesNotMatch(serverStep, /class="error"|role="alert"/, 'the address is taken');
      await c.step({ nav: 'next', server: 'local' });
      let page = await c.step({ nav: 'next', to: 'Uit de wolk via het web' });
      for (let i = 0; i < 3 && !/name="nav" value="finish"/.test(page); i++) page = await c.step({ nav: 'next' });
      assert.match(page, /name="nav" value="finish"/, page);
      assert.match(page, /Bakkerij Jansen/, 'the summary, from the manifest read in the store');
    } finally {
      await web.stop();
    }
  });
});
