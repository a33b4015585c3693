/**
 * Hostile backup files: a seeded, reproducible mutation fuzzer over the
 * golden fixture. Every case goes through both readers (verify, on the codec
 * pool, and the body restore reads) and must end in one of the reader's
 * typed errors, within a time limit and without memory running away; only a
 * file that is still consistent (bytes unchanged, or a forger's edit with a
 * recomputed chain that breaks no rule of the format) may read. What such
 * consistent forgeries do to a restore is tested against a real database
 * at the end: refused, and nothing written.
 *
 * KLUIS_FUZZ_CASES (default 1500) and KLUIS_FUZZ_SEED (default: a new one
 * each run, so that runs add up to more than one fixed set of mutations)
 * choose the run; a failure prints its seed, case number and mutation, and
 * KLUIS_FUZZ_SEED=<seed> KLUIS_FUZZ_ONLY=<case> replays it alone.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  deleteAdministration,
  listAdministrations,
  openBackupFile,
  type RestoreResult,
  restoreBackup,
} from '../../src/core/index.js';
import { type ErrorCode, isToolError } from '../../src/errors/index.js';
import { compressBlock, decompressBlock } from '../../src/format/codec.js';
import {
  Codec,
  FILE_HEADER_SIZE,
  FRAME_HEADER_SIZE,
  FrameType,
  type FrameTypeValue,
  MAX_FRAME_LENGTH,
  TRAILER_SIZE,
} from '../../src/format/constants.js';
import { BackupReader } from '../../src/format/index.js';
import { type LooseFile, type LooseFrame, putTogether, takeApart } from '../helpers/ebu-surgery.js';
import { type EngineName, openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';
import { random } from '../helpers/fuzz.js';
import { matrixSample } from '../helpers/sample.js';

const fixture = readFileSync(new URL('../../../test/fixtures/format/v1/valid/plain.ebu', import.meta.url));
// A seed that moves between runs, so that each run tries mutations of its own (the seed is in the test's name).
const cases = Number(process.env['KLUIS_FUZZ_CASES'] ?? 1500);
const seed = Number(process.env['KLUIS_FUZZ_SEED'] ?? Date.now() % 1_000_000);
const only = process.env['KLUIS_FUZZ_ONLY'] === undefined ? undefined : Number(process.env['KLUIS_FUZZ_ONLY']);
/** A case that takes longer than this is a hang. */
const CASE_LIMIT_MS = 5000;

/** The reader's own refusals: anything else (a TypeError, a RangeError, a plain Error) is a defect. */
const readerErrors: ReadonlySet<ErrorCode> = new Set([
  'BACKUP_DAMAGED',
  'BACKUP_TRUNCATED',
  'BACKUP_NOT_EBU',
  'BACKUP_UNSUPPORTED_VERSION',
]);

interface Mutation {
  readonly name: string;
  readonly bytes: Buffer;
  /** The chain was recomputed: a forger's file, which may read if it breaks no rule. */
  readonly rechained: boolean;
}

type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)]!;

/** Where each part of the fixture starts: file header, frames, trailer. */
function boundaries(file: Buffer): number[] {
  const at = [0, FILE_HEADER_SIZE];
  for (let o = FILE_HEADER_SIZE; o < file.length - TRAILER_SIZE; ) {
    o += FRAME_HEADER_SIZE + file.readUInt32LE(o + 20);
    at.push(o);
  }
  at.push(file.length);
  return at;
}
const edges = boundaries(fixture);

function rechained(name: string, edit: (f: LooseFile) => void): Mutation {
  const f = takeApart(fixture);
  edit(f);
  return { name, bytes: putTogether(f), rechained: true };
}

const json = (frame: LooseFrame) =>
  JSON.parse(decompressBlock(frame.codec, frame.payload, frame.rawLength).toString('utf8')) as Record<string, unknown>;
const setJson = (frame: LooseFrame, value: unknown) => {
  frame.payload = Buffer.from(JSON.stringify(value));
  frame.codec = Codec.stored;
  frame.rawLength = frame.payload.length;
};
const framesOf = (f: LooseFile, type: FrameTypeValue) => f.frames.filter((x) => x.type === type);

/** Values a forger would try in place of a number or a name. */
const hostileValues: readonly unknown[] = [
  -1,
  0,
  2 ** 31,
  2 ** 32 + 1,
  2 ** 53,
  1e308,
  Number.NaN,
  1.5,
  '12',
  null,
  [],
  {},
  true,
  '../../../etc/passwd',
  '/tmp/x',
  'a"; drop table accounts; --',
  "o'brien",
  '\u0000\u0007\u001b[2J',
  'x'.repeat(100_000),
  '\u202eevil',
  'C:\\Windows\\system32',
];

/** Zeros of 2, 17 and 64 MiB, compressed to a few KiB each (made once). */
let bombPayloads: Buffer[] | undefined;
const bombs = () =>
  (bombPayloads ??= [2 << 20, 17 << 20, 64 << 20].map((size) => compressBlock(Buffer.alloc(size), 3).payload));

const mutators: ReadonlyArray<(rng: Rng) => Mutation> = [
  (rng) => {
    const b = Buffer.from(fixture);
    const n = 1 + int(rng, 4);
    for (let i = 0; i < n; i++) b[int(rng, b.length)]! ^= 1 << int(rng, 8);
    return { name: `flip ${n} bits`, bytes: b, rechained: false };
  },
  (rng) => {
    const at = pick(rng, edges);
    return { name: `truncate at part boundary ${at}`, bytes: fixture.subarray(0, at), rechained: false };
  },
  (rng) => {
    const at = int(rng, fixture.length);
    return { name: `truncate at ${at}`, bytes: fixture.subarray(0, at), rechained: false };
  },
  (rng) => {
    const at = int(rng, fixture.length + 1);
    const extra = Buffer.alloc(1 + int(rng, 64), int(rng, 256));
    return {
      name: `insert ${extra.length} bytes at ${at}`,
      bytes: Buffer.concat([fixture.subarray(0, at), extra, fixture.subarray(at)]),
      rechained: false,
    };
  },
  (rng) => {
    const at = int(rng, fixture.length);
    const n = 1 + int(rng, 64);
    return {
      name: `delete ${n} bytes at ${at}`,
      bytes: Buffer.concat([fixture.subarray(0, at), fixture.subarray(at + n)]),
      rechained: false,
    };
  },
  (rng) => {
    // A length or count field in a frame header set to a hostile value, chain left as it was.
    const starts = edges.slice(1, -2);
    const at = pick(rng, starts);
    const field = pick(rng, [8, 12, 16, 20]);
    const value = pick(rng, [0, 1, 0xffffffff, MAX_FRAME_LENGTH, MAX_FRAME_LENGTH + 1, int(rng, 2 ** 32)]);
    const b = Buffer.from(fixture);
    b.writeUInt32LE(value >>> 0, at + field);
    return { name: `header field +${field} of part at ${at} = ${value}`, bytes: b, rechained: false };
  },
  (rng) => {
    // The same, by a forger who recomputes the chain: the lengths lie about the payload.
    const fieldName = pick(rng, ['rawLength', 'stream', 'sequence', 'type', 'codec'] as const);
    const value = pick(rng, [0, 1, 5, 255, 0xffff, 0xffffffff, MAX_FRAME_LENGTH, MAX_FRAME_LENGTH + 1]);
    return rechained(`forged ${fieldName} = ${value}`, (f) => {
      const frame = pick(rng, f.frames);
      (frame as unknown as Record<string, number>)[fieldName] =
        fieldName === 'type' || fieldName === 'codec' ? value & 0xff : value >>> 0;
    });
  },
  (rng) =>
    rechained('swap two parts', (f) => {
      const i = 1 + int(rng, f.frames.length - 1);
      const j = 1 + int(rng, f.frames.length - 1);
      [f.frames[i], f.frames[j]] = [f.frames[j]!, f.frames[i]!];
    }),
  (rng) =>
    rechained('swap two parts and renumber', (f) => {
      const i = 1 + int(rng, f.frames.length - 2);
      [f.frames[i], f.frames[i + 1]] = [f.frames[i + 1]!, f.frames[i]!];
      for (const [k, x] of f.frames.entries()) x.sequence = k;
    }),
  (rng) =>
    rechained('duplicate a part and renumber', (f) => {
      const i = int(rng, f.frames.length);
      f.frames.splice(i, 0, { ...f.frames[i]!, payload: Buffer.from(f.frames[i]!.payload) });
      for (const [k, x] of f.frames.entries()) x.sequence = k;
    }),
  (rng) =>
    rechained('drop a part and renumber', (f) => {
      f.frames.splice(int(rng, f.frames.length), 1);
      for (const [k, x] of f.frames.entries()) x.sequence = k;
    }),
  (rng) =>
    rechained('table totals that lie', (f) => {
      const end = pick(rng, framesOf(f, FrameType.tableEnd));
      const stats = json(end);
      const key = pick(rng, ['rows', 'rawBytes', 'storedBytes', 'frames']);
      stats[key] = pick(rng, hostileValues);
      setJson(end, stats);
    }),
  (rng) =>
    rechained('footer that lies', (f) => {
      const footer = framesOf(f, FrameType.footer)[0]!;
      const value = json(footer);
      const tables = value['tables'] as Array<Record<string, unknown>>;
      const t = pick(rng, tables);
      t[pick(rng, ['rows', 'rawBytes', 'storedBytes', 'frames', 'name'])] = pick(rng, hostileValues);
      setJson(footer, value);
    }),
  (rng) =>
    rechained('manifest that lies', (f) => {
      const manifest = f.frames[0]!;
      const m = json(manifest);
      const tables = m['tables'] as Array<Record<string, unknown>>;
      const adm = m['administration'] as Record<string, unknown>;
      const where = pick(rng, [
        'table.name',
        'table.estimatedBytes',
        'table.columns',
        'tables',
        'schemaVersion',
        'adm.name',
        'adm.number',
        'adm.identity',
        'counts',
        'whole',
      ]);
      const value = pick(rng, hostileValues);
      if (where === 'table.name') pick(rng, tables)['name'] = value;
      else if (where === 'table.estimatedBytes') pick(rng, tables)['estimatedBytes'] = value;
      else if (where === 'table.columns')
        pick(rng, tables)['columns'] = pick(rng, [value, [{ name: value, type: 'text' }], []]);
      else if (where === 'tables') m['tables'] = pick(rng, [value, [...tables, ...tables], tables.slice(1)]);
      else if (where === 'schemaVersion') m['schemaVersion'] = value;
      else if (where === 'adm.name') adm['name'] = value;
      else if (where === 'adm.number') adm['number'] = value;
      else if (where === 'adm.identity') adm['identity'] = value;
      else if (where === 'counts') m['counts'] = value;
      if (where === 'whole') setJson(manifest, value);
      else setJson(manifest, m);
    }),
  (rng) =>
    rechained('a part that is not JSON where JSON belongs', (f) => {
      const frame = pick(
        rng,
        f.frames.filter((x) => x.type !== FrameType.data),
      );
      frame.payload = Buffer.from(pick(rng, ['', '{', 'null', '[]', '"x"', '\u00ff\u00fe', '{"tables":']), 'latin1');
      frame.codec = Codec.stored;
      frame.rawLength = frame.payload.length;
    }),
  (rng) =>
    rechained('compression bomb', (f) => {
      // A small block that decompresses to far more than its header says (up to 64 MiB of zeros).
      const data = pick(rng, framesOf(f, FrameType.data));
      data.codec = Codec.zstd;
      data.payload = pick(rng, bombs());
      data.rawLength = pick(rng, [data.rawLength, 1 << 20, MAX_FRAME_LENGTH]);
    }),
  (rng) =>
    rechained('a block that decodes to other bytes than COPY wrote', (f) => {
      const data = pick(rng, framesOf(f, FrameType.data));
      const raw = Buffer.alloc(data.rawLength, int(rng, 256));
      data.codec = Codec.stored;
      data.payload = raw;
    }),
];

const onDisk = join(mkdtempSync(join(tmpdir(), 'kluis-fuzz-')), 'fuzz.ebu');
after(() => rmSync(dirname(onDisk), { recursive: true, force: true }));

/**
 * Reads a file with one reader; resolves to the error code, or 'read' when it reads to its end.
 * 'verify-file' verifies it from a file on disk, as `kluis backup verify` does: its workers read the blocks themselves.
 */
/** The message of the last refusal of each verify, to compare the two. */
const lastMessage = { verify: '', 'verify-file': '' };

async function readWith(bytes: Buffer, how: 'verify' | 'verify-file' | 'body'): Promise<ErrorCode | 'read'> {
  try {
    if (how === 'verify-file') writeFileSync(onDisk, bytes);
    const source = how === 'verify-file' ? openBackupFile(onDisk) : Readable.from([bytes]);
    const reader = await BackupReader.open(source, { path: 'fuzz.ebu' });
    if (how === 'verify' || how === 'verify-file') await reader.verify();
    else for await (const _ of reader.body()) void _;
    return 'read';
  } catch (err) {
    if (!isToolError(err)) throw err;
    if (how !== 'body') lastMessage[how] = err.message;
    return err.code;
  }
}

function withLimit<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(
        () => reject(new Error(`${what}: no answer within ${CASE_LIMIT_MS} ms (a hang)`)),
        CASE_LIMIT_MS,
      )),
  );
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** The consistent forgeries the run found (file readers accept them), for the restore test. */
const forgeries: Mutation[] = [];

describe('fuzzed backup files', () => {
  test(`${cases} mutations of the fixture (seed ${seed}) each end in a typed refusal, in time and bounded memory`, async () => {
    const tally = new Map<string, number>();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    for (let n = 0; n < cases; n++) {
      if (only !== undefined && n !== only) continue;
      const rng = random(seed * 1_000_003 + n);
      const mutation = pick(rng, mutators)(rng);
      const label = `seed ${seed} case ${n} (${mutation.name})`;
      let outcomes: Array<ErrorCode | 'read'>;
      try {
        outcomes = [
          await withLimit(readWith(mutation.bytes, 'verify'), label),
          await withLimit(readWith(mutation.bytes, 'body'), label),
          await withLimit(readWith(mutation.bytes, 'verify-file'), label),
        ];
      } catch (err) {
        assert.fail(`${label}: ${(err as Error).stack ?? err}`);
      }
      assert.equal(outcomes[0], outcomes[1], `${label}: verify and restore's reader agree`);
      assert.equal(outcomes[2], outcomes[0], `${label}: verify of the file on disk agrees`);
      if (outcomes[0] !== 'read')
        assert.equal(lastMessage['verify-file'], lastMessage.verify, `${label}: and names the same place`);
      const outcome = outcomes[0]!;
      if (outcome === 'read') {
        assert.ok(
          mutation.bytes.equals(fixture) || mutation.rechained,
          `${label}: a file whose chain was not recomputed read as valid`,
        );
        if (!mutation.bytes.equals(fixture)) forgeries.push(mutation);
      } else {
        assert.ok(readerErrors.has(outcome), `${label}: ${outcome} is not a reader's refusal`);
      }
      const key = `${mutation.name.replace(/[\d+-]+.*$/, '').trim()} → ${outcome}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    // Bombs decompress into a buffer of the declared size at most (16 MiB, a
    // few at once): growth beyond a few hundred MiB means something allocates
    // what a file asks for.
    assert.ok(
      rssPeak - rssBefore < 400 * 1024 * 1024,
      `memory grew by ${((rssPeak - rssBefore) / 2 ** 20).toFixed(0)} MiB`,
    );
    if (process.env['KLUIS_FUZZ_REPORT'])
      for (const [k, v] of [...tally].sort()) process.stderr.write(`fuzz: ${String(v).padStart(6)}  ${k}\n`);
  });
});

for (const kind of selectedEngines()) {
  describe(`forged backups restored on ${kind}`, () => {
    let t: TestContext;
    before(async () => {
      t = testContext(await openTestEngine(kind), 'fz');
    });
    after(async () => {
      await t.cleanup();
    });

    test('every consistent forgery the fuzzer found, and forged names and tables, is refused and writes nothing', async (tc) => {
      const named = (name: string, edit: (m: Record<string, unknown>) => void): Mutation =>
        rechained(name, (f) => {
          const m = json(f.frames[0]!);
          edit(m);
          setJson(f.frames[0]!, m);
        });
      const adm = (m: Record<string, unknown>) => m['administration'] as Record<string, unknown>;
      const tables = (m: Record<string, unknown>) => m['tables'] as Array<Record<string, unknown>>;
      const refused = [
        named('administration name with control characters', (m) => (adm(m)['name'] = 'a\u0000b\u001b[2J')),
        named('administration name with a bidirectional override', (m) => (adm(m)['name'] = 'factuur\u202efdp.exe')),
        named('administration number out of range', (m) => (adm(m)['number'] = 1000)),
        named('table name that is a path', (m) => (tables(m)[0]!['name'] = '../../../etc/passwd')),
        named('table name with a quote', (m) => (tables(m)[0]!['name'] = 'accounts"; drop table accounts; --')),
        named(
          'column type with a statement',
          (m) =>
            ((tables(m)[0]!['columns'] as Array<Record<string, unknown>>)[0]!['type'] = 'text; drop table accounts'),
        ),
        named('a table the schema does not have', (m) => (tables(m)[0]!['name'] = 'pg_authid')),
        named('schema version from the future', (m) => (m['schemaVersion'] = 99)),
      ];
      const databases = async () =>
        (await t.engine.listDatabases()).filter((d) => d.startsWith(t.ctx.systemDatabase)).sort();
      const files = () =>
        readdirSync(t.ctx.home, { recursive: true })
          .map(String)
          .filter((p) => !p.startsWith('logs'))
          .sort();
      const admins = await listAdministrations(t.ctx); // (creates the system database)
      const before = { admins, databases: await databases(), files: files() };
      const restore = (m: Mutation) =>
        restoreBackup(t.ctx, { source: Readable.from([m.bytes]), path: 'forged.ebu', to: '50' }).then(
          (done) => done as RestoreResult,
          (err: unknown) => (isToolError(err) ? err.code : `untyped: ${(err as Error).stack}`),
        );
      for (const m of refused) {
        const r = await restore(m);
        assert.ok(
          typeof r === 'string' && !r.startsWith('untyped'),
          `${m.name}: ${typeof r === 'string' ? r : 'restored'}`,
        );
      }
      // Quotes are data, never SQL: a name full of them is kept exactly.
      const quoted = `x"; drop database postgres; -- 'o''brien' \\`;
      const r = await restore(
        named('administration name with quotes and a statement', (m) => (adm(m)['name'] = quoted)),
      );
      assert.ok(typeof r !== 'string', `quoted name: ${r}`);
      assert.equal((await listAdministrations(t.ctx)).find((a) => a.number === '050')?.name, quoted);
      await deleteAdministration(t.ctx, '50', 50);
      // What the fuzzer found that the file readers accept (frames of two tables in
      // another order, say: the same data) may restore; anything else is a typed refusal.
      // Up to 25 on the first engine; a seeded 5 of them on the other (what a reader accepts is the same file there).
      const sample = matrixSample('FORGERIES', kind as EngineName);
      const tried = sample.some(forgeries.slice(0, 25), 5);
      if (!sample.full) tc.diagnostic(`${sample.how}: ${tried.length} of ${Math.min(25, forgeries.length)} forgeries`);
      for (const m of tried) {
        const r = await restore(m);
        if (typeof r !== 'string') await deleteAdministration(t.ctx, '50', 50);
        else assert.ok(!r.startsWith('untyped'), `${m.name}: ${r}`);
      }
      assert.deepEqual(await databases(), before.databases, 'no database was left');
      assert.deepEqual(await listAdministrations(t.ctx), before.admins, 'no administration was registered');
      assert.deepEqual(files(), before.files, 'no file was written');
    });
  });
}
