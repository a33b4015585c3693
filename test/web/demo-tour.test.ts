/**
 * The README's tour in the browser, from an installation with nothing in it:
 * the demo button, the page saying what it made and how to sign in (filled
 * in, and still said on the next visit), and the client's backup waiting in
 * the history of "Install a client's database".
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import * as core from '../../src/core/index.js';
import { type CliInstallation, cliInstallation } from '../helpers/engines.js';
import {
  chromiumAvailable,
  launchChromium,
  next,
  press,
  type RunningWizard,
  screenshotter,
  startWizard,
  submit,
} from '../helpers/web.js';

const skip = chromiumAvailable() ? false : "Chromium is not installed (.ci/run installs Debian's chromium)";

let inst: CliInstallation;
let web: RunningWizard;
let browser: Browser;

before(async () => {
  if (skip) return;
  inst = await cliInstallation('embedded', 'tour');
  web = await startWizard(inst.cli.args, inst.cli.env);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await web?.stop();
  await inst?.dispose();
});

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ locale: 'en-GB' });
  await page.goto(web.url);
  return page;
}

test('the tour from an empty installation: demo, how to sign in, the client backup in the history', {
  skip,
}, async () => {
  const page = await newPage();
  const shot = screenshotter(page, 'tour');
  await shot('empty');
  await press(page, 'Make the demo environment');
  const notice = page.locator('.notice');
  assert.match(await notice.innerText(), /The demo environment has been made\./);
  assert.match(
    await notice.innerText(),
    /sign in to 001 Accountantskantoor De Vries as devries with password demo-wachtwoord/,
  );
  assert.match(await notice.innerText(), /The client's backup is in the backup history/);
  assert.equal(await page.inputValue('#adm'), '001', 'the accountant is chosen');
  assert.equal(await page.inputValue('#user'), 'devries', 'and its administrator filled in');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password', 'what is left to type has the focus');
  await shot('demo-made');

  // The way in stays said on the next visit; that it was just made does not.
  await page.goto(web.url);
  assert.match(await page.locator('.notice').innerText(), /as devries with password demo-wachtwoord/);
  assert.doesNotMatch(await page.locator('.notice').innerText(), /has been made/);

  await page.fill('#password', core.demoPassword);
  await press(page, 'Sign in');
  await page.getByRole('heading', { name: 'Welcome to the backup wizard' }).waitFor();
  await next(page);
  await page.getByLabel("Install a client's database").check();
  await next(page);
  // The catalog's help (a command line's fragment) reads as a sentence on the page, its example after it.
  assert.match(
    await page.locator('#h-file').innerText(),
    /^The backup file \(\*\.ebu\), here or in object storage \(s3:\/\/[^)]*\)\. For example \//,
  );
  const row = page.locator('tr', { hasText: 'Bakkerij Jansen' });
  assert.equal(await row.count(), 1, "the client's backup is in the history");
  await shot('history');
  await submit(page, row.getByRole('button', { name: 'Choose' }));
  assert.match(await page.inputValue('#f-file'), /\/demo\/.*Bakkerij Jansen(-\d+)?\.ebu$/);
  await page.close();
});
