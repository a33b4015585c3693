/**
 * Secrets stay secret: a user's password, a backup passphrase and a server
 * password go through the commands that take them, succeeding and failing,
 * in text, --json and --debug; afterwards none of them is found in any
 * output, error message, file under the kluis home, backup manifest, row of
 * the system or administration database, or command line of any process
 * that ran meanwhile (what `ps` shows as the process title).
 *
 * A password typed into connection settings on the command line is the
 * user's own exposure: kluis hides it from the process list as it starts
 * (bin/kluis.js), which the last test checks once it has.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kluisBin as bin, type CliRun, runKluis } from '../helpers/cli.js';
import { dropDatabasesWithPrefix, embeddedEngine, selectedEngines, testHome, uniqueName } from '../helpers/engines.js';

const secrets = {
  password: 'PW-Zeer-Geheim-7131',
  passphrase: 'PP-Zeer-Geheim-9241',
  wrongPassphrase: 'PP-Fout-Geheim-5511',
  serverPassword: 'SRV-Zeer-Geheim-3391',
};

/** Every command line seen on the machine while commands ran. */
const commandLines = new Set<string>();

function sampleCommandLines(): void {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      commandLines.add(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // gone
    }
  }
}

const kluis = (args: string[], env: Record<string, string>) =>
  runKluis(args, env, { whileRunning: sampleCommandLines });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((p) => join(dir, String(p)))
    .filter((p) => statSync(p).isFile());
}

describe('secrets', { skip: !selectedEngines().includes('embedded') }, () => {
  const systemDatabase = uniqueName('sec');
  const env = { KLUIS_HOME: testHome, KLUIS_SYSTEM_DATABASE: systemDatabase };
  const scratch = mkdtempSync(join(tmpdir(), 'kluis-secrets-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(scratch, name), `${text}\n`);
    return join(scratch, name);
  };
  const outputs: CliRun[] = [];
  const run = async (args: string[], expect: 'ok' | 'fails', e: Record<string, string> = env) => {
    const r = await kluis(args, e);
    outputs.push(r);
    if (expect === 'ok') assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    else assert.notEqual(r.code, 0, `${args.join(' ')} should fail`);
    return r;
  };

  before(async () => {
    await embeddedEngine().start();
  });
  after(async () => {
    await dropDatabasesWithPrefix(embeddedEngine(), systemDatabase);
    rmSync(scratch, { recursive: true, force: true });
  });

  test('passwords and passphrases appear in no output, file, database row or process title', async () => {
    const pw = file('pw', secrets.password);
    const pp = file('pp', secrets.passphrase);
    const wrong = file('wrong', secrets.wrongPassphrase);
    const backups = join(scratch, 'backups');
    mkdirSync(backups);
    await run(['licence', 'demo', '--holder', 'Geheim B.V.', '--user', 'gea', '-o', join(scratch, 'lic.json')], 'ok');
    await run(
      [
        'admin',
        'create',
        'Geheim',
        '--number',
        '1',
        '--licence',
        join(scratch, 'lic.json'),
        '--password-file',
        pw,
        '--json',
      ],
      'ok',
    );
    await run(
      ['admin', 'create', 'Geheim', '--licence', join(scratch, 'lic.json'), '--password-file', pw, '--debug'],
      'fails',
    );
    const made = await run(['backup', 'create', '1', '-o', backups, '--passphrase-file', pp, '--json'], 'ok');
    const ebu = JSON.parse(made.stdout).location as string;
    await run(['backup', 'verify', ebu, '--passphrase-file', pp], 'ok');
    await run(['backup', 'inspect', ebu, '--passphrase-file', pp, '--json'], 'ok');
    for (const extra of [[], ['--json'], ['--debug']])
      await run(['backup', 'restore', ebu, '--to', 'Terug', '--passphrase-file', wrong, ...extra], 'fails');
    await run(['backup', 'restore', ebu, '--to', 'Terug', '--passphrase-file', pp, '--json'], 'ok');
    await run(['backup', 'history', '--json'], 'ok');
    const plain = await run(['backup', 'create', '2', '-o', backups, '--json'], 'ok');
    await run(['backup', 'inspect', JSON.parse(plain.stdout).location as string, '--json'], 'ok');
    // A server with a password in its connection settings, in a home of its own.
    const home = mkdtempSync(join(tmpdir(), 'kluis-secrets-home-'));
    try {
      const socket = embeddedEngine().layout.socketDir;
      const spw = file('spw', secrets.serverPassword);
      await run(
        ['server', 'add', 'kantoor', `host=${socket} port=5432 user=postgres`, '--password-file', spw, '--json'],
        'ok',
        { KLUIS_HOME: home },
      );
      await run(['server', 'list', '--json'], 'ok', { KLUIS_HOME: home });
      await run(
        ['server', 'add', 'dicht', 'host=127.0.0.1 port=1 user=x connect_timeout=2', '--password-file', spw, '--debug'],
        'fails',
        { KLUIS_HOME: home },
      );
      await run(['--server', 'kantoor', 'admin', 'list', '--json'], 'ok', {
        KLUIS_HOME: home,
        KLUIS_SYSTEM_DATABASE: systemDatabase,
      });

      const places: Array<[string, string]> = [];
      for (const [i, r] of outputs.entries()) places.push([`output of command ${i + 1}`, r.stdout + r.stderr]);
      for (const f of [
        ...filesUnder(testHome).filter((p) => !p.startsWith(join(testHome, 'pg'))),
        ...filesUnder(home),
        ...filesUnder(backups),
      ])
        places.push([f, readFileSync(f).toString('latin1')]);
      const engine = embeddedEngine();
      for (const db of (await engine.listDatabases()).filter((d) => d.startsWith(systemDatabase))) {
        const c = await engine.connect(db);
        try {
          const tables = (
            await c.query<{ t: string }>(
              `select format('%I.%I', schemaname, tablename) as t from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`,
            )
          ).rows;
          for (const { t } of tables)
            places.push([`${db} ${t}`, JSON.stringify((await c.query(`select * from ${t}`)).rows)]);
        } finally {
          await c.end();
        }
      }
      for (const line of commandLines) places.push(['a process title', line]);
      assert.ok(places.length > 30, `looked in ${places.length} places`);
      for (const [where, text] of places) {
        for (const [what, secret] of Object.entries(secrets))
          assert.ok(!text.includes(secret), `the ${what} appears in ${where}`);
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('a password typed into connection settings is hidden from the process list while kluis runs', async () => {
    // A server that accepts the connection and never answers keeps kluis waiting.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    after(() => silent.close());
    const port = (silent.address() as AddressInfo).port;
    const argvHome = mkdtempSync(join(tmpdir(), 'kluis-argv-'));
    const child = spawn(
      process.execPath,
      [
        bin,
        'server',
        'add',
        'traag',
        `host=127.0.0.1 port=${port} user=x password=Argv-Geheim-8812 connect_timeout=10`,
      ],
      {
        env: { ...process.env, KLUIS_HOME: argvHome },
        stdio: 'ignore',
      },
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const title = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      assert.match(title, /^kluis server add traag .*password=\*\*\*/);
      assert.doesNotMatch(title, /Argv-Geheim/);
    } finally {
      child.kill();
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
      rmSync(argvHome, { recursive: true, force: true });
    }
  });
});
