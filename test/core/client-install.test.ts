/**
 * The accountant's round trip (the heart of the source document): a client
 * backs up; the accountant installs it under the accountant's licence with
 * some staff; books corrections; backs up; the client restores the hand-back
 * and has the corrections, its own licence and users, and none of the
 * accountant's. The client and the accountant are two kluis installations
 * (own home and system database) on the same server.
 */
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AdminDb,
  createAdministration,
  createBackup,
  generateAdministration,
  importClientLicence,
  installClient,
  issueDemoLicence,
  listAdministrations,
  restoreBackup,
  showAdministration,
  type InstallPlan,
  type LicenceDocument,
  type NewUser,
} from '../../src/core/index.js';
import { SeededRandom } from '../../src/core/generator/random.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { openTestEngine, selectedEngines, testContext, type TestContext } from '../helpers/engines.js';

const password = 'een-goed-wachtwoord';
const clientLicence = issueDemoLicence({ holder: 'Bakkerij Jansen B.V.', registeredUser: 'jansen', articles: ['Base'] });
const accountantLicence = issueDemoLicence({ holder: 'Accountants De Vries B.V.', registeredUser: 'devries', articles: ['Base', 'E-Accountancy'], maxUsers: 50 });
const user = (userName: string, role: NewUser['role'] = 'bookkeeper'): NewUser => ({ userName, fullName: userName.toUpperCase(), role, password: `${password}-${userName}` });

interface UserRow {
  user_name: string;
  role: string;
  password_hash: string;
  active: boolean;
}

async function usersOf(t: TestContext, ref: string): Promise<UserRow[]> {
  const db = await AdminDb.open(t.engine, (await showAdministration(t.ctx, ref)).database);
  try {
    return (await db.client.query<UserRow>('select user_name, role, password_hash, active from users order by user_name')).rows;
  } finally {
    await db.close();
  }
}

async function licencesOf(t: TestContext, ref: string): Promise<{ active?: LicenceDocument; client?: LicenceDocument }> {
  const db = await AdminDb.open(t.engine, (await showAdministration(t.ctx, ref)).database);
  try {
    return { active: await db.licence('active'), client: await db.licence('client') };
  } finally {
    await db.close();
  }
}

async function book(t: TestContext, ref: string, number: string): Promise<void> {
  const db = await AdminDb.open(t.engine, (await showAdministration(t.ctx, ref)).database);
  try {
    const c = db.client;
    await c.query('begin');
    const e = await c.query(`insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, description, created_by) values ('MEM', $1, '2026-12-31', 2026, 'Correctie accountant', 'anna') returning id`, [number]);
    await c.query(`insert into journal_lines (entry_id, line_no, account_code, debit, credit) values ($1, 1, '4600', 350, 0), ($1, 2, '1600', 0, 350)`, [e.rows[0].id]);
    await c.query('commit');
  } finally {
    await db.close();
  }
}

for (const kind of selectedEngines()) {
  describe(`client install and hand-back on ${kind}`, () => {
    let client: TestContext;
    let accountant: TestContext;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-client-'));
    let clientFile: string;
    let originalUsers: UserRow[];

    before(async () => {
      const engine = await openTestEngine(kind);
      client = testContext(engine, 'cli');
      accountant = testContext(engine, 'acc');
      await generateAdministration(client.ctx, {
        name: 'Bakkerij Jansen',
        number: 3,
        size: { entries: 200, documents: 4, attachmentBytes: 2048 },
        seed: 'client',
        licence: clientLicence,
        users: [user('jansen', 'administrator'), user('petra'), user('anna')],
      });
      await createAdministration(accountant.ctx, {
        name: 'Accountants De Vries',
        number: 1,
        licence: accountantLicence,
        users: [user('devries', 'administrator'), user('anna', 'accountant'), user('bram', 'accountant'), user('carla')],
      });
      originalUsers = await usersOf(client, '3');
      clientFile = (await createBackup(client.ctx, { adm: '3', output: join(scratch, 'klant.ebu') })).location;
    });
    after(async () => {
      await client.cleanup();
      await accountant.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    test('a dry run previews the licence, the users added and the client users that stay, and changes nothing', async () => {
      const plans: InstallPlan[] = [];
      const plan = (await installClient(accountant.ctx, { source: createReadStream(clientFile), path: clientFile, open: '1', to: 'Bakkerij Jansen', users: ['anna', 'bram'], dryRun: true, onPlan: (p) => void plans.push(p) })) as InstallPlan;
      assert.equal(plans.length, 1);
      assert.equal(plan.activeLicence.holder, 'Accountants De Vries B.V.');
      assert.equal(plan.clientLicence.holder, 'Bakkerij Jansen B.V.');
      assert.deepEqual(plan.addedUsers.map((u) => u.userName).sort(), ['anna', 'bram', 'devries']);
      assert.deepEqual(plan.clientUsersStaying, ['jansen', 'petra']);
      assert.deepEqual(plan.clientUsersSetAside, ['anna']);
      assert.deepEqual(plan.warnings, [], 'no "did you mean client install" warning: this is it');
      assert.deepEqual((await listAdministrations(accountant.ctx)).map((a) => a.number), ['001']);
    });

    test('the full round trip: install with two of three staff, book, back up, the client restores', async () => {
      await installClient(accountant.ctx, { source: createReadStream(clientFile), path: clientFile, open: '1', to: '3', users: ['anna', 'bram'] });
      const installed = await usersOf(accountant, '3');
      const accountantUsers = await usersOf(accountant, '1');
      assert.deepEqual(installed.map((u) => u.user_name), ['anna', 'bram', 'devries', 'jansen', 'petra']);
      const anna = installed.find((u) => u.user_name === 'anna')!;
      assert.equal(anna.password_hash, accountantUsers.find((u) => u.user_name === 'anna')!.password_hash, "anna is the accountant's anna while the accountant works on it");
      const lic = await licencesOf(accountant, '3');
      assert.deepEqual(lic.active, accountantLicence);
      assert.deepEqual(lic.client, clientLicence);
      assert.equal((await showAdministration(accountant.ctx, '3')).licence?.holder, 'Accountants De Vries B.V.');

      await book(accountant, '3', 'CORR-1');
      const handBack = await createBackup(accountant.ctx, { adm: '3', output: join(scratch, 'terug.ebu') });
      assert.deepEqual(handBack.manifest.handBack, { client: 'Bakkerij Jansen B.V.', accountant: 'Accountants De Vries B.V.', removedUsers: ['anna', 'bram', 'devries'] });
      assert.equal(handBack.manifest.licence.holder, 'Bakkerij Jansen B.V.');
      assert.deepEqual(handBack.manifest.users?.map((u) => u.userName), ['anna', 'jansen', 'petra']);

      // The accountant's installed copy keeps working unchanged.
      assert.deepEqual(await usersOf(accountant, '3'), installed);
      assert.deepEqual((await licencesOf(accountant, '3')).active, accountantLicence);

      await restoreBackup(client.ctx, { source: createReadStream(handBack.location), path: handBack.location, to: '3', replace: 3 });
      assert.deepEqual(await usersOf(client, '3'), originalUsers, "exactly the client's own users, with their own password hashes");
      const back = await licencesOf(client, '3');
      assert.deepEqual(back.active, clientLicence);
      assert.equal(back.client, undefined);
      const db = await AdminDb.open(client.engine, (await showAdministration(client.ctx, '3')).database);
      try {
        const r = await db.client.query(`select description from journal_entries where entry_number = 'CORR-1'`);
        assert.deepEqual(r.rows, [{ description: 'Correctie accountant' }], "the accountant's corrections came back");
      } finally {
        await db.close();
      }
    });

    test('a newer backup of the same client over the installed one works the same; as another number it is a second client', async () => {
      await book(client, '3', 'KLANT-2');
      const newer = (await createBackup(client.ctx, { adm: '3', output: join(scratch, 'nieuwer.ebu') })).location;
      await rejectsWithCode(installClient(accountant.ctx, { source: createReadStream(newer), path: newer, open: '1', to: '3', users: ['carla'] }), 'CONFIRMATION_REQUIRED');
      await installClient(accountant.ctx, { source: createReadStream(newer), path: newer, open: '1', to: '3', replace: 3, users: ['carla'] });
      assert.deepEqual((await usersOf(accountant, '3')).map((u) => u.user_name), ['anna', 'carla', 'devries', 'jansen', 'petra']);
      await installClient(accountant.ctx, { source: createReadStream(newer), path: newer, open: '1', to: 'Bakkerij Jansen (2)', allUsers: true });
      const second = await showAdministration(accountant.ctx, 'Bakkerij Jansen (2)');
      assert.notEqual(second.number, '003');
      assert.deepEqual(second.users.map((u) => u.userName), ['anna', 'bram', 'carla', 'devries', 'jansen', 'petra']);
    });

    test('refusals: no E-Accountancy, expired or forged licence, unknown users — and nothing changes', async () => {
      const before = await listAdministrations(accountant.ctx);
      const install = (open: string, users: string[]) => installClient(accountant.ctx, { source: createReadStream(clientFile), path: clientFile, open, to: 'Nooit', users });
      await createAdministration(accountant.ctx, { name: 'Zonder accountancy', number: 9, licence: issueDemoLicence({ holder: 'Gewoon B.V.', registeredUser: 'gewoon' }), users: [user('gewoon', 'administrator')] });
      const err = await rejectsWithCode(install('9', ['gewoon']), 'CLIENT_INSTALL_NOT_LICENSED');
      assert.equal(message(err, 'en'), "Installing a client's database is not possible from administration 009: its licence (Gewoon B.V.) lacks the article E-Accountancy.");
      assert.match(message(err, 'nl'), /heeft het artikel E-Accountancy niet/);
      const unknown = await rejectsWithCode(install('1', ['anna', 'zoltan']), 'USER_NOT_FOUND');
      assert.match(message(unknown, 'en'), /"zoltan"/);
      const db = await AdminDb.open(accountant.engine, (await showAdministration(accountant.ctx, '1')).database);
      try {
        await db.setLicence('active', issueDemoLicence({ ...accountantLicence.licence, validFrom: '2020-01-01', validUntil: '2021-12-31' }));
        await rejectsWithCode(install('1', ['anna']), 'LICENCE_EXPIRED');
        await db.setLicence('active', { ...accountantLicence, licence: { ...accountantLicence.licence, maxUsers: 999 } });
        await rejectsWithCode(install('1', ['anna']), 'LICENCE_SIGNATURE_INVALID');
      } finally {
        await db.setLicence('active', accountantLicence);
        await db.close();
      }
      assert.deepEqual((await listAdministrations(accountant.ctx)).filter((a) => a.number !== '009'), before);
    });

    test('import-client: an administration set up by the accountant hands back with the client\'s licence and user', async () => {
      await createAdministration(accountant.ctx, { name: 'Opgezet voor klant', number: 20, licence: accountantLicence, users: [user('devries', 'administrator'), user('anna', 'accountant')] });
      const missing = await rejectsWithCode(importClientLicence(accountant.ctx, '20', clientLicence), 'CLIENT_USER_MISSING');
      assert.equal(message(missing, 'en'), 'The client licence of Bakkerij Jansen B.V. is refused: its user "jansen" does not exist, or is not active, in administration 020.');
      const db = await AdminDb.open(accountant.engine, (await showAdministration(accountant.ctx, '20')).database);
      await db.client.query(`insert into users (user_name, full_name, role, password_hash) values ('jansen', 'Peter Jansen', 'administrator', 'x')`);
      await db.close();
      const forged = { ...clientLicence, licence: { ...clientLicence.licence, holder: 'Iemand anders' } };
      await rejectsWithCode(importClientLicence(accountant.ctx, '20', forged), 'LICENCE_SIGNATURE_INVALID');
      const r = await importClientLicence(accountant.ctx, '20', clientLicence);
      assert.deepEqual(r.clientUsers, ['jansen']);
      const b = await createBackup(accountant.ctx, { adm: '20', output: join(scratch, 'opgezet.ebu') });
      assert.equal(b.manifest.licence.holder, 'Bakkerij Jansen B.V.');
      assert.deepEqual(b.manifest.users?.map((u) => u.userName), ['jansen']);
      await restoreBackup(client.ctx, { source: createReadStream(b.location), path: b.location, to: 'Van de accountant' });
      assert.deepEqual((await usersOf(client, 'Van de accountant')).map((u) => u.user_name), ['jansen']);
      assert.deepEqual((await licencesOf(client, 'Van de accountant')).active, clientLicence);
    });
  });
}

describe('hand-back property: random client and accountant users', { skip: selectedEngines().length === 0 }, () => {
  const seed = process.env['KLUIS_PROPERTY_SEED'] ?? 'hand-back-1';
  const trials = Number(process.env['KLUIS_PROPERTY_TRIALS'] ?? 6);
  let client: TestContext;
  let accountant: TestContext;
  const scratch = mkdtempSync(join(tmpdir(), 'kluis-prop-'));

  before(async () => {
    const engine = await openTestEngine(selectedEngines()[0]!);
    client = testContext(engine, 'pc');
    accountant = testContext(engine, 'pa');
  });
  after(async () => {
    await client.cleanup();
    await accountant.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  test(`a hand-back never holds an added user and always the client's exact licence and users (seed ${seed}, ${trials} trials)`, async () => {
    const rnd = new SeededRandom(seed);
    const pool = ['anna', 'bram', 'carla', 'daan', 'eva', 'femke', 'gert'];
    const pick = (min: number) => pool.filter(() => rnd.next() < 0.5).concat(pool.slice(0, min)).filter((v, i, a) => a.indexOf(v) === i);
    for (let trial = 1; trial <= trials; trial++) {
      const clientUsers = pick(1);
      const staff = pick(1);
      const chosen = staff.filter(() => rnd.next() < 0.6);
      const cLic = issueDemoLicence({ holder: `Klant ${trial}`, registeredUser: clientUsers[0]!, maxUsers: 20 });
      const aLic = issueDemoLicence({ holder: `Kantoor ${trial}`, registeredUser: staff[0]!, articles: ['E-Accountancy'], maxUsers: 50 });
      const roles: NewUser['role'][] = ['administrator', 'accountant', 'bookkeeper', 'viewer'];
      await createAdministration(client.ctx, { name: `Klant ${trial}`, number: trial, licence: cLic, users: clientUsers.map((u) => user(u, roles[rnd.int(0, 3)])) });
      await createAdministration(accountant.ctx, { name: `Kantoor ${trial}`, number: 100 + trial, licence: aLic, users: staff.map((u) => user(u, roles[rnd.int(0, 3)])) });
      const before = await usersOf(client, String(trial));
      const file = (await createBackup(client.ctx, { adm: String(trial), output: join(scratch, `c${trial}.ebu`) })).location;
      await installClient(accountant.ctx, { source: createReadStream(file), path: file, open: String(100 + trial), to: String(trial), users: chosen });
      const back = await createBackup(accountant.ctx, { adm: String(trial), output: join(scratch, `b${trial}.ebu`) });
      await restoreBackup(client.ctx, { source: createReadStream(back.location), path: back.location, to: String(trial), replace: trial });
      const after = await usersOf(client, String(trial));
      const context = `trial ${trial}: client ${clientUsers}, staff ${staff}, chosen ${chosen}`;
      assert.deepEqual(after, before, context);
      const added = (await usersOf(accountant, String(100 + trial))).filter((u) => [...chosen, staff[0]].includes(u.user_name));
      for (const a of added) assert.ok(!after.some((u) => u.password_hash === a.password_hash), `${context}: added user ${a.user_name} must not be in the hand-back`);
      assert.deepEqual((await licencesOf(client, String(trial))).active, cLic, context);
    }
  });
});
