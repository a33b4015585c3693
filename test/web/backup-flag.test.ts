/**
 * The web wizard's welcome page names, in plain words, the administrations
 * the signed-in user may open that have no recent good backup (kluis check's
 * rule), in Dutch and in English; once a backup is made the notice is gone.
 * Real `kluis start`, real Chromium, the demo office (001 never backed up,
 * the client's 002 with the backup the demo left in the history).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import * as core from '../../src/core/index.js';
import { selectedEngines } from '../helpers/engines.js';
import {
  openWebSetting,
  type RunningWizard,
  screenshotter,
  submit,
  type WebSetting,
  webSuiteSkip,
} from '../helpers/web.js';

const engine = selectedEngines().includes('server') ? 'server' : selectedEngines()[0];

describe('web wizard: the welcome page flags administrations without a recent good backup', {
  skip: webSuiteSkip(engine),
}, () => {
  let setting: WebSetting | undefined;
  let web: RunningWizard;
  let browser: Browser;

  before(async () => {
    setting = await openWebSetting(engine!, 'webflag');
    ({ web, browser } = setting);
  });
  after(() => setting?.close());

  async function welcome(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => assert.fail(`script error on the page: ${err.message}`));
    await page.goto(web.url);
    await page.locator('#adm').selectOption('001');
    await page.locator('#user').fill('devries');
    await page.locator('#password').fill(core.demoPassword);
    await submit(page, page.locator('form[action="/sign-in"] button[type=submit]'));
    return page;
  }

  test('named in words until a backup is made', async () => {
    const nl = await welcome('nl-NL');
    const shot = screenshotter(nl, 'welcome-backups');
    assert.equal(await nl.locator('h1').innerText(), 'Welkom bij de back-upwizard');
    const notice = nl.locator('[data-backups]');
    assert.equal(
      (await notice.innerText()).trim(),
      'Deze administratie heeft geen recente goede back-up. Kies "Aanmaken back-up" om er nu een te maken.\n\n001 Accountantskantoor De Vries: geen back-up',
    );
    await shot('nl');
    await nl.context().close();

    const en = await welcome('en-GB');
    assert.deepEqual(await en.locator('[data-backups] li').allInnerTexts(), [
      '001 Accountantskantoor De Vries: no backup',
    ]);
    assert.match(await en.locator('[data-backups] p').innerText(), /^This administration has no recent good backup\./);
    await en.context().close();

    await core.createBackup(setting!.inst.ctx, { adm: '001', output: `${setting!.dir}/` });
    const after = await welcome('en-GB');
    assert.equal(await after.locator('[data-backups]').count(), 0);
    assert.equal(await after.locator('h1').innerText(), 'Welcome to the backup wizard');
    await after.context().close();
  });
});
