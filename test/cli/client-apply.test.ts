/**
 * The commands of issue 22's change package, as a person runs them: the
 * accountant's `kluis client changes`, `backup inspect` of the package,
 * `backup restore` refusing it, and the client's `kluis client apply` —
 * the review in Dutch and English, --json with its stable keys, --dry-run
 * changing nothing, then the apply.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runKluis } from '../helpers/cli.js';
import { type CliInstallation, cliInstallation, selectedEngines } from '../helpers/engines.js';
import { asSide, digestOf, entrySql, handOutAndInstall, makeClientAndOffice } from '../helpers/hand-out-fixture.js';

for (const kind of selectedEngines()) {
  describe(`kluis client changes and kluis client apply on ${kind}`, () => {
    let client: CliInstallation;
    let accountant: CliInstallation;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-apply-cli-'));
    let packageFile: string;
    const asClient = (args: string[]) => runKluis([...client.cli.args, ...args], client.cli.env);
    const asAccountant = (args: string[]) => runKluis([...accountant.cli.args, ...args], accountant.cli.env);

    before(async () => {
      client = await cliInstallation(kind, 'acc');
      accountant = await cliInstallation(kind, 'aca');
      await makeClientAndOffice(client.ctx, accountant.ctx, { number: 3, seed: 'apply-cli', entries: 60 });
      await handOutAndInstall(client.ctx, accountant.ctx, { folder: scratch });
      await asSide(accountant.ctx, '3', 'anna', [
        ...entrySql('MEM', 'A1', '2026-05-01', 'Afschrijving inventaris', '250.00', '4900', '0200', 'anna'),
        `update accounts set name = 'Algemene kosten (herzien)' where code = '4600'`,
        `update fiscal_years set closed = true where year = 2025`,
      ]);
      await asSide(client.ctx, '3', 'jansen', [
        `update accounts set name = 'Algemene kosten klant' where code = '4600'`,
      ]);
    });
    after(async () => {
      await client?.dispose();
      await accountant?.dispose();
      rmSync(scratch, { recursive: true, force: true });
    });

    test('client changes writes the package into a folder under its standard name; --json has its keys', async () => {
      const r = await asAccountant(['--json', 'client', 'changes', '3', '-o', scratch]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(out), [
        'adm',
        'location',
        'sizeBytes',
        'sequence',
        'handOut',
        'counts',
        'notCarried',
        'seconds',
      ]);
      assert.deepEqual(out.notCarried, [], 'everything the accountant changed is in the package');
      assert.equal(out.adm, '003');
      assert.equal(out.sequence, 1);
      assert.match(out.location, /-wijzigingen\.ebu$/);
      assert.deepEqual(out.counts.entries, { added: 1, changed: 0, removed: 0 });
      packageFile = out.location;
      // The client's own books have no accountant's copy to make a package of.
      const refused = await asClient(['--json', 'client', 'changes', '3', '-o', scratch]);
      assert.equal(refused.code, 10);
      assert.equal(JSON.parse(refused.stderr).error.code, 'CHANGES_NO_HAND_OUT');
    });

    test('backup inspect says it is a change package; backup restore refuses it and says to apply it', async () => {
      const inspect = await asClient(['backup', 'inspect', packageFile]);
      assert.equal(inspect.code, 0, inspect.stderr);
      assert.match(inspect.stdout, /change package 1/);
      assert.match(inspect.stdout, /kluis client apply/);
      assert.doesNotMatch(inspect.stdout, /Restores on/);
      const restore = await asClient(['backup', 'restore', packageFile, '--to', 'Kopie']);
      assert.equal(restore.code, 2);
      assert.match(
        restore.stderr,
        /is an accountant's change package for administration "Bakkerij Jansen", not a backup/,
      );
      assert.match(restore.stderr, /kluis client apply/);
    });

    test('client apply --dry-run: the review in Dutch, nothing changed', async () => {
      const before = await digestOf(client.ctx, '3');
      const r = await asClient(['--lang', 'nl', 'client', 'apply', packageFile, '--to', '3', '--dry-run']);
      assert.equal(r.code, 0, r.stderr);
      for (const words of [
        /Wijzigingenpakket 1 van Accountants De Vries B\.V\./,
        /Boekjaar 2026, periode 5/,
        /toegevoegd/,
        /MEM\/A1/,
        /250,00/,
        /Grootboekrekeningen/,
        /Periodeafsluitingen/,
        /Periodeafsluitingen:\n {2}Boekjaar +Ervoor +Erna\n {2}2025 +open +afgesloten\n/,
        /Saldo per rekening/,
        /één conflict: de accountant en u wijzigden hetzelfde\./,
        /\n {2}Rekening 4600 +beide kanten wijzigden hetzelfde veld: de waarde van de accountant geldt\n/,
        /Proefrun: er is niets gewijzigd\./,
      ])
        assert.match(r.stdout, words);
      assert.deepEqual(await digestOf(client.ctx, '3'), before);
    });

    test('client apply --json --dry-run: stable keys', async () => {
      const r = await asClient(['--json', 'client', 'apply', packageFile, '--to', '3', '--dry-run']);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(out), ['adm', 'name', 'package', 'review', 'dryRun', 'seconds']);
      assert.deepEqual(Object.keys(out.package), ['handOut', 'sequence', 'until', 'accountant', 'madeAt']);
      assert.deepEqual(Object.keys(out.review), [
        'periods',
        'journals',
        'accounts',
        'relations',
        'vatCodes',
        'fiscalYears',
        'periodClosings',
        'balances',
        'conflicts',
      ]);
      assert.equal(out.dryRun, true);
      assert.deepEqual(out.review.conflicts, [
        { object: 'account', key: '4600', rule: 'both-changed', newKey: null, settled: 'accountant' },
      ]);
      assert.deepEqual(
        out.review.balances.map((b: { account: string; before: string; after: string }) => [
          b.account,
          (Number(b.after) - Number(b.before)).toFixed(2),
        ]),
        [
          ['0200', '-250.00'],
          ['4900', '250.00'],
        ],
      );
    });

    test('client apply in English, then again: already applied (exit 10)', async () => {
      const r = await asClient(['client', 'apply', packageFile, '--to', '3']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Change package 1 from Accountants De Vries B\.V\./);
      assert.match(r.stdout, /one conflict: the accountant and you changed the same thing\./);
      assert.match(r.stdout, /Applied to administration 003 .*; the handed-out period is open again\./);
      const again = await asClient(['--json', 'client', 'apply', packageFile, '--to', '3']);
      assert.equal(again.code, 10);
      assert.equal(JSON.parse(again.stderr).error.code, 'CHANGES_ALREADY_APPLIED');
    });

    test('what a package does not carry (periods, opening balances) is said when the accountant changed it, with what does', async () => {
      await asSide(accountant.ctx, '3', 'anna', [
        `insert into periods (fiscal_year, number, description, start_date, end_date)
           values (2026, 13, 'Correctieperiode', '2026-12-31', '2026-12-31')`,
        `insert into opening_balances (fiscal_year, balance_date, description) values (2026, '2026-01-01', 'Beginbalans')`,
        `insert into opening_balance_lines (fiscal_year, position, nr, account_code, debit, credit)
           values (2026, 1, '1', '0200', 100, 0), (2026, 2, '2', '1100', 0, 100)`,
      ]);
      const r = await asAccountant([
        '--lang',
        'nl',
        'client',
        'changes',
        '3',
        '-o',
        join(scratch, 'met-beginbalans.ebu'),
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        /Niet in het pakket: perioden \(1 wijziging\), beginbalansen \(3 wijzigingen\)\. Die gaan alleen mee met de hele administratie \(kluis backup create 003\)\./,
      );
      const json = await asAccountant([
        '--json',
        'client',
        'changes',
        '3',
        '-o',
        join(scratch, 'met-beginbalans-2.ebu'),
      ]);
      assert.deepEqual(JSON.parse(json.stdout).notCarried, [
        { what: 'periods', changes: 1 },
        { what: 'opening-balances', changes: 3 },
      ]);
    });
  });
}
