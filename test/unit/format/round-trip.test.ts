/**
 * The format's writer and reader against each other in memory: what is
 * written per table comes back byte for byte, with its row count, through
 * the chain of checks, plain and encrypted; no database, no file.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { decompressBlock } from '../../../src/format/codec.js';
import { BLOCK_SIZE, FrameType } from '../../../src/format/constants.js';
import type { EncryptionKeys } from '../../../src/format/encryption.js';
import { BackupReader, BackupWriter, type Manifest } from '../../../src/format/index.js';
import { rejectsWithCode } from '../../helpers/assertions.js';
import { takeApart } from '../../helpers/ebu-surgery.js';

/** A real manifest (the fixture's), so the reader's manifest check sees what kluis writes. */
function fixtureManifest(): Manifest {
  const f = takeApart(readFileSync(new URL('../../../../test/fixtures/format/v1/valid/plain.ebu', import.meta.url)));
  const m = f.frames.find((x) => x.type === FrameType.manifest)!;
  return JSON.parse(decompressBlock(m.codec, m.payload, m.rawLength).toString('utf8')) as Manifest;
}

function write(sink: NodeJS.WritableStream, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => sink.write(chunk, (err?: Error | null) => (err ? reject(err) : resolve())));
}

/** Writes `tables` (stream i gets tables[i] in pieces of odd sizes) and returns the file's bytes. */
async function backup(manifest: Manifest, tables: Buffer[], encryption?: EncryptionKeys): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const writer = BackupWriter.open(out, manifest, {
    codecPool: null,
    ...(encryption ? { encryption, scryptWorkFactor: 10 } : {}),
  });
  for (const [stream, bytes] of tables.entries()) {
    const sink = writer.tableSink(stream);
    for (let at = 0; at < bytes.length; at += 70_001) await write(sink, bytes.subarray(at, at + 70_001));
    await new Promise<void>((resolve, reject) => sink.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await writer.endTable(stream, 1000 + stream);
  }
  for (let stream = tables.length; stream < manifest.tables.length; stream++) await writer.endTable(stream, 0);
  await writer.finish();
  await ended;
  return Buffer.concat(parts);
}

/** Reads every table back: bytes and row count per stream. */
async function restore(file: Buffer, keys?: { passphrase: string }) {
  const reader = await BackupReader.open(Readable.from([file]), { path: 'x.ebu', ...(keys ? { keys } : {}) });
  const data = new Map<number, Buffer[]>();
  const rows = new Map<number, number>();
  let footerSeen = false;
  for await (const event of reader.body()) {
    if (event.type === 'data') data.set(event.stream, [...(data.get(event.stream) ?? []), event.data]);
    else if (event.type === 'table-end') rows.set(event.stream, event.stats.rows);
    else footerSeen = true;
  }
  await reader.close();
  return {
    manifest: reader.manifest,
    data: new Map([...data].map(([s, b]) => [s, Buffer.concat(b)])),
    rows,
    footerSeen,
  };
}

describe('format round trip in memory', () => {
  const manifest = fixtureManifest();
  // Compressible and incompressible data, more than one block, and an empty table.
  const tables = [
    randomBytes(BLOCK_SIZE * 2 + 12_345),
    Buffer.from('1\tdemo\t2026-01-01\n'.repeat(40_000)),
    Buffer.alloc(0),
  ].slice(0, manifest.tables.length);

  test('a plain backup reads back byte for byte, table by table', async () => {
    assert.ok(manifest.tables.length >= 1);
    const back = await restore(await backup(manifest, tables));
    assert.deepEqual(back.manifest, manifest);
    assert.equal(back.footerSeen, true);
    for (const [stream, bytes] of tables.entries()) {
      assert.ok((back.data.get(stream) ?? Buffer.alloc(0)).equals(bytes), `table ${stream}`);
      assert.equal(back.rows.get(stream), 1000 + stream);
    }
  });

  test('an encrypted backup reads back with its passphrase only', async () => {
    const passphrase = 'correct paard batterij nietje';
    const file = await backup(manifest, tables, { passphrase });
    assert.equal(file.includes(tables[1]!.subarray(0, 64)), false, 'plain text in an encrypted file');
    const back = await restore(file, { passphrase });
    for (const [stream, bytes] of tables.entries())
      assert.ok((back.data.get(stream) ?? Buffer.alloc(0)).equals(bytes), `table ${stream}`);
    await rejectsWithCode(restore(file, { passphrase: 'wrong paard batterij nietje' }), 'BACKUP_WRONG_PASSPHRASE');
  });

  test('the same input gives a file of the same length; a cut file is refused', async () => {
    const a = await backup(manifest, tables);
    const b = await backup(manifest, tables);
    assert.equal(a.length, b.length);
    await rejectsWithCode(restore(a.subarray(0, a.length - 1)), 'BACKUP_TRUNCATED');
  });
});
