/**
 * Injection through every input of the command line: administration names
 * and numbers, user names, licence holders, server names and connection
 * settings, output paths and folders, restore and copy targets. Each hostile
 * value is either refused with a clear, coded error (never an internal one)
 * or taken as the literal text it is; afterwards nothing else changed (the
 * other administration, the server's databases) and no shell ran.
 *
 * Each value against each input is some 270 kluis processes: a run takes a
 * seeded quarter of the attacks, dealt so that it tries every value and every
 * input (test/helpers/sample.ts); KLUIS_INJECTION_SEED=<seed> repeats a run,
 * KLUIS_INJECTION_FULL=1 (or KLUIS_TEST_FULL=1) runs all of them.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runKluis } from '../helpers/cli.js';
import {
  databasesOf,
  dropDatabasesWithPrefix,
  embeddedEngine,
  selectedEngines,
  testHome,
  uniqueName,
} from '../helpers/engines.js';
import { hostileValues } from '../helpers/hostile.js';
import { inPool } from '../helpers/pool.js';
import { matrixSample } from '../helpers/sample.js';

const pwned = join(tmpdir(), `kluis-pwned-${process.pid}`);
const hostile = hostileValues(pwned);

/** Every command with --json: a refusal is then a JSON object with its code. */
const kluis = (args: string[], env: Record<string, string>) => runKluis([...args, '--json'], env);

describe('injection through every command-line input', { skip: !selectedEngines().includes('embedded') }, () => {
  const sample = matrixSample('INJECTION', 'embedded', { everyEngine: true });
  const systemDatabase = uniqueName('inj');
  const env = { KLUIS_HOME: testHome, KLUIS_SYSTEM_DATABASE: systemDatabase };
  const scratch = mkdtempSync(join(tmpdir(), 'kluis-inj-'));
  const lic = join(scratch, 'lic.json');
  const pw = join(scratch, 'pw');
  let ebu: string;

  before(async () => {
    await embeddedEngine().start();
    writeFileSync(pw, 'een-goed-wachtwoord\n');
    assert.equal(
      (await kluis(['licence', 'demo', '--holder', 'Basis B.V.', '--user', 'basis', '-o', lic], env)).code,
      0,
    );
    const made = await kluis(
      ['admin', 'create', 'Basis', '--number', '1', '--licence', lic, '--password-file', pw],
      env,
    );
    assert.equal(made.code, 0, made.stderr);
    const b = await kluis(['backup', 'create', '1', '-o', scratch], env);
    assert.equal(b.code, 0, b.stderr);
    ebu = JSON.parse(b.stdout).location as string;
  });
  after(async () => {
    await dropDatabasesWithPrefix(embeddedEngine(), systemDatabase);
    rmSync(scratch, { recursive: true, force: true });
    rmSync(pwned, { force: true });
  });

  test('each hostile value is refused with a coded error or kept literally, and nothing else changes', async (t) => {
    const engine = embeddedEngine();
    const databasesBefore = await databasesOf(engine, systemDatabase);
    // What the administration is (its size on disk moves with autovacuum, and backups of it are made on the way).
    const basis = async () => {
      const shown = JSON.parse((await kluis(['admin', 'show', '1'], env)).stdout) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(shown).filter(([k]) => k !== 'sizeBytes' && !/backup/i.test(k)));
    };
    const basisBefore = await basis();
    const outcomes: string[] = [];
    /** Runs a command; a refusal must be coded, with a sentence, never internal. Returns the parsed result when it succeeded. */
    const attempt = async (
      label: string,
      args: string[],
      e: Record<string, string> = env,
    ): Promise<Record<string, unknown> | undefined> => {
      let r = await kluis(args, e);
      // Two attacks at once may both back up the base administration: one waits its turn (in use is no outcome).
      for (let turn = 0; turn < 20 && r.code === 4 && r.stderr.includes('"ADMIN_IN_USE"'); turn++) {
        await new Promise((done) => setTimeout(done, 250));
        r = await kluis(args, e);
      }
      if (r.code === 0) {
        outcomes.push(`${label}: accepted`);
        return JSON.parse(r.stdout || '{}') as Record<string, unknown>;
      }
      assert.notEqual(r.code, 1, `${label}: an internal error\n${r.stderr}`);
      const { error } = JSON.parse(r.stderr || r.stdout) as { error: { code: string; message: string } };
      assert.match(error.code, /^[A-Z_]+$/, label);
      assert.ok(error.message.length > 10 && !/\n\s+at /.test(error.message), `${label}: ${error.message}`);
      outcomes.push(`${label}: ${error.code}`);
      return undefined;
    };

    /** Runs `work` with a kluis home of its own, removed afterwards. */
    const inOwnHome = async (work: (home: string) => Promise<unknown>): Promise<void> => {
      const home = mkdtempSync(join(tmpdir(), 'kluis-inj-home-'));
      try {
        await work(home);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    };

    /** Each input of the command line, tried with hostile value `h` (number `i`). */
    const inputs: Array<{ name: string; attack: (h: string, i: number) => Promise<void> }> = [
      {
        name: 'admin create name',
        attack: async (h, i) => {
          const created = await attempt(`admin create name ${i}`, [
            'admin',
            'create',
            h,
            '--licence',
            lic,
            '--password-file',
            pw,
          ]);
          if (!created) return;
          const shown = await attempt(`admin show ${i}`, ['admin', 'show', String(created['number'])]);
          assert.equal(shown?.['name'], h.normalize('NFC'), 'a name is kept exactly as written');
          const copied = await attempt(`admin copy to ${i}`, [
            'admin',
            'copy',
            String(created['number']),
            '--to',
            `${h.slice(0, 50)} kopie`,
          ]);
          if (copied)
            await attempt(`delete copy ${i}`, [
              'admin',
              'delete',
              String(copied['number']),
              '--confirm',
              String(copied['number']),
            ]);
          await attempt(`admin delete ${i}`, ['admin', 'delete', h, '--confirm', String(created['number'])]);
        },
      },
      {
        name: 'admin create --number',
        attack: async (h, i) => {
          await attempt(`admin create number ${i}`, [
            'admin',
            'create',
            'Getal',
            '--number',
            h,
            '--licence',
            lic,
            '--password-file',
            pw,
          ]);
        },
      },
      { name: 'admin show', attack: async (h, i) => void (await attempt(`admin show ${i}`, ['admin', 'show', h])) },
      {
        name: 'licence demo --user',
        attack: async (h, i) => {
          const out = join(scratch, `l${i}.json`);
          await attempt(`licence demo user ${i}`, ['licence', 'demo', '--holder', 'H', '--user', h, '-o', out]);
        },
      },
      {
        name: 'licence demo --holder',
        attack: async (h, i) => {
          const out = join(scratch, `h${i}.json`);
          const holder = await attempt(`licence demo holder ${i}`, [
            'licence',
            'demo',
            '--holder',
            h,
            '--user',
            'basis',
            '-o',
            out,
          ]);
          if (!holder) return;
          const withHolder = await attempt(`admin create with holder ${i}`, [
            'admin',
            'create',
            `Houder ${i}`,
            '--licence',
            out,
            '--password-file',
            pw,
          ]);
          if (withHolder)
            await attempt(`delete holder ${i}`, [
              'admin',
              'delete',
              String(withHolder['number']),
              '--confirm',
              String(withHolder['number']),
            ]);
        },
      },
      {
        name: 'backup restore --to',
        attack: async (h, i) => {
          const restored = await attempt(`backup restore --to ${i}`, ['backup', 'restore', ebu, '--to', h]);
          if (restored)
            await attempt(`delete restored ${i}`, [
              'admin',
              'delete',
              String(restored['number']),
              '--confirm',
              String(restored['number']),
            ]);
        },
      },
      {
        name: 'backup create -o',
        attack: async (h, i) => {
          // A folder whose name is the hostile text (where a file system allows it) is just a folder.
          const folder = join(scratch, `out-${i}-${h.replace(/[/\0]/g, '_').slice(0, 100)}`);
          mkdirSync(folder);
          const out = await attempt(`backup create -o folder ${i}`, ['backup', 'create', '1', '-o', folder]);
          if (out) assert.ok(String(out['location']).startsWith(`${folder}/`), `${i}: written inside the folder`);
        },
      },
      {
        name: '--server',
        attack: async (h, i) => void (await attempt(`--server ${i}`, ['--server', h, 'admin', 'list'])),
      },
      {
        name: 'server add <name>',
        attack: (h, i) =>
          inOwnHome((home) =>
            attempt(`server add name ${i}`, ['server', 'add', h, 'host=127.0.0.1 port=1', '--no-check'], {
              KLUIS_HOME: home,
            }),
          ),
      },
      {
        name: 'server add <conninfo>',
        attack: (h, i) =>
          inOwnHome((home) =>
            attempt(`server add conninfo ${i}`, ['server', 'add', 'ergens', h, '--no-check'], { KLUIS_HOME: home }),
          ),
      },
      {
        name: 'server add <conninfo> values',
        attack: (h, i) =>
          inOwnHome((home) =>
            attempt(
              `server add conninfo value ${i}`,
              [
                'server',
                'add',
                'elders',
                `host=127.0.0.1 port=1 user='${h}' dbname=${JSON.stringify(h)}`,
                '--no-check',
              ],
              { KLUIS_HOME: home },
            ),
          ),
      },
    ];

    // Every value against every input is a few hundred kluis processes: a seeded quarter of them per run, dealt so
    // that each run tries every value and every input. Two values at a time; one value's attacks in turn, as
    // some of them make and delete an administration by that value's name.
    const chosen = hostile.map((h, i) => ({ h, i, inputs: inputs.filter((_, j) => sample.dealt(i, j, 4)) }));
    const size = chosen.reduce((n, c) => n + c.inputs.length, 0);
    t.diagnostic(`${sample.how}: ${size} of ${hostile.length * inputs.length} attacks`);
    await inPool(
      chosen.map(({ h, i, inputs }) => async () => {
        for (const input of inputs) await input.attack(h, i);
      }),
      2,
    );

    assert.equal(existsSync(pwned), false, 'no shell ran a command from an input');
    assert.deepEqual(await databasesOf(engine, systemDatabase), databasesBefore, 'the server has the same databases');
    assert.deepEqual(await basis(), basisBefore, 'the other administration is as it was');
    const listed = JSON.parse((await kluis(['admin', 'list'], env)).stdout) as Array<{ name: string }>;
    assert.deepEqual(
      listed.map((a) => a.name),
      ['Basis'],
      'everything made on the way was deleted',
    );
    assert.ok(
      outcomes.some((o) => o.endsWith('accepted')) && outcomes.some((o) => !o.endsWith('accepted')),
      'some values are data, some are refused',
    );
    if (process.env['KLUIS_INJECTION_REPORT']) process.stderr.write(`${outcomes.join('\n')}\n`);
  });
});
