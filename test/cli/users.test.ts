/**
 * kluis user …, as a person runs it: real processes on a kluis installation
 * of their own. The README's path for an administration the accountant sets
 * up for a client (admin create → user add → licence import-client), word
 * for word; a password only from a file or a hidden question, never as an
 * argument; the list in words and in --json; a refusal with its exit code;
 * the audit log naming the computer's account; and the hidden question,
 * asked twice, on a real terminal.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AdminDb } from '../../src/core/testing.js';
import { type CliRun, runKluis } from '../helpers/cli.js';
import { type CliInstallation, cliInstallation, type EngineName, selectedEngines } from '../helpers/engines.js';
import { killPtySessions, PtySession, ptyUnavailable } from '../helpers/pty.js';

const engine = selectedEngines()[0] as EngineName | undefined;
const noPty = ptyUnavailable();

describe('kluis user', { skip: engine === undefined }, () => {
  let inst: CliInstallation;
  let dir: string;
  const kluis = (args: string[], lang = 'en'): Promise<CliRun> =>
    runKluis([...inst.cli.args, '--lang', lang, ...args], inst.cli.env);
  const ok = (r: CliRun) => assert.equal(r.code, 0, r.stderr);

  before(async () => {
    inst = await cliInstallation(engine!, 'usercli');
    dir = mkdtempSync(join(tmpdir(), 'kluis-usercli-'));
  });
  after(async () => {
    killPtySessions();
    await inst?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the README's path: admin create, user add, licence import-client, from a fresh demo", async () => {
    const pw = join(dir, 'pw.txt');
    const clientLicence = join(dir, 'klant-licentie.json');
    writeFileSync(pw, 'een-goed-wachtwoord\n');
    ok(await kluis(['demo']));
    ok(await kluis(['admin', 'create', 'Garage Smit', '--number', '12', '--password-file', pw]));
    ok(await kluis(['licence', 'demo', '--holder', 'Garage Smit', '--user', 'smit', '-o', clientLicence]));
    // The client's registered user must exist first: that is what user add is for.
    const early = await kluis(['licence', 'import-client', '012', clientLicence]);
    assert.equal(early.code, 8, early.stderr);
    assert.match(early.stderr, /smit/);
    const added = await kluis([
      'user',
      'add',
      '012',
      'smit',
      '--name',
      'Jan Smit',
      '--role',
      'beheerder',
      '--password-file',
      pw,
    ]);
    ok(added);
    assert.equal(added.stdout, 'User smit was added to administration 012 and can sign in.\n');
    const imported = await kluis(['licence', 'import-client', '012', clientLicence]);
    ok(imported);
    assert.match(
      imported.stdout,
      /From now on, backups of administration 012 carry licence DEMO-\S+ of Garage Smit, with user\(s\) smit;/,
    );
    const listed = await kluis(['user', 'list', '012', '--json']);
    ok(listed);
    const list = JSON.parse(listed.stdout) as { users: Array<{ userName: string; role: string; origin: string }> };
    assert.deepEqual(
      list.users.map((u) => [u.userName, u.role, u.origin]),
      [
        ['devries', 'administrator', 'accountant'],
        ['smit', 'administrator', 'client'],
      ],
    );
  });

  test('the list speaks the language asked for; --json keeps the stored words', async () => {
    const nl = await kluis(['user', 'list', 'Garage Smit'], 'nl');
    ok(nl);
    assert.match(
      nl.stdout,
      /^Administratie 012 "Garage Smit": 2 van maximaal \d+ actieve gebruikers \(alleen actieve tellen mee\)\.\n/,
    );
    assert.match(nl.stdout, /\nGebruiker +Naam +Rol +Actief +Herkomst\n/);
    assert.match(nl.stdout, /\nsmit \(geregistreerd\) +Jan Smit +beheerder +ja +klant\n/);
    assert.doesNotMatch(nl.stdout, /administrator|client|\byes\b/);
  });

  test('a password is never an argument: --password is refused and nothing is added', async () => {
    for (const args of [['--password', 'geheim-wachtwoord'], ['--password=geheim-wachtwoord']]) {
      const r = await kluis(['user', 'add', '012', 'anna', '--role', 'viewer', ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        /a password is never given on the command line, where others on this computer can read it: pass --password-file FILE, or type it when kluis asks/,
      );
      assert.doesNotMatch(r.stderr + r.stdout, /geheim/);
    }
    const nl = await kluis(['user', 'password', '012', 'smit', '--password', 'geheim-wachtwoord'], 'nl');
    assert.equal(nl.code, 2);
    assert.match(nl.stderr, /een wachtwoord staat nooit op de opdrachtregel/);
    // Off a terminal, without a file, there is no way to ask.
    const none = await kluis(['user', 'add', '012', 'anna', '--role', 'viewer']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^kluis: A password is needed for user "anna"\./);
    const help = await kluis(['user', 'add', '--help']);
    assert.match(help.stdout, /^Usage: kluis user add <adm> <user> \[options\]/);
    assert.match(help.stdout, /--password-file FILE/);
    assert.doesNotMatch(help.stdout, /--password /);
    const list = JSON.parse((await kluis(['user', 'list', '012', '--json'])).stdout) as { users: unknown[] };
    assert.equal(list.users.length, 2);
  });

  test('a refused change says why with its exit code; a change is logged under the computer’s account', async () => {
    const registered = await kluis(['user', 'deactivate', '012', 'smit']);
    assert.equal(registered.code, 10);
    assert.match(
      registered.stderr,
      /^kluis: User "smit" is the registered user of licence DEMO-\S+ and therefore stays in administration 012, active\.\n/,
    );
    const role = await kluis(['user', 'add', '012', 'anna', '--role', 'baas', '--password-file', join(dir, 'pw.txt')]);
    assert.equal(role.code, 2);
    assert.match(role.stderr, /Role "baas" does not exist/);
    ok(await kluis(['user', 'add', '012', 'anna', '--role', 'boekhouder', '--password-file', join(dir, 'pw.txt')]));
    const off = await kluis(['user', 'deactivate', '012', 'anna'], 'nl');
    ok(off);
    assert.equal(off.stdout, 'Gebruiker anna is inactief in administratie 012 en kan zich niet meer aanmelden.\n');
    const again = await kluis(['user', 'deactivate', '012', 'anna', '--json']);
    assert.deepEqual(JSON.parse(again.stdout), { adm: '012', user: 'anna', change: 'deactivate', changed: false });
    ok(await kluis(['user', 'remove', '012', 'anna']));
    const record = (await inst.ctx.engine.listDatabases()).find(
      (d) => d.startsWith(inst.ctx.systemDatabase) && d.endsWith('_012'),
    );
    const db = await AdminDb.open(inst.ctx.engine, record!);
    try {
      const rows = await db.client.query(
        "select user_name, action, object, details from audit_log where object = 'anna' order by id",
      );
      assert.deepEqual(
        rows.rows.map((r) => [r.user_name, r.action, r.details.via]),
        [
          [userInfo().username, 'user.added', 'cli'],
          [userInfo().username, 'user.deactivated', 'cli'],
          [userInfo().username, 'user.removed', 'cli'],
        ],
      );
    } finally {
      await db.close();
    }
  });

  test('on a terminal the password is asked twice and never shown', { skip: noPty }, async () => {
    const session = new PtySession([...inst.cli.args, 'user', 'password', '012', 'smit'], inst.cli.env);
    await session.expect(/New password for smit: /);
    session.type('nieuw-wachtwoord-1\r');
    await session.expect(/Again: /);
    session.type('nieuw-wachtwoord-1\r');
    const run = await session.exit();
    assert.equal(run.code, 0, run.screen);
    assert.match(run.screen, /User smit has a new password in administration 012\./);
    assert.doesNotMatch(run.screen, /nieuw-wachtwoord/);
    // Two different answers are refused, naming the user.
    const differ = new PtySession([...inst.cli.args, 'user', 'password', '012', 'smit'], inst.cli.env);
    await differ.expect(/New password for smit: /);
    differ.type('nieuw-wachtwoord-2\r');
    await differ.expect(/Again: /);
    differ.type('nieuw-wachtwoord-3\r');
    const refused = await differ.exit();
    assert.equal(refused.code, 2, refused.screen);
    assert.match(refused.screen, /The two passwords for user "smit" differ; type the same password twice\./);
    assert.doesNotMatch(refused.screen, /nieuw-wachtwoord/);
  });
});
