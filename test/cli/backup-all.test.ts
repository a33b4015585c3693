/**
 * kluis backup all as a person or a cron job runs it: the real kluis
 * process against a real server. Every administration is backed up (each
 * file verifies and is in the history), copies go to a second destination,
 * one administration's failure (its database gone, another operation
 * holding it) is reported and does not stop the others, and the exit code
 * says that not everything was backed up.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { SystemDb } from '../../src/core/testing.js';
import { kluisBin, runKluis } from '../helpers/cli.js';
import { type CliInstallation, cliInstallation, selectedEngines } from '../helpers/engines.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { type ObjectStore, objectStoreUnavailable, startObjectStore } from '../helpers/object-store.js';

const licence = core.issueDemoLicence({ holder: 'Kantoor Alles B.V.', registeredUser: 'eigenaar' });
const users = [
  { userName: 'eigenaar', fullName: 'Eigenaar', role: 'administrator' as const, password: core.demoPassword },
];

/** Administrations 1–3 with small generated books. */
async function threeAdministrations(inst: CliInstallation): Promise<void> {
  for (const [number, name] of [
    [1, 'Bakkerij Jansen'],
    [2, 'Garage Smit'],
    [3, 'Kapsalon Knip'],
  ] as const)
    await core.generateAdministration(inst.ctx, {
      name,
      number,
      size: core.generatorSizes.xs,
      seed: `all-${number}`,
      licence,
      users,
    });
}

interface Report {
  administrations: {
    number: string;
    name: string;
    result: string;
    file: string | null;
    locations: string[];
    error: { code: string; message: { nl: string; en: string } } | null;
    verified: boolean | null;
  }[];
  total: { administrations: number; ok: number; failed: number };
  peakRssBytes: number;
}

for (const kind of selectedEngines()) {
  describe(`kluis backup all (${kind})`, () => {
    let inst: CliInstallation;
    let dir: string;
    const kluis = (args: string[], env: Record<string, string> = {}) =>
      runKluis([...inst.cli.args, ...args], { ...inst.cli.env, ...env });
    const folder = (name: string) => {
      const path = join(dir, name);
      mkdirSync(path, { recursive: true });
      return path;
    };

    before(async () => {
      inst = await cliInstallation(kind, 'ball');
      dir = mkdtempSync(join(tmpdir(), 'kluis-ball-'));
      await threeAdministrations(inst);
    });
    after(async () => {
      await inst.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    test('backs up every administration, copies to a second destination, verifies, and records each file', async () => {
      const first = folder('first');
      const second = folder('second');
      const r = await kluis(['backup', 'all', '--to', first, '--to', second, '--jobs', '2', '--verify', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as Report;
      assert.deepEqual(Object.keys(report), [
        'server',
        'destinations',
        'jobs',
        'administrations',
        'total',
        'peakRssBytes',
      ]);
      assert.deepEqual(
        report.administrations.map((a) => [a.number, a.result, a.verified]),
        [
          ['001', 'ok', true],
          ['002', 'ok', true],
          ['003', 'ok', true],
        ],
      );
      assert.deepEqual(report.total, { ...report.total, administrations: 3, ok: 3, failed: 0 });
      assert.ok(report.peakRssBytes > 0);
      for (const a of report.administrations) {
        assert.deepEqual(a.locations, [join(first, a.file!), join(second, a.file!)]);
        for (const location of a.locations) {
          const verified = await core.verifyBackup(core.openBackupFile(location), location);
          assert.equal(verified.manifest.administration.number, Number(a.number));
        }
      }
      // No temporary file left in either folder.
      for (const f of [first, second]) assert.equal(readdirSync(f).filter((n) => n.startsWith('.')).length, 0);
      const { entries } = await core.backupHistory(inst.ctx);
      for (const a of report.administrations)
        for (const location of a.locations)
          assert.ok(
            entries.some((e) => e.location === location),
            `${location} is in the history`,
          );
    });

    test('the report for people, in Dutch: a line per administration and the total', async () => {
      const r = await kluis(['--lang', 'nl', 'backup', 'all', '--only', '1,Kapsalon Knip', '--to', folder('nl')]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Nr +Administratie +Bestand +Grootte +Duur +Resultaat/);
      assert.match(r.stdout, /001 +Bakkerij Jansen +\S.*gemaakt/);
      assert.match(r.stdout, /003 +Kapsalon Knip +\S.*gemaakt/);
      assert.doesNotMatch(r.stdout, /Garage Smit/);
      assert.match(r.stdout, /Totaal: 2 van 2 back-ups gemaakt, [\d,]+ (KiB|MiB), in [\d,]+ s\./);
    });

    test('an administration whose database is gone is reported; the others are made; exit 11', async () => {
      const record = (await core.listAdministrations(inst.ctx)).find((a) => a.number === '002')!;
      const c = await inst.ctx.engine.connect('postgres');
      try {
        await c.query(`alter database "${record.database}" rename to "${record.database}_weg"`);
        const r = await kluis(['backup', 'all', '--to', folder('gone'), '--json']);
        assert.equal(r.code, 11, r.stderr);
        const report = JSON.parse(r.stdout) as Report;
        assert.deepEqual(
          report.administrations.map((a) => [a.number, a.result, a.error?.code ?? null]),
          [
            ['001', 'ok', null],
            ['002', 'failed', 'ADMIN_DATABASE_MISSING'],
            ['003', 'ok', null],
          ],
        );
        assert.equal(
          report.administrations[1]!.error!.message.nl,
          `Administratie 002 staat geregistreerd maar database "${record.database}" ontbreekt.`,
        );
        const error = JSON.parse(r.stderr) as { error: { code: string; message: string } };
        assert.equal(error.error.code, 'BACKUP_ALL_INCOMPLETE');
        assert.equal(error.error.message, 'No good backup was made of 1 of the 3 administrations: 002.');
      } finally {
        await c.query(`alter database "${record.database}_weg" rename to "${record.database}"`);
        await c.end();
      }
    });

    test('an administration another operation holds is tried again, then reported as in use by whom', async () => {
      const pause = mkdtempSync(join(dir, 'pause-'));
      const holder = spawn(
        process.execPath,
        [kluisBin, ...inst.cli.args, 'backup', 'create', '2', '-o', folder('holder')],
        {
          env: { ...process.env, ...inst.cli.env, KLUIS_PAUSE_AT: 'backup:snapshot', KLUIS_PAUSE_DIR: pause },
          stdio: 'ignore',
        },
      );
      const holderDone = new Promise<number | null>((resolve) => holder.on('exit', resolve));
      try {
        while (!existsSync(join(pause, 'paused'))) await new Promise((r) => setTimeout(r, 20));
        const r = await kluis(['backup', 'all', '--to', folder('locked'), '--wait', '2', '--json']);
        assert.equal(r.code, 11, r.stderr);
        const report = JSON.parse(r.stdout) as Report;
        const locked = report.administrations.find((a) => a.number === '002')!;
        assert.equal(locked.result, 'in-use');
        assert.equal(locked.error?.code, 'ADMIN_IN_USE');
        assert.match(
          locked.error!.message.en,
          new RegExp(`^Administration 002 is in use by the backup \\(process ${holder.pid} on .+, since .+\\)\\.$`),
        );
        assert.deepEqual(
          report.administrations.filter((a) => a.result === 'ok').map((a) => a.number),
          ['001', '003'],
        );
        // Released while backup all waits: it is tried again and made.
        const retried = kluis(['backup', 'all', '--only', '2', '--to', folder('retried'), '--wait', '60', '--json']);
        await new Promise((r) => setTimeout(r, 1500));
        writeFileSync(join(pause, 'release'), '');
        const second = await retried;
        assert.equal(second.code, 0, second.stderr);
        assert.equal((JSON.parse(second.stdout) as Report).administrations[0]!.result, 'ok');
      } finally {
        writeFileSync(join(pause, 'release'), '');
        assert.equal(await holderDone, 0);
      }
    });

    test('object storage as a copy and as the first destination: whole, read back from the store to verify, recorded', {
      skip: objectStoreUnavailable(),
    }, async () => {
      let store: ObjectStore | undefined;
      try {
        store = await startObjectStore();
        const bucket = await store.bucket('all');
        const r = await kluis(
          [
            'backup',
            'all',
            '--only',
            '1,2',
            '--to',
            folder('local'),
            '--to',
            `s3://${bucket}/kantoor/`,
            '--verify',
            '--json',
          ],
          store.env,
        );
        assert.equal(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout) as Report;
        const files = report.administrations.map((a) => a.file!).sort();
        assert.deepEqual(
          (await store.keys(bucket)).sort(),
          files.map((f) => `kantoor/${f}`),
        );
        assert.deepEqual(await store.uploads(bucket), []);
        for (const a of report.administrations) {
          assert.equal(a.verified, true);
          assert.equal(a.locations[1], `s3://${bucket}/kantoor/${a.file}`);
        }
        const { entries } = await core.backupHistory(inst.ctx);
        for (const a of report.administrations) assert.ok(entries.some((e) => e.location === a.locations[1]));

        // Object storage first (streamed from the database into a multipart upload), a folder second (a copy).
        const local = folder('s3-copy');
        const first = await kluis(
          ['backup', 'all', '--only', '3', '--to', `s3://${bucket}/eerst/`, '--to', local, '--verify', '--json'],
          store.env,
        );
        assert.equal(first.code, 0, first.stderr);
        const made = (JSON.parse(first.stdout) as Report).administrations[0]!;
        assert.equal(made.verified, true);
        assert.deepEqual(made.locations, [`s3://${bucket}/eerst/${made.file}`, join(local, made.file!)]);
        assert.ok((await store.keys(bucket)).includes(`eerst/${made.file}`));
        assert.deepEqual(await store.uploads(bucket), []);
        const history = (await core.backupHistory(inst.ctx)).entries.map((e) => e.location);
        for (const location of made.locations) assert.ok(history.includes(location), location);

        // The off-site store stops answering after the run began: the first copy waits out its retries, the
        // others are not sent there again (each would wait as long); every backup is still made locally.
        const proxy = await startFaultProxy(store.port);
        try {
          proxy.plan({ hang: (req) => (req.url ?? '').includes('/hangt/') });
          const kept = folder('hung-local');
          const after = folder('hung-after'); // a destination after the dead one still gets every copy
          const hung = await kluis(
            [
              'backup',
              'all',
              '--only',
              '1,2,3',
              '--jobs',
              '1',
              '--to',
              kept,
              '--to',
              `s3://${bucket}/hangt/`,
              '--to',
              after,
              '--json',
            ],
            { ...store.env, AWS_ENDPOINT_URL: proxy.endpoint, KLUIS_S3_TIMEOUT: '1' },
          );
          assert.equal(hung.code, 11, hung.stderr);
          const lines = (JSON.parse(hung.stdout) as Report).administrations;
          assert.deepEqual(
            lines.map((a) => `${a.number} ${a.result} ${a.error?.code} ${a.locations.length}`),
            [
              '001 failed REPOSITORY_UNREACHABLE 2',
              '002 failed REPOSITORY_UNREACHABLE 2',
              '003 failed REPOSITORY_UNREACHABLE 2',
            ],
          );
          assert.equal(readdirSync(kept).length, 3);
          assert.equal(readdirSync(after).length, 3);
          assert.ok(proxy.counts.hung <= 4, `the store was asked ${proxy.counts.hung} times`);
        } finally {
          await proxy.stop();
        }
      } finally {
        await store?.stop();
      }
    });

    test('between two backups the run is still an operation under way, so Ctrl-C stops it with its report', async () => {
      // kluis's Ctrl-C handler ends the process at once ("nothing was changed", no report) when no operation runs;
      // the moment between one administration's backup and the next must not look like that.
      const running: number[] = [];
      const result = await core.backupAll(inst.ctx, {
        to: [folder('between')],
        jobs: 1,
        onAdministration: () => running.push(core.operationsRunning()),
      });
      assert.equal(result.total.ok, 3);
      assert.deepEqual(running, [1, 1, 1], 'the run itself counts while each report is made');
      assert.equal(core.operationsRunning(), 0, 'and no longer once it returned');
    });

    test('an empty location (--to "", prune "") is refused, not taken as the current folder', async () => {
      // A script's `--to "$DEST"` or `prune "$REPO"` with the variable unset would otherwise write or prune where it runs.
      const cwd = folder('werkmap');
      const made = await kluis(['backup', 'all', '--only', '1', '--to', cwd, '--json']);
      assert.equal(made.code, 0, made.stderr);
      const before = readdirSync(cwd).sort();
      assert.equal(before.length, 1);
      const again = await runKluis([...inst.cli.args, 'backup', 'all', '--only', '1', '--to', ''], inst.cli.env, {
        cwd,
      });
      assert.equal(again.code, 2, again.stderr);
      assert.match(again.stderr, /No repository was given: the value is empty\./);
      const made2 = await kluis(['backup', 'all', '--only', '1', '--to', cwd]);
      assert.equal(made2.code, 0, made2.stderr);
      const pruned = await runKluis([...inst.cli.args, 'backup', 'prune', '', '--keep-last', '1'], inst.cli.env, {
        cwd,
      });
      assert.equal(pruned.code, 2, pruned.stderr);
      assert.match(pruned.stderr, /No repository was given: the value is empty\./);
      assert.equal(readdirSync(cwd).length, 2, 'nothing written and nothing removed in the current folder');
    });

    test('refused before anything starts: an unknown administration, an empty --only, a missing folder, a bad --jobs', async () => {
      const before = (await core.backupHistory(inst.ctx)).entries.length;
      const unknown = await kluis(['backup', 'all', '--only', '1,9']);
      assert.equal(unknown.code, 3);
      assert.match(unknown.stderr, /Administration "009" does not exist/);
      // A script's `--only "$LIST"` with the list empty names none: not taken as every administration.
      for (const [only, lang, sentence] of [
        ['', 'en', /^kluis: No administration was named: the list of administrations is empty\.\n/],
        [' , ', 'nl', /^kluis: Er is geen administratie genoemd: de lijst van administraties is leeg\.\n/],
      ] as const) {
        const empty = await kluis(['backup', 'all', '--only', only, '--lang', lang]);
        assert.equal(empty.code, 2, empty.stderr);
        assert.match(empty.stderr, sentence);
      }
      const missing = await kluis(['backup', 'all', '--to', join(dir, 'nowhere')]);
      assert.equal(missing.code, 11);
      assert.match(missing.stderr, /Folder .*nowhere does not exist\./);
      const jobs = await kluis(['backup', 'all', '--jobs', 'twee']);
      assert.equal(jobs.code, 2);
      assert.match(
        jobs.stderr,
        /"twee" is not a whole number from 1 to 64\.\n {2}hint: Give --jobs a whole number, for example --jobs 1\./,
      );
      assert.equal((await core.backupHistory(inst.ctx)).entries.length, before);
      const sys = await SystemDb.open(inst.ctx.engine, inst.ctx.systemDatabase);
      try {
        const running = await sys.client.query("select 1 from operations where status = 'running'");
        assert.equal(running.rowCount, 0);
      } finally {
        await sys.close();
      }
    });
  });
}
