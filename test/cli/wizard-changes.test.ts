/**
 * The terminal wizard's side of issue 22's changes, through a real
 * pseudo-terminal (test/helpers/pty.ts), on the demo: the client's 002 is
 * handed out and installed at the accountant's as 003, where anna corrects
 * the books while the client changes a relation too.
 *
 * - The accountant's hand-back of only the changes ("Aanmaken back-up" of
 *   003: "Alleen mijn wijzigingen" beside "De hele administratie"): Ctrl-C at
 *   every question writes nothing; Enter takes the changes; the result names
 *   the package.
 * - The client's "Wijzigingen van de accountant verwerken": Ctrl-C at every
 *   question and Enter at Finish change nothing in the books; a file that is
 *   a backup, a key that is no key and another key are each said in one
 *   sentence at their question and asked again; the review is the summary;
 *   Finish applies; the same package again, and an older one, are refused
 *   at the choice of administration.
 *
 * On the first selected engine: the questions do not depend on the engine.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { SystemDb } from '../../src/core/system-db/system-db.js';
import { type DemoInstallation, demoInstallation, selectedEngines } from '../helpers/engines.js';
import { asSide, digestOf, entrySql, handOutAndInstall, withAdmin } from '../helpers/hand-out-fixture.js';
import { keys, killPtySessions, PtySession, ptyUnavailable, signInPrompts, wizardCancelled } from '../helpers/pty.js';

const noPty = ptyUnavailable();
const engine = selectedEngines()[0];

type Lang = 'nl' | 'en';

const cancelled = wizardCancelled;

const prompts = {
  en: {
    ...signInPrompts.en,
    adm: /Administration:\r?\n[\s\S]*?Choice \[\d\]: /,
    handBack: /What goes back to the client:\r?\n[\s\S]*?Choice \[1\]: /,
    output: /Folder or file \(may be empty\): /,
    encrypt: /Encrypt:\r?\n[\s\S]*?Choice \[\d\]: /,
    file: /Change package: /,
    secretKey: /Secret key: /,
    passphrase: /Passphrase of the package: /,
    to: /The client's administration:\r?\n[\s\S]*?Choice \[1\]: /,
    finish: /Finish\? \[y\/N\] /,
  },
  nl: {
    ...signInPrompts.nl,
    adm: /Administratie:\r?\n[\s\S]*?Keuze \[\d\]: /,
    handBack: /Wat gaat terug naar de klant:\r?\n[\s\S]*?Keuze \[1\]: /,
    output: /Map of bestand \(mag leeg\): /,
    encrypt: /Versleutelen:\r?\n[\s\S]*?Keuze \[\d\]: /,
    file: /Wijzigingenpakket: /,
    secretKey: /Geheime sleutel: /,
    passphrase: /Wachtwoord van het pakket: /,
    to: /Administratie van de klant:\r?\n[\s\S]*?Keuze \[1\]: /,
    finish: /Klaar\? \[j\/N\] /,
  },
} as const;
type Prompt = keyof (typeof prompts)['en'];

interface Step {
  readonly at: Prompt;
  readonly type: string;
}

describe("the terminal wizard sends back only the accountant's changes, and the client applies them", {
  skip: noPty ?? (engine ? false : 'no engine selected'),
}, () => {
  let inst: DemoInstallation;
  let out: string;
  /** The client's hand-out file: a backup, not a package. */
  let handedOut: string;
  /** Packages 1 (plain) and 2 (for the client's key) of the hand-out. */
  let plain: string;
  let forKey: string;
  let key: { identity: string; recipient: string };
  const run = (lang: Lang) => new PtySession([...inst.cli.args, '--lang', lang, 'wizard'], inst.cli.env);

  before(async () => {
    inst = await demoInstallation(engine!, 'ptychanges');
    const { ctx } = inst;
    key = await core.generateKeyPair();
    const h = await handOutAndInstall(ctx, ctx, {
      adm: '002',
      to: 'Bakkerij (kantoor)',
      open: '001',
      until: '2026-06-30',
      folder: inst.dir,
    });
    handedOut = h.file;
    // anna corrects the books at the accountant's: a new entry, a relation's city; the client changes the same city.
    await asSide(ctx, '003', 'anna', [
      ...entrySql('MEM', 'A-1', '2026-05-15', 'Correctie afschrijving', '125.00', '8100', '1300', 'anna'),
      `update relations set city = 'Heerlen' where code = '000001'`,
    ]);
    await asSide(ctx, '002', 'jansen', [`update relations set city = 'Sittard' where code = '000001'`]);
    out = join(inst.dir, 'pakketten');
    mkdirSync(out);
    plain = (await core.writeChanges(ctx, { adm: '003', output: join(out, 'pakket-1.ebu') })).location;
    forKey = (
      await core.writeChanges(ctx, {
        adm: '003',
        output: join(out, 'pakket-2.ebu'),
        encryption: { recipients: [key.recipient] },
      })
    ).location;
  });

  after(async () => {
    killPtySessions();
    await inst?.dispose();
  });

  async function walk(s: PtySession, lang: Lang, steps: readonly Step[]): Promise<void> {
    for (const [i, step] of steps.entries()) {
      await s.expect(prompts[lang][step.at], `question ${i + 1} (${step.at})`);
      s.type(step.type);
    }
  }

  /** Ctrl-C at every question from the choice of action on, and Enter at Finish: cancelled, `state` unchanged. */
  async function cancelEverywhere(steps: readonly Step[], lang: Lang, state: () => Promise<string>): Promise<void> {
    const before = await state();
    const from = steps.findIndex((s) => s.at === 'action');
    for (let at = from; at < steps.length; at++) {
      for (const pressed of at === steps.length - 1 ? [keys.ctrlC, keys.enter] : [keys.ctrlC]) {
        const what = `${pressed === keys.ctrlC ? 'Ctrl-C' : 'Enter'} at ${steps[at]!.at} (${lang})`;
        const s = run(lang);
        await walk(s, lang, steps.slice(0, at));
        await s.expect(prompts[lang][steps[at]!.at], what);
        s.type(pressed);
        const r = await s.exit();
        assert.equal(r.code, 130, `${what}:\n${r.screen}`);
        assert.ok(r.screen.includes(cancelled[lang]), `${what}: no message that it was cancelled:\n${r.screen}`);
        assert.equal(await state(), before, `${what} changed something`);
      }
    }
  }

  const accountant: Step[] = [
    { at: 'open', type: '1\r' },
    { at: 'user', type: 'devries\r' },
    { at: 'password', type: `${core.demoPassword}\r` },
  ];
  const client: Step[] = [
    { at: 'open', type: '2\r' },
    { at: 'user', type: 'jansen\r' },
    { at: 'password', type: `${core.demoPassword}\r` },
  ];

  function handBack(folder: string): Step[] {
    return [
      ...accountant,
      { at: 'action', type: 'backup\r' },
      { at: 'adm', type: '003\r' },
      { at: 'handBack', type: '\r' },
      { at: 'output', type: `${folder}/\r` },
      { at: 'encrypt', type: '\r' },
      { at: 'finish', type: 'j\r' },
    ];
  }

  function apply(file: string): Step[] {
    return [
      ...client,
      { at: 'action', type: 'client-apply\r' },
      { at: 'file', type: `${file}\r` },
      { at: 'secretKey', type: `${key.identity}\r` },
      { at: 'to', type: '\r' },
      { at: 'finish', type: 'y\r' },
    ];
  }

  /** The files a hand-back wrote, and the operations running: what a cancelled hand-back leaves as it was. */
  async function written(folder: string): Promise<string> {
    const sys = await SystemDb.open(inst.ctx.engine, inst.ctx.systemDatabase);
    try {
      const running = await sys.client.query(`select kind from operations where status = 'running'`);
      return JSON.stringify({ files: readdirSync(folder).sort(), running: running.rows });
    } finally {
      await sys.close();
    }
  }

  /**
   * Every table of the client's books, and its hand-out: what a cancelled
   * apply leaves as it was. The audit log without its sign-ins: signing in
   * to the wizard is written there, and is no change of the books.
   */
  async function books(): Promise<string> {
    const { audit_log: _signIns, ...tables } = await digestOf(inst.ctx, '002');
    const audit = await withAdmin(inst.ctx, '002', async (c) =>
      JSON.stringify((await c.query(`select * from audit_log where action <> 'sign-in' order by 1`)).rows),
    );
    return JSON.stringify({ tables, audit, handOut: await core.handOutStatus(inst.ctx, '002') });
  }

  test("the accountant's installed copy says on its welcome screen that it was received and is tracked; it is not handed out", async () => {
    const s = run('en');
    await walk(s, 'en', [
      { at: 'open', type: '3\r' },
      { at: 'user', type: 'anna\r' },
      { at: 'password', type: `${core.demoPassword}\r` },
    ]);
    await s.expect(
      /Open administration: 003 Bakkerij \(kantoor\)\r?\n +Received from the client up to and including 30 June 2026; changes are tracked/,
    );
    // Signed in to the received copy, the hand-out is not offered: it would refuse every administration it lists.
    await s.expect(/Choose an action:[\s\S]*?Choice \[1\]: /);
    assert.doesNotMatch(s.screen.slice(s.screen.lastIndexOf('Choose an action:')), /Hand out to the accountant/);
    s.kill();
    await s.exit();
    // Nor can the accountant hand it out: it is not offered (it refuses every hand-out), and typed it is no choice.
    const a = run('en');
    await walk(a, 'en', [...accountant, { at: 'action', type: 'hand-out\r' }]);
    await a.expect(prompts.en.adm);
    const offered = a.screen.slice(a.screen.lastIndexOf('Administration:'));
    assert.match(offered, /\b001\b/, "the firm's own administration is offered");
    assert.doesNotMatch(offered, /\b003\b/, 'the received copy is offered');
    a.type('003\r');
    await a.expect(/Choose a number from 1 to \d/);
    a.type(keys.ctrlC);
    assert.equal((await a.exit()).code, 130);
    // Named by a script, it is refused at its check, in one sentence.
    const b = new PtySession(
      [...inst.cli.args, '--lang', 'en', 'wizard', '--action', 'hand-out', '--adm', '003'],
      inst.cli.env,
    );
    await walk(b, 'en', accountant);
    await b.expect(/Administration 003 is a client's books installed at the accountant's/);
    assert.equal((await b.exit()).code, 10);
  });

  test('the hand-back: Ctrl-C at every question writes nothing; Enter takes only the changes', async () => {
    const folder = join(inst.dir, 'terug');
    mkdirSync(folder);
    await cancelEverywhere(handBack(folder), 'nl', () => written(folder));
    const s = run('nl');
    await walk(s, 'nl', handBack(folder).slice(0, 5));
    // The choice says what each way means; Enter takes only the changes.
    await s.expect(/Ontvangen van de klant tot en met 30 juni 2026/);
    await s.expect(
      /Wat gaat terug naar de klant:\r?\n +1\. Alleen mijn wijzigingen\r?\n +2\. De hele administratie\r?\n[\s\S]*?Keuze \[1\]: /,
    );
    s.type('\r');
    await walk(s, 'nl', handBack(folder).slice(6, 8));
    await s.expect(
      /Samenvatting[\s\S]*Wat gaat terug +alleen uw wijzigingen sinds de uitlevering tot en met 30 juni 2026/,
    );
    await s.expect(/Wijzigingenpakket +[^\n]*-wijzigingen\.ebu in de map/);
    await walk(s, 'nl', handBack(folder).slice(8));
    await s.expect(/Wijzigingenpakket gemaakt van 003 "Bakkerij \(kantoor\)"/);
    const r = await s.exit();
    assert.equal(r.code, 0, r.screen);
    assert.match(r.screen, /Wijzigingenpakket +nr\. 3 voor de uitlevering tot en met 30 juni 2026/);
    assert.match(r.screen, /boekingen: 1 toegevoegd, 0 gewijzigd, 0 verwijderd; 0 rekeningen; 1 relatie;/);
    const [file] = readdirSync(folder);
    assert.match(file!, /-wijzigingen\.ebu$/);
  });

  test('the apply: Ctrl-C at every question and Enter at Finish leave the books as they were', async () => {
    await cancelEverywhere(apply(forKey), 'en', books);
  });

  /** How many client-apply operations (dry runs among them) the journal has recorded. */
  async function appliesRun(): Promise<number> {
    const sys = await SystemDb.open(inst.ctx.engine, inst.ctx.systemDatabase);
    try {
      return Number(
        (await sys.client.query(`select count(*) as n from operations where kind = 'client-apply'`)).rows[0].n,
      );
    } finally {
      await sys.close();
    }
  }

  test('the apply in English: a backup, a key that is no key and another key said at their question; the review; Finish applies', async () => {
    const before = await books();
    const appliesBefore = await appliesRun();
    const s = run('en');
    const p = prompts.en;
    await walk(s, 'en', [...client, { at: 'action', type: 'client-apply\r' }]);
    await s.expect(p.file);
    s.type('\r');
    await s.expect(/!! Fill in "Change package"/, 'the file is needed');
    await s.expect(p.file);
    s.type(`${handedOut}\r`);
    await s.expect(/!! "[^"]*" is a backup of a whole administration \("Bakkerij Jansen"\), not a change package/);
    await s.expect(p.file);
    s.type(`${forKey}\r`);
    await s.expect(/This package is encrypted for your public key/);
    await s.expect(p.secretKey);
    s.type('age1-geen-geheime-sleutel\r');
    await s.expect(/!! This is not a valid secret key: it starts with AGE-SECRET-KEY-1/);
    await s.expect(p.secretKey);
    s.type(`${(await core.generateKeyPair()).identity}\r`);
    await s.expect(/!! [^\n]*is not encrypted for the given key/);
    await s.expect(p.secretKey);
    s.type(`${key.identity}\r`);
    // The package's administration is proposed; the accountant's received copy (003) takes no package: not offered.
    await s.expect(
      /The client's administration:\r?\n +1\. 002 Bakkerij Jansen \(handed out, up to 30 June 2026\)[\s\S]*?Choice \[1\]: /,
    );
    const offered = s.screen.slice(s.screen.lastIndexOf("The client's administration:"));
    assert.doesNotMatch(offered, /\b003\b/, 'the received copy is offered');
    s.type('\r');
    await s.expect(/Summary[\s\S]*Change package +no\. 2, pakket-2\.ebu/);
    await s.expect(/!! Conflicts: one conflict: the accountant and you changed the same thing/);
    await s.expect(
      /Fiscal year 2026, period 5:\r?\n +Change +Entry +Date +Description +Amount\r?\n +added +MEM\/A-1 +15 May 2026 +Correctie afschrijving +125\.00/,
    );
    await s.expect(/Balance per account \(debit − credit\):/);
    await s.expect(
      /Conflicts:\r?\n +What +Rule\r?\n +Relation 000001 +both sides changed the same field: your data stays/,
    );
    assert.equal(await books(), before, 'the review changed the books');
    await s.expect(p.finish);
    s.type('y\r');
    await s.expect(/The accountant's changes applied to 002 "Bakkerij Jansen"/);
    const r = await s.exit();
    assert.equal(r.code, 0, r.screen);
    assert.match(r.screen, /You can book up to and including 30 June 2026 again/);
    const h = await core.handOutStatus(inst.ctx, '002');
    assert.equal(h?.status, 'applied');
    assert.equal(h?.appliedPackage, 2);
    assert.equal(h?.closedBy, 'jansen', 'the apply names who signed in to the wizard');
    // The choice of administration is checked from the package's manifest: one dry run (the review), one apply.
    assert.equal((await appliesRun()) - appliesBefore, 2);
  });

  test('the same package again, and an older one: refused at the choice of administration, nothing changed', async () => {
    const before = await books();
    const cases: Array<[Step[], RegExp]> = [
      [
        [
          ...client,
          { at: 'action', type: 'client-apply\r' },
          { at: 'file', type: `${forKey}\r` },
          { at: 'secretKey', type: `${key.identity}\r` },
          { at: 'to', type: '\r' },
        ],
        /!! Change package 2 of this hand-out was already applied to administration 002/,
      ],
      [
        [
          ...client,
          { at: 'action', type: 'client-apply\r' },
          { at: 'file', type: `${plain}\r` },
          { at: 'to', type: '\r' },
        ],
        /!! Change package 1 is older than package 2, which was already applied to administration 002/,
      ],
    ];
    for (const [steps, refusal] of cases) {
      const s = run('en');
      await walk(s, 'en', steps);
      await s.expect(refusal);
      await s.expect(prompts.en.to, 'asked again');
      s.type(keys.ctrlC);
      const r = await s.exit();
      assert.equal(r.code, 130, r.screen);
    }
    assert.equal(await books(), before);
  });

  test('a newer package with a passphrase: a wrong one said at its question, the right one shows its review', async () => {
    const passphrase = 'pakket-geheim-wachtwoord';
    const newer = (
      await core.writeChanges(inst.ctx, {
        adm: '003',
        output: join(out, 'pakket-wachtwoord.ebu'),
        encryption: { passphrase },
        scryptWorkFactor: 10,
      })
    ).location;
    const before = await books();
    const s = run('nl');
    const p = prompts.nl;
    await walk(s, 'nl', [...client, { at: 'action', type: 'client-apply\r' }, { at: 'file', type: `${newer}\r` }]);
    await s.expect(/Dit pakket is versleuteld met een wachtwoord/);
    await s.expect(p.passphrase);
    s.type('niet-het-wachtwoord\r');
    await s.expect(/!! Het wachtwoord voor back-up "[^"]*" klopt niet/);
    await s.expect(p.passphrase);
    s.type(`${passphrase}\r`);
    await s.expect(p.to);
    s.type('\r');
    // Everything the earlier package brought is in the books already: the review says so.
    await s.expect(/Samenvatting[\s\S]*Wijzigingenpakket +nr\. 4, pakket-wachtwoord\.ebu/);
    await s.expect(p.finish);
    s.type(keys.ctrlC);
    const r = await s.exit();
    assert.equal(r.code, 130, r.screen);
    assert.ok(!r.screen.includes(passphrase), 'the passphrase is on screen');
    assert.equal(await books(), before);
  });
});
