/**
 * An apply of the accountant's change package (kluis client apply) killed
 * at each point it records (KLUIS_CRASH_AT, kill -9 of the kluis process;
 * once the server instead), then `kluis recover`: the client's books are
 * either exactly as before — every table's digest — or exactly as after,
 * compared with the same package applied undisturbed to a copy of the same
 * books (restored from one backup, same identity and ids) in another kluis
 * installation. Never between.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { kluisBin, runKluis } from '../helpers/cli.js';
import { tableDigests } from '../helpers/digest.js';
import {
  type CliInstallation,
  cliInstallation,
  openTestEngine,
  selectedEngines,
  type TestContext,
  testContext,
} from '../helpers/engines.js';
import { asSide, entrySql, handOutAndInstall, makeClientAndOffice, withAdmin } from '../helpers/hand-out-fixture.js';

/** The points an apply records, in order, and which way a kill there is settled. */
const points = [
  { at: 'client-apply:journaled', settled: 'before' },
  { at: 'client-apply:loaded', settled: 'before' },
  { at: 'client-apply:merged', settled: 'before' },
  // The server dies before the commit (on a server: kluis's sessions are ended; the shared embedded
  // server of the tests is not killed): kluis finds them gone and settles its own work.
  { at: 'client-apply:merged@server', settled: 'before' },
  // Committed; the journal does not know yet.
  { at: 'client-apply:committed', settled: 'after' },
] as const;

/**
 * What two applies of one package to one set of books make alike: not the
 * moments they ran at, nor the surrogate ids (an apply rolled back has used
 * some of each identity sequence: sequences are not transactional).
 */
const comparable = {
  audit_log: ['user_name', 'action', 'object', 'details'],
  journal_entries: [
    'journal_code',
    'entry_number',
    'entry_date',
    'fiscal_year',
    'description',
    'relation_id',
    'document_id',
    'created_by',
    'created_at',
    'period',
    'xaf',
  ],
  journal_lines: [
    `(select e.journal_code || '/' || e.entry_number from journal_entries e where e.id = entry_id) as entry`,
    'line_no',
    'account_code',
    'description',
    'debit',
    'credit',
    'vat_code',
    'effective_date',
    'document_ref',
    'relation_id',
    'currency_code',
    'currency_amount',
    'xaf',
  ],
  hand_outs: ['id', 'until', 'side', 'status', 'made_at', 'made_by', 'closed_by', 'applied_package', 'packages'],
};

for (const kind of selectedEngines()) {
  describe(`an apply killed at each point, then recover, on ${kind}`, () => {
    let client: CliInstallation;
    let accountant: CliInstallation;
    let reference: TestContext;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-apply-kill-'));
    let packageFile: string;
    let beforeDigest: Record<string, string>;
    let afterDigest: Record<string, string>;
    const digest = (ctx: core.KluisContext) => withAdmin(ctx, '3', (c) => tableDigests(c, comparable));

    before(async () => {
      client = await cliInstallation(kind, 'akc');
      const engine = await openTestEngine(kind);
      accountant = await cliInstallation(kind, 'aka');
      reference = testContext(engine, 'akr');
      await makeClientAndOffice(client.ctx, accountant.ctx, { number: 3, seed: 'apply-kill', entries: 300 });
      const handed = await handOutAndInstall(client.ctx, accountant.ctx, { folder: scratch });
      await asSide(accountant.ctx, '3', 'anna', [
        `update journal_entries set description = description || ' (gecorrigeerd)'
          where id in (select id from journal_entries where entry_date <= '2026-06-30' order by id limit 40)`,
        `delete from journal_entries where id in (select id from journal_entries where entry_date <= '2026-06-30' order by id desc limit 5)`,
        ...entrySql('MEM', 'K1', '2026-05-01', 'Afschrijving', '250.00', '4900', '0200', 'anna'),
        `update relations set city = 'Zwolle' where id in (select id from relations order by id limit 3)`,
        `update fiscal_years set closed = true where year = 2025`,
      ]);
      packageFile = (await core.writeChanges(accountant.ctx, { adm: '3', output: join(scratch, 'pakket.ebu') }))
        .location;
      await asSide(client.ctx, '3', 'jansen', [
        ...entrySql('MEM', 'K1', '2026-08-01', 'Eigen boeking', '10.00', '4600', '1100', 'jansen'),
      ]);
      beforeDigest = await digest(client.ctx);
      // The after-state: the same books, restored elsewhere from one backup, and the package applied undisturbed.
      const copy = await core.createBackup(client.ctx, { adm: '3', output: join(scratch, 'klant-nu.ebu') });
      await core.restoreBackup(reference.ctx, {
        source: createReadStream(copy.location),
        path: copy.location,
        to: '3',
      });
      await core.applyChanges(reference.ctx, {
        source: createReadStream(packageFile),
        path: packageFile,
        to: '3',
      });
      afterDigest = await digest(reference.ctx);
      assert.notDeepEqual(afterDigest, beforeDigest);
      assert.equal(handed.until, '2026-06-30');
    });
    after(async () => {
      await client?.dispose();
      await accountant?.dispose();
      await reference?.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    for (const { at, forward } of [
      { at: 'backup:snapshot', forward: false },
      { at: 'backup:committed', forward: true },
    ])
      test(`the package killed at ${at}: recover says change package, and never records it as a backup`, async () => {
        const folder = mkdtempSync(join(scratch, 'pakket-'));
        const child = spawn(
          process.execPath,
          [kluisBin, ...accountant.cli.args, 'client', 'changes', '3', '-o', folder],
          {
            env: { ...process.env, ...accountant.cli.env, KLUIS_CRASH_AT: at },
            stdio: 'ignore',
          },
        );
        const signal = await new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
        assert.equal(signal, 'SIGKILL');
        const items = await core.listRecovery(accountant.ctx);
        assert.equal(items.length, 1);
        assert.match(
          items[0]!.description.en,
          forward ? /the change package of 003 was written/ : /remove the incomplete change package of 003/,
        );
        const r = await runKluis([...accountant.cli.args, 'recover'], accountant.cli.env);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(await core.listRecovery(accountant.ctx), []);
        const files = readdirSync(folder);
        assert.equal(files.length, forward ? 1 : 0, `${files}`);
        if (forward) assert.match(files[0]!, /-wijzigingen\.ebu$/);
        const history = (await core.backupHistory(accountant.ctx)).entries;
        assert.ok(!history.some((e) => e.location.startsWith(folder)), 'a package is never in the backup history');
      });

    for (const { at, settled } of points.filter((p) => kind === 'server' || !p.at.endsWith('@server')))
      test(`killed at ${at}: the books exactly ${settled} the apply`, async () => {
        const child = spawn(
          process.execPath,
          [kluisBin, ...client.cli.args, 'client', 'apply', packageFile, '--to', '3'],
          { env: { ...process.env, ...client.cli.env, KLUIS_CRASH_AT: at }, stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
          child.on('exit', (code, signal) => resolve({ code, signal })),
        );
        if (at.endsWith('@server')) {
          assert.notEqual(exit.code, 0, 'the apply failed');
          assert.equal(exit.signal, null, stderr);
        } else {
          assert.equal(exit.signal, 'SIGKILL', `killed at the point: ${stderr}`);
          const items = await core.listRecovery(client.ctx);
          assert.deepEqual(
            items.map((i) => [i.operation?.kind, i.action]),
            [['client-apply', settled === 'before' ? 'roll-back' : 'roll-forward']],
          );
          // What recover says it will do, in words (it said "…; settle" before).
          assert.match(
            items[0]!.description.en,
            settled === 'before'
              ? /^close the interrupted apply of the accountant's change package 1 to 003: nothing was applied, the books are as they were/
              : /^settle the apply of the accountant's change package 1 to 003: it was applied in full/,
          );
          assert.match(
            items[0]!.description.nl,
            settled === 'before'
              ? /^de onderbroken verwerking van wijzigingenpakket 1 van de accountant in 003 afsluiten: er is niets verwerkt/
              : /^de verwerking van wijzigingenpakket 1 van de accountant in 003 afronden: het is helemaal verwerkt/,
          );
          // Nothing else touches the books until recover has looked.
          await rejectsWithCode(
            core.applyChanges(client.ctx, { source: createReadStream(packageFile), path: packageFile, to: '3' }),
            'RECOVERY_NEEDED',
          );
        }
        const r = await runKluis([...client.cli.args, 'recover'], client.cli.env);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(await core.listRecovery(client.ctx), []);
        assert.deepEqual(await digest(client.ctx), settled === 'before' ? beforeDigest : afterDigest);
        if (settled === 'after')
          await rejectsWithCode(
            core.applyChanges(client.ctx, { source: createReadStream(packageFile), path: packageFile, to: '3' }),
            'CHANGES_ALREADY_APPLIED',
          );
      });
  });
}
