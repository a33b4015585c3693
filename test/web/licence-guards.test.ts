/**
 * The web wizard guards the firm's licence and users (the CLI and the
 * terminal wizard: test/cli/licence-guards): the administration signed in
 * to is never the target of a restore or a client install, and the summary
 * of a plain restore of a client's hand-back says that "Install a client's
 * database" is probably meant.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import * as core from '../../src/core/index.js';
import { AdminDb, readBackupFile } from '../../src/core/testing.js';
import { tableDigests } from '../helpers/digest.js';
import type { DemoInstallation } from '../helpers/engines.js';
import {
  chromiumAvailable,
  next,
  openWebSetting,
  press,
  type RunningWizard,
  screenshotter,
  type WebSetting,
} from '../helpers/web.js';

describe("web wizard: the open administration and a client's licence", {
  skip: chromiumAvailable() ? false : "Chromium is not installed (.ci/run installs Debian's chromium)",
}, () => {
  let inst: DemoInstallation;
  let web: RunningWizard;
  let browser: Browser;
  let clientFile: string;
  let handBack: string;

  let setting: WebSetting | undefined;

  before(async () => {
    setting = await openWebSetting('embedded', 'webguard', async (i, d) => {
      clientFile = join(d, 'klant.ebu');
      await core.createBackup(i.ctx, { adm: '002', output: clientFile });
      const install = (await core.installClient(i.ctx, {
        source: readBackupFile(clientFile),
        path: clientFile,
        open: '001',
        to: 'Bakkerij bij de accountant',
        allUsers: true,
      })) as core.InstallResult;
      handBack = join(d, 'terug.ebu');
      await core.createBackup(i.ctx, { adm: String(install.number), output: handBack });
    });
    ({ inst, web, browser } = setting);
  });

  after(() => setting?.close());

  async function signedIn(): Promise<Page> {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.on('pageerror', (err) => assert.fail(`script error on the page: ${err.message}`));
    await page.goto(web.url);
    await page.selectOption('#adm', '001');
    await page.fill('#user', 'devries');
    await page.fill('#password', core.demoPassword);
    await press(page, 'Sign in');
    return page;
  }

  async function chooseAction(page: Page, title: string): Promise<void> {
    await page.getByRole('heading', { name: 'Welcome to the backup wizard' }).waitFor();
    await next(page);
    await page.getByLabel(title).check();
    await next(page);
  }

  async function digestOf001(): Promise<Record<string, string>> {
    const record = (await core.listAdministrations(inst.ctx)).find((a) => a.number === '001')!;
    const db = await AdminDb.open(inst.ctx.engine, record.database);
    try {
      const all = await tableDigests(db.client);
      delete all['audit_log']; // signing in is audited
      return all;
    } finally {
      await db.close();
    }
  }

  test('restoring or installing a client over the administration signed in to is refused at the target, with what is lost', async () => {
    const before = await digestOf001();
    const page = await signedIn();
    const shot = screenshotter(page, 'guard-open');
    for (const action of ['Restore backup', "Install a client's database"]) {
      await chooseAction(page, action);
      await page.fill('#f-file', clientFile);
      await next(page);
      await next(page); // My computer
      await page.fill('#f-to', '001');
      await next(page);
      const error = page.locator('#e-to');
      assert.equal(await error.getAttribute('data-code'), 'ADMIN_IS_OPEN', action);
      assert.match(
        await error.innerText(),
        /Administration 001 is the open administration and cannot be overwritten from inside itself: its licence \(Accountantskantoor De Vries B\.V\.\) and users would be lost/,
      );
      assert.equal(await page.locator('#f-replace').count(), 0, `${action}: no confirmation is even asked`);
      await shot(action === 'Restore backup' ? 'restore' : 'client-install');
      await press(page, 'Cancel');
    }
    assert.deepEqual(await digestOf001(), before, 'nothing changed');
  });

  test("the summary of a plain restore of a client's hand-back says a client install is probably meant", async () => {
    const page = await signedIn();
    const shot = screenshotter(page, 'guard-hand-back');
    await chooseAction(page, 'Restore backup');
    await page.fill('#f-file', handBack);
    await next(page);
    await next(page); // My computer
    await page.fill('#f-to', 'Teruglevering per ongeluk');
    await next(page);
    await next(page); // default place
    // The note stands apart from the summary's rows, as a warning above them.
    const summary = await page.locator('[role=note]').innerText();
    await shot('summary');
    assert.match(
      summary,
      /Note:\s+The licence in this backup belongs to Bakkerij Jansen B\.V\. \(DEMO-\d{4}-\d{6}\), not to this installation\. Did you mean "Install a client's database"\? A plain restore keeps the client's licence and users\./,
    );
  });
});
