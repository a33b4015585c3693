/**
 * Issue 18, defect 16: "backup inspect" reads the footer from the end of the
 * file without reading the data, so its chain hash is not checked there.
 * Hand-made files whose footer (or the trailer pointing at it) lies — wrong
 * types, huge offsets, table names with control characters, terminal escapes,
 * newlines or a bidi override, names the manifest does not have — are a
 * damaged file (BACKUP_DAMAGED), and nothing of the lie reaches the terminal.
 */
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { inspectBackup } from '../../src/core/index.js';
import { decompressBlock } from '../../src/format/codec.js';
import { Codec, FrameType, TRAILER_SIZE } from '../../src/format/constants.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { runKluis } from '../helpers/cli.js';
import { putTogether, takeApart } from '../helpers/ebu-surgery.js';

const plain = readFileSync(new URL('../../../test/fixtures/format/v1/valid/plain.ebu', import.meta.url));

interface FooterDoc {
  tables: Array<Record<string, unknown>>;
  rawBytes: unknown;
  storedBytes: unknown;
}

/** The fixture's own footer, decoded. */
function realFooter(): FooterDoc {
  const footer = takeApart(plain).frames.find((x) => x.type === FrameType.footer)!;
  return JSON.parse(decompressBlock(footer.codec, footer.payload, footer.rawLength).toString('utf8')) as FooterDoc;
}

/** The file with its footer replaced by `doc` (stored uncompressed), chain and trailer made to match. */
function withFooter(doc: unknown): Buffer {
  const f = takeApart(plain);
  const footer = f.frames.find((x) => x.type === FrameType.footer)!;
  const payload = Buffer.from(JSON.stringify(doc));
  Object.assign(footer, { codec: Codec.stored, rawLength: payload.length, payload });
  return putTogether(f);
}

/** The file with a trailer field overwritten. */
function withTrailer(write: (trailer: Buffer) => void): Buffer {
  const file = Buffer.from(plain);
  write(file.subarray(file.length - TRAILER_SIZE));
  return file;
}

const scratch = mkdtempSync(join(tmpdir(), 'kluis-footer-'));

describe('backup inspect believes no footer it has not checked (issue 18, defect 16)', () => {
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('a lying footer or trailer is BACKUP_DAMAGED, and its words stay out of the output', async () => {
    const base = realFooter();
    // The surgery itself leaves a file whose footer is shown.
    const same = join(scratch, 'same.ebu');
    writeFileSync(same, withFooter(base));
    const good = await runKluis(['backup', 'inspect', same, '--json']);
    assert.equal(good.code, 0, good.stderr);
    assert.deepEqual((JSON.parse(good.stdout) as { footer: FooterDoc }).footer, base);
    const table = (i: number, change: Record<string, unknown>) => ({
      ...base,
      tables: base.tables.map((t, j) => (j === i ? { ...t, ...change } : t)),
    });
    const evil = [
      'accounts\u001b[2J\u001b[31mROOD',
      'accounts\nkluis: alles in orde',
      'stnuocca\u202e',
      'DROP TABLE accounts; --',
    ];
    const cases: Array<[string, Buffer]> = [
      ['rows as text', withFooter(table(0, { rows: '12' }))],
      ['rows negative', withFooter(table(0, { rows: -1 }))],
      ['rows beyond a safe integer', withFooter(table(0, { rows: 1e300 }))],
      ['tables not a list', withFooter({ ...base, tables: { name: 'accounts' } })],
      ['footer not an object', withFooter(['tables'])],
      ['stored bytes larger than the file', withFooter({ ...base, storedBytes: 1e12 })],
      ['a table the manifest does not have', withFooter(table(0, { name: 'other_table' }))],
      ['a table left out', withFooter({ ...base, tables: base.tables.slice(1) })],
      ...evil.map((name, i): [string, Buffer] => [`hostile table name ${i}`, withFooter(table(0, { name }))]),
      ['body length near 2^64', withTrailer((t) => t.writeBigUInt64LE(0xffffffffffffff00n, 8))],
      ['footer length near 4 GiB', withTrailer((t) => t.writeUInt32LE(0xfffffff0, 20))],
      ['footer length pointing into the data', withTrailer((t) => t.writeUInt32LE(t.readUInt32LE(20) + 64, 20))],
    ];
    // Every lie through the library (quick), and the ones that would show on a terminal through the real process too.
    for (const [i, [what, bytes]] of cases.entries()) {
      const file = join(scratch, `lie-${i}.ebu`);
      writeFileSync(file, bytes);
      const err = await rejectsWithCode(inspectBackup(createReadStream(file), file), 'BACKUP_DAMAGED');
      assert.match(message(err, 'en'), /is damaged: its (footer|trailer) /, what);
    }
    const shownCases = cases
      .map(([what], i) => ({ what, file: join(scratch, `lie-${i}.ebu`) }))
      .filter((c) => /hostile table name [01]|2\^64/.test(c.what));
    const runs = await Promise.all(
      shownCases.map(async ({ what, file }) => ({ what, text: await runKluis(['backup', 'inspect', file]) })),
    );
    for (const { what, text } of runs) {
      assert.equal(text.code, 6, `${what}: ${text.stdout}${text.stderr}`);
      assert.match(text.stderr, /^kluis: Backup ".*" is damaged: its (footer|trailer) /, what);
      for (const lie of [...evil, '\u001b', '\u202e'])
        assert.ok(!(text.stdout + text.stderr).includes(lie), `${what}: ${JSON.stringify(lie)} shown`);
    }
  });
});
