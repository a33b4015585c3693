/**
 * kluis backup prune on a folder repository, with real backups of a real
 * administration spread over time (redate.ts): what stays and by which
 * rule, what goes, the bewaarplicht kept from the fiscal years the backup
 * itself recorded, files that cannot be read kept, the history agreeing,
 * and a clock that went back stopping everything.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { renderError } from '../../src/errors/index.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { type DemoInstallation, demoInstallation } from '../helpers/engines.js';
import { redate } from '../helpers/redate.js';

let inst: DemoInstallation;

before(async () => {
  inst = await demoInstallation('server', 'prune');
});

after(async () => {
  await inst?.dispose();
});

/** Runs SQL in administration `number`'s own database. */
async function inAdministration(number: number, sql: string): Promise<void> {
  const c = await inst.ctx.engine.connect(core.adminDatabaseName(inst.ctx.systemDatabase, number));
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A real backup of `adm` into `folder`, then given the moment `at`; its file name. */
async function backupAt(adm: string, folder: string, at: string): Promise<string> {
  const { location } = await core.createBackup(inst.ctx, { adm, output: folder });
  redate(location, at);
  return basename(location);
}

const decision = (r: core.PruneResult, name: string) => r.files.find((f) => f.name === name)!;

describe('prune a folder repository', () => {
  let repo: string;
  const names: Record<string, string> = {};

  before(async () => {
    repo = join(inst.dir, 'repo');
    mkdirSync(repo);
    await inAdministration(
      1,
      `insert into fiscal_years (year, start_date, end_date) values (2025, '2025-01-01', '2025-12-31')`,
    );
    names.a = await backupAt('1', repo, '2025-11-15T20:00:00Z');
    names.b = await backupAt('1', repo, '2026-01-20T20:00:00Z');
    // The year is closed: the next backup holds its final books.
    await inAdministration(1, 'update fiscal_years set closed = true where year = 2025');
    names.c = await backupAt('1', repo, '2026-03-10T20:00:00Z');
    names.d = await backupAt('1', repo, '2026-06-01T20:00:00Z');
    names.e = await backupAt('1', repo, '2026-11-01T20:00:00Z');
    names.f = await backupAt('1', repo, '2026-11-30T20:00:00Z');
    names.client = await backupAt('2', repo, '2026-01-05T20:00:00Z');
    // What prune cannot read stays: an encrypted backup without its key, a file that is no backup.
    const encrypted = await core.createBackup(inst.ctx, {
      adm: '1',
      output: repo,
      encryption: { passphrase: 'een lang genoeg wachtwoord' },
      scryptWorkFactor: 10,
    });
    names.encrypted = basename(encrypted.location);
    writeFileSync(join(repo, 'kapot.ebu'), 'not a backup at all');
    writeFileSync(join(repo, 'notities.txt'), 'not a backup file name');
  });

  test('the backup records its fiscal years, and the closed one is in the manifest', async () => {
    const r = await core.inspectBackup(core.openBackupFile(join(repo, names.c!)), join(repo, names.c!));
    assert.deepEqual(
      r.manifest.fiscalYears?.find((y) => y.year === 2025),
      { year: 2025, closed: true, end: '2025-12-31' },
    );
    const before = await core.inspectBackup(core.openBackupFile(join(repo, names.a!)), join(repo, names.a!));
    assert.equal(before.manifest.fiscalYears?.find((y) => y.year === 2025)?.closed, false);
  });

  test('--dry-run lists every file with the rules that keep it and removes nothing', async () => {
    const r = await core.pruneRepository(inst.ctx, { repository: repo, policy: { keepLast: 2 }, dryRun: true });
    assert.equal(r.dryRun, true);
    assert.deepEqual([...r.removed].sort(), [names.a, names.b, names.d].sort());
    assert.deepEqual(decision(r, names.c!).reasons, [{ rule: 'fiscal-year', year: 2025, until: '2032-12-31' }]);
    assert.deepEqual(decision(r, names.f!).reasons, [{ rule: 'newest' }, { rule: 'last', nth: 1 }]);
    assert.deepEqual(decision(r, names.client!).reasons, [{ rule: 'newest' }, { rule: 'last', nth: 1 }]);
    assert.deepEqual(decision(r, names.encrypted!).reasons, [{ rule: 'unreadable' }]);
    assert.match(decision(r, names.encrypted!).problem!.en, /encrypted/);
    assert.deepEqual(decision(r, 'kapot.ebu').reasons, [{ rule: 'unreadable' }]);
    assert.equal(r.files.length, 9, 'every .ebu file, and nothing else');
    for (const name of Object.values(names)) assert.ok(existsSync(join(repo, name)), `${name} still there`);
    assert.equal(
      core.keepReasonText(decision(r, names.c!).reasons[0]!, r.policy).nl,
      'bewaarplicht boekjaar 2025 (tot en met 31 december 2032)',
    );
  });

  test('prune removes what goes, keeps the rest, and the history says which files are gone', async () => {
    const r = await core.pruneRepository(inst.ctx, { repository: repo, policy: { keepLast: 2 } });
    assert.deepEqual([...r.removed].sort(), [names.a, names.b, names.d].sort());
    for (const key of ['a', 'b', 'd']) assert.equal(existsSync(join(repo, names[key]!)), false, `${key} removed`);
    for (const key of ['c', 'e', 'f', 'client', 'encrypted'])
      assert.ok(existsSync(join(repo, names[key]!)), `${key} kept`);
    assert.ok(existsSync(join(repo, 'kapot.ebu')));
    const history = (await core.backupHistory(inst.ctx)).entries.filter((e) => e.location.startsWith(repo));
    const stateOf = (key: string) => history.find((e) => e.location === join(repo, names[key]!))?.state;
    for (const key of ['a', 'b', 'd']) assert.equal(stateOf(key), 'removed', key);
    for (const key of ['c', 'e', 'f', 'client', 'encrypted']) assert.equal(stateOf(key), 'present', key);
    // Pruned again: nothing more goes.
    const again = await core.pruneRepository(inst.ctx, { repository: repo, policy: { keepLast: 2 } });
    assert.deepEqual(again.removed, []);
  });

  test('a backup dated after this computer’s clock (the clock went back) stops prune: nothing removed', async () => {
    const future = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const name = await backupAt('1', repo, future);
    const before = Object.values(names).filter((n) => existsSync(join(repo, n)));
    const err = await rejectsWithCode(
      () => core.pruneRepository(inst.ctx, { repository: repo, policy: { keepLast: 1 } }),
      'PRUNE_CLOCK_DISAGREES',
    );
    assert.match(
      renderError(err, 'en').message,
      new RegExp(
        `^Backup ${name.replace(/[.()]/g, '\\$&')} in ${repo} was made on .*, later than the clock of this computer \\(.*\\), so kluis removes nothing\\.$`,
      ),
    );
    assert.match(
      renderError(err, 'nl').message,
      /later dan de klok van deze computer .* dus kluis verwijdert niets\.$/,
    );
    for (const n of before) assert.ok(existsSync(join(repo, n)), `${n} still there`);
    assert.ok(existsSync(join(repo, name)));
  });
});
