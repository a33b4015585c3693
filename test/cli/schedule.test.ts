/**
 * kluis schedule and kluis check as a firm's administrator and a monitor
 * use them: the real kluis process, a real server, real folders.
 *
 * The units are written under a root folder of the test's own and checked
 * by `systemd-analyze verify` (systemd does not run as init here); the cron
 * entry by the line it writes; a machine with neither by a PATH without
 * them. The nightly run backs up into two folder repositories and is
 * recorded; check and admin list flag a backup file that is gone and one
 * that is too old, by name and in words; a run that fails, and one killed
 * half-way, are reported by status and check; --ping reaches a real HTTP
 * listener in this process (success, /fail, a 500 then a 200, nobody there).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import * as core from '../../src/core/index.js';
import { SystemDb } from '../../src/core/testing.js';
import { type CliRun, kluisBin, runKluis } from '../helpers/cli.js';
import { type CliInstallation, cliInstallation, selectedEngines } from '../helpers/engines.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { type ObjectStore, objectStoreUnavailable, startObjectStore } from '../helpers/object-store.js';

const licence = core.issueDemoLicence({ holder: 'Kantoor Nacht B.V.', registeredUser: 'eigenaar' });
const users = [
  { userName: 'eigenaar', fullName: 'Eigenaar', role: 'administrator' as const, password: core.demoPassword },
];
const asRoot = process.getuid?.() === 0;
const systemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
const systemdRuns = existsSync('/run/systemd/system');

/** A home of its own: the run record, the schedule and the repositories must not be shared with other suites. */
const engine = selectedEngines().includes('server') ? 'server' : undefined;

interface Request {
  method: string;
  url: string;
  body: string;
}

/** A monitor on loopback: records every request and answers with the next status of `answers` (then 200). */
async function monitor(answers: number[] = []): Promise<{ server: Server; url: string; requests: Request[] }> {
  const requests: Request[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.statusCode = answers.shift() ?? 200;
      res.end('OK');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/ping/3f2a`, requests };
}

describe('kluis schedule and kluis check', { skip: engine === undefined }, () => {
  let inst: CliInstallation;
  let dir: string;
  const kluis = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
    runKluis([...inst.cli.args, ...args], { ...inst.cli.env, ...env });
  const ok = (r: CliRun) => assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  const folder = (name: string) => {
    const path = join(dir, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const setRepositories = (repositories: Record<string, unknown> | undefined) => {
    const file = join(inst.home, 'config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    if (repositories) config.repositories = repositories;
    else delete config.repositories;
    writeFileSync(file, JSON.stringify(config, null, 2));
  };
  const withSystemDb = async <T>(work: (sys: SystemDb) => Promise<T>): Promise<T> => {
    const sys = await SystemDb.open(inst.ctx.engine, inst.ctx.systemDatabase);
    try {
      return await work(sys);
    } finally {
      await sys.close();
    }
  };

  before(async () => {
    inst = await cliInstallation(engine!, 'sched');
    dir = mkdtempSync(join(tmpdir(), 'kluis-sched-'));
    for (const [number, name] of [
      [1, 'Bakkerij Jansen'],
      [2, 'Garage Smit'],
    ] as const)
      await core.generateAdministration(inst.ctx, {
        name,
        number,
        size: core.generatorSizes.xs,
        seed: `sched-${number}`,
        licence,
        users,
      });
  });
  after(async () => {
    await inst?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('install --root writes a service and timer systemd verifies; cron replaces them; remove takes exactly those away', async () => {
    const root = folder('root');
    const r = await kluis([
      'schedule',
      'install',
      '--root',
      root,
      '--at',
      '01:15',
      '--jobs',
      '2',
      '--verify',
      '--json',
    ]);
    ok(r);
    const installed = JSON.parse(r.stdout);
    assert.equal(installed.method, asRoot ? 'systemd' : 'systemd-user');
    assert.equal(installed.at, '01:15');
    assert.equal(installed.enabled, false, 'nothing is enabled under another root');
    assert.deepEqual(installed.enableLater, [
      `systemctl ${asRoot ? '' : '--user '}daemon-reload`,
      `systemctl ${asRoot ? '' : '--user '}enable --now kluis-backup.timer`,
    ]);
    const unitDir = asRoot
      ? join(root, 'etc/systemd/system')
      : join(root, process.env['XDG_CONFIG_HOME'] || join(userInfo().homedir, '.config'), 'systemd/user');
    const service = join(unitDir, 'kluis-backup.service');
    const timer = join(unitDir, 'kluis-backup.timer');
    assert.deepEqual(installed.files, [service, timer]);
    const serviceText = readFileSync(service, 'utf8');
    assert.ok(
      serviceText.includes(
        `\nExecStart="${process.execPath}" "${realpathSync(kluisBin)}" "--server" "srv" "schedule" "run" "--jobs" "2" "--verify"\n`,
      ),
      serviceText,
    );
    assert.ok(serviceText.includes(`\nEnvironment="KLUIS_HOME=${inst.home}"\n`), serviceText);
    const timerText = readFileSync(timer, 'utf8');
    assert.match(timerText, /\nOnCalendar=\*-\*-\* 01:15:00\nPersistent=true\nRandomizedDelaySec=30min\n/);
    if (systemdAnalyze) {
      const verify = spawnSync('systemd-analyze', ['verify', timer, service], { encoding: 'utf8' });
      assert.equal(verify.status, 0, verify.stderr);
      assert.equal(verify.stderr.trim(), '');
    }

    const status = JSON.parse((await kluis(['schedule', 'status', '--json'])).stdout);
    assert.equal(status.installed, true);
    assert.equal(status.at, '01:15');
    assert.deepEqual(status.missing, []);
    const next = new Date(status.nextRun);
    assert.deepEqual([next.getHours(), next.getMinutes()], [1, 15]);
    assert.ok(next.getTime() > Date.now() && next.getTime() <= Date.now() + 86_400_000);
    const words = await kluis(['schedule', 'status', '--lang', 'nl']);
    assert.match(words.stdout, /^Schema +elke nacht om 01:15 \(tot 30 minuten later\), /);
    assert.match(words.stdout, /\nLaatste keer +nog geen\n/);

    // Again, with cron: the cron entry in place of the units.
    const cron = await kluis(['schedule', 'install', '--root', root, '--method', 'cron', '--json']);
    ok(cron);
    const viaCron = JSON.parse(cron.stdout);
    assert.equal(viaCron.method, asRoot ? 'cron' : 'crontab');
    assert.deepEqual(viaCron.replaced, [service, timer]);
    assert.ok(!existsSync(service) && !existsSync(timer), 'the units went');
    const cronPath = asRoot
      ? join(root, 'etc/cron.d/kluis')
      : join(root, 'var/spool/cron/crontabs', userInfo().username);
    assert.deepEqual(viaCron.files, [cronPath]);
    const line = readFileSync(cronPath, 'utf8')
      .split('\n')
      .find((l) => /^\d/.test(l));
    assert.equal(
      line,
      `30 2 * * * ${asRoot ? 'root ' : ''}KLUIS_HOME=${inst.home} ${process.execPath} ${realpathSync(kluisBin)} --server srv schedule run >> ${join(inst.home, 'schedule/run.log')} 2>&1${asRoot ? '' : ' # kluis schedule'}`,
    );

    const removed = await kluis(['schedule', 'remove', '--json']);
    ok(removed);
    assert.deepEqual(JSON.parse(removed.stdout).removed, [cronPath]);
    assert.ok(!existsSync(cronPath));
    assert.equal(JSON.parse((await kluis(['schedule', 'status', '--json'])).stdout).installed, false);
    const again = await kluis(['schedule', 'remove']);
    ok(again);
    assert.equal(again.stdout, 'No nightly run was scheduled; nothing was removed.\n');
  });

  test('a home whose name has a space, quotes and % still gives units that systemd reads', {
    skip: !systemdAnalyze,
  }, async () => {
    const odd = join(dir, `kantoor 50% "o'k"`);
    const root = folder('odd-root');
    ok(await runKluis(['--home', odd, 'schedule', 'install', '--root', root]));
    const unitDir = asRoot
      ? join(root, 'etc/systemd/system')
      : join(root, process.env['XDG_CONFIG_HOME'] || join(userInfo().homedir, '.config'), 'systemd/user');
    const files = readdirSync(unitDir).map((f) => join(unitDir, f));
    const verify = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stderr);
    assert.match(readFileSync(join(unitDir, 'kluis-backup.service'), 'utf8'), /kantoor 50%% \\"o'k\\"/);
  });

  test('with neither systemd nor cron, install says so, prints what goes where, and writes nothing', {
    skip: systemdRuns,
  }, async () => {
    const emptyPath = folder('no-tools');
    const r = await kluis(['schedule', 'install'], { PATH: emptyPath });
    assert.equal(r.code, 11, r.stderr);
    assert.equal(
      r.stderr.split('\n')[0],
      'kluis: This computer runs no systemd and has no cron, so kluis cannot schedule the nightly run itself.',
    );
    assert.match(r.stdout, /^==> \/etc\/systemd\/system\/kluis-backup.service\n/m);
    assert.match(r.stdout, /^==> \/etc\/cron.d\/kluis\n/m);
    assert.match(r.stdout, /\nOnCalendar=\*-\*-\* 02:30:00\n/);
    assert.ok(
      r.stdout.endsWith(
        `==> the command, every night at 02:30:\nKLUIS_HOME=${inst.home} ${process.execPath} ${realpathSync(kluisBin)} --server srv schedule run\n`,
      ),
      r.stdout,
    );
    assert.ok(!existsSync(join(inst.home, 'schedule/schedule.json')), 'nothing recorded as installed');
    const nl = await kluis(['schedule', 'install', '--lang', 'nl'], { PATH: emptyPath });
    assert.match(nl.stderr, /^kluis: Op deze computer draait geen systemd en is geen cron te vinden, /);
  });

  test('a wrong time, scheduler or root is refused before anything is written', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['--at', '25:00'], 2, /^kluis: Time "25:00" is invalid: use HH:MM, for example 02:30\.\n/],
      [['--at', '2h30'], 2, /^kluis: Time "2h30" is invalid/],
      [['--method', 'launchd'], 2, /unknown scheduler "launchd"; choose auto, systemd or cron/],
      [['--root', join(dir, 'not-there')], 11, /^kluis: Folder \S+not-there does not exist\.\n/],
    ];
    for (const [args, code, message] of cases) {
      const r = await kluis(['schedule', 'install', ...args]);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.ok(!existsSync(join(inst.home, 'schedule/schedule.json')));
  });

  test('a run with no repository fails, is recorded, and check reports it until a run succeeds', async () => {
    setRepositories(undefined);
    const r = await kluis(['schedule', 'run']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^kluis: No repository is set up yet/);
    const status = await kluis(['schedule', 'status']);
    assert.match(status.stdout, /\nLast run +.*: failed: No repository is set up yet, /);
    const check = await kluis(['check', '--json']);
    assert.equal(check.code, 12, check.stderr);
    const report = JSON.parse(check.stdout);
    assert.equal(report.ok, false);
    assert.equal(report.lastRunFailed, true);
    assert.match(
      JSON.parse(check.stderr).error.message,
      /^Not everything is in order: 2 administrations without a recent good backup and the last nightly run failed\.$/,
    );
  });

  test('the nightly run backs up every administration into every repository; check, status and admin list agree', async () => {
    const kantoor = folder('kantoor');
    const tweede = folder('tweede');
    setRepositories({ kantoor: { url: kantoor }, tweede: { url: tweede } });
    const r = await kluis(['schedule', 'run', '--json']);
    ok(r);
    const run = JSON.parse(r.stdout);
    assert.equal(run.result, 'ok');
    assert.deepEqual(
      run.administrations.map((a: { number: string; repository: string; outcome: string }) =>
        [a.number, a.repository, a.outcome].join(' '),
      ),
      ['001 kantoor ok', '001 tweede ok', '002 kantoor ok', '002 tweede ok'],
    );
    assert.equal(readdirSync(kantoor).length, 2);
    assert.equal(readdirSync(tweede).length, 2);
    const words = await kluis(['schedule', 'run', '--verify', '--jobs', '1', '--lang', 'nl']);
    ok(words);
    assert.match(words.stdout, /^Nachtelijke run .*: gelukt: 2 administraties in 2 opslagplaatsen\n$/);

    // With a policy, the run prunes: kantoor keeps the last backup of each administration, tweede (no policy) all.
    setRepositories({ kantoor: { url: kantoor, policy: { keepLast: 1 } }, tweede: { url: tweede } });
    const pruned = await kluis(['schedule', 'run', '--json']);
    ok(pruned);
    assert.deepEqual(
      JSON.parse(pruned.stdout).repositories.map((p: { name: string; prune: { outcome: string; removed: number } }) =>
        [p.name, p.prune.outcome, p.prune.removed].join(' '),
      ),
      ['kantoor ok 4', 'tweede ok 0'],
    );
    assert.equal(readdirSync(kantoor).length, 2);
    assert.equal(readdirSync(tweede).length, 6);
    const said = await kluis(['schedule', 'status', '--lang', 'nl']);
    assert.match(said.stdout, /\nLaatste keer +.*: gelukt: 2 administraties in 2 opslagplaatsen\n/);
    setRepositories({ kantoor: { url: kantoor }, tweede: { url: tweede } });

    const check = await kluis(['check']);
    ok(check);
    assert.equal(check.stdout, 'All 2 administrations on server "srv" have a recent good backup.\n');

    // The off-site copy of 002 disappears (every one of them): 002 is flagged, by name, in both places.
    for (const f of readdirSync(tweede)) if (f.includes('Garage Smit')) rmSync(join(tweede, f));
    const flagged = await kluis(['check']);
    assert.equal(flagged.code, 12, flagged.stderr);
    assert.match(
      flagged.stdout,
      /^1 of the 2 administrations on server "srv" has no recent good backup:\nNo +Name +Backup\n-+ +-+ +-+\n002 +Garage Smit +no backup in "tweede"\n$/,
    );
    assert.equal(
      flagged.stderr.split('\n')[0],
      'kluis: Not everything is in order: 1 administration without a recent good backup.',
    );
    const list = await kluis(['admin', 'list', '--lang', 'nl']);
    assert.match(list.stdout, /\n001 +Bakkerij Jansen +klaar +.* recent in "kantoor" \(minder dan een uur oud\)\n/);
    assert.match(list.stdout, /\n002 +Garage Smit +klaar +.* !! geen back-up in "tweede"\n/);
    const json = JSON.parse((await kluis(['admin', 'list', '--json'])).stdout);
    assert.deepEqual(
      json.map((a: { number: string; backup: { state: string } }) => `${a.number} ${a.backup.state}`),
      ['001 ok', '002 none'],
    );

    // 001's backups are made 30 hours old: too old by the default policy, fine by one of 48 hours.
    await withSystemDb((sys) =>
      sys.client.query(`update backup_history set created_at = now() - interval '30 hours' where admin_number = 1`),
    );
    const old = await kluis(['check', '--json']);
    assert.equal(old.code, 12);
    const report = JSON.parse(old.stdout);
    assert.deepEqual(report.flagged, ['001', '002']);
    const first = report.administrations[0];
    assert.equal(first.state, 'overdue');
    assert.deepEqual(
      first.scopes.map((s: { repository: string; ageHours: number; maxAgeHours: number }) => [
        s.repository,
        s.ageHours,
        s.maxAgeHours,
      ]),
      [
        ['kantoor', 30, 26],
        ['tweede', 30, 26],
      ],
    );
    assert.match(
      (await kluis(['check'])).stdout,
      /\n001 +Bakkerij Jansen +too old in "kantoor": 30 hours \(at most 26 hours\); too old in "tweede": 30 hours \(at most 26 hours\)\n/,
    );
    setRepositories({
      kantoor: { url: kantoor, policy: { maxAgeHours: 48 } },
      tweede: { url: tweede, policy: { maxAgeHours: 48 } },
    });
    assert.deepEqual(JSON.parse((await kluis(['check', '--json'])).stdout).flagged, ['002']);

    // A file the history says prune removed does not count, even when something is still at its name.
    await withSystemDb((sys) =>
      sys.client.query(`update backup_history set removed_at = now() where admin_number = 1 and location like $1`, [
        `${kantoor}/%`,
      ]),
    );
    assert.match((await kluis(['check'])).stdout, /\n001 +Bakkerij Jansen +no backup in "kantoor"\n/);

    // The next run makes everything well again.
    ok(await kluis(['schedule', 'run']));
    ok(await kluis(['check']));
  });

  test('a repository that cannot be written tonight does not stop the others: backed up there, the rest reported', async () => {
    const file = join(inst.home, 'config.json');
    const before = readFileSync(file, 'utf8');
    try {
      const kantoor = folder('kantoor-alleen');
      const nas = join(dir, 'nas-niet-gekoppeld'); // the share is not mounted tonight
      setRepositories({ kantoor: { url: kantoor, policy: { keepLast: 1 } }, nas: { url: nas } });
      const r = await kluis(['schedule', 'run', '--json']);
      assert.equal(r.code, 12, r.stderr);
      const run = JSON.parse(r.stdout);
      assert.equal(run.result, 'failed');
      assert.deepEqual(
        run.administrations.map(
          (a: { number: string; repository: string; outcome: string; failure?: { code: string } }) =>
            [a.number, a.repository, a.outcome, a.failure?.code ?? '-'].join(' '),
        ),
        [
          '001 kantoor ok -',
          '001 nas failed DIRECTORY_MISSING',
          '002 kantoor ok -',
          '002 nas failed DIRECTORY_MISSING',
        ],
      );
      assert.equal(readdirSync(kantoor).length, 2, 'the backups went into the repository that works');
      assert.deepEqual(
        run.repositories.map((p: { name: string; prune: { outcome: string } }) => `${p.name} ${p.prune.outcome}`),
        ['kantoor ok', 'nas failed'],
      );
      const said = await kluis(['schedule', 'status', '--lang', 'nl']);
      assert.match(said.stdout, /\n {2}- 001 Bakkerij Jansen → nas: De map .*nas-niet-gekoppeld bestaat niet\.\n/);
      const check = await kluis(['check']);
      assert.equal(check.code, 12);
      assert.match(check.stdout, /\n001 +Bakkerij Jansen +no backup in "nas"\n/);
      assert.doesNotMatch(check.stdout, /kantoor/);
    } finally {
      writeFileSync(file, before);
    }
  });

  test('one run at a time; a run killed half-way is seen as cut off, and the next run goes ahead', async () => {
    const pause = folder('pause');
    const child = spawn(process.execPath, [kluisBin, ...inst.cli.args, 'schedule', 'run'], {
      env: { ...process.env, ...inst.cli.env, KLUIS_PAUSE_AT: 'backup:snapshot', KLUIS_PAUSE_DIR: pause },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    while (!existsSync(join(pause, 'paused'))) await new Promise((r) => setTimeout(r, 20));

    const second = await kluis(['schedule', 'run']);
    assert.equal(second.code, 4, second.stderr);
    assert.match(second.stderr, /^kluis: The nightly run is already running: schedule run \(pid \d+ /);
    assert.match((await kluis(['schedule', 'status'])).stdout, /\nLast run +.*: still running\n/);

    child.kill('SIGKILL');
    await exited;
    const status = JSON.parse((await kluis(['schedule', 'status', '--json'])).stdout);
    assert.equal(status.lastRun.result, 'interrupted');
    const check = await kluis(['check']);
    assert.equal(check.code, 12);
    assert.match(check.stdout, /\nThe last nightly run \(.*\) was cut off\.\n/);
    assert.match(check.stderr, /the last nightly run was cut off\./);

    ok(await kluis(['recover']));
    const next = await kluis(['schedule', 'run']);
    ok(next);
    ok(await kluis(['check']));

    // Ctrl-C (or systemd's SIGTERM) during the run: the backup under way is undone, no prune, exit 130, recorded.
    const again = folder('pause-again');
    const stopped = spawn(process.execPath, [kluisBin, ...inst.cli.args, 'schedule', 'run'], {
      env: { ...process.env, ...inst.cli.env, LANG: 'C', KLUIS_PAUSE_AT: 'backup:snapshot', KLUIS_PAUSE_DIR: again },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let said = '';
    stopped.stderr.on('data', (d) => (said += d));
    const code = new Promise<number | null>((r) => stopped.on('exit', (c) => r(c)));
    while (!existsSync(join(again, 'paused'))) await new Promise((r) => setTimeout(r, 20));
    stopped.kill('SIGINT');
    while (!said.includes('next safe point')) await new Promise((r) => setTimeout(r, 20));
    writeFileSync(join(again, 'release'), '');
    assert.equal(await code, 130, said);
    assert.match(
      said,
      /\nkluis: The nightly run was stopped as asked: 0 of the 2 administrations got a new backup everywhere, the others did not, and nothing was pruned\.\n/,
    );
    const record = JSON.parse((await kluis(['schedule', 'status', '--json'])).stdout).lastRun;
    assert.equal(record.result, 'failed');
    assert.equal(record.failure.code, 'SCHEDULE_RUN_STOPPED');
    assert.deepEqual(record.repositories, [], 'no prune after a cancelled backup');
    ok(await kluis(['schedule', 'run']));
  });

  test('--ping tells a monitor: URL when all is well, URL/fail when not; a ping that fails changes nothing', async () => {
    const m = await monitor();
    try {
      const fine = await kluis(['check', '--ping', m.url]);
      ok(fine);
      assert.deepEqual(
        m.requests.map((q) => `${q.method} ${q.url}`),
        ['POST /ping/3f2a'],
      );
      assert.match(m.requests[0]!.body, /have a recent good backup/);
      assert.match(fine.stdout, /\nPing to 127\.0\.0\.1:\d+ arrived\.\n$/);

      const kantoor = JSON.parse(readFileSync(join(inst.home, 'config.json'), 'utf8')).repositories.kantoor.url;
      for (const f of readdirSync(kantoor)) if (f.includes('Bakkerij')) rmSync(join(kantoor, f));
      const bad = await kluis(['check', '--ping', `${m.url}/`, '--json']);
      assert.equal(bad.code, 12);
      assert.equal(`${m.requests[1]!.method} ${m.requests[1]!.url}`, 'POST /ping/3f2a/fail');
      assert.match(m.requests[1]!.body, /001 +Bakkerij Jansen +no backup in "kantoor"/);
      assert.deepEqual(JSON.parse(bad.stdout).ping, {
        delivered: true,
        host: new URL(m.url).host,
        attempts: 1,
        status: 200,
      });
    } finally {
      m.server.close();
    }

    // A monitor that answers 500 once is asked again.
    const flaky = await monitor([500]);
    try {
      const r = await kluis(['check', '--ping', flaky.url, '--json']);
      assert.equal(r.code, 12);
      assert.equal(flaky.requests.length, 2);
      assert.equal(JSON.parse(r.stdout).ping.attempts, 2);
    } finally {
      flaky.server.close();
    }

    // Nobody listening: reported in a sentence, the verdict (exit 12) unchanged; --ping with no scheme is refused.
    const gone = await monitor();
    const url = gone.url;
    await new Promise((r) => gone.server.close(r));
    const unreachable = await kluis(['check', '--ping', url]);
    assert.equal(unreachable.code, 12);
    assert.match(
      unreachable.stderr,
      /^Ping to 127\.0\.0\.1:\d+ did not arrive \(the monitor cannot be reached, 3 attempts\); the outcome of the check stays the same\.\n/,
    );
    // A check that cannot even look (its server unreachable) tells the monitor /fail, and ends with its own error.
    const down = await monitor();
    try {
      const config = JSON.parse(readFileSync(join(inst.home, 'config.json'), 'utf8'));
      config.servers.dicht = { conninfo: 'host=127.0.0.1 port=1 user=postgres dbname=postgres sslmode=disable' };
      writeFileSync(join(inst.home, 'config.json'), JSON.stringify(config, null, 2));
      const r = await runKluis(['--home', inst.home, '--server', 'dicht', 'check', '--ping', down.url], inst.cli.env);
      assert.equal(r.code, 9, r.stderr);
      assert.match(r.stderr, /^kluis: Cannot connect to server "dicht"/m);
      assert.deepEqual(
        down.requests.map((q) => `${q.method} ${q.url}`),
        ['POST /ping/3f2a/fail'],
      );
      assert.match(down.requests[0]!.body, /^Cannot connect to server "dicht"/);
      // Nor can one whose server is not set up at all (a unit or cron line naming a server that was removed).
      const unknown = await runKluis(
        ['--home', inst.home, '--server', 'weg', 'check', '--ping', down.url, '--lang', 'nl'],
        inst.cli.env,
      );
      assert.equal(unknown.code, 3, unknown.stderr);
      assert.deepEqual(
        down.requests.map((q) => `${q.method} ${q.url}`),
        ['POST /ping/3f2a/fail', 'POST /ping/3f2a/fail'],
      );
      assert.match(down.requests[1]!.body, /^Server "weg" is niet bekend\./);
    } finally {
      down.server.close();
    }

    const noScheme = await kluis(['check', '--ping', 'hc-ping.com/3f2a']);
    assert.equal(noScheme.code, 2);
    assert.match(
      noScheme.stderr,
      /^kluis: Ping address "hc-ping.com\/3f2a" is invalid: use an address that starts with http:\/\/ or https:\/\/\.\n/,
    );
  });

  test('off-site in object storage: check asks the store, so a deleted object or a store that is down is flagged', {
    skip: objectStoreUnavailable(),
  }, async () => {
    let store: ObjectStore | undefined;
    try {
      store = await startObjectStore();
      const bucket = await store.bucket('nacht');
      setRepositories({ kantoor: { url: folder('kantoor-s3') }, extern: { url: `s3://${bucket}/kluis/` } });
      const run = await kluis(['schedule', 'run', '--json'], store.env);
      ok(run);
      const stored = (await store.keys(bucket)).sort();
      assert.equal(stored.length, 2, stored.join(', '));
      ok(await kluis(['check'], store.env));

      const smit = stored.find((k) => k.includes('Garage Smit'))!;
      await store.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: smit }));
      const gone = await kluis(['check', '--json'], store.env);
      assert.equal(gone.code, 12, gone.stderr);
      assert.deepEqual(JSON.parse(gone.stdout).flagged, ['002']);
      assert.match((await kluis(['check'], store.env)).stdout, /\n002 +Garage Smit +no backup in "extern"\n/);

      // A store that cannot be asked proves nothing: both are flagged until it answers again.
      await store.stopProxy();
      const down = await kluis(['check', '--json'], store.env);
      assert.equal(down.code, 12, down.stderr);
      assert.deepEqual(JSON.parse(down.stdout).flagged, ['001', '002']);
      await store.startProxy();
      assert.deepEqual(JSON.parse((await kluis(['check', '--json'], store.env)).stdout).flagged, ['002']);

      // A store that takes the question in and never answers is given up on once, not once per administration.
      const proxy = await startFaultProxy(store.port);
      try {
        proxy.plan({ hang: () => true });
        const hung = await kluis(['check', '--json'], {
          ...store.env,
          AWS_ENDPOINT_URL: proxy.endpoint,
          KLUIS_S3_TIMEOUT: '1',
        });
        assert.equal(hung.code, 12, hung.stderr);
        assert.deepEqual(JSON.parse(hung.stdout).flagged, ['001', '002']);
        assert.ok(proxy.counts.hung <= 4, `the store was asked ${proxy.counts.hung} times`);
      } finally {
        await proxy.stop();
      }
    } finally {
      await store?.stop();
    }
  });
});
