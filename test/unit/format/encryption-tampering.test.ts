/**
 * Tampering with an encrypted backup. age encrypts the body in chunks of
 * 64 KiB, each with its own authentication tag and its place in the stream
 * (a counter, and a flag on the last): a changed byte in any chunk, chunks
 * reordered or dropped, and a file cut at a chunk boundary are all refused,
 * as are a wrong passphrase and a key that is not one of the recipients.
 * The file here has five chunks (300 KiB of incompressible data).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { before, describe, test } from 'node:test';
import { verifyBackup } from '../../../src/core/index.js';
import type { ErrorCode } from '../../../src/errors/index.js';
import { decompressBlock } from '../../../src/format/codec.js';
import { FILE_HEADER_SIZE, FrameType } from '../../../src/format/constants.js';
import { type DecryptionKeys, generateKeyPair } from '../../../src/format/encryption.js';
import type { Manifest } from '../../../src/format/manifest.js';
import { BackupWriter } from '../../../src/format/writer.js';
import { rejectsWithCode } from '../../helpers/assertions.js';
import { takeApart } from '../../helpers/ebu-surgery.js';

const CHUNK = 64 * 1024 + 16;

/** The fixture's manifest, for a file with 300 KiB of random bytes as its first table. */
function fixtureManifest(): Manifest {
  const f = takeApart(readFileSync(new URL('../../../../test/fixtures/format/v1/valid/plain.ebu', import.meta.url)));
  const m = f.frames.find((x) => x.type === FrameType.manifest)!;
  return JSON.parse(decompressBlock(m.codec, m.payload, m.rawLength).toString('utf8')) as Manifest;
}

async function encryptedBackup(encryption: { passphrase: string } | { recipients: string[] }): Promise<Buffer> {
  const manifest = fixtureManifest();
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  const writer = BackupWriter.open(out, manifest, { encryption, scryptWorkFactor: 10 });
  const sink = writer.tableSink(0);
  await new Promise<void>((resolve, reject) =>
    sink.end(randomBytes(300 * 1024), (err?: Error | null) => (err ? reject(err) : resolve())),
  );
  for (let i = 0; i < manifest.tables.length; i++) await writer.endTable(i, 0);
  await writer.finish();
  await done;
  return Buffer.concat(parts);
}

/** Where age's payload (nonce, then chunks) starts: after the kluis header and age's text header. */
function payloadStart(file: Buffer): number {
  const mac = file.indexOf('\n--- ', FILE_HEADER_SIZE);
  return file.indexOf('\n', mac + 1) + 1 + 16;
}

describe('tampering with an encrypted backup', () => {
  const passphrase = 'correct paard batterij nietje';
  let file: Buffer;
  let recipientFile: Buffer;
  let recipient: { identity: string; recipient: string };
  let chunks: Buffer[];
  let start: number;
  before(async () => {
    file = await encryptedBackup({ passphrase });
    recipient = await generateKeyPair();
    recipientFile = await encryptedBackup({ recipients: [recipient.recipient] });
    start = payloadStart(file);
    chunks = [];
    for (let at = start; at < file.length; at += CHUNK)
      chunks.push(file.subarray(at, Math.min(at + CHUNK, file.length)));
  });
  const head = () => file.subarray(0, start);
  const verify = (bytes: Buffer, keys: DecryptionKeys = { passphrase }) =>
    verifyBackup(Readable.from([bytes]), 'x.ebu', keys);

  test('the untouched file verifies, and has several chunks', async () => {
    assert.ok(chunks.length >= 5, `${chunks.length} chunks`);
    await verify(file);
    await verify(recipientFile, { identities: [recipient.identity] });
  });

  test('a changed byte in any chunk, in the nonce or in the header is refused', async () => {
    const spots = [...chunks.map((_, i) => start + i * CHUNK + 100), start - 5, FILE_HEADER_SIZE + 30];
    for (const at of spots) {
      const bad = Buffer.from(file);
      bad[at]! ^= 0x01;
      const err = await verify(bad).then(
        () => undefined,
        (e: unknown) => e as { code?: ErrorCode },
      );
      // In age's text header a changed byte can also change which kind of key the file asks for.
      const allowed = [
        'BACKUP_DAMAGED',
        'BACKUP_TRUNCATED',
        'BACKUP_WRONG_PASSPHRASE',
        ...(at < start - 16 ? ['BACKUP_WRONG_KEY_KIND'] : []),
      ];
      assert.ok(err && allowed.includes(err.code!), `byte ${at}: ${err?.code ?? 'accepted'}`);
    }
  });

  test('chunks reordered or dropped, and a file cut at a chunk boundary, are refused', async () => {
    const cases: Array<[string, Buffer]> = [
      ['first two swapped', Buffer.concat([head(), chunks[1]!, chunks[0]!, ...chunks.slice(2)])],
      [
        'middle two swapped',
        Buffer.concat([head(), ...chunks.slice(0, 2), chunks[3]!, chunks[2]!, ...chunks.slice(4)]),
      ],
      ['a middle chunk dropped', Buffer.concat([head(), ...chunks.slice(0, 2), ...chunks.slice(3)])],
      ['a chunk repeated', Buffer.concat([head(), ...chunks.slice(0, 2), chunks[1]!, ...chunks.slice(2)])],
      ['the last chunk dropped (cut at a boundary)', Buffer.concat([head(), ...chunks.slice(0, -1)])],
      ['cut after the first chunk', Buffer.concat([head(), chunks[0]!])],
      ['cut after the nonce', head()],
      ['the last chunk replaced by a middle one', Buffer.concat([head(), ...chunks.slice(0, -1), chunks[1]!])],
    ];
    for (const [label, bytes] of cases) {
      const err = await verify(bytes).then(
        () => undefined,
        (e: unknown) => e as { code?: ErrorCode },
      );
      assert.ok(
        err && ['BACKUP_DAMAGED', 'BACKUP_TRUNCATED'].includes(err.code!),
        `${label}: ${err?.code ?? 'accepted'}`,
      );
    }
  });

  test('a wrong passphrase, no key, and a key that is not a recipient are refused by name', async () => {
    await rejectsWithCode(verify(file, { passphrase: 'verkeerd' }), 'BACKUP_WRONG_PASSPHRASE');
    await rejectsWithCode(verify(file, {}), 'BACKUP_KEY_REQUIRED');
    const other = await generateKeyPair();
    await rejectsWithCode(verify(recipientFile, { identities: [other.identity] }), 'BACKUP_NOT_RECIPIENT');
    await rejectsWithCode(verify(recipientFile, { passphrase }), 'BACKUP_WRONG_KEY_KIND');
    await rejectsWithCode(verify(file, { identities: [recipient.identity] }), 'BACKUP_WRONG_KEY_KIND');
  });
});
