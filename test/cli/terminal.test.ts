/**
 * Everything kluis asks on a terminal, through a real pseudo-terminal
 * (test/helpers/pty.ts): the terminal wizard over a whole client install in
 * both languages, and every other question (typed confirmations, passwords).
 *
 * - What a person sees: no secret ever on screen, every typed character
 *   echoed once, no Node warning, and the listeners on the terminal streams
 *   the same after 25 questions as after 11.
 * - Ctrl-C and Ctrl-D at every question end in CANCELLED (exit 130, one
 *   sentence in the person's language) with nothing changed: the
 *   administrations, the journal, the locks and the databases are as before.
 * - Enter on an empty answer takes the default shown in brackets, or asks
 *   again; a typed confirmation answered wrongly is CONFIRMATION_MISMATCH.
 *
 * The English run (with the server's extra question) runs on every engine;
 * the Dutch run and the matrices, which test the terminal rather than the
 * engine, on the first. Cases run two at a time.
 *
 * The two matrices run half their cases a run, dealt by a seed
 * (test/helpers/sample.ts): at every question of the wizard one of Ctrl-C
 * and Ctrl-D (both keys at some question, and Enter at Finish, in each run),
 * at every command's typed confirmation half of its answers (every answer at
 * some command in each run), in both languages; two consecutive seeds run
 * every case. KLUIS_TERMINAL_SEED=<seed> repeats a run,
 * KLUIS_TERMINAL_FULL=1 (or KLUIS_TEST_FULL=1) runs every case.
 *
 * The encrypted backup is made with a low scrypt work factor (2^10, as in
 * test/core/backup-restore.test.ts): the wizard decrypts the file's start at
 * the passphrase question and again when it installs, and at the default
 * (2^18) each took seconds; the questions are what is tested here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { SystemDb } from '../../src/core/system-db/system-db.js';
import { type DemoInstallation, demoInstallation, type EngineName, selectedEngines } from '../helpers/engines.js';
import {
  keys,
  killPtySessions,
  type PtyRun,
  PtySession,
  ptyUnavailable,
  signInPrompts,
  wizardCancelled,
} from '../helpers/pty.js';
import { matrixSample } from '../helpers/sample.js';

const noPty = ptyUnavailable();
if (noPty) console.log(`# terminal tests skipped: ${noPty}`);

type Lang = 'nl' | 'en';
const passphrase = 'pty-geheim-passphrase-7';
const password = core.demoPassword;
const cancelled = wizardCancelled;

/** The wizard's questions in a client install, as they appear on screen. */
const prompts = {
  en: {
    ...signInPrompts.en,
    file: /File name[^\n]*: /,
    passphrase: /Passphrase of the backup: /,
    server: /Server:\r?\n[\s\S]*?Choice \[\d\]: /,
    serverName: /Name of the server[^\n]*: /,
    to: /Administration \(name or number\)[^\n]*: /,
    databaseDir: /Database directory[^\n]*: /,
    serverFolder: /Server folder[^\n]*: /,
    users: /Numbers separated by commas[^\n]*: /,
    finish: /Finish\? \[y\/N\] /,
    done: /Installed as administration \d{3} "([^"]+)"/,
  },
  nl: {
    ...signInPrompts.nl,
    file: /Bestandsnaam[^\n]*: /,
    passphrase: /Wachtwoord van de back-up: /,
    server: /Server:\r?\n[\s\S]*?Keuze \[\d\]: /,
    serverName: /Naam van de server[^\n]*: /,
    to: /Administratie \(naam of nummer\)[^\n]*: /,
    databaseDir: /Databasemap[^\n]*: /,
    serverFolder: /Servermap[^\n]*: /,
    users: /Nummers met komma's[^\n]*: /,
    finish: /Klaar\? \[j\/N\] /,
    done: /Geïnstalleerd als administratie \d{3} "([^"]+)"/,
  },
} as const;
type Prompt = Exclude<keyof (typeof prompts)['en'], 'done'>;

interface Step {
  readonly at: Prompt;
  readonly type: string;
}

/** Runs `fn` over `items` two at a time: a kluis process per core (CI has two). */
async function twoAtATime<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all([worker(), worker()]);
}

/** "abc" typed while two readers listen shows as "aabbcc". */
const doubled = (text: string) => [...text].map((c) => c + c).join('');

for (const kind of selectedEngines()) {
  describe(`terminal questions on a pseudo-terminal (${kind})`, { skip: noPty }, () => {
    let inst: DemoInstallation;
    let dir: string;
    let encrypted: string;
    let plain: string;
    let auditfile: string;
    const run = (args: string[]) => new PtySession([...inst.cli.args, ...args], inst.cli.env);

    before(async () => {
      inst = await demoInstallation(kind as EngineName, 'pty');
      dir = inst.dir;
      encrypted = join(dir, 'klant-versleuteld.ebu');
      plain = join(dir, 'klant.ebu');
      auditfile = join(dir, 'klant.xaf');
      await core.createBackup(inst.ctx, {
        adm: '002',
        output: encrypted,
        encryption: { passphrase },
        scryptWorkFactor: 10,
      });
      // The plain backup and the auditfile serve the tests that run on the first engine only.
      if (kind !== selectedEngines()[0]) return;
      await core.createBackup(inst.ctx, { adm: '002', output: plain });
      await core.exportXaf(inst.ctx, { adm: '002', year: new Date().getUTCFullYear(), output: { path: auditfile } });
    });

    after(async () => {
      killPtySessions();
      await inst?.dispose();
    });

    /** Administrations, journal, locks and databases: what a cancelled question must leave as it was. */
    async function state(): Promise<string> {
      const sys = await SystemDb.open(inst.ctx.engine, inst.ctx.systemDatabase);
      try {
        const q = async (sql: string) => JSON.stringify((await sys.client.query(sql)).rows);
        const databases = (await inst.ctx.engine.listDatabases())
          .filter((d) => d.startsWith(inst.ctx.systemDatabase))
          .sort();
        return [
          await q('select number, name, identity, status, database_name from administrations order by number'),
          await q(`select kind, status from operations where status = 'running' order by started_at`),
          await q('select admin_number, kind from locks order by admin_number'),
          JSON.stringify(databases),
        ].join('\n');
      } finally {
        await sys.close();
      }
    }

    /**
     * The questions of a client install, in order, with plain answers. The
     * encrypted backup adds the passphrase (and costs a key derivation at
     * each Next), so the cancel matrix takes the plain one past that question.
     */
    function clientInstall(name: string, file: 'encrypted' | 'plain' = 'encrypted'): Step[] {
      return [
        { at: 'open', type: '1\r' },
        { at: 'user', type: 'devries\r' },
        { at: 'password', type: `${password}\r` },
        { at: 'action', type: 'client-install\r' },
        { at: 'file', type: `${file === 'encrypted' ? encrypted : plain}\r` },
        ...(file === 'encrypted' ? [{ at: 'passphrase', type: `${passphrase}\r` } as const] : []),
        { at: 'server', type: '\r' },
        // On a server, "Server" with the server signed in on is proposed: Enter keeps its name.
        ...(kind === 'server' ? [{ at: 'serverName', type: '\r' } as const] : []),
        { at: 'to', type: `${name}\r` },
        { at: 'databaseDir', type: '\r' },
        ...(kind === 'server' ? [{ at: 'serverFolder', type: '\r' } as const] : []),
        { at: 'users', type: '*\r' },
        { at: 'finish', type: 'y\r' },
      ];
    }

    async function walk(session: PtySession, lang: Lang, steps: readonly Step[]): Promise<void> {
      for (const [i, step] of steps.entries()) {
        await session.expect(prompts[lang][step.at], `question ${i + 1} (${step.at})`);
        session.type(step.type);
      }
    }

    /** What any run on a terminal must never show. */
    function assertCleanScreen(r: PtyRun, typed: readonly string[]): void {
      for (const secret of [password, passphrase]) {
        assert.ok(!r.screen.includes(secret), `a secret is on screen:\n${r.screen}`);
        assert.ok(!r.screen.includes(secret.slice(0, 6)), `part of a secret is on screen:\n${r.screen}`);
        assert.ok(!r.screen.includes(doubled(secret.slice(0, 4))), `a secret is echoed doubled:\n${r.screen}`);
      }
      for (const answer of typed)
        assert.ok(!r.screen.includes(doubled(answer.slice(0, 4))), `"${answer}" is echoed twice:\n${r.screen}`);
      assert.doesNotMatch(
        r.screen,
        /Warning|MaxListeners|\(node:\d+\)|at .*\.js:\d+/,
        'Node printed a warning or a stack',
      );
    }

    // The questions do not depend on the engine: the Dutch run and the matrices run on the first one only;
    // the English run with its extra question on a server (Server folder) on every one.
    const first = kind === selectedEngines()[0];
    const onFirst = !first && 'runs on the first engine';
    const sample = matrixSample('TERMINAL', kind, { everyEngine: true });

    test('the wizard over a whole client install, in Dutch: nothing secret on screen, echo once', {
      skip: onFirst,
    }, async () => {
      const before = await state();
      const name = 'Bakkerij via pty nl';
      const s = run(['--lang', 'nl', 'wizard']);
      const steps = clientInstall(name).map((step) =>
        // A password pasted with the newline a copy from a file brings along; Enter at the users takes the suggestion.
        step.at === 'password'
          ? { ...step, type: `${password}\r\n` }
          : step.at === 'users'
            ? { ...step, type: '\r' }
            : step,
      );
      await walk(s, 'nl', steps);
      await s.expect(prompts.nl.done);
      const r = await s.exit();
      assert.equal(r.code, 0, r.screen);
      assertCleanScreen(r, ['devries', name, 'client-install']);
      assert.match(r.screen, /Gebruikersnaam: (\x1b\[\d+G)?devries\r/); // typed once, shown once
      assert.notEqual(await state(), before);
      assert.ok((await core.listAdministrations(inst.ctx)).some((a) => a.name === name));
      baseline = r.maxListeners;
    });
    let baseline: Record<string, number> | undefined;

    test('the wizard in English with Back (<) many times, empty answers and a corrected password: listeners do not grow', async () => {
      const name = 'Bakkerij via pty en';
      const s = run(['--lang', 'en', 'wizard']);
      const p = prompts.en;
      const step = async (at: Prompt, type: string) => {
        await s.expect(p[at], at);
        s.type(type);
      };
      await step('open', '\r'); // Enter: the default in brackets, 001
      await step('user', '\r'); // Enter on an empty user name: asked again
      await step('user', 'devries\r');
      await step('password', '\r'); // asked again
      await step('password', `${password}Xy${keys.backspace}${keys.backspace}\r`); // two typing errors removed
      await step('action', '<\r'); // Back on the first screen: the list again
      await step('action', '<\r');
      await step('action', 'client-install\r');
      await step('file', '\r'); // required: said so and asked again
      await s.expect(/!! /, 'a message that the file is needed');
      await step('file', `${encrypted}\r`);
      await step('passphrase', '\r'); // asked again
      await step('passphrase', `${passphrase}\r`);
      // On a server, Enter at "Server" asks its name, proposing the one signed in on: Enter keeps it.
      const server = async () => {
        await step('server', '\r');
        if (kind === 'server') await step('serverName', '\r');
      };
      await server();
      await step('to', '<\r'); // back to the server
      await step('server', '<\r'); // back to the passphrase
      await step('passphrase', `${passphrase}\r`);
      await server();
      // The backup's own name is proposed ("(2)" and on: the demo's 002 has it already), and replaced by the one typed.
      await s.expect(/Administration \(name or number\) \[Bakkerij Jansen \(\d+\)\]: /, 'the proposed name');
      s.type(`${name}\r`);
      await step('databaseDir', '\r');
      if (kind === 'server') await step('serverFolder', '\r');
      await step('users', '<\r'); // back to the database directory
      await step('databaseDir', '\r');
      if (kind === 'server') await step('serverFolder', '\r');
      await step('users', '*\r');
      await step('finish', 'y\r');
      await s.expect(p.done);
      const r = await s.exit();
      assert.equal(r.code, 0, r.screen);
      assertCleanScreen(r, ['devries', name, 'client-install']);
      assert.ok(!r.screen.includes(`${password}X`), 'the corrected password is on screen');
      assert.ok((await core.listAdministrations(inst.ctx)).some((a) => a.name === name));
      // The same listeners after 25 questions as after 11: nothing is left behind per question.
      // (Sampled every 5 ms: a listener that lives shorter may be missed, one left behind per question cannot be.)
      assert.equal(r.maxListeners['stdin keypress'], 1, `one reader of the keys: ${JSON.stringify(r.maxListeners)}`);
      assert.ok(baseline || !first, 'the Dutch run measured its listeners');
      for (const [event, most] of Object.entries(r.maxListeners).filter(([e]) => /^(stdin|stdout|stderr) /.test(e))) {
        assert.ok(most <= 2, `${event}: ${most} listeners`);
        if (baseline)
          assert.ok(
            most <= (baseline[event] ?? 0),
            `${event}: ${most} listeners after 25 questions, ${baseline[event] ?? 0} after 11`,
          );
      }
    });

    test('Ctrl-C and Ctrl-D at every question of the wizard, and Enter at Finish: CANCELLED, nothing changed', {
      skip: onFirst,
    }, async (t) => {
      t.diagnostic(sample.how);
      const encryptedSteps = clientInstall('Bakkerij afgebroken');
      const plainSteps = clientInstall('Bakkerij afgebroken', 'plain');
      const cases: Array<{ steps: Step[]; at: number; key: string; lang: Lang }> = [];
      const passphraseAt = encryptedSteps.findIndex((s) => s.at === 'passphrase');
      encryptedSteps.forEach((step, i) => {
        // Past the passphrase the plain backup asks the same questions, without a key derivation per case.
        const steps = i > passphraseAt ? plainSteps : encryptedSteps;
        const at = steps.findIndex((s) => s.at === step.at);
        // One of the two keys at each question a run (dealt along the diagonals: each key at every other question),
        // the two keys of a question in different languages, and each key in both languages in every run.
        [keys.ctrlC, keys.ctrlD].forEach((key, k) => {
          if (sample.dealt(i, k, 2)) cases.push({ steps, at, key, lang: (Math.floor(i / 2) + k) % 2 ? 'nl' : 'en' });
        });
      });
      cases.push({ steps: plainSteps, at: plainSteps.length - 1, key: keys.enter, lang: 'en' }); // Finish? [y/N]: Enter is N
      const before = await state();
      await twoAtATime(cases, async (c) => {
        const what = `${c.key === keys.ctrlC ? 'Ctrl-C' : c.key === keys.ctrlD ? 'Ctrl-D' : 'Enter'} at ${c.steps[c.at]!.at} (${c.lang})`;
        const s = run(['--lang', c.lang, 'wizard']);
        await walk(s, c.lang, c.steps.slice(0, c.at));
        await s.expect(prompts[c.lang][c.steps[c.at]!.at], what);
        s.type(c.key);
        const r = await s.exit();
        assert.equal(r.code, 130, `${what}:\n${r.screen}`);
        assert.ok(r.screen.includes(cancelled[c.lang]), `${what}: no message that it was cancelled:\n${r.screen}`);
        assertCleanScreen(r, ['devries']);
        assert.equal(await state(), before, `${what} changed something`);
      });
      console.log(`# wizard cancel matrix: ${cases.length} cases x (exit code, message, state)`);
    });

    test('typed confirmations: Ctrl-C, Ctrl-D and Enter cancel, a wrong number is CONFIRMATION_MISMATCH; nothing changed', {
      skip: onFirst,
    }, async (t) => {
      t.diagnostic(sample.how);
      const commands: Array<{ args: string[]; question: { en: RegExp; nl: RegExp } }> = [
        {
          args: ['backup', 'restore', plain, '--to', '2'],
          question: { en: /Type 002 to overwrite: /, nl: /Typ 002 om te overschrijven: / },
        },
        {
          args: ['client', 'install', plain, '--open', '001', '--to', '2', '--users', 'anna'],
          question: { en: /Type 002 to overwrite: /, nl: /Typ 002 om te overschrijven: / },
        },
        {
          args: ['xaf', 'import', auditfile, '--open', '001', '--to', '2', '--users', 'anna'],
          question: { en: /Type 002 to overwrite: /, nl: /Typ 002 om te overschrijven: / },
        },
        {
          args: ['admin', 'copy', '1', '--to', '2'],
          question: { en: /Type 002 to overwrite: /, nl: /Typ 002 om te overschrijven: / },
        },
        { args: ['admin', 'delete', '2'], question: { en: /Type 002 to confirm: /, nl: /Typ 002 om te bevestigen: / } },
      ];
      const answers = [
        { key: keys.ctrlC, code: 130, message: cancelled },
        { key: keys.ctrlD, code: 130, message: cancelled },
        { key: keys.enter, code: 130, message: cancelled },
        {
          key: '3\r',
          code: 10,
          message: {
            en: 'kluis: Type exactly "002" to confirm; nothing was changed.',
            nl: 'kluis: Typ precies "002" om te bevestigen; er is niets gewijzigd.',
          },
        },
      ];
      // Ctrl-C and Ctrl-D at every command's question; Enter and a wrong number (one check, shared) at an overwrite and a delete.
      // Half of them a run, dealt along the diagonals: each command with one of Ctrl-C and Ctrl-D, the overwrite and the
      // delete each with one of Enter and the wrong number (the other one than the overwrite's: the delete's two are
      // dealt in turned order), so that every answer is given in every run; each key in both languages in each run.
      const last = commands.length - 1;
      const cases = commands.flatMap((c, i) =>
        answers.flatMap((a, j) => {
          if (j >= 2 && i !== 0 && i !== last) return [];
          const column = j >= 2 && i === last ? j ^ 1 : j;
          if (!sample.dealt(i, column, 2)) return [];
          return [{ ...c, ...a, lang: ((Math.floor(i / 2) + column) % 2 ? 'nl' : 'en') as Lang }];
        }),
      );
      const before = await state();
      await twoAtATime(cases, async (c) => {
        const what = `${c.args.slice(0, 2).join(' ')} answered ${JSON.stringify(c.key)} (${c.lang})`;
        const s = run(['--lang', c.lang, ...c.args]);
        await s.expect(c.question[c.lang], what);
        s.type(c.key);
        const r = await s.exit();
        assert.equal(r.code, c.code, `${what}:\n${r.screen}`);
        assert.ok(r.screen.includes(c.message[c.lang]), `${what}: expected "${c.message[c.lang]}":\n${r.screen}`);
        assertCleanScreen(r, []);
        assert.equal(await state(), before, `${what} changed something`);
      });
      console.log(`# typed confirmation matrix: ${cases.length} cases x (exit code, message, state)`);

      // The terminal goes away at the question (its window closed): kluis ends with it, nothing changed.
      const hungUp = run(['--lang', 'en', 'backup', 'restore', plain, '--to', '2']);
      await hungUp.expect(/Type 002 to overwrite: /);
      hungUp.kill();
      await hungUp.exit();
      assert.equal(await state(), before, 'a hang-up at the question changed something');

      // The number typed: the command goes ahead (once for overwriting, once for deleting).
      const restore = run(['--lang', 'en', 'backup', 'restore', plain, '--to', '2']);
      await restore.expect(/Type 002 to overwrite: /);
      restore.type('002\r');
      const restored = await restore.exit();
      assert.equal(restored.code, 0, restored.screen);
      assert.match(restored.screen, /Restored as administration 002/);
      // A copy of the office's small administration to delete (a copy of the client's generated one took seconds longer).
      await core.copyAdministration(inst.ctx, { adm: '1', to: '40' });
      const del = run(['--lang', 'nl', 'admin', 'delete', '40']);
      await del.expect(/Typ 040 om te bevestigen: /);
      del.type('40\r');
      const deleted = await del.exit();
      assert.equal(deleted.code, 0, deleted.screen);
      assert.ok(!(await core.listAdministrations(inst.ctx)).some((a) => a.number === '040'));
    });

    test('"-" for a passphrase or password file, typed on the terminal: asked for, never on screen', {
      skip: onFirst,
    }, async () => {
      const out = mkdtempSync(join(dir, 'stdin-secret-'));
      const made = run(['--lang', 'en', 'backup', 'create', '002', '--passphrase-file', '-', '-o', out]);
      await made.expect(/Passphrase of the backup: /);
      made.type(`${passphrase}\r`);
      const r = await made.exit();
      assert.equal(r.code, 0, r.screen);
      assertCleanScreen(r, []);
      const file = join(out, readdirSync(out)[0]!);
      const verified = run(['--lang', 'nl', 'backup', 'verify', file, '--passphrase-file', '-']);
      await verified.expect(/Wachtwoord van de back-up: /);
      verified.type(`${passphrase}\r`);
      const v = await verified.exit();
      assert.equal(v.code, 0, v.screen);
      assertCleanScreen(v, []);
      const created = run([
        '--lang',
        'en',
        'admin',
        'create',
        'Garage via stdin',
        '--number',
        '42',
        '--password-file',
        '-',
      ]);
      await created.expect(/Password for [^:]*: /);
      created.type(`${password}\r`);
      const c = await created.exit();
      assert.equal(c.code, 0, c.screen);
      assertCleanScreen(c, []);
    });

    test('hidden passwords of admin create and server add: never on screen; Ctrl-C and Ctrl-D cancel with nothing changed', {
      skip: onFirst,
    }, async () => {
      const before = await state();
      for (const [i, key] of [keys.ctrlC, keys.ctrlD].entries()) {
        for (const question of [0, 1]) {
          const lang: Lang = (i + question) % 2 ? 'nl' : 'en';
          const s = run(['--lang', lang, 'admin', 'create', 'Garage via pty', '--number', '41']);
          if (question === 1) {
            await s.expect(lang === 'en' ? /Password for [^:]*: / : /Wachtwoord voor [^:]*: /);
            s.type(`${password}\r`);
          }
          await s.expect(
            question === 0
              ? lang === 'en'
                ? /Password for [^:]*: /
                : /Wachtwoord voor [^:]*: /
              : lang === 'en'
                ? /Again: /
                : /Nogmaals: /,
          );
          s.type(key);
          const r = await s.exit();
          assert.equal(r.code, 130, r.screen);
          assert.ok(r.screen.includes(cancelled[lang]), r.screen);
          assertCleanScreen(r, []);
          assert.equal(await state(), before);
        }
        // A home of its own: the servers of the shared test home are not this test's to change.
        const lang: Lang = i ? 'nl' : 'en';
        const home = mkdtempSync(join(dir, 'home-'));
        const s = new PtySession(
          [
            '--home',
            home,
            '--lang',
            lang,
            'server',
            'add',
            'ptysrv',
            'host=127.0.0.1 port=1 user=kluis',
            '--ask-password',
          ],
          {},
        );
        await s.expect(lang === 'en' ? /Password: / : /Wachtwoord: /);
        s.type(keys.enter); // an empty password: asked again
        await s.expect(lang === 'en' ? /Password: / : /Wachtwoord: /);
        s.type(key === keys.ctrlC ? `${password.slice(0, 5)}${key}` : key); // Ctrl-D cancels an empty answer, as in a shell
        const r = await s.exit();
        assert.equal(r.code, 130, r.screen);
        assert.ok(r.screen.includes(cancelled[lang]), r.screen);
        assertCleanScreen(r, []);
        assert.deepEqual(
          core.listServers(home).map((x) => x.name),
          core.listServers(mkdtempSync(join(dir, 'empty-'))).map((x) => x.name),
        );
      }

      const s = run(['--lang', 'en', 'admin', 'create', 'Garage via pty', '--number', '41']);
      await s.expect(/Password for [^:]*: /);
      s.type(keys.enter); // empty: asked again
      await s.expect(/Password for [^:]*: /);
      s.type(`${password}\r`);
      await s.expect(/Again: /);
      s.type(`${password}\r`);
      const r = await s.exit();
      assert.equal(r.code, 0, r.screen);
      assertCleanScreen(r, []);
      assert.match(r.screen, /Administration 041 "Garage via pty" was created/);
    });
  });
}
