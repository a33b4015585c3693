/**
 * The two byte sources the reader uses (a file read positionally, a stream
 * of chunks) hand out the same bytes for the same reads: small and large,
 * into given memory or not, across the read-ahead buffer's edge, peeks, the
 * rest as chunks, and short reads at the end.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { openBackupFile } from '../../../src/core/files.js';
import { type ByteReader, openByteReader } from '../../../src/format/byte-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'kluis-bytes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const data = randomBytes(3 * 1024 * 1024 + 12345);
const path = join(dir, 'data.bin');
writeFileSync(path, data);

/** Chunks of uneven size, as a pipe delivers them. */
function chunked(bytes: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0, n = 1; at < bytes.length; at += n, n = ((n * 7 + 13) % 200_000) + 1)
    chunks.push(bytes.subarray(at, at + n));
  return Readable.from(chunks);
}

/** Reads in a fixed pattern of sizes (some into given memory) and returns what came out, in order. */
async function readPattern(bytes: ByteReader): Promise<Buffer> {
  const out: Buffer[] = [];
  const sizes = [16, 56, 1, 70_000, 56, 1 << 20, 65_536, 3, 900_000];
  for (let i = 0; ; i++) {
    const n = sizes[i % sizes.length]!;
    const into = i % 2 === 0 ? Buffer.alloc(n + 10, 0xee) : undefined;
    if (i === 4)
      assert.deepEqual(
        await bytes.peek(100),
        data.subarray(bytes.offset, bytes.offset + 100),
        'peek sees what comes next',
      );
    const before = bytes.offset;
    const got = await bytes.read(n, into);
    if (into && got.length) assert.equal(got.buffer, into.buffer, 'the bytes are in the memory given');
    assert.equal(bytes.offset, before + got.length);
    out.push(Buffer.from(got));
    if (got.length < n) break;
    if (i === 6) {
      for await (const chunk of bytes.rest()) out.push(Buffer.from(chunk));
      break;
    }
  }
  return Buffer.concat(out);
}

describe('byte sources', () => {
  test('a file read positionally and a stream of uneven chunks give the same bytes for the same reads', async () => {
    for (const make of [() => openByteReader(createReadStream(path)), () => openByteReader(chunked(data))]) {
      const bytes = await make();
      try {
        assert.deepEqual(await readPattern(bytes), data);
        assert.equal(bytes.offset, data.length);
        assert.equal((await bytes.read(10)).length, 0, 'nothing after the end');
      } finally {
        await bytes.close();
      }
    }
  });

  test('short reads at the end of a file give what there is', async () => {
    const small = join(dir, 'small.bin');
    writeFileSync(small, data.subarray(0, 100));
    const bytes = await openByteReader(createReadStream(small));
    try {
      assert.deepEqual(await bytes.read(60), data.subarray(0, 60));
      assert.deepEqual(await bytes.read(60, Buffer.alloc(60)), data.subarray(60, 100));
      assert.equal(bytes.offset, 100);
    } finally {
      await bytes.close();
    }
  });

  test('a file stream that starts further on is read from there', async () => {
    const bytes = await openByteReader(createReadStream(path, { start: 1000 }));
    try {
      assert.deepEqual(await bytes.read(70_000), data.subarray(1000, 71_000));
    } finally {
      await bytes.close();
    }
  });

  test('a file stream that was already read from is read as the stream it is, from where it is', async () => {
    assert.deepEqual(await readAfterFirstChunk(createReadStream(path, { start: 5 })), data.subarray(5));
  });

  test('a backup file opened as the commands open it is read positionally, not through its stream', async () => {
    // Through the stream every 1 MiB chunk was a new buffer, copied again into a block: a verify of L took a fifth longer.
    const stream = openBackupFile(path);
    const bytes = await openByteReader(stream);
    try {
      assert.deepEqual(await readPattern(bytes), data);
      assert.equal(bytes.offset, data.length);
      assert.equal(stream.readableDidRead, false, 'the stream was not read');
    } finally {
      await bytes.close();
    }
    assert.equal(stream.destroyed, true, 'closing the reader lets the file go');
  });

  test('a backup file opened as the commands open it, once read from, is read as the stream it is', async () => {
    assert.deepEqual(await readAfterFirstChunk(openBackupFile(path)), data);
  });
});

/** Takes one chunk from the stream itself, then hands it to a byte reader: everything, the first chunk and the rest. */
async function readAfterFirstChunk(stream: Readable): Promise<Buffer> {
  const first = await new Promise<Buffer>((resolve) =>
    stream.once('data', (c) => {
      stream.pause();
      resolve(c as Buffer);
    }),
  );
  const bytes = await openByteReader(stream);
  const all: Buffer[] = [first];
  for await (const chunk of bytes.rest()) all.push(chunk);
  return Buffer.concat(all);
}
