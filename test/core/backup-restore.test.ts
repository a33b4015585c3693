/**
 * Backup and restore with real servers and real files: round trips on each
 * engine and across them (PostgreSQL 18 embedded ⇄ the server), a backup
 * taken while a writer keeps booking, refusals that leave the target as it
 * was, encryption, and the history.
 */
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  backupHistory,
  createBackup,
  deleteAdministration,
  generateAdministration,
  generateKeyPair,
  inspectBackup,
  issueDemoLicence,
  type RestoreResult,
  restoreBackup,
  showAdministration,
  verifyBackup,
} from '../../src/core/index.js';
import { AdminDb } from '../../src/core/testing.js';
import type { ErrorCode } from '../../src/errors/index.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { tableDigests } from '../helpers/digest.js';
import { type EngineName, openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';

const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant', articles: ['Base'] });
const users = [
  { userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' },
];
const size = { entries: 800, documents: 30, attachmentBytes: 8_192 };

async function digestOf(t: TestContext, ref: string): Promise<Record<string, string>> {
  const d = await showAdministration(t.ctx, ref);
  const db = await AdminDb.open(t.engine, d.database);
  try {
    const all = await tableDigests(db.client);
    // settings carries the number and name the administration has here; compare it apart.
    delete all['settings'];
    return all;
  } finally {
    await db.close();
  }
}

const contexts = new Map<EngineName, TestContext>();
const scratch = mkdtempSync(join(tmpdir(), 'kluis-br-'));

before(async () => {
  for (const kind of selectedEngines()) {
    const t = testContext(await openTestEngine(kind), 'br');
    contexts.set(kind, t);
    await generateAdministration(t.ctx, {
      name: 'Bron',
      number: 1,
      size,
      seed: 'backup-test',
      licence,
      users,
      fiscalYears: [2025, 2026],
    });
  }
});
after(async () => {
  for (const t of contexts.values()) await t.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

for (const kind of selectedEngines()) {
  describe(`backup and restore on ${kind}`, () => {
    const t = () => contexts.get(kind)!;
    let file: string;

    test('backup writes the standard name into the backup folder, atomically, and records history', async () => {
      const events: number[] = [];
      const r = await createBackup(t().ctx, { adm: 'Bron', onProgress: (e) => events.push(e.done) });
      file = r.location;
      const major = (await t().engine.serverVersion()).major;
      assert.match(file, new RegExp(`/backups/\\d{8}-\\d+\\.\\d+\\.\\d+-PG${major}-Bron\\.ebu$`));
      assert.equal(statSync(file).size, r.sizeBytes);
      assert.deepEqual(
        readdirSync(join(t().ctx.home, 'backups')).filter((f) => f.includes('partial')),
        [],
      );
      assert.ok(events.length > 0 && events.every((d, i) => i === 0 || d >= events[i - 1]!), 'progress only goes up');
      assert.equal(r.manifest.counts.transactions, r.footer.tables.find((x) => x.name === 'journal_lines')!.rows);
      const { entries } = await backupHistory(t().ctx);
      assert.equal(entries[0]!.nr, 1);
      assert.equal(entries[0]!.location, file);
      assert.equal(entries[0]!.sizeBytes, r.sizeBytes);
      assert.equal(entries[0]!.transactions, r.manifest.counts.transactions);
    });

    test('verify reads every byte; inspect shows the manifest and per-table figures without restoring', async () => {
      const v = await verifyBackup(createReadStream(file), file);
      assert.equal(v.bytes, statSync(file).size);
      const i = await inspectBackup(createReadStream(file), file);
      assert.equal(i.manifest.administration.name, 'Bron');
      assert.equal(i.manifest.licence.holder, 'Klant B.V.');
      assert.deepEqual(
        i.footer?.tables.map((x) => x.rows),
        v.footer.tables.map((x) => x.rows),
      );
    });

    test('restore to a name makes a new administration whose every table equals the source', async () => {
      // Each connection costs the server a backend: the finish works on the connections the load opened.
      const engine = t().ctx.engine;
      const connect = engine.connect.bind(engine);
      let staging = 0;
      engine.connect = (database, options) => {
        if (database.includes('_stage_')) staging++;
        return connect(database, options);
      };
      let r: RestoreResult;
      try {
        r = (await restoreBackup(t().ctx, {
          source: createReadStream(file),
          path: file,
          to: 'Hersteld',
        })) as RestoreResult;
      } finally {
        engine.connect = connect;
      }
      assert.ok(staging <= 5, `${staging} connections to the staging database: 3 loaders and 2 index builds at most`);
      assert.equal(r.number, 2);
      assert.deepEqual(await digestOf(t(), 'Hersteld'), await digestOf(t(), 'Bron'));
      const shown = await showAdministration(t().ctx, 'Hersteld');
      assert.equal(shown.identity, r.manifest.administration.identity, 'the identity is kept');
      assert.deepEqual(shown.counts, r.manifest.counts);
      // A server without lz4 loads the binary columns uncompressed: their storage is set back afterwards.
      assert.deepEqual(await columnStorage(t(), 'Hersteld'), await columnStorage(t(), 'Bron'));
    });

    test('overwriting needs the number repeated, and is refused while someone is connected', async () => {
      const before = await digestOf(t(), 'Hersteld');
      const err = await rejectsWithCode(
        restoreBackup(t().ctx, { source: createReadStream(file), path: file, to: '2' }),
        'CONFIRMATION_REQUIRED',
      );
      assert.match(
        message(err, 'en'),
        /^Restoring over administration 002 "Hersteld" \(\d{1,3},\d{3} transactions and \d+ documents will be lost\) needs confirmation\.$/,
      );
      // What will be lost is counted as the reader writes numbers: 3.212 in Dutch, not 3212.
      assert.ok((await showAdministration(t().ctx, 'Hersteld')).counts.transactions >= 1000);
      assert.match(
        message(err, 'nl'),
        /^Terugzetten over administratie 002 "Hersteld" \(\d{1,3}\.\d{3} transacties, \d+ documenten gaan verloren\)/,
      );
      // Another number is a wrong answer, not a question still to ask (issue 18).
      const wrong = await rejectsWithCode(
        restoreBackup(t().ctx, { source: createReadStream(file), path: file, to: '2', replace: 3 }),
        'CONFIRMATION_MISMATCH',
      );
      assert.equal(message(wrong, 'en'), 'Type exactly "002" to confirm; nothing was changed.');
      const user = await t().engine.connect((await showAdministration(t().ctx, '2')).database);
      try {
        await rejectsWithCode(
          restoreBackup(t().ctx, { source: createReadStream(file), path: file, to: '2', replace: 2 }),
          'ADMIN_HAS_CONNECTIONS',
        );
      } finally {
        await user.end();
      }
      assert.deepEqual(await digestOf(t(), 'Hersteld'), before);
      const r = (await restoreBackup(t().ctx, {
        source: createReadStream(file),
        path: file,
        to: '2',
        replace: 2,
      })) as RestoreResult;
      assert.equal(r.overwrites?.name, 'Hersteld');
      assert.deepEqual(await digestOf(t(), '2'), await digestOf(t(), 'Bron'));
      assert.deepEqual(await leftovers(t()), [], 'no staging or old database remains');
    });

    test('a damaged file is refused with its own error and the target stays exactly as it was', async () => {
      const good = readFileSync(file);
      const before = await digestOf(t(), '2');
      const cases: Array<[string, Buffer, ErrorCode]> = [
        ['flipped byte in the data', flip(good, Math.floor(good.length / 2)), 'BACKUP_DAMAGED'],
        ['truncated', good.subarray(0, good.length - 100), 'BACKUP_TRUNCATED'],
        ['cut inside a block', good.subarray(0, Math.floor(good.length * 0.7)), 'BACKUP_TRUNCATED'],
        ['unknown format version', withVersion(good, 9), 'BACKUP_UNSUPPORTED_VERSION'],
        ['not a backup at all', Buffer.from('PK\x03\x04 this is a zip file'), 'BACKUP_NOT_EBU'],
        ['bytes after the end', Buffer.concat([good, Buffer.from('x')]), 'BACKUP_DAMAGED'],
      ];
      for (const [label, bytes, code] of cases) {
        const err = await rejectsWithCode(
          restoreBackup(t().ctx, { source: Readable.from([bytes]), path: label, to: '2', replace: 2 }),
          code,
        );
        assert.match(
          message(err, 'nl'),
          new RegExp(label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
          `${label}: the message names the file`,
        );
      }
      assert.deepEqual(await digestOf(t(), '2'), before);
      assert.deepEqual(await leftovers(t()), []);
      const err = await rejectsWithCode(
        restoreBackup(t().ctx, { source: Readable.from([withVersion(good, 9)]), path: 'x.ebu', to: 'Nieuw' }),
        'BACKUP_UNSUPPORTED_VERSION',
      );
      assert.equal(message(err, 'en'), 'Backup "x.ebu" has file format version 9; this kluis reads version 1.');
      await rejectsWithCode(showAdministration(t().ctx, 'Nieuw'), 'ADMIN_NOT_FOUND');
    });

    test('books that do not balance are refused once loaded, and the target stays exactly as it was', async () => {
      // A backup of a database whose checks were bypassed (triggers off): the file itself is sound.
      const skewed = (await restoreBackup(t().ctx, {
        source: createReadStream(file),
        path: file,
        to: 'Scheef',
      })) as RestoreResult;
      const db = await AdminDb.open(t().engine, (await showAdministration(t().ctx, 'Scheef')).database);
      try {
        await db.client.query(`set session_replication_role = replica`);
        await db.client.query(
          `update journal_lines set debit = debit + 1 where id = (select min(id) from journal_lines where debit > 0)`,
        );
      } finally {
        await db.close();
      }
      const bad = await createBackup(t().ctx, { adm: 'Scheef', output: join(scratch, `scheef-${kind}.ebu`) });
      await deleteAdministration(t().ctx, 'Scheef', skewed.number);
      const before = await digestOf(t(), '2');
      const err = await rejectsWithCode(
        restoreBackup(t().ctx, { source: createReadStream(bad.location), path: bad.location, to: '2', replace: 2 }),
        'RESTORE_CHECK_FAILED',
      );
      assert.match(message(err, 'en'), /entry \d+ does not balance/);
      assert.match(message(err, 'nl'), /boeking \d+ is niet in balans/);
      assert.deepEqual(await digestOf(t(), '2'), before);
      assert.deepEqual(await leftovers(t()), [], 'no staging database remains');
    });

    test('a name made of path parts names a file inside the backup folder, never a path', async () => {
      const name = `../../Buiten/..\\x:y*?`;
      const r = (await restoreBackup(t().ctx, {
        source: createReadStream(file),
        path: file,
        to: name,
      })) as RestoreResult;
      try {
        const b = await createBackup(t().ctx, { adm: name });
        assert.equal(join(b.location, '..'), join(t().ctx.home, 'backups'), b.location);
        assert.match(b.location.split('/').pop()!, /^\d{8}-\d+\.\d+\.\d+-PG\d+-\.\._\.\._Buiten_\.\._x_y__\.ebu$/);
        rmSync(b.location);
      } finally {
        await deleteAdministration(t().ctx, String(r.number), r.number);
      }
    });

    test('encrypted with a passphrase: wrong or missing passphrase refused, right one restores', async () => {
      const out = join(scratch, `${kind}-pass.ebu`);
      await createBackup(t().ctx, {
        adm: 'Bron',
        output: out,
        encryption: { passphrase: 'correct paard batterij' },
        scryptWorkFactor: 10,
      });
      const i = await inspectBackup(createReadStream(out), out, { passphrase: 'correct paard batterij' });
      assert.deepEqual(i.manifest.encryption, { scheme: 'age', recipients: ['scrypt'] });
      await rejectsWithCode(verifyBackup(createReadStream(out), out), 'BACKUP_KEY_REQUIRED');
      const err = await rejectsWithCode(
        verifyBackup(createReadStream(out), out, { passphrase: 'fout' }),
        'BACKUP_WRONG_PASSPHRASE',
      );
      assert.equal(message(err, 'en'), `The passphrase for backup "${out}" is wrong.`);
      const altered = flip(readFileSync(out), statSync(out).size - 40);
      await rejectsWithCode(
        verifyBackup(Readable.from([altered]), 'altered', { passphrase: 'correct paard batterij' }),
        'BACKUP_DAMAGED',
      );
      await restoreBackup(t().ctx, {
        source: createReadStream(out),
        path: out,
        to: 'Versleuteld',
        keys: { passphrase: 'correct paard batterij' },
      });
      assert.deepEqual(await digestOf(t(), 'Versleuteld'), await digestOf(t(), 'Bron'));
    });

    test('encrypted for a recipient: only that key opens it', async () => {
      const accountant = await generateKeyPair();
      const stranger = await generateKeyPair();
      const out = join(scratch, `${kind}-key.ebu`);
      await createBackup(t().ctx, { adm: 'Bron', output: out, encryption: { recipients: [accountant.recipient] } });
      await rejectsWithCode(
        verifyBackup(createReadStream(out), out, { identities: [stranger.identity] }),
        'BACKUP_NOT_RECIPIENT',
      );
      await rejectsWithCode(verifyBackup(createReadStream(out), out, { passphrase: 'x' }), 'BACKUP_WRONG_KEY_KIND');
      const v = await verifyBackup(createReadStream(out), out, { identities: [accountant.identity] });
      assert.equal(v.manifest.administration.name, 'Bron');
    });

    test("the plan calls out someone else's licence and a different administration, and a dry run changes nothing", async () => {
      const { installDefaultLicence } = await import('../../src/core/index.js');
      installDefaultLicence(
        t().ctx,
        issueDemoLicence({
          holder: 'Accountantskantoor B.V.',
          registeredUser: 'eva',
          articles: ['Base', 'E-Accountancy'],
        }),
      );
      const other = await generateAdministration(t().ctx, {
        name: 'Ander',
        size: { entries: 10, documents: 0, attachmentBytes: 0 },
        seed: 'ander',
        licence,
        users,
      });
      const before = await digestOf(t(), String(other.number));
      const plans: Array<{ warnings: readonly { code: string }[] }> = [];
      const plan = await restoreBackup(t().ctx, {
        source: createReadStream(file),
        path: file,
        to: String(other.number),
        replace: other.number,
        dryRun: true,
        onPlan: (p) => void plans.push(p),
      });
      assert.deepEqual(plans[0]!.warnings.map((w) => w.code).sort(), ['DIFFERENT_IDENTITY', 'FOREIGN_LICENCE']);
      assert.equal(plan.overwrites?.name, 'Ander');
      assert.ok(!('footer' in plan), 'a dry run only plans');
      assert.deepEqual(await digestOf(t(), String(other.number)), before);
      rmSync(t().ctx.paths.licenceFile);
      // Without a default licence, the administrations' licences stand in: all are Klant B.V.'s here, so no warning.
      const again: Array<{ warnings: readonly { code: string }[] }> = [];
      await restoreBackup(t().ctx, {
        source: createReadStream(file),
        path: file,
        to: 'Nog een',
        dryRun: true,
        onPlan: (p) => void again.push(p),
      });
      assert.deepEqual(again[0]!.warnings, []);
    });

    test('an existing output file is not overwritten; a missing folder is a clear error', async () => {
      const out = join(scratch, `${kind}-exists.ebu`);
      writeFileSync(out, 'keep me');
      await rejectsWithCode(createBackup(t().ctx, { adm: 'Bron', output: out }), 'BACKUP_FILE_EXISTS');
      assert.equal(readFileSync(out, 'utf8'), 'keep me');
      await rejectsWithCode(
        createBackup(t().ctx, { adm: 'Bron', output: join(scratch, 'no-such-dir', 'x.ebu') }),
        'DIRECTORY_MISSING',
      );
    });
  });
}

describe('backups across engines', { skip: selectedEngines().length < 2 }, () => {
  test('embedded (PostgreSQL 18) → server and server → embedded restore identical tables', async () => {
    const embedded = contexts.get('embedded')!;
    const server = contexts.get('server')!;
    for (const [from, to, name] of [
      [embedded, server, 'Van embedded'],
      [server, embedded, 'Van server'],
    ] as const) {
      const b = await createBackup(from.ctx, { adm: 'Bron', output: join(scratch, `${name}.ebu`) });
      await restoreBackup(to.ctx, { source: createReadStream(b.location), path: b.location, to: name });
      assert.deepEqual(await digestOf(to, name), await digestOf(from, 'Bron'), name);
    }
  });
});

describe('a backup while users keep booking', {
  skip: !selectedEngines().includes('server') && !selectedEngines().includes('embedded'),
}, () => {
  test('is a consistent snapshot: balanced, and its counts match its data', async () => {
    const t = contexts.get(selectedEngines()[0]!)!;
    const d = await showAdministration(t.ctx, 'Bron');
    const writer = await t.engine.connect(d.database);
    let stop = false;
    let booked = 0;
    const booking = (async () => {
      for (let i = 0; !stop; i++) {
        await writer.query('begin');
        const e = await writer.query(
          `insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, created_by) values ('MEM', $1, '2026-05-01', 2026, 'klant') returning id`,
          [`W${process.pid}-${i}`],
        );
        await writer.query(
          `insert into journal_lines (entry_id, line_no, account_code, debit, credit) values ($1, 1, '1000', 12.5, 0)`,
          [e.rows[0].id],
        );
        await new Promise((r) => setTimeout(r, 1));
        await writer.query(
          `insert into journal_lines (entry_id, line_no, account_code, debit, credit) values ($1, 2, '8000', 0, 12.5)`,
          [e.rows[0].id],
        );
        await writer.query('commit');
        booked++;
      }
    })();
    try {
      while (booked < 5) await new Promise((r) => setTimeout(r, 5));
      const b = await createBackup(t.ctx, { adm: 'Bron', output: join(scratch, 'live.ebu') });
      const atEnd = booked;
      while (booked < atEnd + 5) await new Promise((r) => setTimeout(r, 5));
      stop = true;
      await booking;
      const r = (await restoreBackup(t.ctx, {
        source: createReadStream(b.location),
        path: b.location,
        to: 'Momentopname',
      })) as RestoreResult;
      const restored = await showAdministration(t.ctx, 'Momentopname');
      assert.deepEqual(restored.counts, b.manifest.counts, 'counts equal the manifest');
      const now = await showAdministration(t.ctx, 'Bron');
      assert.ok(now.counts.transactions > restored.counts.transactions, 'the writer went on after the snapshot');
      const db = await AdminDb.open(t.engine, restored.database);
      try {
        const unbalanced = await db.client.query(
          'select count(*)::int as n from (select entry_id from journal_lines group by 1 having sum(debit) <> sum(credit)) x',
        );
        assert.equal(unbalanced.rows[0].n, 0);
        const lines = await db.client.query('select count(*)::int as n from journal_lines');
        assert.equal(lines.rows[0].n, r.manifest.counts.transactions);
      } finally {
        await db.close();
      }
    } finally {
      stop = true;
      await booking.catch(() => undefined);
      await writer.end();
    }
  });
});

function flip(buf: Buffer, at: number): Buffer {
  const copy = Buffer.from(buf);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

function withVersion(buf: Buffer, version: number): Buffer {
  const copy = Buffer.from(buf);
  copy.writeUInt16LE(version, 8);
  return copy;
}

/** Staging or old databases of this installation that a restore left behind. */
async function leftovers(t: TestContext): Promise<string[]> {
  return (await t.engine.listDatabases()).filter(
    (d) => d.startsWith(`${t.ctx.systemDatabase}_stage_`) || d.startsWith(`${t.ctx.systemDatabase}_old_`),
  );
}

/** Every column's storage (plain, external, extended, main) in an administration's tables. */
async function columnStorage(t: TestContext, adm: string): Promise<string[]> {
  const db = await AdminDb.open(t.engine, (await showAdministration(t.ctx, adm)).database);
  try {
    const r = await db.client.query<{ c: string }>(
      `select c.relname || '.' || a.attname || '=' || a.attstorage::text as c
         from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        order by 1`,
    );
    return r.rows.map((x) => x.c);
  } finally {
    await db.close();
  }
}
