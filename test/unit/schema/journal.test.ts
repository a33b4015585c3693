/**
 * The journal's plans (src/schema/journal.ts) as recover reads them back
 * (core/journal/journal-entry.ts): what each operation writes passes
 * unchanged; each plan mutated field by field and at random is
 * JOURNAL_ENTRY_DAMAGED naming the field, or harmless; and the fields
 * recover acts on outside the database (a file it removes) or that must
 * agree with the row (the administration's number) are checked too.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readJournalEntry } from '../../../src/core/journal/journal-entry.js';
import { renderError, ToolError } from '../../../src/errors/index.js';
import { type OperationKind, operationKinds } from '../../../src/schema/journal.js';
import { atomicTempPath } from '../../../src/storage/temp-names.js';
import { changed, deep, fuzz, type Json } from '../../helpers/fuzz.js';

const id = '5f0c1a52-7d2e-4b1e-9c33-2a4f8e9d1b07';
const system = 'kluis_sys';
const swap = {
  number: 7,
  name: 'Bakkerij De Korenaar',
  databaseName: 'kluis_sys_adm_007',
  identity: '0b5e2c1d-1111-4a2b-8c3d-123456789abc',
  overwrites: true,
  staging: 'kluis_sys_stage_5f0c1a52',
  tablespace: null,
  directory: null,
} satisfies Json;

/** A plan of each kind as the operation writes it (core/*: beginOperation, then its phases' updates). */
const plans: Record<OperationKind, Json> = {
  'admin-create': {
    number: 7,
    name: 'Bakkerij De Korenaar',
    databaseName: 'kluis_sys_adm_007',
    identity: '0b5e2c1d-1111-4a2b-8c3d-123456789abc',
    licenceNumber: 'L-1',
    users: ['eva', 'piet'],
  },
  'admin-delete': { number: 7, name: 'Bakkerij De Korenaar', database: 'kluis_sys_adm_007' },
  backup: { location: '/srv/backups/007.ebu', partial: atomicTempPath('/srv/backups/007.ebu') },
  'xaf-export': { location: '-', partial: null },
  'cloud-prepare': { database: 'boekhouding', number: 7 },
  'licence-import-client': { licence: 'L-1' },
  'user-change': { change: 'deactivate', user: 'bram' },
  prune: {
    repository: 's3://kantoor/kluis',
    remove: [
      { name: '20261101-0.1.0-PG18-Bakkerij.ebu', location: 's3://kantoor/kluis/20261101-0.1.0-PG18-Bakkerij.ebu' },
      {
        name: '20261102-0.1.0-PG18-Bakkerij (2).ebu',
        location: 's3://kantoor/kluis/20261102-0.1.0-PG18-Bakkerij (2).ebu',
      },
    ],
  },
  'hand-out': {
    handOut: '0b5e2c1d-1111-4a2b-8c3d-123456789abc',
    until: '2026-06-30',
    location: '/srv/backups/007.ebu',
    partial: atomicTempPath('/srv/backups/007.ebu'),
  },
  'hand-out-cancel': { handOut: '0b5e2c1d-1111-4a2b-8c3d-123456789abc' },
  'client-apply': {
    handOut: '6f1c2d3e-2222-4b3c-9d4e-23456789abcd',
    sequence: 2,
    file: '/srv/in/wijzigingen.ebu',
    dryRun: false,
  },
  restore: { ...swap, file: '/srv/backups/007.ebu' },
  'client-install': { ...swap, file: '/srv/backups/007.ebu', overwrites: false, tablespace: 'kluis_ts_1' },
  copy: { ...swap, source: 3, method: 'template', directory: '/data/kluis', tablespace: 'kluis_ts_2' },
  'xaf-import': { ...swap, file: '/srv/auditfiles/2025.xaf' },
};

const read = (kind: string, plan: unknown, adminNumber: number | null = 7) =>
  readJournalEntry({ id, kind, admin_number: adminNumber, plan }, system);

/** The error `attempt` throws, which must be JOURNAL_ENTRY_DAMAGED. */
function damaged(attempt: () => unknown): { en: string; nl: string } {
  try {
    attempt();
  } catch (err) {
    assert.ok(err instanceof ToolError, String(err));
    assert.equal(err.code, 'JOURNAL_ENTRY_DAMAGED');
    return { en: renderError(err, 'en').message, nl: renderError(err, 'nl').message };
  }
  assert.fail('accepted');
}

describe('journal plans', () => {
  test('what each operation writes reads back unchanged, unknown fields kept', () => {
    for (const kind of operationKinds) {
      assert.deepEqual(read(kind, structuredClone(plans[kind])), { kind, plan: plans[kind] }, kind);
      const later = { ...(plans[kind] as object), later: { field: 1 } };
      assert.deepEqual(read(kind, structuredClone(later))?.plan, later, kind);
    }
    assert.equal(read('backup', { location: '-', partial: null })?.kind, 'backup');
  });

  test('a kind kluis does not know is no entry of its own: recover settles it without acting on its plan', () => {
    assert.equal(read('test-hold', {}), undefined);
    assert.equal(read('a-newer-kind', 'anything', null), undefined);
  });

  for (const [i, kind] of operationKinds.entries()) {
    test(`a "${kind}" plan mutated in any field is JOURNAL_ENTRY_DAMAGED, or harmless`, () => {
      const { refused } = fuzz(plans[kind], 'JOURNAL_ENTRY_DAMAGED', (plan) => read(kind, plan), 100 + i, 2_000);
      assert.ok(refused > 30, `only ${refused} refused`);
    });
  }

  test('the sentence names the system database, the operation, the administration and the field, in both languages', () => {
    const text = damaged(() => read('admin-delete', changed(plans['admin-delete'], ['database'], 5)));
    assert.equal(
      text.en,
      `The journal in system database "kluis_sys" is damaged: what the deletion of administration 007 recorded (operation ${id}) cannot be read at plan.database. kluis changed nothing.`,
    );
    assert.equal(
      text.nl,
      `Het journaal in systeemdatabase "kluis_sys" is beschadigd: wat het verwijderen van administratie 007 vastlegde (operatie ${id}) is onleesbaar bij plan.database. kluis heeft niets gewijzigd.`,
    );
    assert.match(
      damaged(() => read('restore', changed(plans.restore, ['identity'], undefined))).en,
      /at plan\.identity\./,
    );
    assert.match(damaged(() => read('copy', changed(plans.copy, ['source'], 1000))).en, /at plan\.source\./);
  });

  test('a plan that is no object, or nested deeper than any plan, is damaged as a whole', () => {
    for (const plan of [null, 'x', 42, deep(100_000)])
      assert.match(damaged(() => read('backup', plan)).en, /cannot be read at plan\. /);
    damaged(() => read('backup', [plans.backup]));
    assert.match(
      damaged(() => read('restore', changed(plans.restore, ['later'], deep(50)))).en,
      /cannot be read at plan\. /,
    );
  });

  test('recover removes only a temporary file of kluis’s own: any other name in "partial" is damage', () => {
    for (const partial of ['/etc/passwd', '/srv/backups/007.ebu', '/srv/backups/.007.ebu.partial-zz', '.'])
      for (const kind of ['backup', 'xaf-export', 'hand-out'] as const)
        assert.match(
          damaged(() => read(kind, { ...(plans[kind] as object), location: '/srv/backups/007.ebu', partial })).en,
          /at plan\.partial\./,
          `${kind} ${partial}`,
        );
  });

  test('recover removes only backup files in the pruned repository: a name with a folder, hidden or not .ebu is damage', () => {
    for (const name of ['../x.ebu', '/etc/passwd', 'a/b.ebu', '.hidden.ebu', 'notes.txt', 'x\\..\\y.ebu', '.ebu'])
      assert.match(
        damaged(() =>
          read('prune', { repository: '/srv/backups', remove: [{ name, location: `/srv/backups/${name}` }] }, null),
        ).en,
        /at plan\.remove\.0\.name\./,
        name,
      );
    assert.equal(read('prune', plans.prune, null)?.kind, 'prune');
  });

  test('every kind of kluis’s own names its administration, and a plan’s number must be the row’s', () => {
    assert.match(
      damaged(() => read('backup', plans.backup, null)).en,
      /administration - recorded .* at admin_number\./,
    );
    assert.match(
      damaged(() => read('restore', plans.restore, 8)).en,
      /administration 008 recorded .* at plan\.number\./,
    );
    assert.match(damaged(() => read('cloud-prepare', plans['cloud-prepare'], 6)).en, /at plan\.number\./);
  });
});
