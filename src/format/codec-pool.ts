/**
 * Block compression and decompression on worker threads.
 *
 * zstd-napi works synchronously on the calling thread, so a backup that
 * compresses on the main thread runs at one core's speed while the second
 * core waits (docs/ARCHITECTURE.md, "the data path"). The pool hands whole
 * blocks to workers; the caller keeps the order, the chain hash and the
 * output, which are sequential by design.
 *
 * Blocks travel by transfer, not copy, when they own their whole
 * ArrayBuffer. Workers are unreferenced while idle, so a pool that nobody
 * closes never keeps the process alive.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { asTransferable, type ChainLink, type CodecReply, type CodecRequest } from './codec-messages.js';
import type { CodecValue } from './constants.js';

interface Pending {
  resolve(reply: CodecReply): void;
  reject(err: Error): void;
}

/** Spare buffers kept for checks, and the size they are made at (a block is at most 1 MiB, stored). */
const MAX_SPARES = 16;
const SPARE_SIZE = 1 << 20;

class CodecWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  /** This worker's output buffers, emptied by the pool, to go back with its next block. */
  readonly outputs: ArrayBuffer[] = [];

  constructor(onExit: (w: CodecWorker) => void) {
    // Named from the folder above, so that the same URL holds in dist/src/format/ and in the bundle (scripts/bundle.js).
    this.worker = new Worker(new URL('../format/codec-worker.js', import.meta.url));
    this.worker.unref();
    this.worker.on('message', (reply: CodecReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      p.resolve(reply);
    });
    const fail = (err: Error) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      onExit(this);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`block codec worker stopped (exit code ${code})`)));
  }

  post(request: CodecRequest, transfer: ArrayBuffer[]): Promise<CodecReply> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request, transfer);
    });
  }
}

export class CodecPool {
  readonly #size: number;
  readonly #workers: CodecWorker[] = [];
  /**
   * Block memory the workers handed back, for the next blocks: a backup or
   * verify of any size allocates a few buffers, not one per block (fresh
   * 1 MiB buffers cost page faults, unmapping and garbage collection, a
   * fifth of verify's time and more of backup's main thread).
   */
  readonly #spares: ArrayBuffer[] = [];
  /** The buffers handed out by blockBuffer, which may be transferred whole. */
  readonly #ours = new WeakSet<ArrayBuffer>();
  #nextId = 1;

  constructor(size: number) {
    this.#size = Math.max(1, size);
  }

  /** The least busy worker, started on first use. */
  #worker(): CodecWorker {
    if (this.#workers.length < this.#size) {
      const idle = this.#workers.find((w) => w.pending.size === 0);
      if (idle) return idle;
      const w = new CodecWorker((gone) => this.#workers.splice(this.#workers.indexOf(gone) >>> 0, 1));
      this.#workers.push(w);
      return w;
    }
    return this.#workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  /** Memory for a block of `size` bytes, to fill and pass to compress. */
  blockBuffer(size: number): Buffer {
    const buffer = this.#spare(size);
    this.#ours.add(buffer);
    return Buffer.from(buffer, 0, size);
  }

  /**
   * Compresses a block as `compressBlock` does. The block is transferred:
   * the caller must not use `raw` afterwards. A block in blockBuffer memory
   * comes back to the spares once compressed.
   */
  async compress(raw: Buffer, level: number): Promise<{ codec: CodecValue; payload: Buffer }> {
    const ours = this.#ours.has(raw.buffer as ArrayBuffer);
    const block = ours ? new Uint8Array(raw.buffer as ArrayBuffer, raw.byteOffset, raw.length) : asTransferable(raw);
    const worker = this.#worker();
    const outputs = worker.outputs.splice(0);
    const reply = await worker.post({ id: this.#nextId++, kind: 'compress', level, block, outputs }, [
      block.buffer as ArrayBuffer,
      ...outputs,
    ]);
    if (reply.error !== undefined || !reply.block || reply.codec === undefined)
      throw new Error(reply.error ?? 'no block');
    if (!reply.input)
      return {
        codec: reply.codec,
        payload: Buffer.from(reply.block.buffer, reply.block.byteOffset, reply.block.byteLength),
      };
    // Compressed: the bytes are copied into memory of this thread (garbage
    // collected like any Buffer) and the worker's buffer goes back to it.
    this.#keep(reply.input.buffer as ArrayBuffer);
    const payload = Buffer.allocUnsafe(reply.block.byteLength);
    payload.set(reply.block);
    worker.outputs.push(reply.block.buffer as ArrayBuffer);
    return { codec: reply.codec, payload };
  }

  /**
   * Checks one frame of a file being verified: whether its link of the hash
   * chain holds and, if so, whether its block decodes to exactly rawLength
   * bytes (the bytes are dropped). Resolves to the outcome; rejects only
   * when the worker itself failed. A payload in blockBuffer memory is
   * transferred (the caller must not use it afterwards); another is copied
   * into memory that the worker hands back, so a verify of any size allocates a few buffers,
   * not one per block (their garbage cost a fifth of verify's time).
   */
  async check(
    link: ChainLink,
    codec: CodecValue,
    payload: Buffer,
    rawLength: number,
  ): Promise<{ linkHolds: boolean; undecodable?: Error }> {
    const block = this.#ours.has(payload.buffer as ArrayBuffer)
      ? (new Uint8Array(payload.buffer, payload.byteOffset, payload.length) as Uint8Array & { buffer: ArrayBuffer })
      : this.#spareCopyOf(payload);
    // Views are cloned with their whole ArrayBuffer: send the 32 and 24 bytes, not the 1 MiB read they sit in.
    const small = {
      previous: new Uint8Array(link.previous),
      hashedHeader: new Uint8Array(link.hashedHeader),
      expected: new Uint8Array(link.expected),
    };
    const reply = await this.#worker().post(
      { id: this.#nextId++, kind: 'check', link: small, codec, rawLength, block },
      [block.buffer],
    );
    if (reply.block) this.#keep(reply.block.buffer as ArrayBuffer);
    if (reply.linkHolds === undefined) throw new Error(reply.error ?? 'no answer');
    return reply.error === undefined
      ? { linkHolds: reply.linkHolds }
      : { linkHolds: reply.linkHolds, undecodable: new Error(reply.error) };
  }

  /**
   * check, for a payload the worker reads itself from an open file of this
   * process: `length` bytes at `position` of `fd`. Nothing but a few dozen
   * bytes travels between the threads, and the main thread neither reads
   * nor holds the block. Resolves to the outcome, `truncated` when the file
   * ends before the payload does; rejects with the errno error of a read
   * that failed, or when the worker itself failed. The caller keeps `fd`
   * open until every check of it has answered.
   */
  async checkAt(
    link: ChainLink,
    codec: CodecValue,
    file: { readonly fd: number; readonly position: number; readonly length: number },
    rawLength: number,
  ): Promise<{ linkHolds: boolean; undecodable?: Error; truncated?: boolean }> {
    const small = {
      previous: new Uint8Array(link.previous),
      hashedHeader: new Uint8Array(link.hashedHeader),
      expected: new Uint8Array(link.expected),
    };
    const reply = await this.#worker().post(
      { id: this.#nextId++, kind: 'check-at', link: small, codec, rawLength, ...file },
      [],
    );
    if (reply.readError)
      throw Object.assign(
        new Error(reply.readError.message),
        reply.readError.code ? { code: reply.readError.code } : {},
      );
    if (reply.truncated) return { linkHolds: false, truncated: true };
    if (reply.linkHolds === undefined) throw new Error(reply.error ?? 'no answer');
    return reply.error === undefined
      ? { linkHolds: reply.linkHolds }
      : { linkHolds: reply.linkHolds, undecodable: new Error(reply.error) };
  }

  /** A copy of `payload` in a spare buffer, ready to transfer. */
  #spareCopyOf(payload: Uint8Array): Uint8Array & { buffer: ArrayBuffer } {
    const block = new Uint8Array(this.#spare(payload.length), 0, payload.length);
    block.set(payload);
    return block as Uint8Array & { buffer: ArrayBuffer };
  }

  #spare(size: number): ArrayBuffer {
    const at = this.#spares.findIndex((b) => b.byteLength >= size);
    return at >= 0 ? this.#spares.splice(at, 1)[0]! : new ArrayBuffer(Math.max(size, SPARE_SIZE));
  }

  #keep(buffer: ArrayBuffer): void {
    if (this.#spares.length < MAX_SPARES && buffer.byteLength >= SPARE_SIZE) this.#spares.push(buffer);
  }

  async close(): Promise<void> {
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

let shared: CodecPool | undefined;

/** One pool per process, as many workers as cores (at most 4): a backup, a verify and a web server's jobs share it. */
export function sharedCodecPool(): CodecPool {
  shared ??= new CodecPool(Math.min(4, availableParallelism()));
  return shared;
}
