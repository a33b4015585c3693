/**
 * The Users page of the web wizard in Debian's Chromium, against a real
 * `kluis start`: an administrator adds, deactivates, gives a new password,
 * changes a role and removes (after a confirmation); the last active
 * administrator is refused in one sentence where the change was asked; a
 * user who is not an administrator gets no link and a refusal; at 390 px
 * the rows stack with their buttons in the window; the keyboard alone adds
 * a user; and every change is in the administration's audit log under the
 * signed-in user's name. Screenshots in both languages, wide and narrow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import * as core from '../../src/core/index.js';
import { AdminDb, verifyPassword } from '../../src/core/testing.js';
import { selectedEngines } from '../helpers/engines.js';
import {
  openWebSetting,
  press,
  type RunningWizard,
  screenshotter,
  submit,
  type WebSetting,
  webSuiteSkip,
} from '../helpers/web.js';

const engine = selectedEngines().includes('server') ? 'server' : selectedEngines()[0];

describe('web wizard: the Users page', {
  skip: webSuiteSkip(engine),
}, () => {
  let setting: WebSetting | undefined;
  let web: RunningWizard;
  let browser: Browser;

  before(async () => {
    setting = await openWebSetting(engine!, 'webusers');
    ({ web, browser } = setting);
  });
  after(() => setting?.close());

  async function signedIn(user: string, locale = 'en-US', width = 1280, password = core.demoPassword): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width, height: 860 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => assert.fail(`script error on the page: ${err.message}`));
    await page.goto(web.url);
    await page.locator('#adm').selectOption('001');
    await page.locator('#user').fill(user);
    await page.locator('#password').fill(password);
    await submit(page, page.locator('form[action="/sign-in"] button[type=submit]'));
    return page;
  }

  const row = (page: Page, user: string) => page.locator(`tr[data-user="${user}"]`);
  const notice = (page: Page) => page.locator('.notice[role=status]').innerText();
  const problem = (page: Page) => page.locator('.problem').first().innerText();
  /** A row as read: user name, name, role (the select's value), active, origin. */
  const cells = async (page: Page, user: string) => {
    const td = row(page, user).locator('td');
    const text = async (i: number) => (await td.nth(i).innerText()).trim();
    return [
      await text(0),
      await text(1),
      await row(page, user).locator('select').inputValue(),
      await text(3),
      await text(4),
    ];
  };

  async function auditRows(): Promise<string[]> {
    const record = (await core.listAdministrations(setting!.inst.ctx)).find((a) => a.number === '001')!;
    const name = (await setting!.inst.ctx.engine.listDatabases()).find(
      (d) => d.startsWith(setting!.inst.ctx.systemDatabase) && d.endsWith('_001'),
    );
    assert.ok(name, `database of ${record.name}`);
    const db = await AdminDb.open(setting!.inst.ctx.engine, name);
    try {
      const r = await db.client.query(
        "select user_name, action, object, details ->> 'via' as via from audit_log where action like 'user.%' order by id",
      );
      return r.rows.map((x) => `${x.user_name} ${x.action} ${x.object} ${x.via}`);
    } finally {
      await db.close();
    }
  }

  test('a user who is not an administrator gets no link and no page', async () => {
    const page = await signedIn('anna');
    const shot = screenshotter(page, 'users-refused');
    assert.equal(await page.locator('h1').innerText(), 'Welcome to the backup wizard');
    assert.equal(await page.locator('a[href="/users"]').count(), 0);
    const answer = await page.goto(new URL('/users', web.url).href);
    assert.equal(answer?.status(), 403);
    assert.equal(
      await problem(page),
      'Only an active administrator of administration 001 manages its users, and "anna" is not one.',
    );
    await shot('refused');
    await page.context().close();
  });

  test('an administrator adds, deactivates, sets a password, and is refused as the last administrator', async () => {
    const page = await signedIn('devries');
    const shot = screenshotter(page, 'users-en');
    await submit(page, page.getByRole('link', { name: "Manage this administration's users" }));
    assert.equal(await page.locator('h1').innerText(), 'Users');
    assert.match(await page.locator('.intro').innerText(), /^Administration 001 .+: 4 of at most \d+ active users\./);
    assert.deepEqual(await cells(page, 'devries'), [
      'devries (registered)',
      'Marieke de Vries',
      'administrator',
      'yes',
      'own',
    ]);
    // The registered user stays active: no button that could only be refused.
    assert.equal(await row(page, 'devries').getByRole('button', { name: 'Deactivate' }).count(), 0);
    assert.equal(
      await row(page, 'devries')
        .getByRole('link', { name: /Remove/ })
        .count(),
      0,
    );
    await shot('list');

    // Add: passwords that differ are refused at the form, which keeps what was typed (never the passwords).
    await page.getByLabel('User', { exact: true }).fill('eva');
    await page.getByLabel("The user's name").fill('Eva de Boer');
    await page.getByLabel('Role', { exact: true }).selectOption('administrator');
    await page.getByLabel('Password', { exact: true }).fill('een-goed-wachtwoord');
    await page.getByLabel('Password again').fill('een-ander-wachtwoord');
    await press(page, 'Add');
    assert.equal(await problem(page), 'The two passwords for user "eva" differ; type the same password twice.');
    assert.equal(await page.getByLabel('User', { exact: true }).inputValue(), 'eva');
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      'add-password',
      'the keyboard is at the passwords',
    );
    await shot('add-refused');
    await page.getByLabel('Password', { exact: true }).fill('een-goed-wachtwoord');
    await page.getByLabel('Password again').fill('een-goed-wachtwoord');
    await press(page, 'Add');
    assert.equal(await notice(page), 'User eva was added to administration 001 and can sign in.');
    assert.deepEqual(await cells(page, 'eva'), ['eva', 'Eva de Boer', 'administrator', 'yes', 'own']);

    // Deactivate, and the button becomes Activate.
    await submit(page, row(page, 'carla').getByRole('button', { name: 'Deactivate' }));
    assert.equal(await notice(page), 'User carla is inactive in administration 001 and can no longer sign in.');
    assert.equal((await cells(page, 'carla'))[3], 'no');
    assert.equal(await row(page, 'carla').getByRole('button', { name: 'Activate' }).count(), 1);
    await shot('deactivated');

    // A new password, typed twice in its panel.
    await submit(page, row(page, 'bram').getByRole('link', { name: /New password/ }));
    assert.equal(await page.locator('#panel-title').innerText(), 'New password for bram');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'new-password');
    await page.locator('#new-password').fill('bram-nieuw-wachtwoord');
    await page.locator('#new-again').fill('bram-nieuw-wachtwoord');
    await shot('password-panel');
    await press(page, 'Save password');
    assert.equal(await notice(page), 'User bram has a new password in administration 001.');
    await page.context().close();

    // Eva, an administrator, demotes devries: she is then the last active administrator.
    const eva = await signedIn('eva', 'en-US', 1280, 'een-goed-wachtwoord');
    await eva.goto(new URL('/users', web.url).href);
    await row(eva, 'devries').getByLabel('Role of devries').selectOption('accountant');
    await submit(eva, row(eva, 'devries').getByRole('button', { name: 'Change role' }));
    assert.equal(await notice(eva), 'User devries is now accountant in administration 001.');
    await submit(eva, row(eva, 'eva').getByRole('button', { name: 'Deactivate' }));
    assert.equal(
      await problem(eva),
      'User "eva" is the last active administrator of administration 001, and one always remains.\n\nFirst make another user an administrator.',
    );
    assert.equal((await cells(eva, 'eva'))[3], 'yes');
    // Remove asks first (Cancel has the keyboard); the refusal is said in the same panel.
    await submit(eva, row(eva, 'eva').getByRole('link', { name: /Remove/ }));
    assert.equal(await eva.locator('#panel-title').innerText(), 'Remove user eva?');
    assert.equal(await eva.evaluate(() => document.activeElement?.textContent), 'Cancel');
    await submit(eva, eva.locator('section.dialog').getByRole('button', { name: 'Remove' }));
    assert.equal(await eva.locator('#panel-title').innerText(), 'Remove user eva?');
    assert.match(
      await eva.locator('section.dialog .problem').innerText(),
      /^User "eva" is the last active administrator/,
    );
    await screenshotter(eva, 'users-en-last')('refused');
    // Devries back to administrator; then carla can be removed after the confirmation.
    await eva.goto(new URL('/users', web.url).href);
    await row(eva, 'devries').getByLabel('Role of devries').selectOption('administrator');
    await submit(eva, row(eva, 'devries').getByRole('button', { name: 'Change role' }));
    await submit(eva, row(eva, 'carla').getByRole('link', { name: /Remove/ }));
    await submit(eva, eva.locator('section.dialog').getByRole('button', { name: 'Remove' }));
    assert.equal(await notice(eva), 'User carla was removed from administration 001.');
    assert.equal(await row(eva, 'carla').count(), 0);
    await eva.context().close();

    const users = await core.listUsers(setting!.inst.ctx, '001');
    const bram = await (async () => {
      const name = (await setting!.inst.ctx.engine.listDatabases()).find(
        (d) => d.startsWith(setting!.inst.ctx.systemDatabase) && d.endsWith('_001'),
      )!;
      const db = await AdminDb.open(setting!.inst.ctx.engine, name);
      try {
        return (await db.users()).find((u) => u.userName === 'bram')!;
      } finally {
        await db.close();
      }
    })();
    assert.ok(await verifyPassword('bram-nieuw-wachtwoord', bram.passwordHash));
    assert.deepEqual(
      users.users.map((u) => u.userName),
      ['anna', 'bram', 'devries', 'eva'],
    );
    assert.deepEqual(await auditRows(), [
      'devries user.added eva web',
      'devries user.deactivated carla web',
      'devries user.password-set bram web',
      'eva user.role-changed devries web',
      'eva user.role-changed devries web',
      'eva user.removed carla web',
    ]);
  });

  test('at 390 px the rows stack with their buttons in the window; the keyboard alone adds a user (Dutch)', async () => {
    const page = await signedIn('devries', 'nl-NL', 390);
    const shot = screenshotter(page, 'users-nl-390');
    await submit(page, page.getByRole('link', { name: 'Gebruikers van deze administratie beheren' }));
    assert.equal(await page.locator('h1').innerText(), 'Gebruikers');
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'nothing sticks out sideways',
    );
    assert.equal(await page.locator('table.stack thead').evaluate((e) => getComputedStyle(e).position), 'absolute');
    for (const user of ['anna', 'bram', 'devries', 'eva']) {
      const edge = await row(page, user).boundingBox();
      assert.ok(edge && edge.x >= 0 && edge.x + edge.width <= 390, `${user}'s row is in the window`);
      const buttons = row(page, user).locator('button, a.button');
      for (let i = 0; i < (await buttons.count()); i++) {
        const box = await buttons.nth(i).boundingBox();
        assert.ok(
          box && box.x >= edge.x && box.x + box.width <= edge.x + edge.width,
          `${user}: button ${i} is in its row`,
        );
      }
    }
    assert.deepEqual(await cells(page, 'anna'), ['anna', 'Anna Bakker', 'accountant', 'ja', 'eigen']);
    // Each stacked cell is named by its column.
    assert.deepEqual(
      await row(page, 'anna')
        .locator('td')
        .evaluateAll((tds) => tds.map((td) => getComputedStyle(td, '::before').content)),
      ['"Gebruikersnaam"', '"Naam"', '"Rol"', '"Actief"', '"Herkomst"', '"Wijzigen"'],
    );
    await shot('list');

    // Keyboard only: focus the user name field, type, Tab through the fields, Enter adds.
    await page.locator('#add-user').focus();
    await page.keyboard.type('fien');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Fien Jansen');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('fien-wachtwoord');
    await page.keyboard.press('Tab');
    await page.keyboard.type('fien-wachtwoord');
    await submit(page, 'Enter');
    assert.equal(await notice(page), 'Gebruiker fien is toegevoegd aan administratie 001 en kan zich aanmelden.');
    assert.deepEqual(await cells(page, 'fien'), ['fien', 'Fien Jansen', 'bookkeeper', 'ja', 'eigen']);
    await shot('added');
    // The same page in English, switched at the top.
    await submit(page, page.getByRole('button', { name: 'English' }));
    assert.equal(await page.locator('h1').innerText(), 'Users');
    assert.deepEqual(await cells(page, 'fien'), ['fien', 'Fien Jansen', 'bookkeeper', 'yes', 'own']);
    await shot('english');
    await page.context().close();
  });
});
