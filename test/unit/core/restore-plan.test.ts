/**
 * A restore's decisions, without a server: whether the backup's schema can be
 * loaded, which warnings the plan gives, the name beside a clash, and the
 * checks on loaded rows and counters (src/core/restore).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCounters, checkRowCounts } from '../../../src/core/restore/checks.js';
import { checkSchemaSupported, foreignLicenceWarning, identityWarning } from '../../../src/core/restore/plan.js';
import { nameBesideClash } from '../../../src/core/restore/target.js';
import type { Manifest } from '../../../src/format/index.js';
import { message, rejectsWithCode } from '../../helpers/assertions.js';

const manifest: Manifest = {
  format: 1,
  kluisVersion: '1.0.0',
  schemaVersion: 3,
  server: { version: '18.0', versionNum: 180000, engine: 'embedded' },
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: { user: 'anna', host: 'kantoor' },
  administration: { number: 7, name: 'Bakkerij de Vries', identity: 'id-bakkerij' },
  licence: { number: 'L-1', holder: 'Boekhouder BV', registeredUser: 'anna', articles: [] },
  counts: { transactions: 12, documents: 3 },
  compression: { codec: 'zstd', level: 3 },
  encryption: null,
  tables: [
    { name: 'entries', columns: [], estimatedBytes: 10 },
    { name: 'documents', columns: [], estimatedBytes: 10 },
  ],
};

test('a backup from a newer schema is refused; the same or an older one is not', async () => {
  checkSchemaSupported(manifest, 'a.ebu', 3);
  checkSchemaSupported(manifest, 'a.ebu', 4);
  const err = await rejectsWithCode(() => checkSchemaSupported(manifest, 'a.ebu', 2), 'BACKUP_SCHEMA_TOO_NEW');
  assert.deepEqual(err.params, { path: 'a.ebu', found: 3, supported: 2 });
});

test('overwriting another administration warns with both identities; the same one does not warn', () => {
  assert.equal(identityWarning(manifest, 'id-bakkerij'), undefined);
  assert.deepEqual(identityWarning(manifest, 'id-slagerij'), {
    code: 'DIFFERENT_IDENTITY',
    existing: 'id-slagerij',
    backup: 'id-bakkerij',
  });
});

test("someone else's licence warns; one's own, none known, or a file without a holder does not", () => {
  assert.equal(foreignLicenceWarning(manifest, new Set(['Boekhouder BV'])), undefined);
  assert.equal(foreignLicenceWarning(manifest, new Set()), undefined, 'a fresh installation has nothing to compare');
  const noHolder = { ...manifest, licence: { ...manifest.licence, holder: '' } };
  assert.equal(foreignLicenceWarning(noHolder, new Set(['Ander BV'])), undefined);
  assert.deepEqual(foreignLicenceWarning(manifest, new Set(['Ander BV', 'Derde BV'])), {
    code: 'FOREIGN_LICENCE',
    holder: 'Boekhouder BV',
    number: 'L-1',
  });
});

test('a name another administration carries gets the number added, within 60 characters', () => {
  assert.equal(nameBesideClash('Bakkerij', 7, undefined), 'Bakkerij');
  assert.equal(nameBesideClash('Bakkerij', 7, 7), 'Bakkerij', 'its own name is no clash');
  assert.equal(nameBesideClash('Bakkerij', 7, 12), 'Bakkerij (007)');
  const long = 'x'.repeat(58);
  assert.equal(nameBesideClash(long, 7, 12), `${long} (`);
  assert.equal(nameBesideClash(long, 7, 12).length, 60);
});

test('a table with other rows than the file says fails the restore, naming the table', async () => {
  const expected = new Map([
    [0, 5],
    [1, 2],
  ]);
  checkRowCounts(
    manifest,
    [
      [0, 5],
      [1, 2],
    ],
    expected,
    'a.ebu',
  );
  const err = await rejectsWithCode(
    () =>
      checkRowCounts(
        manifest,
        [
          [0, 5],
          [1, 1],
        ],
        expected,
        'a.ebu',
      ),
    'RESTORE_CHECK_FAILED',
  );
  assert.match(message(err, 'en'), /table documents got 1 rows, the backup says 2/);
  assert.match(message(err, 'nl'), /tabel documents kreeg 1 rijen, de back-up noemt 2/);
});

test('counters that differ from the manifest fail the restore', async () => {
  const counters = (values: Record<string, number>) => (name: string) => values[name] ?? -1;
  checkCounters(manifest, counters({ transactions: 12, documents: 3 }), 'a.ebu');
  await rejectsWithCode(
    () => checkCounters(manifest, counters({ transactions: 12, documents: 4 }), 'a.ebu'),
    'RESTORE_CHECK_FAILED',
  );
  await rejectsWithCode(() => checkCounters(manifest, counters({ documents: 3 }), 'a.ebu'), 'RESTORE_CHECK_FAILED');
});
