/**
 * Damage that the chain hash cannot see, because the file was written that
 * way (a writer bug, or a forger who recomputed the chain): blocks that do
 * not decode, or decode to another length than their header says. Both
 * readers refuse them — verify, which decodes on the codec pool's workers,
 * and the body that restore reads, which decodes on its own thread.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { verifyBackup } from '../../../src/core/index.js';
import { Codec, FrameType } from '../../../src/format/constants.js';
import { BackupReader } from '../../../src/format/index.js';
import { message, rejectsWithCode } from '../../helpers/assertions.js';
import { type LooseFile, putTogether, takeApart } from '../../helpers/ebu-surgery.js';

const plain = readFileSync(new URL('../../../../test/fixtures/format/v1/valid/plain.ebu', import.meta.url));

function changed(edit: (file: LooseFile) => void): Buffer {
  const file = takeApart(plain);
  edit(file);
  return putTogether(file);
}

function firstZstdBlock(file: LooseFile) {
  const f = file.frames.find((x) => x.type === FrameType.data && x.codec === Codec.zstd);
  assert.ok(f, 'the fixture has a compressed data block');
  return f;
}

async function readBody(bytes: Buffer): Promise<void> {
  const reader = await BackupReader.open(Readable.from([bytes]), { path: 'x.ebu' });
  for await (const _ of reader.body()) {
    // every event read
  }
}

describe('damage behind the checksums', () => {
  test('taking a file apart and putting it together gives the same bytes', () => {
    assert.ok(putTogether(takeApart(plain)).equals(plain));
  });

  const cases: Array<[string, (file: LooseFile) => void, RegExp]> = [
    ['a block that is not zstd', (file) => firstZstdBlock(file).payload.fill(0x41, 0, 64), /does not decompress/],
    [
      'a block whose end is cut off',
      (file) => {
        const f = firstZstdBlock(file);
        f.payload = f.payload.subarray(0, f.payload.length - 9);
      },
      /does not decompress/,
    ],
    [
      'a block that decodes shorter than declared',
      (file) => (firstZstdBlock(file).rawLength += 1),
      /does not decompress/,
    ],
    [
      'a block that decodes longer than declared',
      (file) => (firstZstdBlock(file).rawLength -= 1),
      /does not decompress/,
    ],
    [
      'a manifest that names a table stream',
      (file) => (file.frames[0]!.stream = 3),
      /the manifest or footer names a table/,
    ],
    [
      'a footer that names a table stream',
      (file) => (file.frames.at(-1)!.stream = 1),
      /the manifest or footer names a table/,
    ],
  ];
  for (const [what, edit, text] of cases) {
    test(`${what} is refused by verify and by restore's reader`, async () => {
      const bytes = changed(edit);
      const byVerify = await rejectsWithCode(verifyBackup(Readable.from([bytes]), 'x.ebu'), 'BACKUP_DAMAGED');
      assert.match(message(byVerify, 'en'), text);
      const byBody = await rejectsWithCode(readBody(bytes), 'BACKUP_DAMAGED');
      assert.equal(message(byBody, 'en'), message(byVerify, 'en'), 'both readers say the same');
    });
  }

  test('table totals that do not match their blocks are refused', async () => {
    const bytes = changed((file) => {
      const end = file.frames.find((f) => f.type === FrameType.tableEnd)!;
      const stats = JSON.parse(end.payload.toString()) as { rawBytes: number };
      stats.rawBytes += 1;
      end.payload = Buffer.from(JSON.stringify(stats));
      end.rawLength = end.payload.length;
      end.codec = Codec.stored;
    });
    const err = await rejectsWithCode(verifyBackup(Readable.from([bytes]), 'x.ebu'), 'BACKUP_DAMAGED');
    assert.match(message(err, 'en'), /totals of table .* do not match/);
  });
});
