/**
 * The terminal wizard's hand-out to the accountant (issue 22) through a real
 * pseudo-terminal (test/helpers/pty.ts), as the client's bookkeeper signed
 * in to the demo's 002 does it:
 *
 * - Ctrl-C at every question of the hand-out and of its withdrawal ends in
 *   CANCELLED (exit 130) with nothing changed: no hand-out recorded (or the
 *   outstanding one still outstanding), no file, no operation running.
 * - Enter at every question: the default in brackets (the administration,
 *   the file's folder, no encryption), asked again where there is none (the
 *   dividing date), and at Finish it cancels.
 * - A date that is no date and a wrong typed number are said in one
 *   sentence and asked again; the public key is asked only when encrypting
 *   for one, and the file it makes opens with the secret key only.
 * - The welcome screen says the administration is handed out, with its date.
 *
 * On the first selected engine: the questions do not depend on the engine.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { SystemDb } from '../../src/core/system-db/system-db.js';
import { type DemoInstallation, demoInstallation, selectedEngines } from '../helpers/engines.js';
import { keys, killPtySessions, PtySession, ptyUnavailable, signInPrompts, wizardCancelled } from '../helpers/pty.js';

const noPty = ptyUnavailable();
const engine = selectedEngines()[0];

type Lang = 'nl' | 'en';

const cancelled = wizardCancelled;

const prompts = {
  en: {
    ...signInPrompts.en,
    adm: /Administration:\r?\n[\s\S]*?Choice \[1\]: /,
    until: /Dividing date: /,
    output: /Folder or file \(may be empty\): /,
    encrypt: /Encrypt:\r?\n[\s\S]*?Choice \[\d\]: /,
    recipient: /Public key: /,
    confirm: /Type 002 to withdraw the hand-out of administration 002: /,
    finish: /Finish\? \[y\/N\] /,
  },
  nl: {
    ...signInPrompts.nl,
    adm: /Administratie:\r?\n[\s\S]*?Keuze \[1\]: /,
    until: /Afsluitdatum: /,
    output: /Map of bestand \(mag leeg\): /,
    encrypt: /Versleutelen:\r?\n[\s\S]*?Keuze \[\d\]: /,
    recipient: /Openbare sleutel: /,
    confirm: /Typ 002 om de uitlevering van administratie 002 in te trekken: /,
    finish: /Klaar\? \[j\/N\] /,
  },
} as const;
type Prompt = keyof (typeof prompts)['en'];

interface Step {
  readonly at: Prompt;
  readonly type: string;
}

describe('the terminal wizard hands the books out to the accountant, and withdraws them', {
  skip: noPty ?? (engine ? false : 'no engine selected'),
}, () => {
  let inst: DemoInstallation;
  let key: { identity: string; recipient: string };
  const run = (lang: Lang) => new PtySession([...inst.cli.args, '--lang', lang, 'wizard'], inst.cli.env);

  before(async () => {
    inst = await demoInstallation(engine!, 'ptyhandout');
    key = await core.generateKeyPair();
  });

  after(async () => {
    killPtySessions();
    await inst?.dispose();
  });

  /** The hand-out of 002, the files in the scratch folder and the journal: what a cancelled question leaves as it was. */
  async function state(): Promise<string> {
    const sys = await SystemDb.open(inst.ctx.engine, inst.ctx.systemDatabase);
    try {
      const running = await sys.client.query(`select kind from operations where status = 'running'`);
      const h = await core.handOutStatus(inst.ctx, '002');
      return JSON.stringify({ handOut: h ?? null, files: readdirSync(inst.dir).sort(), running: running.rows });
    } finally {
      await sys.close();
    }
  }

  const signIn: Step[] = [
    { at: 'open', type: '2\r' },
    { at: 'user', type: 'jansen\r' },
    { at: 'password', type: `${core.demoPassword}\r` },
  ];

  function handOut(lang: Lang): Step[] {
    return [
      ...signIn,
      { at: 'action', type: 'hand-out\r' },
      { at: 'adm', type: '\r' },
      { at: 'until', type: '30-06-2026\r' },
      { at: 'output', type: `${inst.dir}/\r` },
      { at: 'encrypt', type: '3\r' },
      { at: 'recipient', type: `${key.recipient}\r` },
      { at: 'finish', type: lang === 'nl' ? 'j\r' : 'y\r' },
    ];
  }

  function withdraw(lang: Lang): Step[] {
    return [
      ...signIn,
      { at: 'action', type: 'hand-out\r' },
      { at: 'adm', type: '\r' },
      { at: 'confirm', type: '002\r' },
      { at: 'finish', type: lang === 'nl' ? 'j\r' : 'y\r' },
    ];
  }

  async function walk(s: PtySession, lang: Lang, steps: readonly Step[]): Promise<void> {
    for (const [i, step] of steps.entries()) {
      await s.expect(prompts[lang][step.at], `question ${i + 1} (${step.at})`);
      s.type(step.type);
    }
  }

  /** Ctrl-C at every question from the choice of action on, and Enter at Finish: cancelled, nothing changed. */
  async function cancelEverywhere(steps: readonly Step[], lang: Lang): Promise<void> {
    const before = await state();
    const from = steps.findIndex((s) => s.at === 'action');
    for (let at = from; at < steps.length; at++) {
      for (const key of at === steps.length - 1 ? [keys.ctrlC, keys.enter] : [keys.ctrlC]) {
        const what = `${key === keys.ctrlC ? 'Ctrl-C' : 'Enter'} at ${steps[at]!.at} (${lang})`;
        const s = run(lang);
        await walk(s, lang, steps.slice(0, at));
        await s.expect(prompts[lang][steps[at]!.at], what);
        s.type(key);
        const r = await s.exit();
        assert.equal(r.code, 130, `${what}:\n${r.screen}`);
        assert.ok(r.screen.includes(cancelled[lang]), `${what}: no message that it was cancelled:\n${r.screen}`);
        assert.equal(await state(), before, `${what} changed something`);
      }
    }
  }

  test('Ctrl-C at every question of the hand-out, and Enter at Finish: cancelled, nothing recorded, no file', async () => {
    await cancelEverywhere(handOut('nl'), 'nl');
  });

  test('the hand-out in Dutch: Enter takes the defaults, a date that is no date is asked again, the file is for the key', async () => {
    const s = run('nl');
    const p = prompts.nl;
    await walk(s, 'nl', [...signIn, { at: 'action', type: 'hand-out\r' }]);
    // Enter at the administration takes the one proposed; Enter at the date has no default: asked again.
    await s.expect(
      /Administratie:\r?\n +1\. 002 Bakkerij Jansen\r?\n[\s\S]*?Keuze \[1\]: /,
      'the administration to hand out',
    );
    s.type('\r');
    await s.expect(p.until);
    s.type('\r');
    await s.expect(/!! Vul [^\n]*Afsluitdatum/, 'the date is needed');
    await s.expect(p.until);
    s.type('31-02-2026\r');
    await s.expect(/!! "31-02-2026" is geen datum/, 'a day that does not exist');
    await s.expect(p.until);
    s.type('30-06-2026\r');
    // Enter at the folder: the default backup folder; then "<" back to it, and a folder of the test's own.
    await s.expect(p.output);
    s.type('\r');
    await s.expect(p.encrypt);
    s.type('<\r');
    await s.expect(/Afsluitdatum \[2026-06-30\]: /, 'the date kept, as the core reads it');
    s.type('\r');
    await s.expect(p.output);
    s.type(`${inst.dir}/\r`);
    // Encrypted for a public key: the key is asked (a wrong one said and asked again).
    await s.expect(p.encrypt);
    s.type('3\r');
    await s.expect(p.recipient);
    s.type('\r');
    await s.expect(/!! Vul "Openbare sleutel" in/, 'the key is needed');
    await s.expect(/Map of bestand \[[^\]]+\] \(mag leeg\): /);
    s.type('\r');
    await s.expect(/Versleutelen:\r?\n[\s\S]*?Keuze \[3\]: /);
    s.type('\r');
    await s.expect(p.recipient);
    s.type('age1nietgoed\r');
    await s.expect(/!! [^\n]*age1nietgoed/, 'a key that is no key');
    // The step is asked again, each answer proposed but the refused one.
    await s.expect(/Map of bestand \[[^\]]+\] \(mag leeg\): /);
    s.type('\r');
    await s.expect(/Versleutelen:\r?\n[\s\S]*?Keuze \[3\]: /);
    s.type('\r');
    await s.expect(p.recipient);
    s.type(`${key.recipient}\r`);
    await s.expect(/Samenvatting[\s\S]*Afsluitdatum +tot en met 30 juni 2026[\s\S]*Versleuteld +ja, voor de sleutel/);
    await s.expect(p.finish);
    s.type('j\r');
    await s.expect(/Uitgeleverd aan de accountant: 002 "Bakkerij Jansen"/);
    const r = await s.exit();
    assert.equal(r.code, 0, r.screen);
    assert.match(r.screen, /Nu geblokkeerd +boekingen tot en met 30 juni 2026 kunnen niet meer/);
    const h = await core.handOutStatus(inst.ctx, '002');
    assert.equal(h?.status, 'outstanding');
    assert.equal(h?.until, '2026-06-30');
    assert.equal(h?.madeBy, 'jansen', 'the hand-out names who signed in to the wizard');
    // The file opens with the accountant's secret key only.
    const file = join(inst.dir, readdirSync(inst.dir).find((f) => f.endsWith('.ebu'))!);
    const open = async (keys?: core.DecryptionKeys) => {
      const source = await core.openBackupSource(inst.home, file);
      try {
        return await core.inspectBackup(source.stream, file, keys, source.seek);
      } finally {
        source.stream.destroy();
      }
    };
    await assert.rejects(open(), (err: unknown) => err instanceof Error && /encrypted/.test(err.message));
    assert.equal((await open({ identities: [key.identity] })).manifest.handOut?.until, '2026-06-30');
  });

  test('the welcome screen says the administration is handed out; Ctrl-C at every question of the withdrawal changes nothing', async () => {
    const s = run('en');
    await walk(s, 'en', signIn);
    await s.expect(
      /Open administration: 002 Bakkerij Jansen\r?\n +Handed out to the accountant up to and including 30 June 2026 \(since [^)]*, by jansen\)/,
    );
    s.kill();
    await s.exit();
    await cancelEverywhere(withdraw('en'), 'en');
    assert.equal((await core.handOutStatus(inst.ctx, '002'))?.status, 'outstanding');
  });

  test('the withdrawal in English: a wrong number is said and asked again; then every date is open again', async () => {
    const s = run('en');
    await walk(s, 'en', withdraw('en').slice(0, -2));
    await s.expect(/Withdraw the hand-out ==[\s\S]*Handed out to the accountant up to and including 30 June 2026/);
    await s.expect(prompts.en.confirm);
    s.type('3\r');
    await s.expect(/!! Type exactly "002" to confirm/);
    await s.expect(prompts.en.confirm);
    s.type('\r');
    await s.expect(/!! /, 'the number is needed');
    await s.expect(prompts.en.confirm);
    s.type('002\r');
    await s.expect(/Summary[\s\S]*Action +Withdraw the hand-out/);
    await s.expect(prompts.en.finish);
    s.type('y\r');
    await s.expect(/Hand-out withdrawn: 002 "Bakkerij Jansen"/);
    const r = await s.exit();
    assert.equal(r.code, 0, r.screen);
    assert.match(r.screen, /You can book up to and including 30 June 2026 again/);
    const h = await core.handOutStatus(inst.ctx, '002');
    assert.equal(h?.status, 'cancelled');
    assert.equal(h?.closedBy, 'jansen');
  });
});
