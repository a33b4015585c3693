/**
 * The golden fixtures of format version 1 (test/fixtures/format/v1): every
 * later kluis reads the valid ones into exactly the recorded tables, and
 * refuses each damaged one with its own error, on every engine.
 */
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { generateKeyPair, restoreBackup, showAdministration, verifyBackup } from '../../src/core/index.js';
import { AdminDb, adminMigrations, latestVersion } from '../../src/core/testing.js';
import type { ErrorCode } from '../../src/errors/index.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { tableDigests } from '../helpers/digest.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';

const dir = new URL('../../../test/fixtures/format/v1/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as {
  administration: { identity: string };
  counts: { transactions: number; documents: number };
  digests: Record<string, string>;
  passphrase: string;
};
const identity = readFileSync(`${dir}valid/recipient.key`, 'utf8')
  .split('\n')
  .find((l) => l.startsWith('AGE-SECRET-KEY-'))!;
const keys = { passphrase: expected.passphrase, identities: [identity] };

const corrupt: Array<[string, ErrorCode, RegExp?]> = [
  ['flipped-byte.ebu', 'BACKUP_DAMAGED', /checksum does not match/],
  ['altered-manifest.ebu', 'BACKUP_DAMAGED', /checksum does not match \(part 0\)/],
  ['swapped-frames.ebu', 'BACKUP_DAMAGED', /out of order/],
  ['huge-length.ebu', 'BACKUP_DAMAGED', /impossible length/],
  ['truncated.ebu', 'BACKUP_TRUNCATED'],
  ['truncated-header.ebu', 'BACKUP_TRUNCATED', /inside its header/],
  ['no-trailer.ebu', 'BACKUP_TRUNCATED', /before its closing part/],
  ['trailing-garbage.ebu', 'BACKUP_DAMAGED', /bytes after its end/],
  ['unknown-version.ebu', 'BACKUP_UNSUPPORTED_VERSION', /format version 2; this kluis reads version 1/],
  ['unknown-flags.ebu', 'BACKUP_DAMAGED', /unknown flags/],
  ['not-ebu.txt', 'BACKUP_NOT_EBU'],
  ['encrypted-altered.ebu', 'BACKUP_DAMAGED', /encrypted data were altered/],
  ['encrypted-truncated.ebu', 'BACKUP_DAMAGED', /encrypted data were altered or cut off/],
];

describe('golden fixtures v1: damaged files', () => {
  for (const [file, code, text] of corrupt) {
    test(`${file} → ${code}`, async () => {
      const err = await rejectsWithCode(verifyBackup(createReadStream(`${dir}corrupt/${file}`), file, keys), code);
      if (text) assert.match(message(err, 'en'), text);
      assert.match(message(err, 'nl'), new RegExp(file.replace('.', '\\.')), 'the Dutch message names the file too');
    });
  }

  test('valid files with the wrong key', async () => {
    await rejectsWithCode(
      verifyBackup(createReadStream(`${dir}valid/passphrase.ebu`), 'p', { passphrase: 'nope' }),
      'BACKUP_WRONG_PASSPHRASE',
    );
    await rejectsWithCode(verifyBackup(createReadStream(`${dir}valid/passphrase.ebu`), 'p'), 'BACKUP_KEY_REQUIRED');
    const other = await generateKeyPair();
    await rejectsWithCode(
      verifyBackup(createReadStream(`${dir}valid/recipient.ebu`), 'r', { identities: [other.identity] }),
      'BACKUP_NOT_RECIPIENT',
    );
    await rejectsWithCode(
      verifyBackup(createReadStream(`${dir}valid/recipient.ebu`), 'r', { identities: ['AGE-SECRET-KEY-1NOTAKEY'] }),
      'IDENTITY_INVALID',
    );
  });
});

for (const kind of selectedEngines()) {
  describe(`golden fixtures v1: valid files restore on ${kind}`, () => {
    let t: TestContext;
    before(async () => {
      t = testContext(await openTestEngine(kind), 'fx');
    });
    after(async () => {
      await t.cleanup();
    });

    for (const file of ['plain.ebu', 'passphrase.ebu', 'recipient.ebu']) {
      test(file, async () => {
        const path = `${dir}valid/${file}`;
        const v = await verifyBackup(createReadStream(path), path, keys);
        assert.equal(v.manifest.format, 1);
        const name = `Fixture ${file}`;
        await restoreBackup(t.ctx, { source: createReadStream(path), path, to: name, keys });
        const d = await showAdministration(t.ctx, name);
        assert.equal(d.identity, expected.administration.identity);
        assert.deepEqual(d.counts, expected.counts);
        // Written at schema version 1, upgraded on the way in to the current schema.
        assert.equal(v.manifest.schemaVersion, 1);
        assert.equal(d.schemaVersion, latestVersion(adminMigrations));
        const db = await AdminDb.open(t.engine, d.database);
        try {
          // Columns added by later schema versions start empty (null).
          const digests = await tableDigests(db.client, {
            licences: ['role', 'document', 'installed_at'],
            accounts: ['code', 'name', 'kind', 'debit_credit', 'vat_code', 'blocked'],
            relations: ['id', 'code', 'name', 'kind', 'vat_number', 'iban', 'city', 'country', 'email'],
            journals: ['code', 'name', 'type'],
            fiscal_years: ['year', 'start_date', 'end_date', 'closed'],
            journal_entries: [
              'id',
              'journal_code',
              'entry_number',
              'entry_date',
              'fiscal_year',
              'description',
              'relation_id',
              'document_id',
              'created_by',
              'created_at',
            ],
            journal_lines: ['id', 'entry_id', 'line_no', 'account_code', 'description', 'debit', 'credit', 'vat_code'],
          });
          const widened =
            await db.client.query(`select (select count(*) from journal_lines where xaf is not null or effective_date is not null or document_ref is not null or relation_id is not null or currency_code is not null)
            + (select count(*) from journal_entries where period is not null or xaf is not null) + (select count(*) from accounts where xaf is not null) as n`);
          assert.equal(Number(widened.rows[0].n), 0);
          // Version 4 lists the VAT codes the standard chart's accounts use.
          assert.deepEqual(
            (await db.client.query('select code, percentage::text as p from vat_codes order by code')).rows,
            [
              { code: 'H', p: '21.000' },
              { code: 'L', p: '9.000' },
              { code: 'V', p: '0.000' },
            ],
          );
          delete digests['vat_codes'];
          assert.equal(
            (await db.client.query('select count(*)::int as n from licences where administration is not null')).rows[0]
              .n,
            0,
          );
          delete digests['settings'];
          // Tables added by later schema versions start empty.
          const added = Object.keys(digests).filter((name) => !(name in expected.digests));
          assert.ok(
            added.every((name) => digests[name]!.startsWith('0:')),
            `new tables are empty: ${added}`,
          );
          for (const name of added) delete digests[name];
          assert.deepEqual(digests, expected.digests);
        } finally {
          await db.close();
        }
      });
    }
  });
}

describe('interoperability with the age tool', () => {
  test('the body of an encrypted file decrypts with the standard age command to what kluis decrypts', async (t) => {
    const { spawnSync } = await import('node:child_process');
    if (spawnSync('age', ['--version']).status !== 0) return t.skip('the age command is not installed');
    const file = readFileSync(`${dir}valid/recipient.ebu`);
    const byAge = spawnSync('age', ['-d', '-i', `${dir}valid/recipient.key`], { input: file.subarray(16) });
    assert.equal(byAge.status, 0, byAge.stderr?.toString());
    const { decryptStream } = await import('../../src/format/encryption.js');
    const { Readable } = await import('node:stream');
    const plain = await decryptStream(
      Readable.from([file.subarray(16)]),
      file.subarray(16, 4096),
      { identities: [identity] },
      'r',
    );
    const chunks: Buffer[] = [];
    for await (const c of plain) chunks.push(c as Buffer);
    assert.ok(byAge.stdout.subarray(0, 4).equals(Buffer.from('KFRM')));
    assert.ok(Buffer.concat(chunks).equals(byAge.stdout));
  });
});
