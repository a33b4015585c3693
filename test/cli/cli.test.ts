/**
 * The kluis command as a user runs it: a real process, real output, real
 * exit codes, in both languages. Runs on the shared embedded test server with
 * a system database of its own.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { xafSchemaPath } from '../../src/xaf/index.js';
import { kluisBin as bin, type CliRun, runKluis } from '../helpers/cli.js';
import { dropDatabasesWithPrefix, embeddedEngine, selectedEngines, testHome, uniqueName } from '../helpers/engines.js';
import { startWizard } from '../helpers/web.js';

type Run = CliRun;
const kluis = (args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> =>
  runKluis(args, env, stdin === undefined ? {} : { stdin });

describe('kluis CLI', { skip: !selectedEngines().includes('embedded') }, () => {
  const systemDatabase = uniqueName('cli');
  // The CLI's home is the shared test home (its embedded server), with a system database of its own.
  const env = { KLUIS_HOME: testHome, KLUIS_SYSTEM_DATABASE: systemDatabase };
  const scratch = mkdtempSync(join(tmpdir(), 'kluis-cli-'));
  const passwordFile = join(scratch, 'pw');

  before(async () => {
    writeFileSync(passwordFile, 'een-goed-wachtwoord\n');
    await embeddedEngine().start();
  });
  after(async () => {
    await dropDatabasesWithPrefix(embeddedEngine(), systemDatabase);
    rmSync(scratch, { recursive: true, force: true });
  });

  test('--help lists the commands and exit codes, in English and Dutch', async () => {
    const en = await kluis(['--help']);
    assert.equal(en.code, 0);
    assert.match(en.stdout, /^kluis \d+\.\d+\.\d+ — backup, restore and exchange/);
    for (const c of ['admin list', 'admin create', 'server discover', 'demo', 'start'])
      assert.match(en.stdout, new RegExp(`\\n  ${c} `));
    assert.match(en.stdout, /\n {4}8 {2}licence refused\n/);
    const nl = await kluis(['--help', '--lang', 'nl']);
    assert.match(nl.stdout, /Opdrachten:/);
    const cmd = await kluis(['admin', 'create', '--help']);
    assert.match(cmd.stdout, /^Usage: kluis admin create <name> \[options\]/);
    assert.match(cmd.stdout, /--password-file FILE/);
    // A Dutch usage line is Dutch to its end.
    const nlCmd = await kluis(['admin', 'create', '--help', '--lang', 'nl']);
    assert.match(nlCmd.stdout, /^Gebruik: kluis admin create <naam> \[opties\]\n/);
  });

  test('the name of a group alone lists its commands (kluis server), in the chosen language', async () => {
    const en = await kluis(['server']);
    assert.equal(en.code, 0);
    assert.match(en.stdout, /^Usage: kluis server <command> \[options\]\n/);
    for (const c of ['list', 'add', 'remove', 'discover', 'status', 'stop'])
      assert.match(en.stdout, new RegExp(`\\n  server ${c} +\\S`));
    assert.doesNotMatch(en.stdout, /admin list/);
    const nl = await kluis(['--lang', 'nl', 'backup', '--help']);
    assert.equal(nl.code, 0);
    assert.match(nl.stdout, /^Gebruik: kluis backup <opdracht> \[opties\]\n/);
    assert.match(nl.stdout, /\n {2}backup restore +zet een back-up terug/);
    assert.match(nl.stdout, /Meer over een opdracht: kluis backup <opdracht> --help/);
    // A word the group does not hold is still unknown.
    const unknown = await kluis(['server', 'frob']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^kluis: Unknown command "server frob"\./);
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    const r = await kluis(['--version']);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  test('usage errors: one clear sentence and exit code 2, in the chosen language', async () => {
    const unknown = await kluis(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.equal(
      unknown.stderr,
      'kluis: Unknown command "frobnicate".\n  hint: See "kluis --help" for the commands.\n',
    );
    const flag = await kluis(['admin', 'list', '--bogus', '--lang', 'nl']);
    assert.equal(flag.code, 2);
    assert.equal(flag.stderr.split('\n')[0], 'kluis: Ongeldige invoer voor "admin list": onbekende optie "--bogus"');
    // An option without its value is named by its long name, without parseArgs's "-o, --output <value>".
    const noValue = await kluis(['backup', 'create', '002', '-o']);
    assert.equal(noValue.code, 2);
    assert.equal(
      noValue.stderr.split('\n')[0],
      'kluis: Invalid input for "backup create": option "--output" needs a value',
    );
    // The next word starts with a dash: said as a missing value, with how to give one that starts with "-".
    const dashed = await kluis(['backup', 'create', '002', '-o', '--lang', 'nl']);
    assert.equal(dashed.code, 2);
    assert.equal(
      dashed.stderr.split('\n')[0],
      'kluis: Ongeldige invoer voor "backup create": optie "--output" heeft een waarde nodig (een waarde die met "-" begint schrijft u als --output=-…)',
    );
    const missing = await kluis(['admin', 'show']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /"admin show" needs <adm>\./);
    const lang = await kluis(['admin', 'list', '--lang', 'fr']);
    assert.equal(lang.code, 2);
    assert.match(lang.stderr, /Language "fr" is not supported/);
  });

  test('errors in --json mode are JSON with code and message', async () => {
    const r = await kluis(['admin', 'show', '999', '--json'], env);
    assert.equal(r.code, 3);
    const body = JSON.parse(r.stderr);
    assert.equal(body.error.code, 'ADMIN_NOT_FOUND');
    assert.equal(body.error.message, 'Administration "999" does not exist on server "local".');
  });

  test('create, list, show and delete an administration', async () => {
    const lic = await kluis([
      'licence',
      'demo',
      '--holder',
      'Boekhouder & Co',
      '--user',
      'bea',
      '-o',
      join(scratch, 'lic.json'),
    ]);
    assert.equal(lic.code, 0, lic.stderr);
    const created = await kluis(
      [
        'admin',
        'create',
        'Boekhouder & Co',
        '--number',
        '5',
        '--licence',
        join(scratch, 'lic.json'),
        '--password-file',
        passwordFile,
        '--json',
      ],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).number, '005');
    const list = await kluis(['admin', 'list', '--json'], env);
    assert.deepEqual(
      JSON.parse(list.stdout).map((a: { number: string; name: string }) => `${a.number} ${a.name}`),
      ['005 Boekhouder & Co'],
    );
    const text = await kluis(['admin', 'list'], env);
    assert.match(text.stdout, /^No +Name +Status +Created +Backup\n/);
    // Never backed up: the flag says so in words (kluis check's rule).
    assert.match(text.stdout, /\n005 +Boekhouder & Co +ready +\d{1,2} [A-Z][a-z]+ \d{4} +!! no backup\n/);
    // In Dutch the status and the roles are Dutch words; --json keeps the stored ones.
    const textNl = await kluis(['admin', 'list', '--lang', 'nl'], env);
    assert.match(
      textNl.stdout,
      /\n005 +Boekhouder & Co +klaar +\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4} +!! geen back-up\n/,
    );
    const show = await kluis(['admin', 'show', '5', '--lang', 'nl'], env);
    assert.match(show.stdout, /Licentie +DEMO-\d{4}-\d{6} Boekhouder & Co \(demolicentie\)/);
    assert.match(show.stdout, /\nStatus +klaar\n/);
    assert.match(show.stdout, / beheerder +ja\n/);
    assert.doesNotMatch(show.stdout, /administrator|ready/);
    assert.doesNotMatch(show.stdout, /\nServer +local\n/, "kluis's own server is Mijn computer");
    // The licence's days as a Dutch reader writes them, not 2026-01-01 – 2027-12-31.
    assert.match(show.stdout, /\nGeldig +1 januari \d{4} – 31 december \d{4}, max \d+ gebruikers\n/);
    // A licence that no longer verifies is said in words, never by its error code.
    const adminDb = await embeddedEngine().connect(`${systemDatabase}_adm_005`);
    try {
      const forge = `update licences set document = jsonb_set(document, '{licence,holder}', to_jsonb($1::text)) where role = 'active'`;
      await adminDb.query(forge, ['Vervalst B.V.']);
      const forged = await kluis(['admin', 'show', '5', '--lang', 'nl'], env);
      assert.match(forged.stdout, /\nLicentie +DEMO-\d{4}-\d{6} Vervalst B\.V\. \(geweigerd\)\n/);
      assert.match(
        forged.stdout,
        /\nWaarom +Licentie DEMO-\d{4}-\d{6} \(Vervalst B\.V\.\) is geweigerd: de handtekening klopt niet/,
      );
      assert.doesNotMatch(forged.stdout, /LICENCE_[A-Z_]+/);
      // Its maximum is no limit to add users by: refused, nothing added.
      const added = await kluis(
        ['user', 'add', '5', 'nieuw', '--role', 'viewer', '--password-file', passwordFile, '--lang', 'nl'],
        env,
      );
      assert.equal(added.code, 8, added.stderr);
      assert.match(added.stderr, /de handtekening klopt niet/);
      const users = JSON.parse((await kluis(['user', 'list', '5', '--json'], env)).stdout);
      assert.ok(!JSON.stringify(users).includes('"nieuw"'), 'nothing added');
      await adminDb.query(forge, ['Boekhouder & Co']);
    } finally {
      await adminDb.end();
    }
    // Password from standard input works too.
    const second = await kluis(
      ['admin', 'create', 'Tweede', '--licence', join(scratch, 'lic.json'), '--password-file', '-'],
      env,
      'nog-een-wachtwoord\n',
    );
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /Administration 001 "Tweede" was created/);
    const noConfirm = await kluis(['admin', 'delete', 'Tweede'], env);
    assert.equal(noConfirm.code, 2);
    assert.match(noConfirm.stderr, /needs confirmation\.\n {2}hint: Repeat the number with --confirm 001 to confirm\./);
    const deleted = await kluis(['admin', 'delete', 'Tweede', '--confirm', '001'], env);
    assert.equal(deleted.code, 0, deleted.stderr);
  });

  test('bad input is refused before anything is asked or changed', async () => {
    const before = await kluis(['admin', 'list', '--json'], env);
    const cases: Array<[string[], number, RegExp]> = [
      [
        ['admin', 'create', 'X', '--number', '1000', '--licence', join(scratch, 'lic.json')],
        2,
        /Administration number "1000" is invalid/,
      ],
      [['admin', 'create', 'y'.repeat(61), '--licence', join(scratch, 'lic.json')], 2, /longer than 60 characters/],
      [
        ['admin', 'create', 'Boekhouder & Co', '--licence', join(scratch, 'lic.json'), '--password-file', passwordFile],
        10,
        /already is an administration named "Boekhouder & Co" \(number 005\)/,
      ],
      [
        ['admin', 'create', 'Z', '--licence', join(scratch, 'missing.json')],
        3,
        /File ".*missing\.json" does not exist/,
      ],
      [['admin', 'create', 'Z', '--licence', join(scratch, 'lic.json')], 2, /A password is needed for user "bea"/],
    ];
    for (const [args, code, text] of cases) {
      const r = await kluis(args, env);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, text);
    }
    const forged = JSON.parse(readFileSync(join(scratch, 'lic.json'), 'utf8'));
    forged.licence.articles.push('E-Accountancy');
    writeFileSync(join(scratch, 'forged.json'), JSON.stringify(forged));
    const r = await kluis(
      [
        'admin',
        'create',
        'Vals',
        '--licence',
        join(scratch, 'forged.json'),
        '--password-file',
        passwordFile,
        '--lang',
        'nl',
      ],
      env,
    );
    assert.equal(r.code, 8);
    assert.match(r.stderr, /is geweigerd: de handtekening klopt niet/);
    assert.deepEqual((await kluis(['admin', 'list', '--json'], env)).stdout, before.stdout);
  });

  test('servers: add stores the password encrypted, list, remove; a server that does not answer is not added', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kluis-cli-home-'));
    const h = { KLUIS_HOME: home };
    const socket = embeddedEngine().layout.socketDir;
    const added = await kluis(
      ['server', 'add', 'kantoor', `host=${socket} port=5432 user=postgres password=Zeer-Geheim-123`],
      h,
    );
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Server "kantoor" was added \(PostgreSQL \d+\.\d+\)\./);
    const config = readFileSync(join(home, 'config.json'), 'utf8');
    assert.doesNotMatch(config, /Zeer-Geheim/);
    assert.doesNotMatch(readFileSync(join(home, 'secrets', 'passwords.json'), 'utf8'), /Zeer-Geheim/);
    const list = await kluis(['server', 'list', '--json'], h);
    const servers = JSON.parse(list.stdout);
    assert.deepEqual(
      servers.map((s: { name: string }) => s.name),
      ['local', 'kantoor'],
    );
    assert.equal(servers[1].hasStoredPassword, true);
    assert.doesNotMatch(list.stdout, /Zeer-Geheim/);
    const dup = await kluis(['server', 'add', 'kantoor', 'host=x'], h);
    assert.equal(dup.code, 10);
    // Explicit settings win over PG* variables in the environment.
    const unreachable = await kluis(
      ['server', 'add', 'weg', 'host=127.0.0.1 port=1 user=ann sslmode=require connect_timeout=2'],
      { ...h, PGUSER: 'other', PGSSLMODE: 'disable' },
    );
    assert.equal(unreachable.code, 9);
    assert.match(
      unreachable.stderr,
      /^kluis: Cannot connect to server "weg" \(127\.0\.0\.1:1 user=ann sslmode=require\): nothing listens on that port \(connection refused\)$/m,
    );
    const reserved = await kluis(['server', 'add', 'local', 'host=x'], h);
    assert.equal(reserved.code, 2);
    // A password from a file (or a hidden prompt) stays out of the command line and shell history.
    writeFileSync(join(home, 'pw'), 'Uit-Een-Bestand-7\n');
    const fromFile = await kluis(
      ['server', 'add', 'bestand', `host=${socket} port=5432 user=postgres`, '--password-file', join(home, 'pw')],
      h,
    );
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.equal(
      JSON.parse((await kluis(['server', 'list', '--json'], h)).stdout).find(
        (s: { name: string }) => s.name === 'bestand',
      ).hasStoredPassword,
      true,
    );
    assert.doesNotMatch(readFileSync(join(home, 'config.json'), 'utf8'), /Uit-Een-Bestand/);
    await kluis(['server', 'remove', 'bestand'], h);
    const removed = await kluis(['server', 'remove', 'kantoor'], h);
    assert.equal(removed.code, 0);
    assert.deepEqual(
      JSON.parse((await kluis(['server', 'list', '--json'], h)).stdout).map((s: { name: string }) => s.name),
      ['local'],
    );
    const gone = await kluis(['admin', 'list', '--server', 'kantoor'], h);
    assert.equal(gone.code, 3);
    rmSync(home, { recursive: true, force: true });
  });

  test('a verifying sslmode without a root certificate says so, not that a file the user never named is missing', async () => {
    const home = join(scratch, 'tls-home');
    // HOME without ~/.postgresql/root.crt, as on a machine that never had one.
    const r = await kluis(
      ['server', 'add', 'kantoor', 'host=127.0.0.1 user=kluis sslmode=verify-full', '--lang', 'nl'],
      {
        KLUIS_HOME: home,
        HOME: scratch,
      },
    );
    assert.equal(r.code, 9, r.stderr);
    const rootCert = join(scratch, '.postgresql', 'root.crt');
    assert.equal(
      r.stderr.split('\n')[0],
      `kluis: Server "kantoor": sslmode=verify-full controleert het certificaat van de server, maar het basiscertificaat ${rootCert} ontbreekt.`,
    );
    assert.match(r.stderr, /sslrootcert=BESTAND/);
    assert.doesNotMatch(r.stderr, /bestaat niet|huidige map/);
  });

  test('server discover finds the embedded server and pg_service.conf entries', async () => {
    const file = join(scratch, 'pg_service.conf');
    writeFileSync(file, '[boekhouding]\nhost=db.kantoor.nl\nport=5433\n');
    const r = await kluis(['server', 'discover', '--json'], { ...env, PGSERVICEFILE: file });
    const found = JSON.parse(r.stdout);
    assert.ok(found.some((f: { source: string; reachable: boolean }) => f.source === 'embedded' && f.reachable));
    assert.ok(
      found.some(
        (f: { name: string; conninfo: string }) => f.name === 'boekhouding' && f.conninfo === 'service=boekhouding',
      ),
    );
    // In Dutch, where each was found is said in Dutch: the built-in server is "ingebouwd", not "embedded".
    const nl = await kluis(['server', 'discover', '--lang', 'nl'], { ...env, PGSERVICEFILE: file });
    assert.match(nl.stdout, /\nlocal +ingebouwd +ja /);
    assert.match(nl.stdout, /\nboekhouding +pg_service\.conf /);
    assert.doesNotMatch(nl.stdout, /embedded/);
  });

  test('demo creates the accountant and the client administration, and says what to try', async () => {
    const started = Date.now();
    const r = await kluis(['demo'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - started < 60_000, 'the demo takes under a minute');
    assert.match(r.stdout, /Accountant: \d{3} "Accountantskantoor De Vries" \(created\), licence with E-Accountancy/);
    assert.match(r.stdout, /Try next:/);
    // The client's licence file stands under the accountant's, in either language.
    assert.match(r.stdout, /\n {2}Licence files: \/\S+licentie-accountant\.json\n {17}\/\S+licentie-klant\.json\n/);
    const list = JSON.parse((await kluis(['admin', 'list', '--json'], env)).stdout);
    const accountant = list.find((a: { name: string }) => a.name === 'Accountantskantoor De Vries');
    const show = JSON.parse((await kluis(['admin', 'show', accountant.number, '--json'], env)).stdout);
    assert.ok(show.licence.articles.includes('E-Accountancy'));
    assert.equal(show.users.length, 4, 'the accountant and three staff');
    const client = JSON.parse((await kluis(['admin', 'show', 'Bakkerij Jansen', '--json'], env)).stdout);
    assert.ok(client.counts.transactions > 10_000 && client.counts.documents > 100);
    assert.ok(!client.licence.articles.includes('E-Accountancy'));
    // The client's backup lies ready, as if the client had sent it: in the history, and the printed next step works.
    assert.match(r.stdout, /Sign in: administration \d{3} as devries, password demo-wachtwoord/);
    const history = JSON.parse((await kluis(['backup', 'history', '--json'], env)).stdout);
    const sent = history.entries.find((e: { location: string }) => e.location.includes('/demo/'));
    assert.ok(sent, 'the client backup is in the history');
    const install = r.stdout.split('\n').find((line) => line.trim().startsWith('kluis client install'));
    assert.ok(install, 'the demo prints the client install to try');
    const words = [...install.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(1);
    const installed = await kluis([...words, '--json'], env);
    assert.equal(installed.code, 0, installed.stderr);
    const again = await kluis(['demo'], env);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /\(already there\)/);
    const historyAgain = JSON.parse((await kluis(['backup', 'history', '--json'], env)).stdout);
    assert.equal(historyAgain.entries.length, history.entries.length, 'a second demo makes no second client backup');
  });

  test('backup create, inspect, verify, history, and a pipe from create into restore', async () => {
    const dir = join(scratch, 'backups');
    (await import('node:fs')).mkdirSync(dir);
    const made = await kluis(['backup', 'create', '5', '-o', dir, '--json'], env);
    assert.equal(made.code, 0, made.stderr);
    const file = JSON.parse(made.stdout).location as string;
    assert.match(file, /\/\d{8}-\d+\.\d+\.\d+-PG18-Boekhouder & Co\.ebu$/);
    const inspect = await kluis(['backup', 'inspect', file, '--json']);
    assert.equal(JSON.parse(inspect.stdout).manifest.administration.name, 'Boekhouder & Co');
    const text = await kluis(['backup', 'inspect', file, '--lang', 'nl']);
    assert.match(text.stdout, /Terugzetten op +elke ondersteunde PostgreSQL-versie, ook oudere/);
    // When it was made as a Dutch reader writes it, not 2026-12-03T07:17:20.683Z.
    assert.match(text.stdout, /\nGemaakt +\d{1,2} [a-z]+ \d{4} \d\d:\d\d door /);
    const verify = await kluis(['backup', 'verify', file]);
    assert.equal(verify.code, 0);
    assert.match(verify.stdout, /^OK: .*every checksum matches/);
    // Streamed: create writes to stdout, restore reads stdin, no file in between.
    const piped = await new Promise<Run>((resolve) => {
      const sh = spawn(
        'sh',
        [
          '-c',
          `"${process.execPath}" "${bin}" backup create 5 -o - | "${process.execPath}" "${bin}" backup restore - --to "Via pijp" --json`,
        ],
        {
          env: { ...process.env, ...env, LANG: 'C' },
        },
      );
      let stdout = '';
      let stderr = '';
      sh.stdout.on('data', (d) => (stdout += d));
      sh.stderr.on('data', (d) => (stderr += d));
      sh.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(JSON.parse(piped.stdout).name, 'Via pijp');
    const history = JSON.parse((await kluis(['backup', 'history', '--json'], env)).stdout);
    assert.deepEqual(
      history.entries.slice(0, 2).map((e: { nr: number; location: string }) => [e.nr, e.location]),
      [
        [1, '-'],
        [2, file],
      ],
    );
    // A reader that quits early (head) is named as what happened, not as space or permissions to check.
    const quit = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${bin}" backup create 5 -o - --lang nl | head -c 100 > /dev/null`],
      { env: { ...process.env, ...env, LANG: 'C' }, encoding: 'utf8' },
    );
    assert.match(
      quit.stderr,
      /^kluis: De opdracht die de back-up via standaarduitvoer ontving, stopte met lezen voordat de back-up klaar was\.\n/,
    );
    assert.doesNotMatch(quit.stderr, /ruimte en rechten/);
  });

  test('backup errors reach the user with their exit codes', async () => {
    const file = join(scratch, 'err.ebu');
    assert.equal((await kluis(['backup', 'create', '5', '-o', file, '--passphrase-file', passwordFile], env)).code, 0);
    const wrong = join(scratch, 'wrong-pw');
    writeFileSync(wrong, 'niet-het-goede\n');
    const wrongPass = await kluis(['backup', 'verify', file, '--passphrase-file', wrong]);
    assert.equal(wrongPass.code, 5);
    assert.match(wrongPass.stderr, /The passphrase for backup ".*err\.ebu" is wrong\./);
    const bytes = readFileSync(file);
    const damaged = join(scratch, 'damaged.ebu');
    writeFileSync(damaged, Buffer.concat([bytes.subarray(0, 16), Buffer.from('x'), bytes.subarray(17)]));
    assert.equal((await kluis(['backup', 'verify', damaged, '--passphrase-file', passwordFile])).code, 6);
    const future = join(scratch, 'future.ebu');
    const copy = Buffer.from(bytes);
    copy.writeUInt16LE(3, 8);
    writeFileSync(future, copy);
    const version = await kluis(['backup', 'inspect', future, '--lang', 'nl']);
    assert.equal(version.code, 7);
    assert.match(version.stderr, /heeft bestandsformaat versie 3; deze kluis leest versie 1\./);
    const overwrite = await kluis(['backup', 'restore', file, '--to', '5', '--passphrase-file', passwordFile], env);
    assert.equal(overwrite.code, 2);
    assert.match(overwrite.stderr, /--replace 005/);
    const missing = await kluis(['backup', 'verify', join(scratch, 'nope.ebu')]);
    assert.equal(missing.code, 3);
  });

  test('client install from the demo: refused without E-Accountancy, previewed, installed, handed back', async () => {
    const file = join(scratch, 'klant.ebu');
    assert.equal((await kluis(['backup', 'create', 'Bakkerij Jansen', '-o', file], env)).code, 0);
    const refused = await kluis(
      ['client', 'install', file, '--open', 'Bakkerij Jansen', '--to', 'X', '--all-users', '--lang', 'nl'],
      env,
    );
    assert.equal(refused.code, 8);
    assert.match(refused.stderr, /de licentie \(Bakkerij Jansen B\.V\.\) heeft het artikel E-Accountancy niet\./);
    const preview = await kluis(
      [
        'client',
        'install',
        file,
        '--open',
        'Accountantskantoor De Vries',
        '--to',
        'Klant Jansen',
        '--users',
        'anna,bram',
        '--dry-run',
      ],
      env,
    );
    assert.equal(preview.code, 0, preview.stderr);
    assert.match(preview.stdout, /Action +Install a client's database/);
    assert.match(preview.stdout, /Users added +anna \(accountant\), bram \(accountant\), devries \(administrator\)/);
    assert.match(preview.stdout, /Client's users +jansen, petra/);
    assert.match(preview.stdout, /Dry run: nothing was changed\./);
    const installed = await kluis(
      [
        'client',
        'install',
        file,
        '--open',
        'Accountantskantoor De Vries',
        '--to',
        'Klant Jansen',
        '--users',
        'anna,bram',
        '--json',
      ],
      env,
    );
    assert.equal(installed.code, 0, installed.stderr);
    assert.equal(JSON.parse(installed.stdout).activeLicence.holder, 'Accountantskantoor De Vries B.V.');
    const handBack = await kluis(['backup', 'create', 'Klant Jansen', '-o', join(scratch, 'terug.ebu')], env);
    assert.match(
      handBack.stdout,
      /^Hand-back for Bakkerij Jansen B\.V\.: the backup carries the client's licence DEMO-\d{4}-\d{6} and user name jansen, with users jansen, petra; left out: anna, bram, devries\./,
    );
  });

  test('xaf export to a file and to standard output, xaf import previewed and done, in both languages', async () => {
    const year = String(new Date().getUTCFullYear());
    const noYear = await kluis(['xaf', 'export', 'Bakkerij Jansen'], env);
    assert.equal(noYear.code, 2);
    assert.match(noYear.stderr, /--year/);
    const badYear = await kluis(['xaf', 'export', 'Bakkerij Jansen', '--year', '25', '--lang', 'nl'], env);
    assert.equal(badYear.code, 2);
    assert.match(badYear.stderr, /"25" is geen boekjaar/);
    const file = join(scratch, 'jansen.xaf');
    const made = await kluis(['xaf', 'export', 'Bakkerij Jansen', '--year', year, '-o', file], env);
    assert.equal(made.code, 0, made.stderr);
    assert.match(
      made.stdout,
      /Made auditfile .*jansen\.xaf: fiscal year \d{4} of administration \d{3} "Bakkerij Jansen", [\d,]+ entries, [\d,]+ lines/,
    );
    // The demo's export validates against the published schema (xmllint: libxml2-utils, installed by .ci/run).
    const lint = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xafSchemaPath, file], { encoding: 'utf8' });
    if (lint.error) assert.ok(!process.env['CI'], 'xmllint is missing; .ci/run installs libxml2-utils');
    else assert.equal(lint.status, 0, lint.stderr);
    const piped = await kluis(['xaf', 'export', 'Bakkerij Jansen', '--year', year, '-o', '-'], env);
    assert.equal(piped.code, 0, piped.stderr);
    // The same auditfile (the creation date is today in both).
    assert.equal(piped.stdout, readFileSync(file, 'utf8'));
    const preview = await kluis(
      [
        'xaf',
        'import',
        file,
        '--open',
        'Accountantskantoor De Vries',
        '--to',
        'Jansen via XAF',
        '--users',
        'anna',
        '--dry-run',
        '--lang',
        'nl',
      ],
      env,
    );
    assert.equal(preview.code, 0, preview.stderr);
    assert.match(preview.stdout, /Actie +Auditfile \(XAF 3\.2\) inlezen/);
    assert.match(preview.stdout, /Bedrijf +Bakkerij Jansen/);
    assert.match(preview.stdout, /Proefrun: er is niets gewijzigd\./);
    const imported = await kluis(
      [
        'xaf',
        'import',
        file,
        '--open',
        'Accountantskantoor De Vries',
        '--to',
        'Jansen via XAF',
        '--users',
        'anna',
        '--json',
      ],
      env,
    );
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(
      JSON.parse(imported.stdout).counts.lines,
      (readFileSync(file, 'utf8').match(/<trLine>/g) ?? []).length,
    );
    const broken = join(scratch, 'kapot.xaf');
    writeFileSync(broken, readFileSync(file, 'utf8').replace('<amntTp>D</amntTp>', '<amntTp>X</amntTp>'));
    const refused = await kluis(
      [
        'xaf',
        'import',
        broken,
        '--open',
        'Accountantskantoor De Vries',
        '--to',
        'Kapot',
        '--users',
        'anna',
        '--lang',
        'nl',
      ],
      env,
    );
    assert.equal(refused.code, 6);
    assert.match(
      refused.stderr,
      /Auditfile ".*kapot\.xaf" is niet in orde bij company\/[a-zA-Z/]+\/amntTp \(regel \d+\): "X" is geen toegestane waarde \(C, D\)\./,
    );
    assert.match(refused.stderr, /Er is niets ingelezen/);
  });

  test('admin copy and cloud prepare from the command line', async () => {
    const copy = await kluis(['admin', 'copy', 'Bakkerij Jansen', '--to', 'Bakkerij oefen', '--json'], env);
    assert.equal(copy.code, 0, copy.stderr);
    const r = JSON.parse(copy.stdout);
    assert.ok(['template', 'stream'].includes(r.method));
    const over = await kluis(['admin', 'copy', 'Bakkerij Jansen', '--to', r.number], env);
    assert.equal(over.code, 2);
    assert.match(over.stderr, new RegExp(`--replace ${r.number}`));
    const missing = await kluis(['cloud', 'prepare'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /"cloud prepare" needs --database\./);
    const notKluis = await kluis(['cloud', 'prepare', '--database', 'postgres', '--lang', 'nl'], env);
    assert.equal(notKluis.code, 3);
    assert.match(notKluis.stderr, /Database "postgres" is geen kluis-administratie\./);
    const db = JSON.parse((await kluis(['admin', 'show', r.number, '--json'], env)).stdout).database as string;
    const prepared = await kluis(['cloud', 'prepare', '--database', db], env);
    assert.equal(prepared.code, 0, prepared.stderr);
    assert.match(prepared.stdout, /Everything was ready already; nothing was changed\./);
  });

  test('start serves the web wizard on loopback with an access token, until it is stopped', async () => {
    const web = await startWizard(['--home', testHome], env);
    try {
      assert.match(web.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
      // kluis's own server is My computer, as on the page; "local" is the name a command takes.
      for (let waited = 0; !web.printed().includes('Ctrl-C') && waited < 10_000; waited += 50)
        await new Promise((r) => setTimeout(r, 50));
      assert.match(web.printed(), /\nMy computer: PostgreSQL \d+\.\d+; administrations: \d+\. Home: /);
      assert.doesNotMatch(web.printed(), /"local"/);
      const entry = await fetch(web.url, { redirect: 'manual' });
      assert.equal(entry.status, 303);
      assert.match(entry.headers.get('set-cookie') ?? '', /kluis_session=[\w-]+; Path=\/; HttpOnly; SameSite=Strict/);
      const without = await fetch(`${web.origin}/`);
      assert.equal(without.status, 403);
    } finally {
      assert.equal(await web.stop(), 0);
    }
  });
});
