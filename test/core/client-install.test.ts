/**
 * The accountant's round trip (the heart of the source document): a client
 * backs up; the accountant installs it under the accountant's licence with
 * some staff; books corrections; backs up; the client restores the hand-back
 * and has the corrections, its own licence and users, and none of the
 * accountant's. The client and the accountant are two kluis installations
 * (own home and system database) on the same server.
 */
import assert from 'node:assert/strict';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SeededRandom } from '../../src/core/generator/random.js';
import {
  copyAdministration,
  createAdministration,
  createBackup,
  generateAdministration,
  type InstallPlan,
  importClientLicence,
  installClient,
  issueDemoLicence,
  listAdministrations,
  planBackup,
  restoreBackup,
  showAdministration,
} from '../../src/core/index.js';
import { AdminDb, type LicenceDocument, type NewUser } from '../../src/core/testing.js';
import { decompressBlock } from '../../src/format/codec.js';
import { Codec } from '../../src/format/constants.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { putTogether, takeApart } from '../helpers/ebu-surgery.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';

const password = 'een-goed-wachtwoord';
const clientLicence = issueDemoLicence({
  holder: 'Bakkerij Jansen B.V.',
  registeredUser: 'jansen',
  articles: ['Base'],
});
const accountantLicence = issueDemoLicence({
  holder: 'Accountants De Vries B.V.',
  registeredUser: 'devries',
  articles: ['Base', 'E-Accountancy'],
  maxUsers: 50,
});
const user = (userName: string, role: NewUser['role'] = 'bookkeeper'): NewUser => ({
  userName,
  fullName: userName.toUpperCase(),
  role,
  password: `${password}-${userName}`,
});

interface UserRow {
  user_name: string;
  role: string;
  password_hash: string;
  active: boolean;
}

async function usersOf(t: TestContext, ref: string): Promise<UserRow[]> {
  const db = await AdminDb.open(t.engine, (await showAdministration(t.ctx, ref)).database);
  try {
    return (
      await db.client.query<UserRow>('select user_name, role, password_hash, active from users order by user_name')
    ).rows;
  } finally {
    await db.close();
  }
}

async function licencesOf(
  t: TestContext,
  ref: string,
): Promise<{ active?: LicenceDocument; client?: LicenceDocument }> {
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
    const e = await c.query(
      `insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, description, created_by) values ('MEM', $1, '2026-12-31', 2026, 'Correctie accountant', 'anna') returning id`,
      [number],
    );
    await c.query(
      `insert into journal_lines (entry_id, line_no, account_code, debit, credit) values ($1, 1, '4600', 350, 0), ($1, 2, '1600', 0, 350)`,
      [e.rows[0].id],
    );
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
        users: [
          user('devries', 'administrator'),
          user('anna', 'accountant'),
          user('bram', 'accountant'),
          user('carla'),
        ],
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
      const plan = (await installClient(accountant.ctx, {
        source: createReadStream(clientFile),
        path: clientFile,
        open: '1',
        to: 'Bakkerij Jansen',
        users: ['anna', 'bram'],
        dryRun: true,
        onPlan: (p) => void plans.push(p),
      })) as InstallPlan;
      assert.equal(plans.length, 1);
      assert.equal(plan.activeLicence.holder, 'Accountants De Vries B.V.');
      assert.equal(plan.clientLicence.holder, 'Bakkerij Jansen B.V.');
      assert.deepEqual(plan.addedUsers.map((u) => u.userName).sort(), ['anna', 'bram', 'devries']);
      assert.deepEqual(plan.clientUsersStaying, ['jansen', 'petra']);
      assert.deepEqual(plan.clientUsersSetAside, ['anna']);
      assert.deepEqual(plan.warnings, [], 'no "did you mean client install" warning: this is it');
      assert.deepEqual(
        (await listAdministrations(accountant.ctx)).map((a) => a.number),
        ['001'],
      );
    });

    test('the full round trip: install with two of three staff, book, back up, the client restores', async () => {
      await installClient(accountant.ctx, {
        source: createReadStream(clientFile),
        path: clientFile,
        open: '1',
        to: '3',
        users: ['anna', 'bram'],
      });
      const installed = await usersOf(accountant, '3');
      const accountantUsers = await usersOf(accountant, '1');
      assert.deepEqual(
        installed.map((u) => u.user_name),
        ['anna', 'bram', 'devries', 'jansen', 'petra'],
      );
      const anna = installed.find((u) => u.user_name === 'anna')!;
      assert.equal(
        anna.password_hash,
        accountantUsers.find((u) => u.user_name === 'anna')!.password_hash,
        "anna is the accountant's anna while the accountant works on it",
      );
      const lic = await licencesOf(accountant, '3');
      assert.deepEqual(lic.active, accountantLicence);
      assert.deepEqual(lic.client, clientLicence);
      assert.equal((await showAdministration(accountant.ctx, '3')).licence?.holder, 'Accountants De Vries B.V.');

      await book(accountant, '3', 'CORR-1');
      const handBack = await createBackup(accountant.ctx, { adm: '3', output: join(scratch, 'terug.ebu') });
      assert.deepEqual(handBack.manifest.handBack, {
        client: 'Bakkerij Jansen B.V.',
        accountant: 'Accountants De Vries B.V.',
        removedUsers: ['anna', 'bram', 'devries'],
      });
      assert.equal(handBack.manifest.licence.holder, 'Bakkerij Jansen B.V.');
      assert.deepEqual(
        handBack.manifest.users?.map((u) => u.userName),
        ['anna', 'jansen', 'petra'],
      );

      // The accountant's installed copy keeps working unchanged.
      assert.deepEqual(await usersOf(accountant, '3'), installed);
      assert.deepEqual((await licencesOf(accountant, '3')).active, accountantLicence);

      await restoreBackup(client.ctx, {
        source: createReadStream(handBack.location),
        path: handBack.location,
        to: '3',
        replace: 3,
      });
      assert.deepEqual(
        await usersOf(client, '3'),
        originalUsers,
        "exactly the client's own users, with their own password hashes",
      );
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
      await rejectsWithCode(
        installClient(accountant.ctx, {
          source: createReadStream(newer),
          path: newer,
          open: '1',
          to: '3',
          users: ['carla'],
        }),
        'CONFIRMATION_REQUIRED',
      );
      await installClient(accountant.ctx, {
        source: createReadStream(newer),
        path: newer,
        open: '1',
        to: '3',
        replace: 3,
        users: ['carla'],
      });
      assert.deepEqual(
        (await usersOf(accountant, '3')).map((u) => u.user_name),
        ['anna', 'carla', 'devries', 'jansen', 'petra'],
      );
      await installClient(accountant.ctx, {
        source: createReadStream(newer),
        path: newer,
        open: '1',
        to: 'Bakkerij Jansen (2)',
        allUsers: true,
      });
      const second = await showAdministration(accountant.ctx, 'Bakkerij Jansen (2)');
      assert.notEqual(second.number, '003');
      assert.deepEqual(
        second.users.map((u) => u.userName),
        ['anna', 'bram', 'carla', 'devries', 'jansen', 'petra'],
      );
    });

    test('refusals: no E-Accountancy, expired or forged licence, unknown users — and nothing changes', async () => {
      const before = await listAdministrations(accountant.ctx);
      const install = (open: string, users: string[]) =>
        installClient(accountant.ctx, {
          source: createReadStream(clientFile),
          path: clientFile,
          open,
          to: 'Nooit',
          users,
        });
      await createAdministration(accountant.ctx, {
        name: 'Zonder accountancy',
        number: 9,
        licence: issueDemoLicence({ holder: 'Gewoon B.V.', registeredUser: 'gewoon' }),
        users: [user('gewoon', 'administrator')],
      });
      const err = await rejectsWithCode(install('9', ['gewoon']), 'CLIENT_INSTALL_NOT_LICENSED');
      assert.equal(
        message(err, 'en'),
        "Installing a client's database is not possible from administration 009: its licence (Gewoon B.V.) lacks the article E-Accountancy.",
      );
      assert.match(message(err, 'nl'), /heeft het artikel E-Accountancy niet/);
      const unknown = await rejectsWithCode(install('1', ['anna', 'zoltan']), 'USER_NOT_FOUND');
      assert.match(message(unknown, 'en'), /"zoltan"/);
      const db = await AdminDb.open(accountant.engine, (await showAdministration(accountant.ctx, '1')).database);
      try {
        await db.setLicence(
          'active',
          issueDemoLicence({ ...accountantLicence.licence, validFrom: '2020-01-01', validUntil: '2021-12-31' }),
        );
        await rejectsWithCode(install('1', ['anna']), 'LICENCE_EXPIRED');
        await db.setLicence('active', {
          ...accountantLicence,
          licence: { ...accountantLicence.licence, maxUsers: 999 },
        });
        await rejectsWithCode(install('1', ['anna']), 'LICENCE_SIGNATURE_INVALID');
      } finally {
        await db.setLicence('active', accountantLicence);
        await db.close();
      }
      assert.deepEqual(
        (await listAdministrations(accountant.ctx)).filter((a) => a.number !== '009'),
        before,
      );
    });

    test("import-client: an administration set up by the accountant hands back with the client's licence and user", async () => {
      await createAdministration(accountant.ctx, {
        name: 'Opgezet voor klant',
        number: 20,
        licence: accountantLicence,
        users: [user('devries', 'administrator'), user('anna', 'accountant')],
      });
      const missing = await rejectsWithCode(
        importClientLicence(accountant.ctx, '20', clientLicence),
        'CLIENT_USER_MISSING',
      );
      assert.equal(
        message(missing, 'en'),
        'The client licence of Bakkerij Jansen B.V. is refused: its user "jansen" does not exist, or is not active, in administration 020.',
      );
      const db = await AdminDb.open(accountant.engine, (await showAdministration(accountant.ctx, '20')).database);
      await db.client.query(
        `insert into users (user_name, full_name, role, password_hash) values ('jansen', 'Peter Jansen', 'administrator', 'x')`,
      );
      await db.close();
      const forged = { ...clientLicence, licence: { ...clientLicence.licence, holder: 'Iemand anders' } };
      await rejectsWithCode(importClientLicence(accountant.ctx, '20', forged), 'LICENCE_SIGNATURE_INVALID');
      const r = await importClientLicence(accountant.ctx, '20', clientLicence);
      assert.deepEqual(r.clientUsers, ['jansen']);
      const b = await createBackup(accountant.ctx, { adm: '20', output: join(scratch, 'opgezet.ebu') });
      assert.equal(b.manifest.licence.holder, 'Bakkerij Jansen B.V.');
      assert.deepEqual(
        b.manifest.users?.map((u) => u.userName),
        ['jansen'],
      );
      await restoreBackup(client.ctx, {
        source: createReadStream(b.location),
        path: b.location,
        to: 'Van de accountant',
      });
      assert.deepEqual(
        (await usersOf(client, 'Van de accountant')).map((u) => u.user_name),
        ['jansen'],
      );
      assert.deepEqual((await licencesOf(client, 'Van de accountant')).active, clientLicence);
    });

    // Which licence may take effect is decided by kluis before any data moves, the same on every engine: this
    // walk through every place a swapped licence could take effect runs on the first engine.
    test('a client licence swapped between administrations is refused wherever it would take effect', {
      skip: kind !== selectedEngines()[0] && 'decided before the engine is involved; runs on the first engine',
    }, async () => {
      const pietLicence = issueDemoLicence({ holder: 'Garage Pietersen', registeredUser: 'piet' });
      await createAdministration(client.ctx, {
        name: 'Garage Pietersen',
        number: 4,
        licence: pietLicence,
        users: [user('piet', 'administrator')],
      });
      const pietFile = (await createBackup(client.ctx, { adm: '4', output: join(scratch, 'piet.ebu') })).location;
      await installClient(accountant.ctx, {
        source: createReadStream(pietFile),
        path: pietFile,
        open: '1',
        to: '4',
        users: ['anna'],
      });
      const jansenId = (await showAdministration(accountant.ctx, '3')).identity;
      const pietersenId = (await showAdministration(accountant.ctx, '4')).identity;

      // Through kluis: another client's licence cannot replace this client's; a renewal can.
      const other = await rejectsWithCode(
        importClientLicence(accountant.ctx, '4', clientLicence),
        'CLIENT_LICENCE_OTHER_CLIENT',
      );
      assert.equal(
        message(other, 'en'),
        'Administration 004 belongs to client Garage Pietersen; the licence of Bakkerij Jansen B.V. cannot replace theirs.',
      );
      assert.match(message(other, 'nl'), /hoort bij klant Garage Pietersen/);
      assert.deepEqual((await licencesOf(accountant, '4')).client, pietLicence);
      const renewed = issueDemoLicence({ ...pietLicence.licence, validUntil: '2099-12-31' });
      await importClientLicence(accountant.ctx, '4', renewed);
      assert.deepEqual((await licencesOf(accountant, '4')).client, renewed);

      // By hand (SQL, another tool): Jansen's remembered licence row moved onto Pietersen's books.
      const db4 = await AdminDb.open(accountant.engine, (await showAdministration(accountant.ctx, '4')).database);
      try {
        await db4.client.query(`update licences set document = $1, administration = $2 where role = 'client'`, [
          JSON.stringify(clientLicence),
          jansenId,
        ]);
        const swapped = await rejectsWithCode(
          createBackup(accountant.ctx, { adm: '4', output: join(scratch, 'verwisseld.ebu') }),
          'CLIENT_LICENCE_SWAPPED',
        );
        assert.match(
          message(swapped, 'en'),
          new RegExp(
            `^Administration 004 holds the client licence of Bakkerij Jansen B.V., but that licence belongs to another administration \\(${jansenId}\\)`,
          ),
        );
        assert.ok(!existsSync(join(scratch, 'verwisseld.ebu')), 'no file written');
        await rejectsWithCode(planBackup(accountant.ctx, { adm: '4' }), 'CLIENT_LICENCE_SWAPPED');
        // Undone with the client's own licence: replacing a licence bound elsewhere is allowed.
        await importClientLicence(accountant.ctx, '4', pietLicence);
        assert.equal(
          (await db4.client.query(`select administration from licences where role = 'client'`)).rows[0].administration,
          pietersenId,
        );
      } finally {
        await db4.close();
      }
      const handBack = await createBackup(accountant.ctx, { adm: '4', output: join(scratch, 'piet-terug.ebu') });
      assert.equal(handBack.manifest.licence.holder, 'Garage Pietersen');

      // A copy of an installed administration is a new administration, and its client licence goes with it.
      const copy = await copyAdministration(accountant.ctx, { adm: '4', to: 'Garage Pietersen (kopie)' });
      assert.equal(
        (await createBackup(accountant.ctx, { adm: String(copy.number), output: join(scratch, 'kopie.ebu') })).manifest
          .licence.holder,
        'Garage Pietersen',
      );

      // In a file: a manifest that names another licence than the data holds, or a licence bound to other books.
      const before = await listAdministrations(client.ctx);
      const forged = takeApart(readFileSync(handBack.location));
      const manifest = forged.frames[0]!;
      const m = JSON.parse(decompressBlock(manifest.codec, manifest.payload, manifest.rawLength).toString('utf8'));
      m.licence = { ...m.licence, number: clientLicence.licence.number, holder: clientLicence.licence.holder };
      manifest.payload = Buffer.from(JSON.stringify(m));
      manifest.codec = Codec.stored;
      manifest.rawLength = manifest.payload.length;
      const forgedFile = join(scratch, 'vervalst.ebu');
      writeFileSync(forgedFile, putTogether(forged));
      const lies = await rejectsWithCode(
        restoreBackup(client.ctx, { source: createReadStream(forgedFile), path: forgedFile, to: 'Vervalst' }),
        'RESTORE_CHECK_FAILED',
      );
      assert.match(message(lies, 'en'), /the licence in the data is not the one the backup names/);
      const dbc = await AdminDb.open(client.engine, (await showAdministration(client.ctx, '4')).database);
      try {
        await dbc.client.query(`update licences set administration = $1`, [jansenId]);
      } finally {
        await dbc.close();
      }
      const bound = (await createBackup(client.ctx, { adm: '4', output: join(scratch, 'gebonden.ebu') })).location;
      const elsewhere = await rejectsWithCode(
        installClient(accountant.ctx, {
          source: createReadStream(bound),
          path: bound,
          open: '1',
          to: 'Gebonden',
          users: ['anna'],
        }),
        'RESTORE_CHECK_FAILED',
      );
      assert.match(
        message(elsewhere, 'en'),
        new RegExp(`the licence of Garage Pietersen belongs to another administration \\(${jansenId}\\)`),
      );
      await rejectsWithCode(
        restoreBackup(client.ctx, { source: createReadStream(bound), path: bound, to: 'Gebonden' }),
        'RESTORE_CHECK_FAILED',
      );
      assert.deepEqual(await listAdministrations(client.ctx), before, 'nothing restored');
      assert.ok(!(await listAdministrations(accountant.ctx)).some((a) => a.name === 'Gebonden'));
    });
  });
}

describe('hand-back property: random client and accountant users, whatever their names', {
  skip: selectedEngines().length === 0,
}, () => {
  // A seed that moves between runs (printed in the test's name; KLUIS_PROPERTY_SEED repeats it), so that each run
  // tries other users: three trials a run, more with KLUIS_PROPERTY_TRIALS.
  const seed = process.env['KLUIS_PROPERTY_SEED'] ?? `hand-back-${Date.now() % 1_000_000}`;
  const trials = Number(process.env['KLUIS_PROPERTY_TRIALS'] ?? 3);
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
    // Any name a user may have: both alphabets' edges, the longest allowed, and random ones.
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789._-';
    const randomName = () =>
      rnd.pick([...alphabet.slice(0, 36)]) +
      Array.from({ length: rnd.int(0, 39) }, () => rnd.pick([...alphabet])).join('');
    const pool = [
      'anna',
      '0',
      'a.b-c_d',
      'z'.repeat(40),
      'admin',
      'postgres',
      'kluis',
      randomName(),
      randomName(),
      randomName(),
    ];
    const pick = (min: number) =>
      pool
        .filter(() => rnd.next() < 0.5)
        .concat(pool.slice(0, min))
        .filter((v, i, a) => a.indexOf(v) === i);
    for (let trial = 1; trial <= trials; trial++) {
      const clientUsers = pick(1);
      const staff = pick(1);
      const chosen = staff.filter(() => rnd.next() < 0.6);
      const cLic = issueDemoLicence({ holder: `Klant ${trial}`, registeredUser: clientUsers[0]!, maxUsers: 20 });
      const aLic = issueDemoLicence({
        holder: `Kantoor ${trial}`,
        registeredUser: staff[0]!,
        articles: ['E-Accountancy'],
        maxUsers: 50,
      });
      const roles: NewUser['role'][] = ['administrator', 'accountant', 'bookkeeper', 'viewer'];
      await createAdministration(client.ctx, {
        name: `Klant ${trial}`,
        number: trial,
        licence: cLic,
        users: clientUsers.map((u) => user(u, roles[rnd.int(0, 3)])),
      });
      await createAdministration(accountant.ctx, {
        name: `Kantoor ${trial}`,
        number: 100 + trial,
        licence: aLic,
        users: staff.map((u) => user(u, roles[rnd.int(0, 3)])),
      });
      const before = await usersOf(client, String(trial));
      const file = (await createBackup(client.ctx, { adm: String(trial), output: join(scratch, `c${trial}.ebu`) }))
        .location;
      await installClient(accountant.ctx, {
        source: createReadStream(file),
        path: file,
        open: String(100 + trial),
        to: String(trial),
        users: chosen,
      });
      const back = await createBackup(accountant.ctx, { adm: String(trial), output: join(scratch, `b${trial}.ebu`) });
      await restoreBackup(client.ctx, {
        source: createReadStream(back.location),
        path: back.location,
        to: String(trial),
        replace: trial,
      });
      const after = await usersOf(client, String(trial));
      const context = `trial ${trial}: client ${clientUsers}, staff ${staff}, chosen ${chosen}`;
      assert.deepEqual(after, before, context);
      const added = (await usersOf(accountant, String(100 + trial))).filter((u) =>
        [...chosen, staff[0]].includes(u.user_name),
      );
      for (const a of added)
        assert.ok(
          !after.some((u) => u.password_hash === a.password_hash),
          `${context}: added user ${a.user_name} must not be in the hand-back`,
        );
      assert.deepEqual((await licencesOf(client, String(trial))).active, cLic, context);
    }
  });
});
