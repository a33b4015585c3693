/**
 * The web wizard end to end: a real `kluis start`, real Chromium, the real
 * embedded server. Happy paths of every action, the client-install round
 * trip from sign-in to the hand-back backup, and the main refusals. Every
 * step is saved as a screenshot in test-artifacts/screenshots.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, createReadStream, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import * as core from '../../src/core/index.js';
import type { ServerEngine } from '../../src/engines/index.js';
import { type CliInstallation, testContext } from '../helpers/engines.js';
import {
  chromiumAvailable,
  launchChromium,
  next,
  openWebSetting,
  press,
  type RunningWizard,
  screenshotter,
  submit,
  type WebSetting,
  wizardBackups,
} from '../helpers/web.js';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;
const password = core.demoPassword;
const passphrase = 'geheim-wachtwoord-42';

/** One Chromium for the file: both suites open their pages in it (a launch takes seconds on a loaded machine). */
let chromium: Promise<Browser> | undefined;
const sharedChromium = () => (chromium ??= launchChromium());
after(async () => (await chromium)?.close());

describe('web wizard in Chromium', {
  skip: chromiumAvailable() ? false : "Chromium is not installed (.ci/run installs Debian's chromium)",
}, () => {
  let inst: CliInstallation;
  let web: RunningWizard;
  let browser: Browser;
  let dir: string;
  let clientFile: string;
  let officeFile: string;
  let auditfile: string;

  let setting: WebSetting | undefined;

  before(async () => {
    setting = await openWebSetting(
      'embedded',
      'web',
      async (i, d) => {
        ({ clientFile, officeFile } = await wizardBackups(i, d, passphrase));
        auditfile = join(d, 'bakkerij-2026.xaf');
        await core.exportXaf(i.ctx, { adm: '002', year: new Date().getUTCFullYear(), output: { path: auditfile } });
      },
      sharedChromium,
    );
    ({ inst, web, browser, dir } = setting);
  });

  after(() => setting?.close());

  async function newPage(locale = 'en-US', viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ locale, viewport });
    const page = await context.newPage();
    page.on('pageerror', (err) => assert.fail(`script error on the page: ${err.message}`));
    return page;
  }

  async function signIn(page: Page, adm: string, user: string, pass = password): Promise<void> {
    await page.goto(web.url);
    await page.selectOption('#adm', adm);
    await page.fill('#user', user);
    await page.fill('#password', pass);
    await press(page, 'Sign in');
  }

  async function chooseAction(page: Page, title: string): Promise<void> {
    await page.getByRole('heading', { name: 'Welcome to the backup wizard' }).waitFor();
    await next(page);
    await page.getByLabel(title).check();
    await next(page);
  }

  async function finish(page: Page): Promise<string> {
    await press(page, 'Finish');
    const result = page.locator('[data-result]');
    await result.waitFor({ timeout: 120_000 });
    const state = await result.getAttribute('data-result');
    if (state !== 'done') assert.fail(`the operation failed: ${await page.locator('.problem').innerText()}`);
    return page.locator('.card').innerText();
  }

  async function fieldError(page: Page, field: string): Promise<string | null> {
    return page.locator(`#e-${field}`).getAttribute('data-code');
  }

  test('client install round trip: from sign-in to a hand-back backup without the added users', async () => {
    const page = await newPage();
    const shot = screenshotter(page, 'client-install');
    await page.goto(web.url);
    await shot('sign-in');
    await signIn(page, '001', 'devries');
    await shot('welcome');
    await next(page);
    await page.getByRole('heading', { name: 'Choose an action' }).waitFor();
    await shot('actions');
    assert.equal(await page.getByLabel("Install a client's database").count(), 1);
    assert.equal(
      await page.getByLabel('Recover a failed backup/restore').count(),
      0,
      'recover is offered only after a failure',
    );
    await page.getByLabel("Install a client's database").check();
    await next(page);

    // File: uploaded from "this computer".
    await page.setInputFiles('#f-file-pick', clientFile);
    await page.waitForFunction(() =>
      (document.getElementById('f-file') as HTMLInputElement).value.endsWith('bakkerij-klant.ebu'),
    );
    await shot('file-uploaded');
    await next(page);

    // Server: My computer; Browse lists the known and discovered servers.
    assert.equal(await page.getByLabel('My computer').isChecked(), true);
    await press(page, 'Browse…');
    await page.getByRole('heading', { name: 'Servers' }).waitFor();
    await shot('server-browse');
    await press(page, 'Close');
    await next(page);

    await page.fill('#f-to', 'Bakkerij Jansen (klant)');
    await shot('administration');
    await next(page);
    await shot('database-directory');
    await next(page);

    // Users of the open administration: select none, then two.
    await press(page, 'Select all');
    assert.equal(await page.getByLabel(/carla/).isChecked(), true);
    await press(page, 'Select none');
    assert.equal(await page.getByLabel(/anna —/).isChecked(), false);
    // The licence's registered user comes along whatever is chosen: shown so, and not to be unticked.
    const registered = page.getByLabel(/devries —/);
    assert.equal(await registered.isChecked(), true);
    assert.equal(await registered.isDisabled(), true);
    assert.match(await page.locator('label', { has: registered }).innerText(), /registered user, always comes along/);
    await page.getByLabel(/anna —/).check();
    await page.getByLabel(/bram/).check();
    await shot('users');
    await next(page);

    const summary = await page.locator('dl.summary').innerText();
    await shot('summary');
    assert.match(summary, /Install a client's database/);
    assert.match(summary, /Bakkerij Jansen \(klant\)" \(new\)/);
    assert.match(summary, /Accountantskantoor De Vries B\.V\., user devries \(your licence, becomes active\)/);
    assert.match(summary, /Bakkerij Jansen B\.V\. \(kept for the hand-back\)/);
    // The uploaded file by the name it had on this computer, not by kluis's upload folder.
    assert.match(summary, /Backup\s+bakkerij-klant\.ebu \(uploaded from this computer\)/);
    assert.doesNotMatch(summary, /uploads/);
    assert.match(summary, /anna \(accountant\), bram \(accountant\), devries \(administrator\)/);
    assert.match(summary, /jansen, petra/);

    const result = await finish(page);
    await shot('result');
    const number = /Installed as administration (\d{3})/.exec(result)?.[1];
    assert.ok(number, result);
    // What was installed, in figures, and what comes next: who signs in, and how the hand-back is made.
    assert.match(result, /Transactions\s+\d{1,3},\d{3}\s/);
    assert.match(result, /Users\s+5: 3 of your staff, 2 of the client's/);
    assert.match(
      result,
      /Can sign in now\s+anna \(accountant\), bram \(accountant\), devries \(administrator\); the client's: jansen and petra/,
    );
    assert.match(result, /Sign in to administration \d{3} "Bakkerij Jansen \(klant\)" as anna, bram or devries\./);
    assert.match(result, /Make a backup of this administration; it carries the client's licence and users/);

    // Anna now opens the client's administration and makes the hand-back.
    await press(page, 'Sign out');
    await signIn(page, number, 'anna');
    await chooseAction(page, 'Create backup');
    await shot('hand-back-administration');
    await page.getByLabel(new RegExp(`${number} Bakkerij`)).check();
    await next(page);
    await page.fill('#f-output', dir);
    await next(page);
    const handBack = await page.locator('dl.summary').innerText();
    await shot('hand-back-summary');
    assert.match(handBack, /carries the client's licence of Bakkerij Jansen B\.V\./);
    assert.match(handBack, /Users left out\s+anna, bram, devries/);
    const made = await finish(page);
    await shot('hand-back-result');
    // The result names the file and its folder apart, and says where the hand-back goes.
    const name = /File\s+(\S.*\.ebu)/.exec(made)?.[1];
    const folder = /Folder\s+(\S.*)/.exec(made)?.[1];
    assert.ok(name && folder, made);
    assert.match(made, /Send this file to the client: it carries the client's licence and users, without your staff\./);
    const file = join(folder, name);
    const download = await page.getByRole('link', { name: 'Download backup' }).getAttribute('href');
    const bytes = await page.evaluate(async (href) => (await (await fetch(href!)).arrayBuffer()).byteLength, download);
    assert.ok(bytes > 1000);

    const { manifest } = await core.inspectBackup(createReadStream(file), file);
    assert.equal(manifest.licence?.holder, 'Bakkerij Jansen B.V.');
    assert.deepEqual(
      manifest.users?.map((u) => u.userName),
      ['jansen', 'petra'],
    );
    assert.deepEqual(manifest.handBack?.removedUsers, ['anna', 'bram', 'devries']);
  });

  test('client install from an auditfile of another package: uploaded, summarised, imported', async () => {
    const page = await newPage();
    const shot = screenshotter(page, 'client-install-xaf');
    await signIn(page, '001', 'devries');
    await chooseAction(page, "Install a client's database");
    assert.equal(await page.locator('#f-file-pick').getAttribute('accept'), '.ebu,.xaf,.xml');
    await page.setInputFiles('#f-file-pick', auditfile);
    await page.waitForFunction(() =>
      (document.getElementById('f-file') as HTMLInputElement).value.endsWith('bakkerij-2026.xaf'),
    );
    await next(page);
    // No passphrase step: an auditfile is not encrypted. The server step is next.
    assert.equal(await page.getByLabel('My computer').isChecked(), true);
    await next(page);
    await page.fill('#f-to', 'Bakkerij uit auditfile');
    await next(page);
    await next(page);
    await page.getByLabel(/anna —/).check();
    await next(page);
    const summary = await page.locator('dl.summary').innerText();
    await shot('summary');
    assert.match(summary, /Install a client's database, from an auditfile/);
    assert.match(summary, /Company\s+Bakkerij Jansen/);
    assert.match(summary, /Made with\s+kluis/);
    assert.match(summary, /Accountantskantoor De Vries B\.V\., user devries \(your licence\)/);
    const result = await finish(page);
    await shot('result');
    assert.match(result, /Imported as administration \d{3} "Bakkerij uit auditfile"/);
    const number = /Imported as administration (\d{3})/.exec(result)![1]!;
    const shown = await core.showAdministration(inst.ctx, number);
    assert.deepEqual(shown.users.map((u) => u.userName).sort(), ['anna', 'devries']);
  });

  test('the server step as in the source: Mijn computer names its server, Server takes a typed name, Bladeren in words, Geavanceerd; the name comes from the backup', async () => {
    const page = await newPage('nl-NL');
    const shot = screenshotter(page, 'server-step');
    await page.goto(web.url);
    await page.selectOption('#adm', '001');
    await page.fill('#user', 'devries');
    await page.fill('#password', password);
    await press(page, 'Aanmelden');
    await page.getByRole('heading', { name: 'Welkom bij de back-upwizard' }).waitFor();
    await press(page, 'Volgende');
    await page.getByLabel('Lees back-up terug').check();
    await press(page, 'Volgende');
    await page.fill('#f-file', clientFile);
    await press(page, 'Volgende');

    // Mijn computer, checked, says which server runs there.
    const mine = page.locator('label', { has: page.locator('#f-server-local') });
    assert.match(await mine.innerText(), /^Mijn computer PostgreSQL \d+ op deze computer \(ingebouwd\)$/);
    assert.equal(await page.locator('#f-server-local').isChecked(), true);
    assert.equal(await page.locator('#f-server').inputValue(), '');
    await shot('mijn-computer');

    // Server with a typed name: typing chooses Server; a name no computer has is said at the field.
    await page.fill('#f-server', 'geen-server.invalid');
    assert.equal(await page.locator('#f-server-server').isChecked(), true);
    await press(page, 'Volgende');
    assert.equal(await fieldError(page, 'server'), 'SERVER_NAME_UNKNOWN');
    assert.equal(await page.locator('#f-server').inputValue(), 'geen-server.invalid', 'the typed name stays');
    assert.match(await page.locator('#e-server').innerText(), /Bladeren toont de bekende en gevonden servers/);
    await shot('server-onbekend');

    // Bladeren: My computer first, every server in words, no connection string, no folder of kluis.
    await press(page, 'Bladeren…');
    const dialog = page.locator('section.dialog');
    await dialog.getByRole('heading', { name: 'Servers' }).waitFor();
    const rows = await dialog.locator('tbody tr').allInnerTexts();
    assert.match(rows[0] ?? '', /^Mijn computer — PostgreSQL \d+ op deze computer \(ingebouwd\)/);
    for (const row of rows) {
      assert.doesNotMatch(row, /host=|port=|home=|service=|local-socket|\/tmp\/|\.s\.PGSQL/, row);
      assert.match(row, /\t(ja|nee|onbekend|start bij gebruik)\tGebruiken$/, row);
    }
    await shot('bladeren');
    // At 390 px the rows stack, and every Use button stays on screen.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const use of await dialog.getByRole('button', { name: 'Gebruiken' }).all()) {
      const box = await use.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `a Gebruiken button off screen: ${JSON.stringify(box)}`);
    }
    await shot('bladeren-390');
    await page.setViewportSize({ width: 1280, height: 800 });
    await dialog.getByRole('button', { name: 'Gebruiken' }).first().click();
    await page.locator('#f-server-local').waitFor();
    assert.equal(await page.locator('#f-server-local').isChecked(), true, 'Use on My computer chooses it');

    // Geavanceerd: the login settings, in words; a host that does not answer is refused and nothing is saved.
    await press(page, 'Geavanceerd…');
    await page.getByRole('heading', { name: 'Geavanceerd: aanmeldgegevens' }).waitFor();
    assert.deepEqual(await page.locator('#adv-sslmode option').allInnerTexts(), [
      'als de server het kan (standaard)',
      'altijd',
      'altijd, met een gecontroleerd certificaat',
      'altijd, met een gecontroleerd certificaat op naam',
      'alleen als de server erom vraagt',
      'nooit',
    ]);
    await page.fill('#adv-host', '127.0.0.1');
    await page.fill('#adv-port', '1');
    await shot('geavanceerd');
    await press(page, 'Verbinding testen en bewaren');
    assert.match((await page.locator('.dialog .problem').getAttribute('data-code')) ?? '', /^SERVER_/);
    assert.equal(core.listServers(inst.home).length, 1, 'nothing saved after a failed test');
    await press(page, 'Sluiten');

    // Next on My computer; the administration's name is the backup's, with (2): 002 has that name already.
    await press(page, 'Volgende');
    await page.getByRole('heading', { name: 'Administratie' }).waitFor();
    assert.equal(await page.locator('#f-to').inputValue(), 'Bakkerij Jansen (2)');
    await shot('administratie');
    await page.close();
  });

  test('restore: history fills the file, wrong passphrase refused, overwrite only with the typed number, Back keeps answers', async () => {
    const page = await newPage();
    const shot = screenshotter(page, 'restore');
    await signIn(page, '001', 'anna');
    await chooseAction(page, 'Restore backup');
    const row = page.locator('tr', { hasText: 'kantoor-versleuteld.ebu' });
    await shot('history');
    await submit(page, row.getByRole('button', { name: 'Choose' }));
    assert.equal(await page.inputValue('#f-file'), officeFile);
    await next(page);

    await page.fill('#f-passphrase', 'not-the-passphrase');
    await next(page);
    assert.equal(await fieldError(page, 'passphrase'), 'BACKUP_WRONG_PASSPHRASE');
    await shot('wrong-passphrase');
    await page.fill('#f-passphrase', passphrase);
    await next(page);
    await next(page); // My computer
    assert.equal(await page.getAttribute('#f-to', 'maxlength'), '60', 'a name field takes no more than a name can be');
    await page.fill('#f-to', 'Kantoor kopie');
    await next(page);
    await next(page); // default place
    const summary = await page.locator('dl.summary').innerText();
    await shot('summary');
    assert.match(summary, /"Kantoor kopie" \(new\)/);
    const result = await finish(page);
    await shot('result');
    const number = /Restored as administration (\d{3})/.exec(result)![1]!;

    // Overwrite that number: a warning naming what is lost, and the typed number.
    await press(page, 'Back to the start');
    await chooseAction(page, 'Restore backup');
    await page.fill('#f-file', officeFile);
    await next(page);
    await page.fill('#f-passphrase', passphrase);
    await next(page);
    await next(page);
    await page.fill('#f-to', number);
    await next(page);
    const warning = await page.locator('.notice.warning').innerText();
    await shot('overwrite-warning');
    assert.match(
      warning,
      new RegExp(
        `Restoring over administration ${number} "Kantoor kopie" \\(0 transactions and 0 documents will be lost\\)`,
      ),
    );
    // The field's help explains itself: no "administration N" the page never names.
    const confirmText = await page.locator('body').innerText();
    assert.match(confirmText, /the number of the administration being overwritten, as confirmation/i);
    assert.doesNotMatch(confirmText, /administration N\b/);
    await page.fill('#f-replace', '999');
    await next(page);
    assert.equal(await fieldError(page, 'replace'), 'CONFIRMATION_MISMATCH');
    await shot('overwrite-wrong-number');
    await press(page, 'Back');
    assert.equal(await page.inputValue('#f-to'), number, 'Back keeps what was entered');
    await next(page);
    await page.fill('#f-replace', number);
    await next(page);
    await next(page);
    assert.match(await page.locator('dl.summary').innerText(), /overwrites "Kantoor kopie"/);
    await finish(page);
    await shot('overwrite-result');

    // Overwriting an administration the user may not open is refused.
    await press(page, 'Back to the start');
    await chooseAction(page, 'Restore backup');
    await page.fill('#f-file', clientFile);
    await next(page);
    await next(page);
    await page.fill('#f-to', '002');
    await next(page);
    assert.equal(await fieldError(page, 'to'), 'ADMIN_NOT_ADMITTED');
    await shot('not-admitted');
  });

  test('without E-Accountancy the client install is not offered and cannot be forced', async () => {
    const page = await newPage();
    const shot = screenshotter(page, 'no-accountancy');
    await signIn(page, '002', 'jansen');
    await next(page);
    await page.getByRole('heading', { name: 'Choose an action' }).waitFor();
    await shot('actions');
    assert.equal(await page.getByLabel("Install a client's database").count(), 0);
    assert.equal(await page.getByLabel('Create backup').count(), 1);
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    await page.evaluate(async (token) => {
      await fetch('/wizard', {
        method: 'POST',
        body: new URLSearchParams({ _csrf: token, nav: 'next', action: 'client-install' }),
        redirect: 'manual',
      });
    }, csrf);
    await page.reload();
    await page.getByRole('heading', { name: 'Choose an action' }).waitFor();
    assert.equal(await page.locator('#e-action').count(), 1);
    assert.match(await page.locator('#e-action').innerText(), /not available now/);
    await shot('forced');
  });

  test('sign-in refusals, and a user cannot act on an administration that does not admit them', async () => {
    const page = await newPage();
    const shot = screenshotter(page, 'refusals');
    await signIn(page, '001', 'anna', 'wrong-password');
    assert.equal(await page.locator('.problem').getAttribute('data-code'), 'SIGN_IN_FAILED');
    await shot('wrong-password');
    await signIn(page, '001', 'jansen');
    assert.equal(
      await page.locator('.problem').getAttribute('data-code'),
      'SIGN_IN_FAILED',
      "a client user is not a user of the accountant's administration",
    );
    await signIn(page, '001', 'anna');
    await chooseAction(page, 'Create backup');
    assert.equal(await page.getByLabel(/^002 /).count(), 0, 'only administrations that admit the user are listed');
    await page
      .locator('input[name=adm]')
      .first()
      .evaluate((el) => ((el as HTMLInputElement).value = '002'));
    await next(page);
    assert.equal(await fieldError(page, 'adm'), 'ADMIN_NOT_ADMITTED');
    await shot('not-admitted');
  });

  test('create an encrypted backup, copy, cloud prepare and recover each run from their screens', async () => {
    const page = await newPage();
    const shot = screenshotter(page, 'actions');
    await signIn(page, '001', 'anna');

    await chooseAction(page, 'Create backup');
    await next(page); // 001 is proposed
    await page.fill('#f-output', join(dir, 'kantoor.ebu'));
    // The passphrase is asked for only when the backup is encrypted with one.
    assert.equal(await page.locator('#f-newPassphrase').isVisible(), false, 'no passphrase without encryption');
    await page.getByLabel('Yes, with a passphrase').check();
    assert.equal(await page.locator('#f-newPassphrase2').isVisible(), true);
    await page.fill('#f-newPassphrase', 'kort');
    await next(page);
    assert.equal(await fieldError(page, 'newPassphrase'), 'PASSPHRASE_TOO_SHORT');
    await page.fill('#f-newPassphrase', passphrase);
    await page.fill('#f-newPassphrase2', `${passphrase}x`);
    await next(page);
    assert.equal(await fieldError(page, 'newPassphrase2'), 'PASSPHRASES_DIFFER');
    await page.fill('#f-newPassphrase', passphrase);
    await page.fill('#f-newPassphrase2', passphrase);
    await next(page);
    assert.match(await page.locator('dl.summary').innerText(), /Encrypted\s+yes, with a passphrase/);
    await shot('backup-summary');
    await finish(page);
    await shot('backup-result');
    const inspected = await core.inspectBackup(createReadStream(join(dir, 'kantoor.ebu')), join(dir, 'kantoor.ebu'), {
      passphrase,
    });
    assert.equal(inspected.encrypted, true);

    await press(page, 'Back to the start');
    await chooseAction(page, 'Copy an administration');
    await next(page); // 001
    await next(page); // My computer
    // The copy's name is proposed from the administration copied.
    assert.equal(await page.inputValue('#f-to'), 'Accountantskantoor De Vries (copy)');
    await page.fill('#f-to', 'Kantoor oefen');
    await next(page);
    await shot('copy-summary');
    const copied = await finish(page);
    await shot('copy-result');
    assert.match(copied, /Copied to administration \d{3} "Kantoor oefen"/);

    // A database that reached the server by other means (here: made by another kluis installation).
    const other = testContext(inst.ctx.engine, 'webcloud');
    try {
      const licence = core.issueDemoLicence({
        holder: 'Gemigreerd B.V.',
        registeredUser: 'eigenaar',
        articles: ['Base'],
        maxUsers: 3,
      });
      const made = await core.createAdministration(other.ctx, {
        name: 'Gemigreerd',
        licence,
        users: [{ userName: 'eigenaar', fullName: 'Eigenaar', role: 'administrator', password }],
      });
      await press(page, 'Back to the start');
      await chooseAction(page, 'Make a migrated cloud database ready');
      await next(page); // My computer
      await page.fill('#f-database', made.databaseName);
      await page.fill('#f-number', '777');
      await next(page);
      await shot('cloud-summary');
      const ready = await finish(page);
      await shot('cloud-result');
      assert.match(ready, /Administration 777 "Gemigreerd" is ready/);
    } finally {
      await other.cleanup();
    }

    // A restore killed half-way: now, and only now, Recover is offered.
    const killed = spawn(
      process.execPath,
      [bin, ...inst.cli.args, 'backup', 'restore', clientFile, '--to', 'Onderbroken'],
      { env: { ...process.env, ...inst.cli.env, KLUIS_CRASH_AT: 'restore:data-loaded' }, stdio: 'ignore' },
    );
    await new Promise((resolve) => killed.on('exit', resolve));
    await press(page, 'Back to the start');
    // The welcome says so first, and names the action that recovers.
    await page.getByRole('heading', { name: 'Welcome to the backup wizard' }).waitFor();
    // (The interrupted operation is the alert; a notice of administrations without a recent backup may stand beside it.)
    assert.match(
      await page.locator('.notice.warning[role=alert]').innerText(),
      /An earlier operation did not finish\. Choose "Recover a failed backup\/restore"/,
    );
    assert.match(await page.locator('.card').innerText(), /Actions available: .*Recover a failed backup\/restore/);
    await shot('welcome-interrupted');
    await chooseAction(page, 'Recover a failed backup/restore');
    await shot('recover-list');
    const found = await page.locator('table').innerText();
    assert.match(found, /the restore/);
    // The restore was to a new number: nothing there "stays as it was", and no internal name shows.
    assert.match(found, /roll back: undo the restore as new administration \d{3}; \d{3} is not created/);
    assert.doesNotMatch(found, /stays as it was|\trestore\t|staging|data-loaded/);
    await next(page);
    await shot('recover-summary');
    await finish(page);
    await shot('recover-result');
    await press(page, 'Back to the start');
    await page.getByRole('heading', { name: 'Welcome to the backup wizard' }).waitFor();
    assert.equal(await page.locator('.notice.warning[role=alert]').count(), 0, 'nothing interrupted any more');
    await next(page);
    assert.equal(await page.getByLabel('Recover a failed backup/restore').count(), 0);
  });

  test('Finish shows a live progress bar, then the result', async () => {
    // The client's backup (the demo's generated administration: 5,000 entries, 300 documents) restores for
    // seconds, long after the page with the bar has loaded; generating an administration of size S for this
    // (50,000 entries, 80 MB of documents) took most of a minute to generate, back up and restore.
    const file = clientFile;
    const page = await newPage();
    const shot = screenshotter(page, 'progress');
    await signIn(page, '001', 'anna');
    await chooseAction(page, 'Restore backup');
    await page.fill('#f-file', file);
    await next(page);
    await next(page);
    await page.fill('#f-to', 'Groothandel terug');
    await next(page);
    await next(page);
    await press(page, 'Finish');
    const bar = page.locator('progress[data-job]');
    await bar.waitFor();
    await page.waitForFunction(
      () =>
        Number((document.querySelector('progress') as HTMLProgressElement | null)?.value ?? 0) > 0 ||
        !!document.querySelector('[data-result]'),
    );
    await shot('running');
    await page.locator('[data-result="done"]').waitFor({ timeout: 120_000 });
    await shot('done');
    assert.match(await page.locator('.card').innerText(), /Restored as administration \d{3} "Groothandel terug"/);
  });

  test('Dutch from the browser, switch to English, keyboard only, and a narrow window', async () => {
    const page = await newPage('nl-NL', { width: 390, height: 844 });
    const shot = screenshotter(page, 'language');
    await page.goto(web.url);
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
    await shot('nl-narrow');
    await press(page, 'English');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await press(page, 'Nederlands');

    // Keyboard: fields by Tab, Enter submits; Enter on a step means Next.
    await page.selectOption('#adm', '001');
    await page.focus('#user');
    await page.keyboard.press('Control+A'); // the demo's administrator is filled in; another user types over it
    await page.keyboard.type('anna');
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await Promise.all([page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { name: 'Welkom bij de back-upwizard' }).waitFor();
    await page.getByRole('button', { name: 'Volgende' }).focus();
    await Promise.all([page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { name: 'Kies een actie' }).waitFor();
    await shot('actions-narrow');
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(fits, 'no horizontal scrolling at 390 px');
    for (const label of await page
      .locator('input:not([type=hidden])')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).labels?.length ?? 0)))
      assert.ok(label > 0, 'every field has a label');
    await page.getByLabel('Aanmaken back-up').focus();
    await page.keyboard.press('ArrowDown'); // arrow keys move the choice in a radio group
    assert.equal(await page.getByLabel('Lees back-up terug').isChecked(), true);
    await Promise.all([page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { name: 'Back-upbestand' }).waitFor();
    await shot('file-narrow');
  });
});

describe('web wizard on a PostgreSQL server', {
  skip: chromiumAvailable() ? false : 'Chromium is not installed',
}, () => {
  let inst: CliInstallation;
  let web: RunningWizard;
  let browser: Browser;
  let dir: string;

  let setting: WebSetting | undefined;

  before(async () => {
    setting = await openWebSetting(
      'server',
      'websrv',
      (i, d) => core.createBackup(i.ctx, { adm: '002', output: join(d, 'klant.ebu') }).then(() => undefined),
      sharedChromium,
    );
    ({ inst, web, browser, dir } = setting);
  });

  after(() => setting?.close());

  test('Advanced login settings are tested before they are saved; a server folder that is not the same folder is refused', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const shot = screenshotter(page, 'server');
    await page.goto(web.url);
    await page.selectOption('#adm', '001');
    await page.fill('#user', 'devries');
    await page.fill('#password', password);
    await press(page, 'Sign in');
    await press(page, 'Next');
    await page.getByLabel('Restore backup').check();
    await press(page, 'Next');
    await page.fill('#f-file', join(dir, 'klant.ebu'));
    await press(page, 'Next');

    const s = (inst.ctx.engine as ServerEngine).settings;
    // The server signed in on is proposed by its name; its host and port typed instead are that same server.
    assert.equal(await page.locator('#f-server').inputValue(), 'srv');
    // (A server reached by a socket folder, as on a machine with only Node.js, has no host and port to type.)
    if (!s.host.startsWith('/')) {
      await page.fill('#f-server', `${s.host}:${s.port}`);
      await press(page, 'Next');
      await page.getByRole('heading', { name: 'Administration' }).waitFor();
      await press(page, 'Back');
      assert.equal(await page.locator('#f-server').inputValue(), 'srv');
      await shot('server-by-host');
    }

    await press(page, 'Advanced…');
    assert.equal(await page.locator('#adv-host').inputValue(), String(s.host), 'Advanced opens on the chosen server');
    await page.fill('#adv-name', 'boekhoudserver');
    await page.fill('#adv-host', String(s.host));
    await page.fill('#adv-port', '1');
    await page.fill('#adv-user', String(s.user ?? ''));
    await page.selectOption('#adv-sslmode', s.sslmode ?? 'prefer');
    await press(page, 'Test connection and save');
    assert.match((await page.locator('.dialog .problem').getAttribute('data-code')) ?? '', /^SERVER_/);
    await shot('advanced-refused');
    assert.equal(
      core.listServers(inst.home).some((x) => x.name === 'boekhoudserver'),
      false,
      'nothing saved after a failed test',
    );
    await page.fill('#adv-port', String(s.port));
    await press(page, 'Test connection and save');
    await page.getByText('Server "boekhoudserver" tested and saved.').waitFor();
    assert.equal(await page.locator('#f-server-server').isChecked(), true);
    assert.equal(await page.locator('#f-server').inputValue(), 'boekhoudserver');
    await shot('advanced-saved');
    await press(page, 'Next');

    await page.fill('#f-to', 'Op de server');
    await press(page, 'Next');
    const a = mkdtempSync(join(dir, 'werkstation-'));
    const b = mkdtempSync(join(dir, 'server-'));
    chmodSync(dir, 0o755);
    chmodSync(a, 0o755);
    chmodSync(b, 0o755);
    await page.fill('#f-databaseDir', a);
    await page.fill('#f-serverFolder', b);
    await press(page, 'Next');
    assert.equal(await page.locator('#e-serverFolder').getAttribute('data-code'), 'FOLDERS_DIFFER');
    assert.match(await page.locator('#e-serverFolder').innerText(), /are not the same folder/);
    await shot('folders-differ');
    await page.close();
  });
});
