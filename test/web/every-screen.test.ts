/**
 * Every screen of the web wizard, in Dutch and in English: the sign-in, the
 * welcome, the actions, every step of every action (the history, Browse and
 * Advanced, field errors), the summaries, progress, results and failures,
 * walked with real answers against a real `kluis start` and Debian's
 * Chromium, moving on with Enter wherever the keyboard was left.
 *
 * Each screen must say nothing of the other language's catalogue (see
 * test/helpers/catalogue.ts), no internal name, no advice for a terminal and
 * no raw error text; axe-core must find no serious or critical violation;
 * at 390 px nothing may be off the screen. Each is saved as a screenshot, at
 * 1280 and at 390 px, in test-artifacts/screenshots (every-nl-…, every-en-…).
 * One Chromium and one `kluis start` for all of it; the language is switched
 * with the page's own button.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import * as core from '../../src/core/index.js';
import type { Lang } from '../../src/errors/index.js';
import {
  cliAdvice,
  findings,
  foreignPieces,
  internalNames,
  rawErrors,
  storedEnglishWords,
} from '../helpers/catalogue.js';
import { asSide, entrySql } from '../helpers/hand-out-fixture.js';
import {
  chromiumAvailable,
  openWebSetting,
  screenshotter,
  submit,
  type WebSetting,
  wizardBackups,
} from '../helpers/web.js';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;
const passphrase = 'elk-scherm-geheim-7';

describe('every screen of the web wizard, in Dutch and in English', {
  skip: chromiumAvailable() ? false : "Chromium is not installed (.ci/run installs Debian's chromium)",
}, () => {
  let setting: WebSetting;
  let clientFile: string;
  let officeFile: string;

  before(async () => {
    setting = await openWebSetting('embedded', 'webevery', async (i, d) => {
      ({ clientFile, officeFile } = await wizardBackups(i, d, passphrase));
    });
  });

  after(() => setting?.close());

  /** A restore killed half-way, so that Recover is offered. */
  function interruptARestore(name: string): Promise<unknown> {
    const { inst } = setting;
    const killed = spawn(process.execPath, [bin, ...inst.cli.args, 'backup', 'restore', clientFile, '--to', name], {
      env: { ...process.env, ...inst.cli.env, KLUIS_CRASH_AT: 'restore:data-loaded' },
      stdio: 'ignore',
    });
    return new Promise((resolve) => killed.on('exit', resolve));
  }

  for (const lang of ['nl', 'en'] as const) {
    test(`${lang}: every step of every action, its summary, progress, result and failures`, async (t) => {
      await interruptARestore(lang === 'nl' ? 'Onderbroken' : 'Interrupted');
      const walk = await Walk.open(setting, lang);
      try {
        await walk.all({ clientFile, officeFile, dir: setting.dir, edit: (adm) => accountantEdits(setting, adm) });
      } finally {
        await walk.page.context().close();
      }
      t.diagnostic(
        `${walk.screens} screens; ms judging: ${JSON.stringify(walk.time, (_, v) => (typeof v === 'number' ? Math.round(v) : v))}`,
      );
      assert.deepEqual(walk.problems, [], `${walk.problems.length} problems on the ${lang} screens`);
      assert.ok(walk.screens >= 40, `only ${walk.screens} screens were looked at`);
    });
  }
});

interface Files {
  readonly clientFile: string;
  readonly officeFile: string;
  readonly dir: string;
  /** The accountant's corrections in the installed copy `adm`, and the client's own change of the same relation. */
  readonly edit: (adm: string) => Promise<void>;
}

/** anna corrects the installed copy (a new entry, a relation's city) while the client changes that city too: a conflict. */
async function accountantEdits(setting: WebSetting, adm: string): Promise<void> {
  const { ctx } = setting.inst;
  await asSide(ctx, adm, 'anna', [
    // Markup in the books is text on the page: the review shows it as typed.
    ...entrySql('MEM', `W-${adm}`, '2026-05-15', 'Correctie <b>afschrijving</b>', '125.00', '8100', '1300', 'anna'),
    `update relations set city = 'Heerlen ${adm}' where code = '000001'`,
  ]);
  await asSide(ctx, '002', 'jansen', [`update relations set city = 'Sittard ${adm}' where code = '000001'`]);
}

/** One language's walk through every screen, collecting what is wrong on each. */
class Walk {
  readonly problems: string[] = [];
  screens = 0;
  /** Where the time of judging the screens went (ms), told as a diagnostic. */
  readonly time = { text: 0, axe: 0, pictures: 0 };
  /** The number the restore made, overwritten next. */
  private restored = '';
  private readonly foreign: string[];
  private readonly checks: ReadonlyArray<ReadonlyArray<readonly [string, RegExp]>>;
  private readonly wide: (name: string) => Promise<void>;
  private readonly narrow: (name: string) => Promise<void>;

  private constructor(
    readonly page: Page,
    readonly lang: Lang,
    private readonly url: string,
    /** Folders of the test (random names) that screens show as they are. */
    private readonly folders: readonly string[],
  ) {
    this.foreign = foreignPieces(lang);
    this.checks = [internalNames, ...(lang === 'nl' ? [storedEnglishWords] : []), cliAdvice, rawErrors];
    this.wide = screenshotter(page, `every-${lang}`);
    this.narrow = screenshotter(page, `every-${lang}-390`);
  }

  static async open(setting: WebSetting, lang: Lang): Promise<Walk> {
    const context = await setting.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => assert.fail(`script error on the page: ${err.message}`));
    const walk = new Walk(page, lang, setting.web.url, [setting.dir, setting.inst.home]);
    await page.goto(setting.web.url);
    // The page's own language switch (the browser asked for English).
    if (lang === 'nl') await submit(page, page.locator('form[action="/lang"] button'));
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    return walk;
  }

  async all(files: Files): Promise<void> {
    await this.signIn();
    await this.backupAll(files);
    await this.backup(files);
    await this.restore(files);
    await this.restoreOverwrite(files);
    await this.clientInstall(files);
    await this.copy();
    await this.cloud();
    await this.recover();
    await this.handOut(files);
    await this.changes(files);
  }

  /** Everything a screen is judged on; `allowed`: values this screen shows on purpose (what was typed). */
  async look(name: string, allowed: readonly string[] = []): Promise<void> {
    let since = performance.now();
    const lap = (what: keyof Walk['time']) => {
      this.time[what] += performance.now() - since;
      since = performance.now();
    };
    this.screens++;
    const { page } = this;
    const at = `${this.lang} ${name}`;
    const text = await page.evaluate(() => {
      const attributes = ['placeholder', 'aria-label', 'title', 'alt', 'data-busy', 'data-done', 'data-failed'];
      const said = [...document.querySelectorAll('*')].flatMap((e) =>
        attributes.map((a) => e.getAttribute(a) ?? '').filter(Boolean),
      );
      return [document.title, document.body.innerText, ...said].join('\n');
    });
    for (const f of findings(text, this.foreign, this.checks, [...allowed, ...this.folders]))
      this.problems.push(`${at}: ${f.kind}: ${f.text}`);
    // Autofocus is applied at the browser's next rendering after the load: given a moment.
    const focused = await page
      .waitForFunction(() => document.activeElement && document.activeElement !== document.body, null, {
        timeout: 3000,
      })
      .then(() => true)
      .catch(() => false);
    if (!focused) this.problems.push(`${at}: the keyboard starts nowhere`);
    // The browser's own file button speaks the browser's language ("Choose File", "No file chosen"), not the page's.
    const nativeFileButtons = await page
      .locator('input[type=file]')
      .evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().width > 1).length);
    if (nativeFileButtons > 0) this.problems.push(`${at}: the browser's own file button is shown`);
    lap('text');
    await this.axe(at);
    lap('axe');
    await this.wide(name);
    lap('pictures');
    await page.setViewportSize({ width: 390, height: 844 });
    for (const off of await offScreen(page)) this.problems.push(`${at}: at 390 px off the screen: ${off}`);
    await this.narrow(name);
    await page.setViewportSize({ width: 1280, height: 800 });
    lap('pictures');
  }

  private async axe(at: string): Promise<void> {
    const result = await new AxeBuilder({ page: this.page as never }).analyze();
    for (const v of result.violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        this.problems.push(
          `${at}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
        );
  }

  /**
   * Enter, where the page left the keyboard: on every step it means Next
   * (Finish on the summary). The browser applies autofocus at its next
   * rendering after the load, so Enter waits for the keyboard to have a place.
   */
  async enter(): Promise<void> {
    await this.page.waitForFunction(() => document.activeElement && document.activeElement !== document.body, null, {
      timeout: 10_000,
    });
    await submit(this.page, 'Enter');
  }

  press(nav: string): Promise<void> {
    return submit(this.page, this.page.locator(`button[name=nav][value="${nav}"]:not(.default-action)`).first());
  }

  async fill(selector: string, value: string): Promise<void> {
    await this.page.fill(selector, value);
  }

  private async signIn(): Promise<void> {
    const { page } = this;
    await this.look('sign-in');
    await page.selectOption('#adm', '001');
    await this.fill('#user', 'devries');
    await this.fill('#password', 'niet-het-wachtwoord');
    await this.enter();
    await this.look('sign-in-refused');
    await this.fill('#user', 'devries');
    await this.fill('#password', core.demoPassword);
    await this.enter();
    await this.look('welcome');
  }

  /** From the welcome screen to the action's first step, by keyboard. */
  private async choose(action: string): Promise<void> {
    await this.enter();
    await this.page.locator(`#action-${action}`).check();
    await this.enter();
  }

  private async finish(name: string, allowed: readonly string[] = []): Promise<void> {
    const { page } = this;
    await this.look(`${name}-summary`, allowed);
    await this.enter();
    if ((await page.locator('progress[data-job]').count()) > 0) await this.progress(name, allowed);
    await page.locator('[data-result]').waitFor({ timeout: 120_000 });
    await this.look(`${name}-result`, allowed);
  }

  /**
   * The progress page, judged on its text and picture only: it reloads
   * itself when the work is done, which may be before it was looked at.
   */
  private async progress(name: string, allowed: readonly string[]): Promise<void> {
    try {
      const text = await this.page.locator('main').innerText({ timeout: 2000 });
      await this.wide(`${name}-progress`);
      this.screens++;
      for (const f of findings(text, this.foreign, this.checks, [...allowed, ...this.folders]))
        this.problems.push(`${this.lang} ${name}-progress: ${f.kind}: ${f.text}`);
    } catch (err) {
      if (!/context was destroyed|navigat|Timeout/i.test(String(err))) throw err;
    }
  }

  private async restart(): Promise<void> {
    await this.press('restart');
  }

  private async backup(files: Files): Promise<void> {
    const { page } = this;
    await this.enter();
    await this.look('actions');
    await page.locator('#action-backup').check();
    await this.enter();
    await this.look('backup-administration');
    await this.enter();
    await this.look('backup-file');
    const output = join(files.dir, `elk-scherm-${this.lang}.ebu`);
    await this.fill('#f-output', output);
    await page.locator('input[name=encrypt][value=passphrase]').check();
    await this.fill('#f-newPassphrase', 'kort');
    await this.enter();
    await this.look('backup-passphrase-too-short', [output]);
    await this.fill('#f-newPassphrase', passphrase);
    await this.fill('#f-newPassphrase2', passphrase);
    await this.enter();
    await this.finish('backup', [output]);
    await this.restart();
  }

  /** The administrator's page: every administration backed up, from the welcome screen's link and back. */
  private async backupAll(files: Files): Promise<void> {
    const { page } = this;
    await submit(page, page.locator('a[href="/backup-all"]'));
    await this.look('backup-all-form', [this.folders[1]!]);
    const missing = join(files.dir, 'geen-map');
    await this.fill('#destination', missing);
    await this.enter();
    await this.look('backup-all-destination-missing', [missing]);
    await this.fill('#destination', files.dir);
    await this.enter();
    if ((await page.locator('progress[data-job]').count()) > 0) await this.progress('backup-all', []);
    await page.locator('h1[data-result]').waitFor({ timeout: 120_000 });
    await this.look('backup-all-report', [files.dir]);
    await submit(page, page.locator('a.button[href="/"]'));
  }

  private async restore(files: Files): Promise<void> {
    const { page } = this;
    await this.choose('restore');
    await this.look('restore-history', [files.dir]);
    const missing = join(files.dir, 'bestaat-niet.ebu');
    await this.fill('#f-file', missing);
    await this.enter();
    await this.look('restore-file-missing', [missing, files.dir]);
    await this.fill('#f-file', files.officeFile);
    await this.enter();
    await this.look('restore-passphrase', [files.officeFile]);
    await this.fill('#f-passphrase', 'niet-de-sleutel');
    await this.enter();
    await this.look('restore-passphrase-wrong', [files.officeFile]);
    await this.fill('#f-passphrase', passphrase);
    await this.enter();
    await this.look('restore-server');
    await this.press('browse');
    await this.look('restore-server-browse');
    await this.press('close-panel');
    await this.press('advanced');
    await this.look('restore-server-advanced');
    await this.fill('#adv-name', 'nergens');
    await this.fill('#adv-host', 'bestaat-niet.invalid');
    await this.enter();
    await this.look('restore-server-unknown-host', ['nergens', 'bestaat-niet.invalid']);
    await this.press('close-panel');
    await page.locator('fieldset input[type=radio]').first().check(); // Mijn computer
    await this.enter();
    await this.look('restore-target');
    await this.fill('#f-to', `Kantoor Noord ${this.lang}`);
    await this.enter();
    await this.look('restore-placement');
    await this.enter();
    await this.finish('restore', [files.officeFile]);
    this.restored = /\b(\d{3})\b/.exec(await page.locator('h1').innerText())?.[1] ?? '';
    assert.ok(this.restored, 'the result names the number restored to');
    await this.restart();
  }

  /** An existing number: the typed confirmation, a wrong number, then a run that fails because the file went. */
  private async restoreOverwrite(files: Files): Promise<void> {
    const { page } = this;
    const vanishing = join(files.dir, `verdwijnt-${this.lang}.ebu`);
    copyFileSync(files.clientFile, vanishing);
    await this.choose('restore');
    await this.fill('#f-file', vanishing);
    await this.enter();
    await page.locator('fieldset input[type=radio]').first().check(); // Mijn computer
    await this.enter();
    await this.fill('#f-to', this.restored);
    await this.enter();
    await this.look('restore-overwrite', [vanishing]);
    await this.fill('#f-replace', '999');
    await this.enter();
    await this.look('restore-overwrite-wrong-number', [vanishing]);
    await this.press('cancel');
    // A new administration from a file that is gone by the time Finish is pressed: the failed result.
    await this.choose('restore');
    await this.fill('#f-file', vanishing);
    await this.enter();
    await this.enter();
    await this.fill('#f-to', `Kantoor West ${this.lang}`);
    await this.enter();
    await this.enter();
    await this.look('restore-vanishing-summary', [vanishing]);
    rmSync(vanishing);
    await this.enter();
    await page.locator('[data-result], .problem').first().waitFor({ timeout: 120_000 });
    await this.look('restore-failed', [vanishing]);
    await this.restart();
  }

  private async clientInstall(files: Files): Promise<void> {
    const { page } = this;
    await this.choose('client-install');
    await this.look('client-install-file', [files.dir]);
    // From "this computer": the page's own labelled button, then the uploaded file's name.
    await page.setInputFiles('#f-file-pick', files.clientFile);
    await page.waitForFunction(() => (document.getElementById('f-file') as HTMLInputElement).value.endsWith('.ebu'));
    const uploaded = await page.inputValue('#f-file');
    await this.look('client-install-uploaded', [uploaded, files.dir]);
    await page.locator('#f-file').focus();
    await this.enter();
    await this.enter(); // My computer
    await this.fill('#f-to', `Bakkerij Smit ${this.lang}`);
    await this.enter();
    await this.enter(); // the default place
    await this.look('client-install-users');
    await page.locator('input[name=users][value=anna]').check();
    await this.enter();
    await this.finish('client-install', [files.clientFile]);
    await this.restart();
  }

  private async copy(): Promise<void> {
    await this.choose('copy');
    await this.look('copy-administration');
    await this.enter();
    await this.look('copy-server');
    await this.enter();
    await this.look('copy-target');
    await this.fill('#f-to', `Kantoor Zuid ${this.lang}`);
    await this.enter();
    await this.finish('copy');
    await this.restart();
  }

  /** A database that is not there: the summary, then the failed result. */
  private async cloud(): Promise<void> {
    await this.choose('cloud');
    await this.look('cloud-server');
    await this.enter();
    await this.look('cloud-database');
    await this.fill('#f-database', 'gemigreerd');
    await this.enter();
    await this.look('cloud-summary');
    await this.enter();
    await this.page.locator('[data-result]').waitFor({ timeout: 120_000 });
    await this.look('cloud-failed');
    await this.restart();
  }

  private async recover(): Promise<void> {
    await this.choose('recover');
    await this.look('recover-list');
    await this.enter();
    await this.finish('recover');
    await this.restart();
  }

  /** Signs out and in to another administration as another user (the client's bookkeeper, the accountant). */
  private async signInAs(adm: string, user: string): Promise<void> {
    const { page } = this;
    await submit(page, page.locator('form[action="/sign-out"] button'));
    await page.selectOption('#adm', adm);
    await this.fill('#user', user);
    await this.fill('#password', core.demoPassword);
    await this.enter();
  }

  /**
   * The client's side of issue 22, signed in to 002 as its bookkeeper: the
   * hand-out to the accountant (a day that does not exist, a key that is no
   * key), the welcome screen that says it, and its withdrawal (a wrong number).
   */
  private async handOut(files: Files): Promise<void> {
    const { page } = this;
    const output = join(files.dir, `uitlevering-${this.lang}.ebu`);
    const { recipient } = await core.generateKeyPair();
    await this.signInAs('002', 'jansen');
    await this.choose('hand-out');
    await this.look('hand-out-administration');
    await this.enter();
    await this.look('hand-out-until');
    await this.enter();
    await this.look('hand-out-until-missing');
    await this.fill('#f-until', '31-02-2026');
    await this.enter();
    await this.look('hand-out-until-no-day', ['31-02-2026']);
    await this.fill('#f-until', '30-06-2026');
    await this.enter();
    await this.look('hand-out-file');
    await this.fill('#f-output', output);
    await page.locator('input[name=encrypt][value=recipient]').check();
    await this.fill('#f-recipient', 'age1geen-sleutel');
    await this.enter();
    await this.look('hand-out-key-wrong', [output, 'age1geen-sleutel']);
    await this.fill('#f-recipient', recipient);
    await this.enter();
    await this.finish('hand-out', [output, recipient.slice(0, 12)]);
    await this.restart();
    await this.look('hand-out-welcome');
    await this.choose('hand-out');
    await this.enter();
    await this.look('hand-out-withdraw');
    await this.fill('#f-handOutConfirm', '999');
    await this.enter();
    await this.look('hand-out-withdraw-wrong-number');
    await this.fill('#f-handOutConfirm', '002');
    await this.enter();
    await this.finish('hand-out-withdraw');
    await this.restart();
  }
  /**
   * The round trip of issue 22: the client hands out again, the accountant
   * installs it, corrects it and sends back only the changes (the hand-back's
   * choice, encrypted for the client's key); the client applies them — a
   * backup given for the package, a wrong key, the review as the summary,
   * the result — and the same package again is refused at its field.
   */
  private async changes(files: Files): Promise<void> {
    const { page } = this;
    const handedOut = join(files.dir, `uitlevering-2-${this.lang}.ebu`);
    const packages = join(files.dir, `pakketten-${this.lang}`);
    mkdirSync(packages);
    const key = await core.generateKeyPair();
    // The client (still signed in to 002) hands out again: its screens were looked at above.
    await this.choose('hand-out');
    await this.enter();
    await this.fill('#f-until', '30-06-2026');
    await this.enter();
    await this.fill('#f-output', handedOut);
    await this.enter();
    await this.enter();
    await page.locator('[data-result]').waitFor({ timeout: 120_000 });
    await this.restart();
    // The accountant installs it (the client install's screens were looked at above).
    await this.signInAs('001', 'devries');
    await this.choose('client-install');
    await this.fill('#f-file', handedOut);
    await this.enter();
    await this.enter(); // My computer
    await this.fill('#f-to', `Bakkerij kantoor ${this.lang}`);
    await this.enter();
    await this.enter(); // the default place
    await this.enter(); // the users proposed
    await this.enter(); // Finish
    await page.locator('h1[data-result]').waitFor({ timeout: 120_000 });
    const installed = /\b(\d{3})\b/.exec(await page.locator('h1').innerText())?.[1] ?? '';
    assert.ok(installed, 'the result names the number installed as');
    await this.restart();
    await files.edit(installed);
    // The hand-back: only the changes, for the client's key.
    await this.choose('backup');
    await page.locator(`input[name=adm][value="${installed}"]`).check();
    await this.enter();
    await this.look('hand-back-choice');
    await this.enter();
    await this.look('hand-back-file');
    await this.fill('#f-output', `${packages}/`);
    await page.locator('input[name=encrypt][value=recipient]').check();
    await this.fill('#f-recipient', key.recipient);
    await this.enter();
    await this.finish('hand-back', [packages, key.recipient.slice(0, 12)]);
    const [made] = readdirSync(packages);
    assert.ok(made?.endsWith('-wijzigingen.ebu'), `the package is named after its backup: ${made}`);
    const changes = join(packages, made!);
    await this.restart();
    // The client applies them.
    await this.signInAs('002', 'jansen');
    await this.look('apply-welcome');
    await this.choose('client-apply');
    await this.look('apply-file');
    await this.fill('#f-changesFile', handedOut);
    await this.enter();
    await this.look('apply-not-a-package', [handedOut]);
    await this.fill('#f-changesFile', changes);
    await this.enter();
    await this.look('apply-key', [changes]);
    await this.fill('#f-identityFile', (await core.generateKeyPair()).identity);
    await this.enter();
    await this.look('apply-key-wrong', [changes]);
    await this.fill('#f-identityFile', key.identity);
    await this.enter();
    await this.look('apply-administration');
    await this.enter();
    assert.match(await page.locator('main').innerText(), /Correctie <b>afschrijving<\/b>/, 'the description as typed');
    assert.equal(await page.locator('main table b').count(), 0, 'markup from the books became markup');
    await this.finish('apply', [changes]);
    await this.restart();
    // The same package again: refused at the choice of administration.
    await this.choose('client-apply');
    await this.fill('#f-changesFile', changes);
    await this.enter();
    await this.fill('#f-identityFile', key.identity);
    await this.enter();
    await this.enter();
    await this.look('apply-already-applied', [changes]);
    await this.press('cancel');
  }
}

/** What lies beyond the right edge of the window, or is cut off by a box that scrolls sideways. */
function offScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width)
      out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
    const clippers = (el: Element): Element[] => {
      const found: Element[] = [];
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
        if (getComputedStyle(p).overflowX !== 'visible') found.push(p);
      return found;
    };
    for (const el of document.querySelectorAll(
      'main button:not(.default-action), main input:not([type=hidden]):not(.visually-hidden), main select, main td, main th, main a, main label',
    )) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      // Inside something kept out of sight on purpose (a stacked table's header row, for screen readers).
      if (
        el.closest('.visually-hidden, thead') &&
        (el.closest('.visually-hidden, thead')!.getBoundingClientRect().width ?? 0) <= 1
      )
        continue;
      const right = Math.min(width, ...clippers(el).map((c) => c.getBoundingClientRect().right));
      if (box.right > right + 1 || box.left < -1) {
        const what = (el.textContent || (el as HTMLInputElement).value || '').trim().slice(0, 30);
        out.push(
          `${el.tagName.toLowerCase()} "${what}" (${Math.round(box.left)}–${Math.round(box.right)} px of ${Math.round(right)})`,
        );
      }
    }
    return out;
  });
}
