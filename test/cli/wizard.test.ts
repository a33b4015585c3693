/**
 * The terminal wizard: the interactive flow through scripted prompts (every
 * question checked, Back with "<", a wrong passphrase asked again), and the
 * same flow from flags in a real `kluis wizard` process without a terminal.
 *
 * The encrypted fixture is made with a low scrypt work factor (2^10, as in
 * test/core/backup-restore.test.ts): the wizard checks the passphrase by
 * decrypting the file's start at several steps and in each `kluis wizard`
 * run, and at the default (2^18) each check cost seconds of key derivation
 * while what is tested here is the flow, not the work factor.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createOutput } from '../../src/cli/output.js';
import type { Prompter } from '../../src/cli/wizard/prompter.js';
import { runTerminalWizard } from '../../src/cli/wizard/terminal-wizard.js';
import * as core from '../../src/core/index.js';
import { isToolError } from '../../src/errors/index.js';
import { type CliInstallation, type DemoInstallation, demoInstallation } from '../helpers/engines.js';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;
const passphrase = 'terminal-geheim-1';

/** Answers questions in order; a question that was not expected fails the test. */
class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];
  readonly said: string[] = [];
  constructor(private readonly script: Array<[RegExp, string]>) {}
  async ask(question: string): Promise<string> {
    this.asked.push(question);
    const next = this.script.shift();
    if (!next) throw new Error(`unexpected question: ${question}`);
    assert.match(question, next[0], `question ${this.asked.length}`);
    return next[1];
  }
  say(text: string): void {
    this.said.push(text);
  }
}

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk;
      done();
    },
  });
  return { stream, text: () => text };
}

function kluis(
  inst: CliInstallation,
  args: string[],
  cwd?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...inst.cli.args, '--lang', 'en', ...args], {
      env: { ...process.env, ...inst.cli.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(cwd ? { cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts each job when fewer than two run (a kluis process per core); each call gives that job's promise. */
function twoAtATime(): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (job) => {
    if (running >= 2) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

describe('terminal wizard', () => {
  let inst: DemoInstallation;
  let dir: string;
  let encrypted: string;
  let passwordFile: string;

  before(async () => {
    inst = await demoInstallation('embedded', 'twiz');
    dir = inst.dir;
    encrypted = join(dir, 'klant-versleuteld.ebu');
    await core.createBackup(inst.ctx, {
      adm: '002',
      output: encrypted,
      encryption: { passphrase },
      scryptWorkFactor: 10,
    });
    passwordFile = join(dir, 'wachtwoord.txt');
    writeFileSync(passwordFile, `${core.demoPassword}\n`);
  });

  after(async () => {
    await inst?.dispose();
  });

  test('interactive: sign in, client install of an encrypted backup, a wrong passphrase asked again, "<" goes back', async () => {
    const prompter = new ScriptedPrompter([
      [/Choice \[1\]/, ''], // administration 001
      [/User name/, 'devries'],
      [/Password/, core.demoPassword],
      [/Choice/, 'client-install'],
      [/File name/, encrypted],
      [/Passphrase of the backup/, 'wrong passphrase'],
      [/Passphrase of the backup/, passphrase],
      [/Choice \[1\]/, ''], // My computer
      [/Administration \(name or number\)/, '<'],
      [/Choice \[1\]/, ''], // the server step again
      [/Administration \(name or number\)/, 'Bakkerij via terminal'],
      [/Database directory/, ''],
      [/Numbers separated by commas/, '*'],
      [/Finish\? \[y\/N\]/, 'y'],
    ]);
    const out = capture();
    const code = await runTerminalWizard({
      home: inst.home,
      server: 'local',
      lang: 'en',
      flags: {},
      prompter,
      out: createOutput('en', false, out.stream),
      contexts: new Map([['local', inst.ctx]]),
    });
    assert.equal(code, 0);
    assert.match(prompter.said.join('\n'), /The passphrase for backup .* is wrong/);
    assert.match(
      prompter.said.join('\n'),
      /Users added\s+anna \(accountant\), bram \(accountant\), carla \(bookkeeper\), devries \(administrator\)/,
    );
    assert.match(out.text(), /Installed as administration \d{3} "Bakkerij via terminal"/);
    const admins = await core.listAdministrations(inst.ctx);
    assert.ok(admins.some((a) => a.name === 'Bakkerij via terminal'));
  });

  test('interactive: a client install from an XAF auditfile of another package', async () => {
    const auditfile = join(dir, 'klant.xaf');
    await core.exportXaf(inst.ctx, { adm: '002', year: new Date().getUTCFullYear(), output: { path: auditfile } });
    const prompter = new ScriptedPrompter([
      [/Choice \[1\]/, ''],
      [/User name/, 'devries'],
      [/Password/, core.demoPassword],
      [/Choice/, 'client-install'],
      [/File name/, auditfile], // no passphrase question: an auditfile is not encrypted
      [/Choice \[1\]/, ''],
      [/Administration \(name or number\)/, 'Bakkerij uit auditfile'],
      [/Database directory/, ''],
      [/Numbers separated by commas/, '*'],
      [/Finish\? \[y\/N\]/, 'y'],
    ]);
    const out = capture();
    const code = await runTerminalWizard({
      home: inst.home,
      server: 'local',
      lang: 'en',
      flags: {},
      prompter,
      out: createOutput('en', false, out.stream),
      contexts: new Map([['local', inst.ctx]]),
    });
    assert.equal(code, 0, out.text());
    const said = prompter.said.join('\n');
    assert.match(said, /Install a client's database, from an auditfile/);
    assert.match(said, /Company\s+Bakkerij Jansen/);
    assert.match(out.text(), /Imported as administration \d{3} "Bakkerij uit auditfile"/);
    const imported = (await core.listAdministrations(inst.ctx)).find((a) => a.name === 'Bakkerij uit auditfile');
    assert.ok(imported);
    const shown = await core.showAdministration(inst.ctx, String(imported.number));
    assert.equal(shown.licence?.holder, 'Accountantskantoor De Vries B.V.');
  });

  test('interactive: the welcome screen, the history under its headers, a row number from it, Browse and Advanced at the server question', async () => {
    const fromHistory = join(dir, 'historie.ebu');
    await core.createBackup(inst.ctx, { adm: '002', output: fromHistory }); // Nr. 1 of the history, the newest
    const prompter = new ScriptedPrompter([
      [/Choice \[1\]/, ''], // administration 001
      [/User name/, 'devries'],
      [/Password/, core.demoPassword],
      [/Choice/, 'restore'],
      [/^File name \(or No\. from the history\): $/, '99'], // no such row: said so, asked again
      [/^File name \(or No\. from the history\): $/, dir], // a folder: refused, asked again
      [/^File name \(or No\. from the history\): $/, '1'], // the refused folder is no default; the row, not a file named "1"
      [/Choice \[1\]/, '3'], // the server question: Browse
      [/Choice \[1\]/, '<'], // back to the server question
      [/Choice \[1\]/, '4'], // Advanced
      [/^Host/, '127.0.0.1'],
      [/^Port \[5432\]/, '1'],
      [/^User/, ''],
      [/^Password/, ''],
      [/^Database to connect to \[postgres\]/, ''],
      [/Choice \[1\]/, ''], // TLS: when the server can
      [/^Name for this server in kluis/, 'nergens'],
      [/Choice \[1\]/, '2'], // the test failed, nothing saved: Server with a name
      [/^Name of the server: $/, 'geen-server.invalid'],
      [/Choice \[2\]/, '1'], // said why, asked again on the typed name: My computer
      [/^Administration \(name or number\) \[Bakkerij Jansen \(\d+\)\]: $/, ''],
      [/Database directory/, ''],
      [/Finish\? \[y\/N\]/, 'n'],
    ]);
    const out = capture();
    await assert.rejects(
      runTerminalWizard({
        home: inst.home,
        server: 'local',
        lang: 'en',
        flags: {},
        prompter,
        out: createOutput('en', false, out.stream),
        contexts: new Map([['local', inst.ctx]]),
      }),
      (e) => isToolError(e, 'CANCELLED'),
    );
    const said = prompter.said.join('\n');
    // The welcome screen of the web page: what is open, what is offered, no interrupted operation.
    assert.match(said, /== Welcome to the backup wizard ==/);
    assert.match(said, /Open administration: 001 Accountantskantoor De Vries/);
    assert.match(said, /Actions available: Create backup, Restore backup, Install a client's database/);
    assert.doesNotMatch(said, /did not finish/);
    // The terminal has no upload: it does not offer "a file from this computer".
    assert.doesNotMatch(said, /a file from this computer/);
    // A row the history does not have is named as such, not as a missing file ".../99".
    assert.match(
      said,
      /!! No\. 99 is not in the list \(1–\d+\)\. Choose a No\. from the list, or give the file's name\./,
    );
    assert.doesNotMatch(said, /\/99" does not exist/);
    // The history under the source's column headers, numbers to the right.
    assert.match(
      said,
      /\n {2}No\. +Created +Location +Size +Total: transactions +Total: documents\n {2}1 +\d{1,2} [A-Z][a-z]+ \d{4} /,
    );
    // Browse: My computer and every server in words, never a connection string.
    assert.match(said, /1\. My computer — PostgreSQL \d+ on this computer \(built in\)/);
    assert.doesNotMatch(said, /host=|home=|port=|local-socket/);
    assert.match(said, /!! Cannot connect to server "nergens"/);
    assert.equal(core.listServers(inst.home).length, 1, 'a failed test saves nothing');
    assert.match(said, /!! Server "geen-server\.invalid" is not known, and no computer of that name can be found\./);
    // The summary names the file from the history, and its folder.
    assert.match(
      said,
      new RegExp(`Backup +historie\\.ebu in the folder ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  test('from flags, without a terminal: the same flow runs, and a missing answer names its flag', async () => {
    const made = await kluis(inst, [
      'wizard',
      '--open',
      '001',
      '--user',
      'anna',
      '--password-file',
      passwordFile,
      '--action',
      'backup',
      '--adm',
      '001',
      '--output',
      dir,
      '--yes',
    ]);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /Backup made of 001 "Accountantskantoor De Vries"/);
    // A relative path is the shell's: resolved against the folder the wizard was started in.
    const here = join(dir, 'hier');
    mkdirSync(here);
    const relative = await kluis(
      inst,
      [
        'wizard',
        '--open',
        '001',
        '--user',
        'anna',
        '--password-file',
        passwordFile,
        '--action',
        'backup',
        '--adm',
        '001',
        '--output',
        '.',
        '--yes',
      ],
      here,
    );
    assert.equal(relative.code, 0, relative.stderr);
    assert.equal(readdirSync(here).filter((f) => f.endsWith('.ebu')).length, 1);

    // The refusals below change nothing and take no lock: they run two at a time (a kluis process per core).
    writeFileSync(join(dir, 'pp.txt'), passphrase);
    const before = (await core.listAdministrations(inst.ctx)).length;
    const two = twoAtATime();
    const missingRun = two(() =>
      kluis(inst, [
        'wizard',
        '--open',
        '001',
        '--user',
        'anna',
        '--password-file',
        passwordFile,
        '--action',
        'restore',
        '--file',
        encrypted,
        '--passphrase-file',
        passwordFile,
      ]),
    );
    const noTargetRun = two(() =>
      kluis(inst, [
        'wizard',
        '--open',
        '001',
        '--user',
        'anna',
        '--password-file',
        passwordFile,
        '--action',
        'restore',
        '--file',
        encrypted,
        '--passphrase-file',
        join(dir, 'pp.txt'),
        '--target-server',
        'local',
      ]),
    );
    const notOfferedRun = two(() =>
      kluis(inst, [
        'wizard',
        '--open',
        '002',
        '--user',
        'jansen',
        '--password-file',
        passwordFile,
        '--action',
        'client-install',
        '--yes',
      ]),
    );
    const unaskedRun = two(() =>
      kluis(inst, [
        'wizard',
        '--open',
        '001',
        '--user',
        'anna',
        '--password-file',
        passwordFile,
        '--action',
        'restore',
        '--file',
        encrypted,
        '--passphrase-file',
        join(dir, 'pp.txt'),
        '--target-server',
        'local',
        '--to',
        'Met servermap',
        '--database-dir',
        dir,
        '--server-folder',
        '/srv/kluis',
        '--yes',
      ]),
    );
    const backupWithDirRun = two(() =>
      kluis(inst, [
        'wizard',
        '--open',
        '001',
        '--user',
        'anna',
        '--password-file',
        passwordFile,
        '--action',
        'backup',
        '--adm',
        '001',
        '--output',
        dir,
        '--database-dir',
        dir,
        '--yes',
      ]),
    );
    const wrongUserRun = two(() =>
      kluis(inst, [
        'wizard',
        '--open',
        '001',
        '--user',
        'jansen',
        '--password-file',
        passwordFile,
        '--action',
        'backup',
      ]),
    );
    const missing = await missingRun;
    assert.equal(missing.code, 5, missing.stderr);
    assert.match(missing.stderr, /The passphrase for backup .* is wrong/);

    const noTarget = await noTargetRun;
    assert.equal(noTarget.code, 2, noTarget.stderr);
    assert.match(noTarget.stderr, /Fill in "Administration \(name or number\)"/);
    assert.match(noTarget.stderr, /--to/);

    const notOffered = await notOfferedRun;
    assert.equal(notOffered.code, 2, notOffered.stderr);
    assert.match(notOffered.stderr, /The action "client-install" is not available now/);

    // A placement flag for a question this walk never asks is refused before anything runs, not ignored (issue 18, defect 14).
    const unasked = await unaskedRun;
    assert.equal(unasked.code, 2, unasked.stderr);
    assert.match(unasked.stderr, /--server-folder applies to a server only/);
    const backupWithDir = await backupWithDirRun;
    assert.equal(backupWithDir.code, 2, backupWithDir.stderr);
    assert.match(backupWithDir.stderr, /--database-dir does not apply to this action/);
    assert.equal((await core.listAdministrations(inst.ctx)).length, before);

    const wrongUser = await wrongUserRun;
    assert.equal(wrongUser.code, 8, wrongUser.stderr);
    assert.match(wrongUser.stderr, /Signing in to administration 001 failed/);
  });
});
