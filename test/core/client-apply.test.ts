/**
 * The accountant's change package and the client's apply (issue 22), on a
 * real database with hand-made cases for every merge rule in one package:
 * the client hands out up to 2026-06-30, the accountant corrects before it,
 * the client books after it (and now and then changes the handed-out period
 * anyway), the package goes back and is applied. Each refusal changes
 * nothing (the books' digest before and after); a dry run changes nothing
 * and shows what the apply then does; the audit log names the accountant.
 */
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  type ApplyResult,
  applyChanges,
  type ChangesResult,
  cancelHandOut,
  generateAdministration,
  generateKeyPair,
  handOut,
  inspectBackup,
  installClient,
  pruneRepository,
  restoreBackup,
  verifyBackup,
  writeChanges,
} from '../../src/core/index.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';
import {
  asSide,
  clientLicence,
  digestOf,
  entrySql,
  type HandedOut,
  handOutAndInstall,
  makeClientAndOffice,
  user,
  withAdmin,
} from '../helpers/hand-out-fixture.js';

const until = '2026-06-30';
const anna = 'anna';
const jansen = 'jansen';

/** What the client's books hold of the objects the cases are about. */
async function objectsOf(t: TestContext, ref: string) {
  return withAdmin(t.ctx, ref, async (c) => {
    const entries = (
      await c.query<{ key: string; description: string; date: string; debit: string; relation: string | null }>(
        `select e.journal_code || '/' || e.entry_number as key, e.description, e.entry_date::text as date,
                (select sum(debit)::text from journal_lines l where l.entry_id = e.id) as debit,
                (select code from relations r where r.id = e.relation_id) as relation
           from journal_entries e where e.entry_number like 'T%' or e.entry_number like 'A%' order by 1`,
      )
    ).rows;
    const accounts = (
      await c.query<{ code: string; name: string; blocked: boolean }>(
        `select code, name, blocked from accounts where code like '46_0' and code <> '4600' order by code`,
      )
    ).rows;
    const relations = (
      await c.query<{ code: string; name: string; city: string | null; email: string | null }>(
        `select code, name, city, email from relations where code like 'R_' order by code`,
      )
    ).rows;
    const vat = (
      await c.query<{ code: string; description: string }>('select code, description from vat_codes order by code')
    ).rows;
    const years = (
      await c.query<{ year: number; closed: boolean }>('select year, closed from fiscal_years order by year')
    ).rows;
    return {
      entries: Object.fromEntries(entries.map((e) => [e.key, e])),
      accounts: Object.fromEntries(accounts.map((a) => [a.code, a])),
      relations: Object.fromEntries(relations.map((r) => [r.code, r])),
      vat: Object.fromEntries(vat.map((v) => [v.code, v.description])),
      years: Object.fromEntries(years.map((y) => [y.year, y.closed])),
    };
  });
}

for (const kind of selectedEngines()) {
  describe(`change package and apply on ${kind}`, () => {
    let client: TestContext;
    let accountant: TestContext;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-apply-'));
    let handed: HandedOut;
    let first: ChangesResult;
    let second: ChangesResult;
    let dryRun: ApplyResult;

    const apply = (file: string, to = '3', dry = false) =>
      applyChanges(client.ctx, { source: createReadStream(file), path: file, to, dryRun: dry, appliedBy: jansen });

    before(async () => {
      const engine = await openTestEngine(kind);
      client = testContext(engine, 'cli');
      accountant = testContext(engine, 'acc');
      await makeClientAndOffice(client.ctx, accountant.ctx, { number: 3, seed: 'apply', entries: 120 });
      // The objects of the hand-made cases, in the books before the hand-out.
      await asSide(client.ctx, '3', jansen, [
        `insert into accounts (code, name, kind, debit_credit) values
           ('4610', 'Reiskosten', 'profit_loss', 'D'), ('4620', 'Representatie', 'profit_loss', 'D'),
           ('4630', 'Opleidingen', 'profit_loss', 'D'), ('4640', 'Onderhoud', 'profit_loss', 'D'),
           ('4650', 'Kleine inventaris', 'profit_loss', 'D')`,
        `insert into relations (code, name, kind, city) values
           ('R1', 'Visser', 'supplier', 'Leiden'), ('R2', 'Bakker', 'customer', 'Gouda'), ('R3', 'Mulder', 'supplier', 'Ede'),
           ('R4', 'Smit', 'customer', 'Hoorn'), ('R5', 'De Jong', 'supplier', 'Zwolle')`,
        ...entrySql('MEM', 'T1', '2026-03-15', 'Huur maart', '1000.00', '4200', '1100', jansen),
        ...entrySql('MEM', 'T2', '2026-03-16', 'Rente', '50.00', '9000', '1100', jansen),
        ...entrySql('MEM', 'T3', '2026-04-01', 'Dubbel geboekt', '75.00', '4400', '1100', jansen),
        ...entrySql('MEM', 'T4', '2026-04-02', 'Verzekering', '300.00', '4600', '1100', jansen),
      ]);
      handed = await handOutAndInstall(client.ctx, accountant.ctx, { folder: scratch });

      // The accountant corrects before the dividing date.
      await asSide(accountant.ctx, '3', anna, [
        // plain corrections: the client did not touch these
        `update journal_entries set description = 'Huur maart (gecorrigeerd)' where entry_number = 'T1'`,
        `update journal_lines set debit = 1200 where line_no = 1 and entry_id = (select id from journal_entries where entry_number = 'T1')`,
        `update journal_lines set credit = 1200 where line_no = 2 and entry_id = (select id from journal_entries where entry_number = 'T1')`,
        `delete from journal_entries where entry_number = 'T3'`,
        ...entrySql('MEM', 'A100', '2026-05-01', 'Afschrijving inventaris', '250.00', '4650', '0200', anna),
        // the client changes these too
        `update journal_entries set description = 'Rente (accountant)' where entry_number = 'T2'`,
        `update journal_entries set description = 'Verzekering (accountant)' where entry_number = 'T4'`,
        ...entrySql('MEM', 'T10', '2026-06-01', 'Memoriaal accountant', '40.00', '4500', '1100', anna),
        `update accounts set name = 'Reis- en verblijfkosten' where code = '4610'`,
        `update accounts set name = 'Representatie (acc)' where code = '4620'`,
        `update accounts set name = 'Opleidingen en cursussen' where code = '4630'`,
        `delete from accounts where code = '4640'`,
        `update relations set city = 'Leiden-Noord' where code = 'R1'`,
        `update relations set email = 'info@bakker.nl' where code = 'R2'`,
        `delete from relations where code in ('R3', 'R4')`,
        `update relations set name = 'De Jong & Zn' where code = 'R5'`,
        `update vat_codes set description = 'Btw laag tarief' where code = 'L'`,
        `update fiscal_years set closed = true where year = 2025`,
        // added: an account without a VAT code, not blocked; a VAT code without accounts
        `insert into accounts (code, name, kind, debit_credit) values ('4700', 'Accountantskosten', 'profit_loss', 'D')`,
        `insert into vat_codes (code, description, percentage) values ('N0', 'Btw nul', 0)`,
      ]);
      first = await writeChanges(accountant.ctx, { adm: '3', output: join(scratch, 'pakket-1.ebu') });

      // The client books after it, and changes the handed-out period anyway where a test needs it.
      await asSide(client.ctx, '3', jansen, [
        ...entrySql('MEM', 'T10', '2026-07-10', 'Memoriaal klant', '60.00', '4500', '1100', jansen, 'R3'),
        `update accounts set name = 'Representatie (klant)' where code = '4620'`,
        `update accounts set blocked = true where code = '4630'`,
        `update accounts set name = 'Onderhoud gebouw' where code = '4640'`,
        `delete from accounts where code = '4650'`,
        `update relations set city = 'Gouda' where code = 'R1'`,
        `update relations set city = 'Delft' where code = 'R2'`,
        `delete from relations where code = 'R5'`,
      ]);
      await asSide(
        client.ctx,
        '3',
        jansen,
        [
          `update journal_entries set description = 'Rente (klant)' where entry_number = 'T2'`,
          `delete from journal_entries where entry_number = 'T4'`,
        ],
        true,
      );
      // A second package of the same hand-out: cumulative, so it holds the first one's changes too.
      await asSide(accountant.ctx, '3', anna, [
        `update journal_entries set description = 'Huur maart 2026' where entry_number = 'T1'`,
      ]);
      second = await writeChanges(accountant.ctx, { adm: '3', output: join(scratch, 'pakket-2.ebu') });
    });
    after(async () => {
      await client?.cleanup();
      await accountant?.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    test('the package: numbered per hand-out, bound to the client, inspect says what it is, verify reads it', async () => {
      assert.equal(first.sequence, 1);
      assert.equal(second.sequence, 2);
      assert.equal(first.handOut.id, handed.handOut);
      assert.equal(first.handOut.until, until);
      assert.match(first.location, /pakket-1\.ebu$/);
      const info = await inspectBackup(createReadStream(second.location), second.location);
      const changes = info.manifest.changes!;
      assert.ok(changes, 'the manifest says it is a change package');
      assert.equal(changes.handOut, handed.handOut);
      assert.equal(changes.sequence, 2);
      assert.equal(changes.accountant, 'Accountants De Vries B.V.');
      assert.deepEqual(
        info.manifest.tables.map((t) => t.name),
        ['changes'],
      );
      assert.deepEqual(changes.counts.entries, { added: 2, changed: 3, removed: 1 });
      assert.equal(info.manifest.users, undefined, 'no users travel in a package');
      const verified = await verifyBackup(createReadStream(second.location), second.location);
      assert.ok(verified.footer.tables[0]!.rows >= 14);
    });

    test('prune keeps a change package as no backup: never counted, never removed', async () => {
      const r = await pruneRepository(client.ctx, { repository: scratch, policy: { keepLast: 1 }, dryRun: true });
      for (const p of [first, second]) {
        const f = r.files.find((x) => x.location === p.location)!;
        assert.equal(f.keep, true);
        assert.deepEqual(
          f.reasons.map((x) => x.rule),
          ['unreadable'],
        );
        assert.match(f.problem!.en, /change package/);
      }
      assert.ok(!r.removed.some((n) => n.includes('pakket')));
    });

    test('restore and client install refuse a change package, and say to apply it', async () => {
      await rejectsWithCode(
        restoreBackup(client.ctx, { source: createReadStream(first.location), path: first.location, to: 'Kopie' }),
        'CHANGES_IS_PACKAGE',
      );
      await rejectsWithCode(
        installClient(accountant.ctx, {
          source: createReadStream(first.location),
          path: first.location,
          open: '1',
          to: 'Kopie',
          users: ['anna'],
        }),
        'CHANGES_IS_PACKAGE',
      );
    });

    test('refusals, each with nothing changed: not a package, another administration, the accountant copy, a cancelled, returned or unknown hand-out', async () => {
      const before = await digestOf(client.ctx, '3');
      await rejectsWithCode(apply(handed.file), 'CHANGES_NOT_A_PACKAGE');
      await generateAdministration(client.ctx, {
        name: 'Slagerij Smit',
        number: 5,
        size: { entries: 10, documents: 0, attachmentBytes: 0 },
        seed: 'ander',
        licence: clientLicence,
        users: [user(jansen, 'administrator')],
      });
      await rejectsWithCode(apply(second.location, '5'), 'CHANGES_OTHER_ADMINISTRATION');
      await rejectsWithCode(
        applyChanges(accountant.ctx, {
          source: createReadStream(second.location),
          path: second.location,
          to: '3',
        }),
        'CHANGES_ACCOUNTANT_COPY',
      );
      await withAdmin(client.ctx, '3', (c) =>
        c.query(`update hand_outs set status = 'cancelled', closed_at = now(), closed_by = 'jansen' where id = $1`, [
          handed.handOut,
        ]),
      );
      const cancelled = await digestOf(client.ctx, '3');
      await rejectsWithCode(apply(second.location), 'CHANGES_HAND_OUT_CANCELLED');
      assert.deepEqual(await digestOf(client.ctx, '3'), cancelled);
      // Closed by the accountant's whole administration coming back (a hand-back restored).
      await withAdmin(client.ctx, '3', (c) =>
        c.query(`update hand_outs set status = 'returned', closed_by = 'Accountants De Vries B.V.' where id = $1`, [
          handed.handOut,
        ]),
      );
      const returned = await digestOf(client.ctx, '3');
      await rejectsWithCode(apply(second.location), 'CHANGES_HAND_OUT_RETURNED');
      assert.deepEqual(await digestOf(client.ctx, '3'), returned);
      await withAdmin(client.ctx, '3', (c) =>
        c.query(`update hand_outs set status = 'outstanding', closed_at = null, closed_by = null where id = $1`, [
          handed.handOut,
        ]),
      );
      await withAdmin(client.ctx, '3', (c) =>
        c.query(`update hand_outs set id = gen_random_uuid() where id = $1`, [handed.handOut]),
      );
      await rejectsWithCode(apply(second.location), 'CHANGES_HAND_OUT_UNKNOWN');
      await withAdmin(client.ctx, '3', (c) =>
        c.query(`update hand_outs set id = $1 where status = 'outstanding'`, [handed.handOut]),
      );
      assert.deepEqual(await digestOf(client.ctx, '3'), before);
    });

    test('a dry run changes nothing and reviews what the apply does', async () => {
      const before = await digestOf(client.ctx, '3');
      dryRun = await apply(second.location, '3', true);
      assert.equal(dryRun.dryRun, true);
      assert.deepEqual(await digestOf(client.ctx, '3'), before);
      assert.equal(dryRun.package.sequence, 2);
      assert.equal(dryRun.package.until, until);
      assert.ok(dryRun.review.conflicts.length > 0);
      // An added object lists no fields: "Fields: blocked, VAT code, …" read as if the accountant had blocked the
      // account and given it a VAT code (every column was listed, also those empty or false).
      const added = { op: 'added', fields: [], outcome: 'applied', rule: null };
      assert.deepEqual(
        dryRun.review.accounts.find((a) => a.key === '4700'),
        { key: '4700', name: 'Accountantskosten', ...added },
      );
      assert.deepEqual(
        dryRun.review.vatCodes.find((v) => v.key === 'N0'),
        { key: 'N0', name: 'Btw nul', ...added },
      );
    });

    test("encrypted for the client's key: unreadable without it, reviewed with it", async () => {
      const { identity, recipient } = await generateKeyPair();
      const sealed = await writeChanges(accountant.ctx, {
        adm: '3',
        output: join(scratch, 'versleuteld.ebu'),
        encryption: { recipients: [recipient] },
      });
      await rejectsWithCode(inspectBackup(createReadStream(sealed.location), sealed.location), 'BACKUP_KEY_REQUIRED');
      const before = await digestOf(client.ctx, '3');
      const reviewed = await applyChanges(client.ctx, {
        source: createReadStream(sealed.location),
        path: sealed.location,
        to: '3',
        dryRun: true,
        keys: { identities: [identity] },
      });
      assert.equal(reviewed.package.sequence, sealed.sequence);
      assert.deepEqual(reviewed.review.conflicts, dryRun.review.conflicts);
      assert.deepEqual(await digestOf(client.ctx, '3'), before);
    });

    test('the apply: every merge rule, the review as the dry run said, the audit log names the accountant', async () => {
      const applied = await apply(second.location);
      assert.equal(applied.dryRun, false);
      assert.deepEqual(applied.review, dryRun.review, 'the dry run showed exactly what the apply did');
      const o = await objectsOf(client, '3');
      // The client did not touch it: the accountant's.
      assert.equal(o.entries['MEM/T1']?.description, 'Huur maart 2026');
      assert.equal(o.entries['MEM/T1']?.debit, '1200.00');
      assert.equal(o.entries['MEM/T3'], undefined, 'removed by the accountant');
      assert.equal(o.entries['MEM/A100']?.description, 'Afschrijving inventaris');
      assert.equal(o.accounts['4610']?.name, 'Reis- en verblijfkosten');
      assert.equal(o.vat['L'], 'Btw laag tarief');
      assert.equal(o.years[2025], true, 'the period closing');
      assert.equal(o.relations['R4'], undefined, 'removed and used by nothing');
      // Entries both touched: the accountant's, the client's version in the audit log.
      assert.equal(o.entries['MEM/T2']?.description, 'Rente (accountant)');
      assert.equal(o.entries['MEM/T4']?.description, 'Verzekering (accountant)', 'put back');
      // Both booked T10: the client's stays, the accountant's moves on.
      assert.equal(o.entries['MEM/T10']?.description, 'Memoriaal klant');
      assert.equal(o.entries['MEM/T11']?.description, 'Memoriaal accountant');
      // Field by field.
      assert.equal(o.accounts['4620']?.name, 'Representatie (acc)', "the accountant's chart wins");
      assert.deepEqual(o.accounts['4630'], { code: '4630', name: 'Opleidingen en cursussen', blocked: true });
      assert.equal(o.relations['R1']?.city, 'Gouda', "the client's relation data wins");
      assert.deepEqual([o.relations['R2']?.city, o.relations['R2']?.email], ['Delft', 'info@bakker.nl']);
      // Removed by the accountant but changed or used by the client: kept.
      assert.equal(o.accounts['4640']?.name, 'Onderhoud gebouw');
      assert.equal(o.relations['R3']?.name, 'Mulder');
      // Removed by the client, changed or used by the accountant: back.
      assert.equal(o.relations['R5']?.name, 'De Jong & Zn');
      assert.equal(o.accounts['4650']?.name, 'Kleine inventaris');

      const rules = Object.fromEntries(applied.review.conflicts.map((c) => [`${c.object} ${c.key}`, c.rule]));
      assert.deepEqual(rules, {
        'account 4620': 'both-changed',
        'account 4640': 'removed-but-changed',
        'account 4650': 'removed-by-client',
        'entry MEM/T10': 'number-taken',
        'entry MEM/T2': 'locked-period-changed',
        'entry MEM/T4': 'removed-by-client',
        'relation R1': 'both-changed',
        'relation R3': 'removed-but-used',
        'relation R5': 'removed-by-client',
      });
      assert.equal(applied.review.conflicts.find((c) => c.key === 'MEM/T10')?.newKey, 'MEM/T11');
      assert.deepEqual(applied.review.periodClosings, [{ year: 2025, before: false, after: true }]);
      const rent = applied.review.balances.find((b) => b.account === '4200')!;
      assert.equal(Number(rent.after) - Number(rent.before), 200);

      const audit = await withAdmin(client.ctx, '3', (c) =>
        c.query<{ user_name: string; object: string; details: Record<string, unknown> }>(
          `select user_name, object, details from audit_log where action = 'change.applied' order by id`,
        ),
      );
      const t2 = audit.rows.find((r) => r.object === 'entry MEM/T2')!;
      assert.equal(t2.user_name, anna, 'the accountant is the author');
      assert.equal(t2.details['package'], 2);
      assert.equal(t2.details['conflict'], 'locked-period-changed');
      assert.equal((t2.details['clientVersion'] as { description: string }).description, 'Rente (klant)');
      assert.ok(audit.rows.filter((r) => r.details['op'] !== 'restore').every((r) => r.user_name === anna));
      const hand = await withAdmin(client.ctx, '3', (c) =>
        c.query(`select status, applied_package, closed_by from hand_outs where id = $1`, [handed.handOut]),
      );
      assert.deepEqual(hand.rows[0], { status: 'applied', applied_package: 2, closed_by: jansen });
      // The lock is gone: the client books in the handed-out period again.
      await asSide(client.ctx, '3', jansen, [
        ...entrySql('MEM', 'T20', '2026-03-01', 'Na de verwerking', '5.00', '4600', '1100', jansen),
      ]);
    });

    test('applied twice, or an older package after a newer: refused, nothing changed', async () => {
      const before = await digestOf(client.ctx, '3');
      await rejectsWithCode(apply(second.location), 'CHANGES_ALREADY_APPLIED');
      await rejectsWithCode(apply(first.location), 'CHANGES_OLDER_PACKAGE');
      assert.deepEqual(await digestOf(client.ctx, '3'), before);
    });

    test('a newer package of the same hand-out applies only what changed since, without old conflicts again', async () => {
      await asSide(accountant.ctx, '3', anna, [
        `update journal_entries set description = 'Rente 2026' where entry_number = 'T2'`,
        `update relations set name = 'Visser B.V.' where code = 'R1'`,
      ]);
      const third = await writeChanges(accountant.ctx, { adm: '3', output: join(scratch, 'pakket-3.ebu') });
      assert.equal(third.sequence, 4, 'after the encrypted one');
      const applied = await apply(third.location);
      const o = await objectsOf(client, '3');
      assert.equal(o.entries['MEM/T2']?.description, 'Rente 2026');
      assert.equal(o.relations['R1']?.name, 'Visser B.V.');
      assert.equal(o.relations['R1']?.city, 'Gouda', 'still the client’s city');
      assert.equal(o.accounts['4640']?.name, 'Onderhoud gebouw', 'a kept object stays kept');
      assert.equal(o.entries['MEM/T20']?.description, 'Na de verwerking');
      assert.deepEqual(applied.review.conflicts, [], 'nothing new to settle');
      assert.deepEqual(
        applied.review.periods.flatMap((p) => [...p.added, ...p.changed, ...p.removed].map((e) => e.key)),
        ['MEM/T2'],
      );
    });

    test('a package of an earlier hand-out after the books were handed out again: refused, nothing changed', async () => {
      await asSide(accountant.ctx, '3', anna, [
        `update journal_entries set description = 'Rente 2026 (bis)' where entry_number = 'T2'`,
      ]);
      const stale = await writeChanges(accountant.ctx, { adm: '3', output: join(scratch, 'pakket-oud.ebu') });
      await handOut(client.ctx, { adm: '3', until: '2026-09-30', output: join(scratch, 'uitlevering-2.ebu') });
      const before = await digestOf(client.ctx, '3');
      await rejectsWithCode(apply(stale.location), 'CHANGES_NEWER_HAND_OUT');
      assert.deepEqual(await digestOf(client.ctx, '3'), before);
      await cancelHandOut(client.ctx, { adm: '3', confirm: 3 });
    });
  });
}
