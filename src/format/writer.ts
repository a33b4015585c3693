/**
 * Writes a backup file as a stream (FORMAT.md): file header, then the body —
 * manifest, data blocks of any number of tables (interleaved when dumped in
 * parallel), table ends, footer, trailer — through age encryption when keys
 * are given. Data blocks are compressed on the codec pool's worker threads
 * while earlier frames are written (docs/ARCHITECTURE.md, "the data path").
 * Memory stays bounded: a block being filled per table, and at most
 * MAX_BLOCKS_IN_FLIGHT blocks being compressed or written.
 */
import { createHash } from 'node:crypto';
import { PassThrough, type Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { compressBlock } from './codec.js';
import { type CodecPool, sharedCodecPool } from './codec-pool.js';
import {
  BLOCK_SIZE,
  type CodecValue,
  FILE_HEADER_SIZE,
  FILE_MAGIC,
  FLAG_ENCRYPTED,
  FORMAT_VERSION,
  FRAME_HEADER_SIZE,
  FrameType,
  type FrameTypeValue,
  TRAILER_MAGIC,
  TRAILER_SIZE,
  ZSTD_LEVEL,
} from './constants.js';
import { checkManifestToWrite } from './documents.js';
import { checkNewPassphrase, type EncryptionKeys, encryptStream, isEncrypting } from './encryption.js';
import { encodeFrame } from './frame.js';
import type { Footer, Manifest, TableStats } from './manifest.js';

export interface WriterOptions {
  readonly encryption?: EncryptionKeys;
  readonly level?: number;
  /** scrypt work factor for a passphrase (age's default 18; tests use less). */
  readonly scryptWorkFactor?: number;
  /** Where data blocks are compressed: a pool of worker threads (default: the process's), or null for this thread. */
  readonly codecPool?: CodecPool | null;
}

/**
 * Data blocks being compressed or waiting to be written, across all tables.
 * Two per worker keeps every worker busy while the main thread hashes and
 * writes; the bound keeps memory flat (about 2 MiB per block in flight).
 */
const MAX_BLOCKS_IN_FLIGHT = 6;

interface Encoded {
  readonly codec: CodecValue;
  readonly payload: Buffer;
}

export function fileHeader(encrypted: boolean): Buffer {
  const h = Buffer.alloc(FILE_HEADER_SIZE);
  FILE_MAGIC.copy(h, 0);
  h.writeUInt16LE(FORMAT_VERSION, 8);
  h.writeUInt16LE(encrypted ? FLAG_ENCRYPTED : 0, 10);
  return h;
}

interface StreamState {
  rawBytes: number;
  storedBytes: number;
  frames: number;
  ended: boolean;
}

export class BackupWriter {
  readonly #body: PassThrough;
  readonly #done: Promise<void>;
  readonly #level: number;
  readonly #pool: CodecPool | null;
  /** Settles when every frame queued so far is written to the body (or failed). */
  #written: Promise<void> = Promise.resolve();
  readonly #inFlight: Array<Promise<void>> = [];
  readonly #tables: Manifest['tables'];
  #chain: Buffer;
  #sequence = 0;
  #bodyBytes = 0;
  #bytesOut = 0;
  readonly #streams = new Map<number, StreamState>();
  readonly #rows = new Map<number, number>();
  #failed: Error | undefined;
  #outputError: Error | undefined;

  private constructor(output: Writable, manifest: Manifest, options: WriterOptions, header: Buffer) {
    this.#level = options.level ?? ZSTD_LEVEL;
    this.#pool = options.codecPool === undefined ? sharedCodecPool() : options.codecPool;
    this.#tables = manifest.tables;
    this.#chain = createHash('sha256').update(header).digest();
    const body = new PassThrough({ highWaterMark: 4 * BLOCK_SIZE });
    this.#body = body;
    const counter = new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        this.#bytesOut += chunk.length;
        cb(null, chunk);
      },
    });
    counter.write(header);
    // Remembered apart from other failures: a caller tells "cannot write there" from "cannot read the data" by it.
    output.once('error', (err: Error) => {
      // An abort (a COPY or its server failing) reaches the output as the same error: that is no output failure.
      if (err !== this.#failed) this.#outputError ??= err;
      this.abort(err);
    });
    const encrypted = isEncrypting(options.encryption);
    this.#done = (async () => {
      const source: Readable = encrypted
        ? await encryptStream(body, options.encryption!, options.scryptWorkFactor)
        : body;
      await pipeline(source, counter, output);
    })();
    this.#done.catch((err: Error) => {
      this.#failed ??= err;
      body.destroy(err);
    });
  }

  /** Starts a file on `output` and writes the manifest frame. */
  static open(output: Writable, manifest: Manifest, options: WriterOptions = {}): BackupWriter {
    if (options.encryption?.passphrase !== undefined) checkNewPassphrase(options.encryption.passphrase);
    checkManifestToWrite(manifest);
    const writer = new BackupWriter(output, manifest, options, fileHeader(isEncrypting(options.encryption)));
    for (const i of manifest.tables.keys())
      writer.#streams.set(i, { rawBytes: 0, storedBytes: 0, frames: 0, ended: false });
    writer.#frame(FrameType.manifest, 0, Buffer.from(JSON.stringify(manifest))).catch(() => undefined); // a failure is reported by the next call
    return writer;
  }

  /** The error the output failed with (a full disk, a closed pipe), if it did. */
  get outputError(): Error | undefined {
    return this.#outputError;
  }

  /** Bytes written to the output so far (file header included). */
  get bytesWritten(): number {
    return this.#bytesOut;
  }

  /**
   * Queues one frame: a data block is compressed on the pool while earlier
   * frames are still being written; frames reach the body, numbered and
   * chained, in the order they were queued. Resolves when there is room for
   * another block.
   */
  #frame(type: FrameTypeValue, stream: number, raw: Buffer): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    const rawLength = raw.length;
    const encoding: Promise<Encoded> =
      type === FrameType.data && this.#pool
        ? this.#pool.compress(raw, this.#level)
        : Promise.resolve(compressBlock(raw, this.#level));
    encoding.catch(() => undefined); // reported through the written chain below
    const written = this.#written.then(async () => this.#emit(type, stream, rawLength, await encoding));
    this.#written = written;
    written.catch((err: Error) => this.abort(err));
    this.#inFlight.push(written);
    void written.finally(() => this.#inFlight.splice(this.#inFlight.indexOf(written), 1)).catch(() => undefined);
    return this.#room();
  }

  async #room(): Promise<void> {
    while (this.#inFlight.length > MAX_BLOCKS_IN_FLIGHT) await this.#inFlight[0];
    if (this.#failed) throw this.#failed;
  }

  /** Numbers, chains and writes one encoded frame; resolves once the body can take more. */
  #emit(type: FrameTypeValue, stream: number, rawLength: number, { codec, payload }: Encoded): Promise<void> {
    if (this.#failed) throw this.#failed;
    if (this.#body.destroyed) throw new Error('the backup output was closed');
    const { header, chainHash } = encodeFrame(
      { type, codec, stream, sequence: this.#sequence++, rawLength, storedLength: payload.length },
      payload,
      this.#chain,
    );
    this.#chain = chainHash;
    this.#bodyBytes += FRAME_HEADER_SIZE + payload.length;
    if (type === FrameType.data) {
      const s = this.#streams.get(stream)!;
      s.rawBytes += rawLength;
      s.storedBytes += payload.length;
      s.frames++;
    }
    this.#body.write(header);
    const more = this.#body.write(payload);
    return more ? Promise.resolve() : this.#drained();
  }

  /**
   * Until the body takes more. A body destroyed meanwhile (the output failed,
   * or abort) emits no 'drain', and its 'error' may have come already: its
   * 'close' ends the wait too, so a failed output can never leave a writer waiting.
   */
  #drained(): Promise<void> {
    const body = this.#body;
    return new Promise((resolve, reject) => {
      const settle = (err?: Error) => {
        body.off('drain', onDrain);
        body.off('error', onError);
        body.off('close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = () => settle();
      const onError = (err: Error) => settle(err);
      const onClose = () => settle(this.#failed ?? new Error('the backup output was closed'));
      body.once('drain', onDrain);
      body.once('error', onError);
      body.once('close', onClose);
      if (body.destroyed) onClose();
    });
  }

  /** Waits until every queued frame is written (counts are final then). */
  async #flushed(): Promise<void> {
    await this.#written;
    if (this.#failed) throw this.#failed;
  }

  /**
   * Memory for one block of table data (the codec pool's, which comes back
   * after compression): a producer that fills it and writes it whole to a
   * table sink saves a copy.
   */
  blockBuffer(): Buffer {
    return this.#pool ? this.#pool.blockBuffer(BLOCK_SIZE) : Buffer.allocUnsafe(BLOCK_SIZE);
  }

  /**
   * A Writable for one table's COPY stream, cut into blocks of at most
   * 1 MiB. A chunk that is a whole block, while none is being gathered, is
   * taken as it is (and must not be used by the writer of it afterwards).
   */
  tableSink(stream: number): Writable {
    const newBlock = () => this.blockBuffer();
    let block: Buffer | undefined;
    let size = 0;
    const flushBlock = async () => {
      const full = block!.subarray(0, size);
      block = undefined;
      size = 0;
      await this.#frame(FrameType.data, stream, full);
    };
    return new Writable({
      highWaterMark: BLOCK_SIZE,
      write: (chunk: Buffer, _enc, cb) => {
        if (size === 0 && chunk.length === BLOCK_SIZE) {
          this.#frame(FrameType.data, stream, chunk).then(() => cb(), cb);
          return;
        }
        (async () => {
          for (let at = 0; at < chunk.length; ) {
            block ??= newBlock();
            const take = Math.min(chunk.length - at, BLOCK_SIZE - size);
            chunk.copy(block, size, at, at + take);
            size += take;
            at += take;
            if (size === BLOCK_SIZE) await flushBlock();
          }
        })().then(() => cb(), cb);
      },
      final: (cb) => {
        (size > 0 ? flushBlock() : Promise.resolve()).then(() => cb(), cb);
      },
    });
  }

  /** Closes a table after its sink finished; `rows` is what COPY reported. */
  async endTable(stream: number, rows: number): Promise<TableStats> {
    const s = this.#streams.get(stream);
    if (!s || s.ended) throw new Error(`table stream ${stream} is unknown or already ended`);
    s.ended = true;
    await this.#flushed();
    const stats: TableStats = { rows, rawBytes: s.rawBytes, storedBytes: s.storedBytes, frames: s.frames };
    await this.#frame(FrameType.tableEnd, stream, Buffer.from(JSON.stringify(stats)));
    await this.#flushed();
    this.#rows.set(stream, rows);
    return stats;
  }

  /** Writes footer and trailer and waits until everything reached the output. */
  async finish(): Promise<Footer> {
    const open = [...this.#streams.entries()].filter(([, s]) => !s.ended).map(([i]) => this.#tables[i]!.name);
    if (open.length) throw new Error(`tables not ended: ${open.join(', ')}`);
    await this.#flushed();
    const tables = this.#tables.map((t, i) => {
      const s = this.#streams.get(i)!;
      return {
        name: t.name,
        rows: this.#rows.get(i)!,
        rawBytes: s.rawBytes,
        storedBytes: s.storedBytes,
        frames: s.frames,
      };
    });
    const footer: Footer = {
      tables,
      rawBytes: tables.reduce((n, t) => n + t.rawBytes, 0),
      storedBytes: tables.reduce((n, t) => n + t.storedBytes, 0),
    };
    const before = this.#bodyBytes;
    await this.#frame(FrameType.footer, 0, Buffer.from(JSON.stringify(footer)));
    await this.#flushed();
    const trailer = Buffer.alloc(TRAILER_SIZE);
    TRAILER_MAGIC.copy(trailer, 0);
    trailer.writeBigUInt64LE(BigInt(this.#bodyBytes), 8);
    trailer.writeUInt32LE(this.#sequence, 16);
    trailer.writeUInt32LE(this.#bodyBytes - before, 20);
    this.#chain.copy(trailer, 24);
    this.#body.end(trailer);
    await this.#done;
    return footer;
  }

  /** Stops writing after an error elsewhere; the output is left incomplete. */
  abort(err: Error): void {
    this.#failed ??= err;
    this.#body.destroy(err);
  }
}
