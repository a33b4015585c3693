/**
 * The page "Back up every administration" in Debian's Chromium, against a
 * real `kluis start`: an administrator of the open administration finds it
 * on the welcome page, a destination that does not exist is refused at its
 * field, the run shows the wizard's progress page and ends in a report with
 * a row per administration (stacked at 390 px) and the total; a user who is
 * not an administrator gets no link and a refusal, checked on every request.
 * Screenshots in both languages, wide and narrow.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
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

describe('web wizard: backing up every administration', {
  skip: webSuiteSkip(engine),
}, () => {
  let setting: WebSetting | undefined;
  let web: RunningWizard;
  let browser: Browser;

  before(async () => {
    setting = await openWebSetting(engine!, 'weball');
    ({ web, browser } = setting);
  });
  after(() => setting?.close());

  async function signedIn(user: string, locale = 'en-US', width = 1280): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width, height: 860 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => assert.fail(`script error on the page: ${err.message}`));
    await page.goto(web.url);
    await page.locator('#adm').selectOption('001');
    await page.locator('#user').fill(user);
    await page.locator('#password').fill(core.demoPassword);
    await submit(page, page.locator('form[action="/sign-in"] button[type=submit]'));
    return page;
  }

  test('a user who is not an administrator gets no link and no page', async () => {
    const page = await signedIn('anna');
    assert.equal(await page.locator('a[href="/backup-all"]').count(), 0);
    const answer = await page.goto(new URL('/backup-all', web.url).href);
    assert.equal(answer?.status(), 403);
    assert.equal(
      (await page.locator('.problem').first().innerText()).split('\n')[0],
      'Only an active administrator of administration 001 backs up every administration from here, and "anna" is not one.',
    );
    await screenshotter(page, 'backup-all-refused')('refused');
    await page.context().close();
  });

  for (const [lang, locale, width] of [
    ['en', 'en-US', 1280],
    ['nl', 'nl-NL', 390],
  ] as const) {
    test(`${lang} at ${width} px: a wrong folder is said at its field; the run ends in a report per administration`, async () => {
      const page = await signedIn('devries', locale, width);
      const shot = screenshotter(page, `backup-all-${lang}-${width}`);
      const nl = lang === 'nl';
      await submit(
        page,
        page.getByRole('link', {
          name: nl
            ? 'Back-ups maken van alle administraties op deze server'
            : 'Back up every administration on this server',
        }),
      );
      assert.equal(
        await page.locator('h1').innerText(),
        nl ? 'Back-ups van alle administraties' : 'Back up every administration',
      );
      const count = (await core.listAdministrations(setting!.inst.ctx)).length;
      assert.match(
        await page.locator('.intro').innerText(),
        new RegExp(nl ? `elk van de ${count} administraties` : `each of the ${count} administrations`),
      );
      await shot('form');
      const missing = join(setting!.dir, 'bestaat-niet');
      await page.locator('#destination').fill(missing);
      await submit(page, page.locator('button.primary'));
      assert.equal(
        await page.locator('#e-destination').innerText(),
        nl ? `De map ${missing} bestaat niet.` : `Folder ${missing} does not exist.`,
      );
      assert.equal(await page.locator('#destination').inputValue(), missing, 'what was typed is kept');
      await shot('destination-missing');
      await page.locator('#jobs').fill('veel');
      await submit(page, page.locator('button.primary'));
      assert.equal(
        await page.locator('#e-jobs').innerText(),
        nl ? '"veel" is geen geheel getal van 1 tot en met 64.' : '"veel" is not a whole number from 1 to 64.',
      );
      await page.locator('#jobs').fill('2');
      const folder = join(setting!.dir, `alles-${lang}`);
      (await import('node:fs')).mkdirSync(folder);
      await page.locator('#destination').fill(folder);
      await page.locator('input[name=verify]').check();
      await submit(page, page.locator('button.primary'));
      await page.locator('h1[data-result]').waitFor({ timeout: 120_000 });
      await shot('report');
      assert.equal(await page.locator('h1').innerText(), nl ? 'Alle back-ups zijn gemaakt' : 'Every backup was made');
      const rows = page.locator('tbody tr');
      assert.equal(await rows.count(), count);
      const first = await rows.first().locator('td').allInnerTexts();
      assert.equal(first[0], '001');
      assert.match(first[5]!, nl ? /^gemaakt, gecontroleerd$/ : /^made, verified$/);
      assert.match(
        await page.locator('p > strong').innerText(),
        nl
          ? new RegExp(`^Totaal: ${count} van ${count} back-ups gemaakt, .+, in .+\\.$`)
          : new RegExp(`^Total: ${count} of ${count} backups made, .+, in .+\\.$`),
      );
      assert.equal(readdirSync(folder).filter((f) => f.endsWith('.ebu')).length, count);
      if (width === 390) {
        // Stacked: every cell inside the window, named by its column.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the report is ${overflow} px wider than the window`);
      }
      // Again: back to the form, with the destination of the run.
      await submit(page, page.locator('button[name=do][value=again]'));
      assert.equal(await page.locator('#destination').count(), 1);
      await page.context().close();
    });
  }
});
