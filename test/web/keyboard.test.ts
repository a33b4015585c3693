/**
 * The web wizard by keyboard alone (issue 18, defect 5 and class test B):
 * focus starts in the first field of every step, Enter in any field means
 * Next (Finish on the summary), and nothing else on the page is pressed
 * instead: not Choose in the backup history, not Browse on the server step,
 * not Select all on the users step. Real `kluis start`, Debian's Chromium,
 * a PostgreSQL server; only Tab, Space, arrow keys, typing and Enter.
 */
import assert from 'node:assert/strict';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import * as core from '../../src/core/index.js';
import {
  chromiumAvailable,
  openWebSetting,
  type RunningWizard,
  screenshotter,
  submit,
  type WebSetting,
} from '../helpers/web.js';

/** What has the keyboard now: its id, or name=value, or the button's text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el || el === document.body) return '(nothing)';
    if (el.id) return `#${el.id}`;
    if (el.tagName === 'BUTTON') return `button:${el.textContent?.trim()}`;
    return `${el.name}=${el.value}`;
  });
}

const heading = (page: Page) => page.locator('h1').innerText();

describe('web wizard by keyboard alone', {
  skip: chromiumAvailable() ? false : "Chromium is not installed (.ci/run installs Debian's chromium)",
}, () => {
  let web: RunningWizard;
  let browser: Browser;
  let dir: string;
  let clientFile: string;
  let newest: string;

  let setting: WebSetting | undefined;

  before(async () => {
    setting = await openWebSetting('server', 'webkbd', async (i, d) => {
      clientFile = join(d, 'bakkerij-klant.ebu');
      newest = join(d, 'kantoor-nieuwste.ebu');
      // The client's file is typed; the newest row of the history (the first Choose button) is another backup.
      await core.createBackup(i.ctx, { adm: '002', output: clientFile });
      await core.createBackup(i.ctx, { adm: '001', output: newest });
    });
    ({ web, browser, dir } = setting);
  });

  after(() => setting?.close());

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => assert.fail(`script error on the page: ${err.message}`));
    return page;
  }

  /** Asserts the step shown and where the keyboard is. */
  async function at(page: Page, title: string, focus: string | RegExp): Promise<void> {
    assert.equal(await heading(page), title);
    const now = await focused(page);
    if (typeof focus === 'string') assert.equal(now, focus, `on "${title}" the keyboard starts at ${focus}`);
    else assert.match(now, focus, `on "${title}"`);
    assert.equal(await page.locator('.dialog').count(), 0, 'no dialog opened');
  }

  async function signIn(page: Page, user: string): Promise<void> {
    await page.goto(web.url);
    // With the demo there, its user is filled in and the keyboard starts at the password (001 is chosen).
    await at(page, 'Sign in', '#password');
    assert.equal(await page.locator('#adm').inputValue(), '001');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(page), '#user');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(user);
    await page.keyboard.press('Tab');
    await page.keyboard.type(core.demoPassword);
    await submit(page, 'Enter');
    await at(page, 'Welcome to the backup wizard', 'button:Next');
  }

  /** From the welcome screen to the first step of an action: Enter, arrow keys to the action, Enter. */
  async function chooseAction(page: Page, id: string): Promise<void> {
    await submit(page, 'Enter');
    await at(page, 'Choose an action', /^#action-/);
    for (let i = 0; i < 8 && !(await page.locator(`#action-${id}`).isChecked()); i++)
      await page.keyboard.press('ArrowDown');
    assert.equal(await focused(page), `#action-${id}`);
    await submit(page, 'Enter');
  }

  /** Enter on the summary is Finish; the result page starts on "Back to the start", and Enter goes there. */
  async function finishAndRestart(page: Page): Promise<string> {
    await at(page, 'Summary', 'button:Finish');
    await submit(page, 'Enter');
    const result = page.locator('[data-result]');
    await result.waitFor({ timeout: 120_000 });
    if ((await result.getAttribute('data-result')) !== 'done')
      assert.fail(`the operation failed: ${await page.locator('.problem').innerText()}`);
    const text = await page.locator('.card').innerText();
    assert.equal(await focused(page), 'button:Back to the start');
    await submit(page, 'Enter');
    await at(page, 'Welcome to the backup wizard', 'button:Next');
    return text;
  }

  test('restore and client install: Enter in the file name is Next with the typed file, on the server step Next, on the users step Next', async () => {
    const page = await newPage();
    const shot = screenshotter(page, 'keyboard-restore');
    await signIn(page, 'devries');

    await chooseAction(page, 'restore');
    await at(page, 'Backup file', '#f-file');
    assert.ok((await page.locator('button', { hasText: 'Choose' }).count()) >= 2, 'the history offers rows to choose');
    // A field with a problem has the keyboard when the step comes back.
    await page.keyboard.type(join(dir, 'bestaat-niet.ebu'));
    await submit(page, 'Enter');
    await at(page, 'Backup file', '#f-file');
    assert.equal(await page.locator('#e-file').getAttribute('data-code'), 'FILE_NOT_FOUND');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(clientFile);
    await submit(page, 'Enter');
    await shot('after-file');
    await at(page, 'Server', '#f-server-server'); // not the history's newest backup: the typed file was checked and taken
    await submit(page, 'Enter');
    await at(page, 'Administration', '#f-to'); // Next, not Browse
    // The backup's name is proposed; typing over it (select all first) gives another.
    assert.match(await page.locator('#f-to').inputValue(), /^Bakkerij Jansen/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Bakkerij per toetsenbord');
    await submit(page, 'Enter');
    await at(page, 'Database directory', '#f-databaseDir');
    await submit(page, 'Enter');
    const summary = await page.locator('dl.summary').innerText();
    const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    assert.match(
      summary,
      new RegExp(`Backup\\s+${literal(basename(clientFile))} in the folder ${literal(dirname(clientFile))}`),
    );
    assert.doesNotMatch(summary, /kantoor-nieuwste/);
    assert.match(await finishAndRestart(page), /Restored as administration \d{3} "Bakkerij per toetsenbord"/);

    await chooseAction(page, 'client-install');
    await at(page, "The client's file", '#f-file');
    await page.keyboard.type(clientFile);
    await submit(page, 'Enter');
    await at(page, 'Server', '#f-server-server');
    await submit(page, 'Enter');
    await at(page, 'Administration', '#f-to');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Klant per toetsenbord');
    await submit(page, 'Enter');
    await at(page, 'Database directory', '#f-databaseDir');
    await submit(page, 'Enter');
    await at(page, 'Users', /^users=/);
    // Tab to bram's box and tick it with Space: the proposal (devries) stays, nobody else is added.
    const boxes = await page
      .locator('input[name=users]')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    for (let i = 0; i < boxes.indexOf('bram'); i++) await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'users=bram');
    await page.keyboard.press('Space');
    await shot('users');
    await submit(page, 'Enter');
    const install = await page.locator('dl.summary').innerText();
    assert.match(
      install,
      /Users added\s+bram \(accountant\), devries \(administrator\)\n/,
      'Enter did not select all staff',
    );
    assert.match(await finishAndRestart(page), /Installed as administration \d{3} "Klant per toetsenbord"/);
  });

  test('create a backup and copy an administration by keyboard alone', async () => {
    const page = await newPage();
    await signIn(page, 'anna');

    await chooseAction(page, 'backup');
    await at(page, 'Administration', 'adm=001');
    await submit(page, 'Enter');
    await at(page, 'File', '#f-output');
    await page.keyboard.type(join(dir, 'per-toetsenbord.ebu'));
    await submit(page, 'Enter');
    assert.match(await page.locator('dl.summary').innerText(), /per-toetsenbord\.ebu/);
    assert.match(await finishAndRestart(page), /Backup made of 001/);

    await chooseAction(page, 'copy');
    await at(page, 'Administration', 'adm=001');
    await submit(page, 'Enter');
    await at(page, 'Server for the copy', '#f-server-server');
    await submit(page, 'Enter');
    await at(page, 'Administration', '#f-to');
    await page.keyboard.type('Kopie per toetsenbord');
    await submit(page, 'Enter');
    assert.match(await finishAndRestart(page), /Copied to administration \d{3} "Kopie per toetsenbord"/);
  });
});
