/**
 * Issue 22 end to end, as the people do it, with the real kluis processes:
 * the client hands the books out up to 2026-06-30 (`kluis client
 * hand-out`), the accountant installs the file (`kluis client install`);
 * then both work at the same time — the accountant corrects, adds and
 * removes entries before the date and changes accounts, relations and VAT
 * codes, the client books after the date and changes relations and
 * accounts — the accountant sends only the changes (`kluis client
 * changes`), the client reviews them (`kluis client apply --dry-run`,
 * nothing changes) and applies them (`kluis client apply`) while still
 * booking. The client cannot book in the handed-out period before the
 * apply and can after it. The client's books then hold both, every entry balances, and
 * the balance of every account is what the model
 * (test/helpers/change-model.ts) says; the bookings made while the apply
 * ran are all there. The XAF 3.2 export of the merged years (`kluis xaf
 * export`) validates against the published XSD (xmllint, as
 * test/core/xaf.test.ts does) and carries every line of the merged books.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { xafSchemaPath } from '../../src/xaf/index.js';
import { type Books, balances, booksDiff, type Entry, entryKey, unbalanced } from '../helpers/change-books.js';
import { documentRelations, readBooks, runEdits } from '../helpers/change-db.js';
import { EditGenerator } from '../helpers/change-edits.js';
import { applyProblems, conflictsDiff, expectedApply } from '../helpers/change-model.js';
import { accountantUser, addSpareRelations, clientUser, spareObjects, until } from '../helpers/change-setup.js';
import { kluisBin, runKluis } from '../helpers/cli.js';
import { tableDigests } from '../helpers/digest.js';
import { type CliInstallation, cliInstallation, selectedEngines } from '../helpers/engines.js';
import { makeClientAndOffice, withAdmin } from '../helpers/hand-out-fixture.js';

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

/** xmllint's verdict on a file: null when it validates against the XAF 3.2 schema, else what it said. */
function xmllint(path: string): string | null {
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xafSchemaPath, path], { encoding: 'utf8' });
  return r.status === 0 ? null : r.stderr.trim();
}

/** kluis as a user runs it on installation `inst`; a failure shows what it said. */
async function kluis(inst: CliInstallation, ...args: string[]): Promise<string> {
  const r = await runKluis([...inst.cli.args, ...args], inst.cli.env);
  assert.equal(r.code, 0, `kluis ${args.join(' ')} failed (${r.code}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** One entry the client books in the cash journal, which nobody else books in, on accounts nobody may remove. */
function cashEntry(n: number): { entry: Entry; sql: Array<[string, unknown[]]> } {
  const number = `K${String(n).padStart(5, '0')}`;
  const date = `2026-${String(7 + (n % 6)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
  const amount = 1_000 + n * 37;
  const line = (lineNo: number, account: string, debit: number, credit: number) => ({
    lineNo,
    account,
    description: '',
    debit,
    credit,
    vat: null,
    relation: null,
    effectiveDate: null,
    documentRef: null,
    currencyCode: null,
    currencyAmount: null,
  });
  const entry: Entry = {
    journal: 'KAS',
    number,
    date,
    fiscalYear: 2026,
    period: null,
    description: `Kasontvangst ${n}`,
    relation: null,
    document: null,
    createdBy: clientUser,
    lines: [line(1, '1100', amount, 0), line(2, '8000', 0, amount)],
  };
  const id = `(select id from journal_entries where journal_code = 'KAS' and entry_number = $1)`;
  const money = (c: number) => (c / 100).toFixed(2);
  return {
    entry,
    sql: [
      [
        `insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, description, created_by)
         values ('KAS', $1, $2, 2026, $3, $4)`,
        [number, date, entry.description, clientUser],
      ],
      [
        `insert into journal_lines (entry_id, line_no, account_code, debit, credit) values (${id}, 1, '1100', $2, 0), (${id}, 2, '8000', 0, $2)`,
        [number, money(amount)],
      ],
    ],
  };
}

for (const kind of selectedEngines()) {
  describe(`both sides at once, then the changes applied, on ${kind}`, () => {
    let client: CliInstallation;
    let accountant: CliInstallation;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-both-'));

    before(async () => {
      client = await cliInstallation(kind, 'bothc');
      accountant = await cliInstallation(kind, 'botha');
      await makeClientAndOffice(client.ctx, accountant.ctx, { number: 3, seed: 'both-sides', entries: 240 });
      await addSpareRelations(client.ctx, '3');
    });
    after(async () => {
      await client?.dispose();
      await accountant?.dispose();
      rmSync(scratch, { recursive: true, force: true });
    });

    test('the client books after the date while the accountant corrects before it; after the apply the books hold both, balanced', async (t) => {
      const handOutFile = join(scratch, 'uitlevering.ebu');
      await kluis(client, 'client', 'hand-out', '3', '--until', until, '-o', handOutFile);
      await kluis(accountant, 'client', 'install', handOutFile, '--open', '1', '--to', '3', '--users', accountantUser);
      const base: Books = await withAdmin(client.ctx, '3', readBooks);
      const docs = await withAdmin(client.ctx, '3', documentRelations);
      const spare = spareObjects(base, docs);
      const acc = new EditGenerator('both-sides', 'accountant', base, {
        until,
        author: accountantUser,
        documentRelations: docs,
        spare,
      });
      const cli = new EditGenerator('both-sides', 'client', base, {
        until,
        author: clientUser,
        documentRelations: docs,
        spare,
      });

      // Both at work at the same time, each edit its own transaction, turn and turn about.
      const accEdits = Array.from({ length: 60 }, () => acc.next());
      const cliEdits = Array.from({ length: 60 }, () => cli.next());
      await withAdmin(accountant.ctx, '3', (ca) =>
        withAdmin(client.ctx, '3', async (cc) => {
          for (let i = 0; i < 60; i++)
            await Promise.all([runEdits(ca, [accEdits[i]!], accountantUser), runEdits(cc, [cliEdits[i]!], clientUser)]);
        }),
      );
      const a = await withAdmin(accountant.ctx, '3', readBooks);
      const c = await withAdmin(client.ctx, '3', readBooks);
      assert.deepEqual(booksDiff(acc.books, a), []);
      assert.deepEqual(booksDiff(cli.books, c), []);

      // While the hand-out is outstanding the client cannot book in the handed-out period.
      const bookInHandedOutPeriod = () =>
        withAdmin(client.ctx, '3', async (cc) => {
          await cc.query('begin');
          try {
            await cc.query(
              `insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, description, created_by)
               values ('KAS', 'OPEN1', '2026-03-31', 2026, 'In de uitgeleverde periode', $1)`,
              [clientUser],
            );
            return 'booked';
          } catch (err) {
            return (err as { code?: string }).code;
          } finally {
            await cc.query('rollback');
          }
        });
      assert.equal(await bookInHandedOutPeriod(), 'KL001');

      // Only the changes go back; the review changes nothing.
      const pkg = join(scratch, 'wijzigingen.ebu');
      await kluis(accountant, 'client', 'changes', '3', '-o', pkg);
      const untouched = await withAdmin(client.ctx, '3', (x) => tableDigests(x));
      const dry = JSON.parse(await kluis(client, '--json', 'client', 'apply', pkg, '--to', '3', '--dry-run'));
      assert.deepEqual(
        await withAdmin(client.ctx, '3', (x) => tableDigests(x)),
        untouched,
        'the dry run changed the books',
      );
      const expected = expectedApply(base, a, c, docs);
      assert.deepEqual(conflictsDiff(expected, dry.review.conflicts), []);
      assert.deepEqual(
        applyProblems(expected, c, c, { conflicts: dry.review.conflicts, balances: [] }).filter((p) =>
          p.startsWith('the review'),
        ),
        [],
      );

      // The apply, while the client books on in the cash journal: before it, waiting for it, after it.
      const applied = spawn(
        process.execPath,
        [kluisBin, ...client.cli.args, '--json', 'client', 'apply', pkg, '--to', '3'],
        {
          env: { ...process.env, LANG: 'C', KLUIS_LANG: '', ...client.cli.env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      applied.stdout.on('data', (d) => (out += d));
      applied.stderr.on('data', (d) => (err += d));
      const exited = new Promise<number | null>((resolve) => applied.on('exit', (code) => resolve(code)));
      let running = true;
      void exited.then(() => (running = false));
      const during: Entry[] = [];
      await withAdmin(client.ctx, '3', async (cc) => {
        for (let n = 1; running || n <= 3; n++) {
          const { entry, sql } = cashEntry(n);
          await cc.query('begin');
          for (const [text, values] of sql) await cc.query(text, values);
          await cc.query('commit');
          during.push(entry);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      });
      assert.equal(await exited, 0, err);
      const result = JSON.parse(out);
      t.diagnostic(`${during.length} entries booked while the apply ran; conflicts: ${result.review.conflicts.length}`);
      assert.deepEqual(result.review.conflicts, dry.review.conflicts);

      // The books hold both sides' work and every booking made meanwhile; every entry balances; the balances are the model's.
      const merged = await withAdmin(client.ctx, '3', readBooks);
      for (const e of during) expected.books.entry.set(entryKey(e), e);
      assert.deepEqual(
        applyProblems(expected, c, merged, { conflicts: result.review.conflicts, balances: [] }).filter(
          (p) => !p.startsWith('the review'),
        ),
        [],
      );
      assert.deepEqual(unbalanced(merged), []);
      const modelled = structuredClone(expected.books);
      for (const r of expected.renumbered) modelled.entry.set(`renumbered ${r.from}`, r.entry);
      assert.deepEqual(balances(merged), balances(modelled));
      // Both sides' own work is there: some of the accountant's corrections and some of the client's bookings.
      assert.ok(
        expected.changed.entry.length > 0 && [...merged.entry.values()].some((e) => e.createdBy === accountantUser),
      );
      assert.ok([...merged.entry.values()].some((e) => e.createdBy === clientUser && e.date > until));

      // The handed-out period is open again: the client books in it (rolled back: the books stay as judged).
      assert.equal(await bookInHandedOutPeriod(), 'booked');

      // The merged years as an auditfile: valid against the XSD, every line of the books in it.
      for (const year of [2025, 2026]) {
        const file = join(scratch, `samengevoegd-${year}.xaf`);
        await kluis(client, 'xaf', 'export', '3', '--year', String(year), '-o', file);
        const lines = [...merged.entry.values()].filter((e) => e.fiscalYear === year).flatMap((e) => e.lines).length;
        assert.equal(readFileSync(file, 'utf8').match(/<trLine>/g)?.length ?? 0, lines);
        if (!hasXmllint) {
          assert.ok(!process.env['CI'], 'xmllint is missing; .ci/run installs libxml2-utils');
          t.diagnostic('xmllint is not installed: the export was not validated');
          continue;
        }
        assert.equal(xmllint(file), null, `xmllint refuses the export of ${year}`);
      }
    });
  });
}
