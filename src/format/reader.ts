/**
 * Reads a backup file as a stream, checking everything FORMAT.md section 8
 * asks before any byte is handed on: file header, decryption, every frame's
 * header, limits and chain hash, the order of frames, per-table totals, the
 * footer and the trailer. Every problem is a ToolError that names the file.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { type Phrase, phrase, ToolError } from '../errors/index.js';
import { parseWith } from '../schema/common.js';
import { tableStatsSchema } from '../schema/manifest.js';
import { type ByteReader, openByteReader } from './byte-reader.js';
import { type CodecPool, sharedCodecPool } from './codec-pool.js';
import {
  FILE_HEADER_SIZE,
  FILE_MAGIC,
  FLAG_ENCRYPTED,
  FORMAT_VERSIONS,
  FrameType,
  TRAILER_MAGIC,
  TRAILER_SIZE,
} from './constants.js';
import { checkFooter, parseManifest } from './documents.js';
import { type DecryptionKeys, decryptStream, stanzaKinds } from './encryption.js';
import {
  checkOn,
  type Decoder,
  decodeHere,
  finishFrame,
  type PreparedFrame,
  prepareFrame,
  readFrame,
} from './frame-reader.js';
import type { Footer, Manifest, TableStats } from './manifest.js';

export type BodyEvent =
  | { readonly type: 'data'; readonly stream: number; readonly data: Buffer }
  | { readonly type: 'table-end'; readonly stream: number; readonly stats: TableStats }
  | { readonly type: 'footer'; readonly footer: Footer };

export interface OpenOptions {
  /** How the file is named in messages ("-" for standard input). */
  readonly path: string;
  readonly keys?: DecryptionKeys;
}

export interface FileHeaderInfo {
  readonly version: number;
  readonly encrypted: boolean;
}

/** Reads and checks the 16-byte file header. */
/**
 * How a file is encrypted, read from its header and the start of its age
 * header, without a key: with a passphrase, for public keys, or not at all.
 * A wizard asks for the one key that opens it; the file is not checked
 * beyond its header (opening it does that).
 */
export async function encryptionKind(
  input: AsyncIterable<Buffer | Uint8Array | string>,
  path: string,
): Promise<'passphrase' | 'keys' | 'none'> {
  const raw = await openByteReader(input);
  try {
    const header = parseFileHeader(await raw.read(FILE_HEADER_SIZE), path);
    if (!header.encrypted) return 'none';
    return stanzaKinds(await raw.peek(4096)).includes('scrypt') ? 'passphrase' : 'keys';
  } finally {
    await raw.close();
  }
}

export function parseFileHeader(header: Buffer, path: string): FileHeaderInfo {
  if (header.length < FILE_HEADER_SIZE || !header.subarray(0, 8).equals(FILE_MAGIC)) {
    const n = Math.min(header.length, FILE_MAGIC.length);
    if (
      header.length > 0 &&
      header.length < FILE_HEADER_SIZE &&
      header.subarray(0, n).equals(FILE_MAGIC.subarray(0, n))
    ) {
      throw new ToolError('BACKUP_TRUNCATED', { path, where: phrase('ENDS_IN_HEADER') });
    }
    throw new ToolError('BACKUP_NOT_EBU', { path });
  }
  const version = header.readUInt16LE(8);
  if (!(FORMAT_VERSIONS as readonly number[]).includes(version)) {
    throw new ToolError('BACKUP_UNSUPPORTED_VERSION', { path, found: version, supported: FORMAT_VERSIONS.join(', ') });
  }
  const flags = header.readUInt16LE(10);
  if ((flags & ~FLAG_ENCRYPTED) !== 0 || header.readUInt32LE(12) !== 0) {
    throw new ToolError('BACKUP_DAMAGED', {
      path,
      reason: phrase('HEADER_FLAGS_UNKNOWN'),
    });
  }
  return { version, encrypted: (flags & FLAG_ENCRYPTED) !== 0 };
}

/**
 * An opened backup: the manifest is read and checked; `body()` yields the
 * rest and ends only after the trailer checked out.
 */
export class BackupReader {
  readonly manifest: Manifest;
  readonly header: FileHeaderInfo;
  readonly #bytes: ByteReader;
  /** The file as stored (for an encrypted file, #bytes reads what it decrypts to). */
  readonly #raw: ByteReader;
  readonly #path: string;
  #chain: Buffer;
  #sequence = 1;
  #bodyBytes: number;

  private constructor(
    raw: ByteReader,
    bytes: ByteReader,
    header: FileHeaderInfo,
    manifest: Manifest,
    chain: Buffer,
    bodyBytes: number,
    path: string,
  ) {
    this.#raw = raw;
    this.#bytes = bytes;
    this.header = header;
    this.manifest = manifest;
    this.#chain = chain;
    this.#bodyBytes = bodyBytes;
    this.#path = path;
  }

  static async open(input: AsyncIterable<Buffer | Uint8Array | string>, options: OpenOptions): Promise<BackupReader> {
    const raw = await openByteReader(input);
    try {
      return await BackupReader.#open(raw, options);
    } catch (err) {
      await raw.close();
      throw err;
    }
  }

  static async #open(raw: ByteReader, options: OpenOptions): Promise<BackupReader> {
    const path = options.path;
    const headerBytes = await raw.read(FILE_HEADER_SIZE);
    if (headerBytes.length === 0)
      throw new ToolError('BACKUP_TRUNCATED', {
        path,
        where: phrase('ENDS_BEFORE_START'),
      });
    const header = parseFileHeader(headerBytes, path);
    let bytes = raw;
    if (header.encrypted) {
      const peek = await raw.peek(4096);
      const plain = await decryptStream(Readable.from(raw.rest()), peek, options.keys, path);
      bytes = await openByteReader(wrapDecryptErrors(plain, path), raw);
    }
    const chain = createHash('sha256').update(headerBytes).digest();
    const first = await readFrame(bytes, chain, 0, path);
    if (first.type !== FrameType.manifest)
      throw new ToolError('BACKUP_DAMAGED', {
        path,
        reason: phrase('MANIFEST_NOT_FIRST'),
      });
    let manifest: unknown;
    try {
      manifest = JSON.parse(first.data.toString('utf8'));
    } catch {
      throw new ToolError('BACKUP_DAMAGED', {
        path,
        reason: phrase('MANIFEST_INVALID'),
      });
    }
    return new BackupReader(raw, bytes, header, parseManifest(manifest, path), first.chain, first.size, path);
  }

  /** The remaining frames, checked; ends after a valid trailer and the end of the input. */
  body(): AsyncGenerator<BodyEvent> {
    return this.#events({ lookahead: 1, decode: decodeHere });
  }

  /**
   * Reads and checks the rest of the file like body(), but only proves that
   * every block decodes, on the codec pool's workers, several blocks at
   * once (verify: the file is read at the speed of all cores, not one).
   */
  async verify(pool: CodecPool = sharedCodecPool()): Promise<Footer> {
    // Read from a file on disk, the workers read the blocks themselves and this thread holds none: it can look further ahead.
    const lookahead = this.#bytes.file ? VERIFY_AHEAD_AT_FILE : 8;
    for await (const event of this.#events({ lookahead, decode: checkOn(pool) })) {
      if (event.type === 'footer') return event.footer;
    }
    throw new Error('unreachable: the body ended without a footer');
  }

  /** Bytes of the file read so far (all of it, once the body was read). */
  get bytesRead(): number {
    return this.#raw.offset;
  }

  /** Releases the file. Reading the body to its end, or to an error, does this too. */
  async close(): Promise<void> {
    await this.#bytes.close();
  }

  async *#events(options: { lookahead: number; decode: Decoder }): AsyncGenerator<BodyEvent> {
    try {
      yield* this.#checkedEvents(options);
    } finally {
      await this.close();
    }
  }

  async *#checkedEvents({ lookahead, decode }: { lookahead: number; decode: Decoder }): AsyncGenerator<BodyEvent> {
    const path = this.#path;
    const tables = this.manifest.tables;
    const seen = tables.map(() => ({ rawBytes: 0, storedBytes: 0, frames: 0, ended: false, rows: 0 }));
    // Frames are read in file order, each after the one before it, and up
    // to `lookahead` of them are checked at once: every frame header carries
    // the chain value, so frame k's link is SHA-256(chain stored in frame
    // k-1 || its header || its payload) = the chain stored in frame k. Judged
    // in file order, the links prove the whole chain exactly as computing it
    // from the start would, and the first broken one is the one reported.
    const ahead: Array<Promise<PreparedFrame | null>> = [];
    const start = this.#chain;
    let readSequence = this.#sequence;
    let last: Promise<PreparedFrame | null | undefined> = Promise.resolve(undefined);
    let stopped = false;
    const refill = () => {
      while (ahead.length < lookahead) {
        const sequence = readSequence++;
        // Nothing is read past the footer (the trailer follows it), nor after the reading stopped.
        const p = last.then((f) =>
          f === null || stopped || f?.header.type === FrameType.footer
            ? null
            : prepareFrame(this.#bytes, sequence, path, decode, f ? f.header.chainHash : start),
        );
        p.catch(() => undefined); // judged when its turn comes, after the frames before it
        ahead.push(p);
        last = p;
      }
    };
    refill();
    try {
      yield* this.#judgeInOrder(ahead, refill, seen);
    } finally {
      // Frames read ahead may still be checked by workers reading the file: it is closed only after they answered.
      stopped = true;
      await Promise.allSettled(ahead.map((p) => p.then((f) => f?.judged)));
    }
  }

  async *#judgeInOrder(
    ahead: Array<Promise<PreparedFrame | null>>,
    refill: () => void,
    seen: Array<{ rawBytes: number; storedBytes: number; frames: number; ended: boolean; rows: number }>,
  ): AsyncGenerator<BodyEvent> {
    const path = this.#path;
    const tables = this.manifest.tables;
    for (;;) {
      const prepared = (await ahead.shift())!;
      refill();
      const frame = await finishFrame(prepared, path);
      this.#chain = frame.chain;
      this.#sequence++;
      this.#bodyBytes += frame.size;
      const damaged = (reason: Phrase) => new ToolError('BACKUP_DAMAGED', { path, reason });
      if (frame.type === FrameType.manifest) throw damaged(phrase('MANIFEST_TWICE'));
      if (frame.type === FrameType.footer) {
        const footer = checkFooter(parseJson<unknown>(frame.data, path), () => damaged(phrase('FOOTER_INVALID')));
        const open = tables.filter((_, i) => !seen[i]!.ended).map((t) => t.name);
        if (open.length) throw damaged(phrase('TABLES_MISSING', { tables: open.join(', ') }));
        const agree =
          footer.tables.length === tables.length &&
          footer.tables.every(
            (t, i) =>
              t.name === tables[i]!.name &&
              t.rows === seen[i]!.rows &&
              t.rawBytes === seen[i]!.rawBytes &&
              t.storedBytes === seen[i]!.storedBytes &&
              t.frames === seen[i]!.frames,
          );
        if (!agree) throw damaged(phrase('FOOTER_MISMATCH'));
        await this.#checkTrailer(frame.size);
        yield { type: 'footer', footer };
        return;
      }
      const state = seen[frame.stream];
      if (!state) throw damaged(phrase('BLOCK_TABLE_UNKNOWN', { stream: frame.stream }));
      if (state.ended) throw damaged(phrase('TABLE_AFTER_END', { table: tables[frame.stream]!.name }));
      if (frame.type === FrameType.data) {
        state.rawBytes += frame.rawLength;
        state.storedBytes += frame.stored;
        state.frames++;
        yield { type: 'data', stream: frame.stream, data: frame.data };
      } else {
        const totalsWrong = () => damaged(phrase('TABLE_TOTALS_MISMATCH', { table: tables[frame.stream]!.name }));
        const stats: TableStats = parseWith(tableStatsSchema(), parseJson<unknown>(frame.data, path), totalsWrong);
        if (
          stats.rawBytes !== state.rawBytes ||
          stats.storedBytes !== state.storedBytes ||
          stats.frames !== state.frames
        )
          throw totalsWrong();
        state.ended = true;
        state.rows = stats.rows;
        yield { type: 'table-end', stream: frame.stream, stats };
      }
    }
  }

  async #checkTrailer(footerLength: number): Promise<void> {
    const path = this.#path;
    const t = await this.#bytes.read(TRAILER_SIZE);
    if (t.length < TRAILER_SIZE)
      throw new ToolError('BACKUP_TRUNCATED', {
        path,
        where: phrase('ENDS_BEFORE_CLOSING_PART'),
      });
    const ok =
      t.subarray(0, 8).equals(TRAILER_MAGIC) &&
      t.readBigUInt64LE(8) === BigInt(this.#bodyBytes) &&
      t.readUInt32LE(16) === this.#sequence &&
      t.readUInt32LE(20) === footerLength &&
      t.subarray(24, 56).equals(this.#chain);
    if (!ok)
      throw new ToolError('BACKUP_DAMAGED', {
        path,
        reason: phrase('TRAILER_MISMATCH'),
      });
    const extra = await this.#bytes.read(1);
    if (extra.length)
      throw new ToolError('BACKUP_DAMAGED', {
        path,
        reason: phrase('BYTES_AFTER_END'),
      });
  }
}

/** Frames verify reads ahead of the one it judges, when the workers read the blocks from the file themselves (a header each, here). */
const VERIFY_AHEAD_AT_FILE = 32;

function parseJson<T>(data: Buffer, path: string): T {
  try {
    return JSON.parse(data.toString('utf8')) as T;
  } catch {
    throw new ToolError('BACKUP_DAMAGED', {
      path,
      reason: phrase('PART_NOT_JSON'),
    });
  }
}

/** age reports altered or cut-off ciphertext while streaming; name it as damage. */
async function* wrapDecryptErrors(plain: Readable, path: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of plain) yield chunk as Buffer;
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (/truncat|last chunk|final|empty/i.test(message))
      throw new ToolError(
        'BACKUP_TRUNCATED',
        {
          path,
          where: phrase('ENDS_IN_ENCRYPTED_DATA', { detail: message }),
        },
        { cause: err },
      );
    throw new ToolError(
      'BACKUP_DAMAGED',
      {
        path,
        reason: phrase('ENCRYPTED_DATA_ALTERED', { detail: message }),
      },
      { cause: err },
    );
  }
}

/**
 * A backup file as a stream, read in 1 MiB pieces: Node's default of 64 KiB
 * leaves a reader waiting on thousands of small reads (a third of the time
 * of verifying a 500 MB file). BackupReader does not read this stream when
 * it is a plain file nobody read from yet: it reads the file positionally
 * (byte-reader.ts); the stream is for everyone else.
 */
export function readBackupFile(path: string, options: { start?: number } = {}): Readable {
  return createReadStream(path, { highWaterMark: 1 << 20, ...options });
}
