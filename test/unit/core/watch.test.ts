/**
 * The nightly run's pure parts: the time (HH:MM, OnCalendar, cron, the next
 * start across a daylight-saving night), the unit files and cron lines with
 * paths that need quoting, the crontab edit that touches only kluis's line,
 * whether an administration has a recent good backup (per repository, a
 * reused number, the clock moved), the words for it, and the run record
 * (kept to a week, a dead run seen as cut off, a damaged file refused).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  candidates,
  defaultMaxAgeHours,
  inScope,
  scopeFreshness,
  scopesOf,
  worstState,
} from '../../../src/core/watch/freshness.js';
import { ageText, findingsText, freshnessText } from '../../../src/core/watch/freshness-text.js';
import { parsePingUrl, ping, pingTarget } from '../../../src/core/watch/ping.js';
import { effectiveResult, readRuns, recordRun, runsKept, scheduleFiles } from '../../../src/core/watch/records.js';
import {
  cronFields,
  formatDailyTime,
  nextRunAfter,
  onCalendar,
  parseDailyTime,
} from '../../../src/core/watch/schedule-time.js';
import {
  cronFile,
  crontabLine,
  crontabMarker,
  shellQuote,
  systemdService,
  systemdTimer,
  withCrontabLine,
} from '../../../src/core/watch/units.js';
import { isToolError } from '../../../src/errors/index.js';
import type { ScheduledRun } from '../../../src/schema/schedule.js';

const scratch = mkdtempSync(join(tmpdir(), 'kluis-watch-unit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('the time of the nightly run', () => {
  test('HH:MM is read, written as OnCalendar and as cron fields; anything else is SCHEDULE_TIME_INVALID', () => {
    assert.deepEqual(parseDailyTime('02:30'), { hour: 2, minute: 30 });
    assert.deepEqual(parseDailyTime('2:05'), { hour: 2, minute: 5 });
    assert.equal(formatDailyTime(parseDailyTime('2:05')), '02:05');
    assert.equal(onCalendar(parseDailyTime('23:59')), '*-*-* 23:59:00');
    assert.equal(cronFields(parseDailyTime('02:30')), '30 2 * * *');
    for (const bad of ['24:00', '12:60', '1230', '', 'noon', '02:30:00', '-1:30', '02:3'])
      assert.throws(
        () => parseDailyTime(bad),
        (e) => isToolError(e, 'SCHEDULE_TIME_INVALID'),
        bad,
      );
  });

  test('the next run is today when the time is still to come, else tomorrow, at the same wall-clock time across DST', () => {
    const tz = process.env['TZ'];
    process.env['TZ'] = 'Europe/Amsterdam';
    try {
      const at = parseDailyTime('02:30');
      const morning = new Date(2026, 11, 3, 1, 0);
      assert.equal(nextRunAfter(at, morning).getTime(), new Date(2026, 11, 3, 2, 30).getTime());
      const noon = new Date(2026, 11, 3, 12, 0);
      assert.equal(nextRunAfter(at, noon).getTime(), new Date(2026, 11, 4, 2, 30).getTime());
      // The night the clocks go back (25 October 2026): still 02:30 on the clock, not 01:30 or 03:30.
      const next = nextRunAfter(parseDailyTime('04:00'), new Date(2026, 9, 24, 12, 0));
      assert.equal(next.getHours(), 4);
      assert.equal(next.getDate(), 25);
    } finally {
      if (tz === undefined) delete process.env['TZ'];
      else process.env['TZ'] = tz;
    }
  });
});

describe('what install writes', () => {
  const cmd = { node: '/usr/bin/node', kluis: '/opt/kluis/bin/kluis.js', home: '/var/lib/kluis', server: 'local' };

  test('the service runs node and kluis by absolute path with KLUIS_HOME; the timer is nightly, persistent and spread', () => {
    const service = systemdService(cmd, 'en');
    assert.match(service, /\nType=oneshot\n/);
    assert.match(service, /\nEnvironment="KLUIS_HOME=\/var\/lib\/kluis"\n/);
    assert.match(
      service,
      /\nExecStart="\/usr\/bin\/node" "\/opt\/kluis\/bin\/kluis.js" "--server" "local" "schedule" "run"\n/,
    );
    // A system unit is told HOME (systemd sets none), for ~/.aws; a user's manager sets it itself.
    assert.match(systemdService(cmd, 'en', false, '/root'), /\nEnvironment="HOME=\/root"\n/);
    assert.doesNotMatch(systemdService(cmd, 'en', true, '/home/piet'), /HOME=\/home/);
    assert.match(systemdService({ ...cmd, jobs: 2, verify: true }, 'en'), /"schedule" "run" "--jobs" "2" "--verify"\n/);
    const timer = systemdTimer(parseDailyTime('01:15'), 'nl');
    assert.match(timer, /\nOnCalendar=\*-\*-\* 01:15:00\n/);
    assert.match(timer, /\nPersistent=true\n/);
    assert.match(timer, /\nRandomizedDelaySec=30min\n/);
    assert.match(timer, /\nWantedBy=timers.target\n/);
    assert.match(timer, /elke nacht om 01:15/);
  });

  test('a path with a space, a quote, % or $ is quoted for systemd and for the shell', () => {
    const odd = { ...cmd, home: `/srv/kluis data/50% "o'k"/$HOME` };
    const service = systemdService(odd, 'en');
    // % is a specifier in both lines; $ is expanded in ExecStart only.
    assert.match(service, /Environment="KLUIS_HOME=\/srv\/kluis data\/50%% \\"o'k\\"\/\$HOME"/);
    assert.equal(shellQuote("o'k"), `'o'\\''k'`);
    assert.equal(shellQuote('/plain/path-1.2'), '/plain/path-1.2');
    // cron turns a bare % into a new line: escaped.
    const line = crontabLine(parseDailyTime('02:30'), odd, '/var/log/kluis.log');
    assert.ok(!/[^\\]%/.test(line), line);
    assert.ok(line.endsWith(crontabMarker));
  });

  test('the cron.d file runs as root at the time, appending to the log', () => {
    const file = cronFile(parseDailyTime('02:30'), cmd, '/var/lib/kluis/schedule/run.log', 'en');
    assert.match(
      file,
      /\n30 2 \* \* \* root KLUIS_HOME=\/var\/lib\/kluis \/usr\/bin\/node \/opt\/kluis\/bin\/kluis.js --server local schedule run >> \/var\/lib\/kluis\/schedule\/run.log 2>&1\n$/,
    );
  });

  test("the crontab edit replaces kluis's line and keeps every other line", () => {
    const mine = `0 1 * * * /usr/bin/true ${crontabMarker}`;
    const others = 'MAILTO=root\n15 * * * * /usr/local/bin/rotate\n';
    const installed = withCrontabLine(others, mine);
    assert.equal(installed, `MAILTO=root\n15 * * * * /usr/local/bin/rotate\n${mine}\n`);
    const again = withCrontabLine(installed, mine.replace('0 1', '0 2'));
    assert.equal(again.split('\n').filter((l) => l.endsWith(crontabMarker)).length, 1);
    assert.equal(withCrontabLine(again, undefined), others);
  });
});

describe('a recent good backup', () => {
  const admin = { number: 2, identity: 'id-2' };
  const now = new Date('2026-12-03T12:00:00Z');
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

  test('without repositories any place counts by the default age; with them, each repository by its own', () => {
    assert.deepEqual(scopesOf(undefined), [{ maxAgeHours: defaultMaxAgeHours }]);
    const scopes = scopesOf({
      offsite: { url: 's3://kantoor/kluis', policy: { maxAgeHours: 50 } },
      kantoor: { url: '/srv/backups' },
    });
    assert.deepEqual(
      scopes.map((s) => [s.repository, s.maxAgeHours]),
      [
        ['kantoor', 26],
        ['offsite', 50],
      ],
    );
    assert.ok(inScope('/srv/backups/a.ebu', scopes[0]!));
    assert.ok(!inScope('/srv/backups-old/a.ebu', scopes[0]!), 'a folder whose name starts the same is another folder');
    assert.ok(inScope('s3://kantoor/kluis/a.ebu', scopes[1]!));
    assert.ok(!inScope('s3://kantoor/kluis-test/a.ebu', scopes[1]!));
    assert.ok(!inScope('s3://kantoor/kluis/a.ebu', scopes[0]!));
  });

  test("only the administration's own backups count: same number and identity, newest first", () => {
    const history = [
      { number: 2, identity: 'id-2', createdAt: hoursAgo(30), location: '/b/old.ebu' },
      { number: 2, identity: 'id-old', createdAt: hoursAgo(1), location: '/b/deleted-admin.ebu' },
      { number: 3, identity: 'id-3', createdAt: hoursAgo(1), location: '/b/other.ebu' },
      { number: 2, identity: 'id-2', createdAt: hoursAgo(5), location: '/b/new.ebu' },
    ];
    const list = candidates(admin, { maxAgeHours: 26 }, history);
    assert.deepEqual(
      list.map((b) => b.location),
      ['/b/new.ebu', '/b/old.ebu'],
    );
  });

  test('recent, too old, none; a backup from the future (the clock moved back) is recent, not overdue', () => {
    const scope = { repository: 'kantoor', url: '/b', maxAgeHours: 26 };
    const at = (h: number) => ({ number: 2, identity: 'id-2', createdAt: hoursAgo(h), location: '/b/x.ebu' });
    assert.equal(scopeFreshness(scope, at(5), now).state, 'ok');
    assert.equal(scopeFreshness(scope, at(5), now).ageHours, 5);
    assert.equal(scopeFreshness(scope, at(27), now).state, 'overdue');
    assert.equal(scopeFreshness(scope, undefined, now).state, 'none');
    const future = scopeFreshness(scope, at(-48), now);
    assert.equal(future.state, 'ok');
    assert.equal(future.ageHours, 0);
    assert.equal(worstState(['ok', 'overdue', 'ok']), 'overdue');
    assert.equal(worstState(['overdue', 'none']), 'none');
    assert.equal(worstState([]), 'ok');
  });

  test('in words, in both languages, naming the repository that is behind', () => {
    const a = {
      number: '002',
      name: 'Bakkerij Jansen',
      state: 'overdue' as const,
      scopes: [
        { repository: 'kantoor', maxAgeHours: 26, state: 'ok' as const, ageHours: 3 },
        { repository: 'offsite', maxAgeHours: 26, state: 'overdue' as const, ageHours: 30 },
      ],
    };
    assert.deepEqual(freshnessText(a), {
      nl: 'te oud in "offsite": 30 uur (max. 26 uur)',
      en: 'too old in "offsite": 30 hours (at most 26 hours)',
    });
    const fine = { ...a, state: 'ok' as const, scopes: [{ maxAgeHours: 26, state: 'ok' as const, ageHours: 1 }] };
    assert.deepEqual(freshnessText(fine), { nl: 'recent (1 uur oud)', en: 'recent (1 hour old)' });
    const none = { ...a, state: 'none' as const, scopes: [{ maxAgeHours: 26, state: 'none' as const }] };
    assert.deepEqual(freshnessText(none), { nl: 'geen back-up', en: 'no backup' });
    assert.equal(ageText(0, 'nl'), 'minder dan een uur');
    assert.equal(ageText(72, 'en'), '3 days');
    assert.deepEqual(findingsText(1, 'interrupted'), {
      nl: '1 administratie zonder recente goede back-up en de laatste nachtelijke back-up is afgebroken',
      en: '1 administration without a recent good backup and the last nightly run was cut off',
    });
  });
});

describe('the ping address', () => {
  test('http and https only; failure goes to URL/fail, the query kept', () => {
    for (const bad of ['hc-ping.com/x', 'file:///etc/passwd', 'ftp://h/x', 'javascript:alert(1)', ''])
      assert.throws(
        () => parsePingUrl(bad),
        (e) => isToolError(e, 'PING_URL_INVALID'),
        bad,
      );
    const url = parsePingUrl('https://hc-ping.com/abc/?rid=1');
    assert.equal(pingTarget(url, true).href, 'https://hc-ping.com/abc/?rid=1');
    assert.equal(pingTarget(url, false).href, 'https://hc-ping.com/abc/fail?rid=1');
  });
});

describe('a ping to a monitor behind a password (user:password@ in the address)', () => {
  test('arrives with the password as Basic authorization, not in the address; the result names only the host', async () => {
    const seen: Array<{ url: string; authorization: string | undefined }> = [];
    const monitor = createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res.statusCode =
        req.headers.authorization === `Basic ${Buffer.from('wacht:geheim w@').toString('base64')}` ? 200 : 401;
      res.end();
    });
    await new Promise<void>((r) => monitor.listen(0, '127.0.0.1', r));
    try {
      const { port } = monitor.address() as { port: number };
      const url = parsePingUrl(`http://wacht:geheim%20w%40@127.0.0.1:${port}/kluis`);
      const result = await ping(url, false, 'rapport', { attempts: 1 });
      assert.deepEqual(result, { delivered: true, host: `127.0.0.1:${port}`, attempts: 1, status: 200 });
      assert.deepEqual(
        seen.map((s) => s.url),
        ['/kluis/fail'],
      );
    } finally {
      monitor.close();
    }
  });
});

describe('the run record', () => {
  const run = (id: string, result: ScheduledRun['result'], pid = process.pid): ScheduledRun => ({
    id,
    startedAt: new Date().toISOString(),
    result,
    host: hostname(),
    pid,
    server: 'local',
    administrations: [],
    repositories: [],
  });

  test('newest first, one entry per run, a week kept', () => {
    const home = join(scratch, 'runs');
    for (let i = 0; i < runsKept + 3; i++) recordRun(home, run(`r${i}`, 'ok'));
    recordRun(home, { ...run('r9', 'failed') });
    const runs = readRuns(home);
    assert.equal(runs.length, runsKept);
    assert.deepEqual(
      runs.slice(0, 2).map((r) => [r.id, r.result]),
      [
        ['r9', 'failed'],
        ['r8', 'ok'],
      ],
    );
  });

  test('a run left running by a process that is gone was cut off; a live one is running', () => {
    // A pid above the kernel's largest can name no process.
    const deadPid = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8')) + 1;
    assert.equal(effectiveResult(run('a', 'running', deadPid)), 'interrupted');
    assert.equal(effectiveResult(run('b', 'running')), 'running');
    assert.equal(effectiveResult(run('c', 'failed', deadPid)), 'failed');
  });

  test('a damaged record is refused by name, and the next run starts it afresh', () => {
    const home = join(scratch, 'damaged');
    recordRun(home, run('x', 'ok'));
    writeFileSync(scheduleFiles(home).runs, '{"version":1,"runs":[{"id":');
    assert.throws(
      () => readRuns(home),
      (e) => isToolError(e, 'SCHEDULE_RECORD_DAMAGED'),
    );
    writeFileSync(scheduleFiles(home).runs, '{"version":2,"runs":[]}');
    assert.throws(
      () => readRuns(home),
      (e) => isToolError(e, 'SCHEDULE_RECORD_DAMAGED'),
    );
    recordRun(home, run('y', 'ok'));
    assert.deepEqual(
      readRuns(home).map((r) => r.id),
      ['y'],
    );
  });
});
