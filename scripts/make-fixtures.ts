/**
 * Makes the golden fixtures of format version 1 (test/fixtures/format/v1):
 * valid files (plain, passphrase, recipient) of a tiny generated
 * administration, damaged variants of each kind, and expected.json with what
 * a reader must conclude for each. Run once per format version and commit
 * the output: `npm run build && node dist/scripts/make-fixtures.js`.
 * Later kluis versions must keep reading these files.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createBackup,
  createContext,
  generateAdministration,
  issueDemoLicence,
  showAdministration,
} from '../src/core/index.js';
import { AdminDb } from '../src/core/testing.js';
import { tableDigests } from '../test/helpers/digest.js';
import { dropDatabasesWithPrefix, openTestEngine, uniqueName } from '../test/helpers/engines.js';

const dir = new URL('../../test/fixtures/format/v1/', import.meta.url).pathname;
export const fixturePassphrase = 'kluis-fixture-v1';
/** DEMO/TEST ONLY: the secret key the recipient fixture is encrypted for. */
const identity = 'AGE-SECRET-KEY-1C6FAJRVQ34KJUXPU78Y5PNENCJ3FP6HJXN7JYG8E5SFKAXYG32WS4V6J4P';

async function main(): Promise<void> {
  const engine = await openTestEngine('embedded');
  const ctx = createContext({
    home: mkdtempSync(join(tmpdir(), 'kluis-fix-')),
    engine,
    systemDatabase: uniqueName('fix'),
  });
  try {
    const licence = issueDemoLicence({
      holder: 'Fixture B.V.',
      registeredUser: 'fixture',
      articles: ['Base'],
      number: 'DEMO-FIXTURE-1',
      validFrom: '2026-01-01',
      validUntil: '2099-12-31',
    });
    await generateAdministration(ctx, {
      name: 'Fixture',
      number: 7,
      size: { entries: 12, documents: 2, attachmentBytes: 512 },
      seed: 'fixture-v1',
      licence,
      users: [{ userName: 'fixture', fullName: 'Fixture', role: 'administrator', password: 'fixture-wachtwoord' }],
      fiscalYears: [2026],
    });
    const { identityToRecipient } = await import('age-encryption');
    const recipient = await identityToRecipient(identity);
    const plain = join(dir, 'valid', 'plain.ebu');
    await createBackup(ctx, { adm: '7', output: plain });
    await createBackup(ctx, {
      adm: '7',
      output: join(dir, 'valid', 'passphrase.ebu'),
      encryption: { passphrase: fixturePassphrase },
      scryptWorkFactor: 10,
    });
    await createBackup(ctx, {
      adm: '7',
      output: join(dir, 'valid', 'recipient.ebu'),
      encryption: { recipients: [recipient] },
    });
    writeFileSync(
      join(dir, 'valid', 'recipient.key'),
      `# TEST ONLY: the key recipient.ebu is encrypted for; public key ${recipient}\n${identity}\n`,
    );

    const good = readFileSync(plain);
    const enc = readFileSync(join(dir, 'valid', 'passphrase.ebu'));
    const frameStart = (n: number) => frameOffsets(good)[n]!;
    const variants: Record<string, Buffer> = {
      'flipped-byte.ebu': flip(good, Math.floor(good.length / 2)),
      'truncated.ebu': good.subarray(0, Math.floor(good.length * 0.6)),
      'truncated-header.ebu': good.subarray(0, 10),
      'no-trailer.ebu': good.subarray(0, good.length - 56),
      'altered-manifest.ebu': flip(good, 16 + 56 + 3),
      'swapped-frames.ebu': swapFrames(good, 1, 2),
      'unknown-version.ebu': withUInt16(good, 8, 2),
      'unknown-flags.ebu': withUInt16(good, 10, 0x80),
      'trailing-garbage.ebu': Buffer.concat([good, Buffer.from('garbage')]),
      'huge-length.ebu': withUInt32(good, frameStart(1) + 20, 0xfffffff0),
      'not-ebu.txt': Buffer.from('Dit is geen back-up maar een tekstbestand.\n'),
      'encrypted-altered.ebu': flip(enc, enc.length - 30),
      'encrypted-truncated.ebu': enc.subarray(0, enc.length - 20),
    };
    for (const [name, bytes] of Object.entries(variants)) writeFileSync(join(dir, 'corrupt', name), bytes);

    const d = await showAdministration(ctx, '7');
    const db = await AdminDb.open(engine, d.database);
    const digests = await tableDigests(db.client);
    delete digests['settings'];
    await db.close();
    writeFileSync(
      join(dir, 'expected.json'),
      `${JSON.stringify(
        {
          administration: { name: 'Fixture', number: 7, identity: d.identity },
          counts: d.counts,
          digests,
          passphrase: fixturePassphrase,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await dropDatabasesWithPrefix(engine, ctx.systemDatabase);
  }
}

/** Offsets of the frames of a plain file (16-byte header, 56-byte frame headers). */
function frameOffsets(file: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = 16; at + 56 <= file.length - 56; ) {
    offsets.push(at);
    at += 56 + file.readUInt32LE(at + 20);
  }
  return offsets;
}

function swapFrames(file: Buffer, a: number, b: number): Buffer {
  const o = frameOffsets(file);
  const piece = (n: number) => file.subarray(o[n]!, o[n + 1]!);
  return Buffer.concat([file.subarray(0, o[a]!), piece(b), piece(a), file.subarray(o[b + 1]!)]);
}

function flip(buf: Buffer, at: number): Buffer {
  const copy = Buffer.from(buf);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

function withUInt16(buf: Buffer, at: number, value: number): Buffer {
  const copy = Buffer.from(buf);
  copy.writeUInt16LE(value, at);
  return copy;
}

function withUInt32(buf: Buffer, at: number, value: number): Buffer {
  const copy = Buffer.from(buf);
  copy.writeUInt32LE(value, at);
  return copy;
}

await main();
