/**
 * Exact-length reads: the reader asks for n bytes and gets n (or fewer only
 * at the end of the input). Two sources: a stream of chunks (standard input,
 * decrypted data) and a file on disk, read positionally so that a block's
 * bytes land straight in the memory they go to (verify hands it to a
 * worker), with no stream chunks to allocate, join and copy again.
 */
import { ReadStream, read as readFd } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { errnoOf, readFileError } from '../errors/index.js';

export interface ByteReader {
  /** Bytes handed out so far (the offset of the next read). */
  readonly offset: number;
  /**
   * Up to n bytes; fewer only when the input ends. With `into` (at least n
   * bytes long) they are placed at its start and a view of it is returned.
   */
  read(n: number, into?: Buffer): Promise<Buffer>;
  /** The next n bytes without consuming them (fewer at the end). */
  peek(n: number): Promise<Buffer>;
  /** Everything not read yet, as a stream of chunks. */
  rest(): AsyncGenerator<Buffer>;
  /** Releases the file, if one is open. */
  close(): Promise<void>;
  /**
   * For a file read positionally: its descriptor, and `claim`, which passes
   * over the next n bytes without reading them and says where in the file
   * they start, for another thread to read them there (verify's workers).
   * Nothing checks that they exist: whoever reads them finds out.
   */
  readonly file?: { readonly fd: number; claim(n: number): number };
}

/** Positional reads of one open file, and how to let it go. */
interface PositionalFile {
  readonly fd: number;
  read(into: Buffer, at: number, n: number, position: number): Promise<number>;
  close(): Promise<void>;
}

/** Streams that are the whole of a file already open, with its descriptor (wholeFileStream). */
const wholeFiles = new WeakMap<object, { readonly fd: number; readonly path: string }>();

/**
 * Marks `stream` as a reading of the whole of the regular file open at `fd`,
 * from its start: a ByteReader made from it before anyone read it reads the
 * file positionally instead (not through the stream's chunks), and closing
 * that reader destroys the stream, which must close the file. For streams
 * that wrap a file stream (to name their errors, say), so that a verify or a
 * restore of them still reads each block straight into the memory it goes to.
 */
export function wholeFileStream(stream: Readable, fd: number, path: string): void {
  wholeFiles.set(stream, { fd, path });
}

/**
 * A ByteReader for the input: a file stream that nobody has read from yet is
 * read positionally from its file instead (when the path is a regular file);
 * anything else as the stream it is.
 */
export async function openByteReader(
  input: AsyncIterable<Buffer | Uint8Array | string>,
  underlying?: ByteReader,
): Promise<ByteReader> {
  const whole = wholeFiles.get(input);
  const stream = input as Readable;
  if (whole && !stream.readableDidRead && !stream.destroyed) {
    const file: PositionalFile = {
      fd: whole.fd,
      read: (into, at, n, position) =>
        new Promise((resolve, reject) =>
          readFd(whole.fd, into, at, n, position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead))),
        ),
      close: async () => {
        stream.destroy();
      },
    };
    return new FileBytes(file, 0, whole.path);
  }
  const range = input as { start?: number; end?: number };
  if (
    input instanceof ReadStream &&
    input.bytesRead === 0 &&
    typeof input.path === 'string' &&
    (range.end ?? Infinity) === Infinity
  ) {
    const start = range.start ?? 0;
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      handle = await open(input.path, 'r');
      if ((await handle.stat()).isFile()) {
        input.destroy();
        const h = handle;
        const file: PositionalFile = {
          fd: h.fd,
          read: async (into, at, n, position) => (await h.read(into, at, n, position)).bytesRead,
          close: () => h.close(),
        };
        return new FileBytes(file, start, input.path);
      }
    } catch {
      // Let the stream report it, as it would have.
    }
    await handle?.close();
  }
  return new StreamBytes(input, underlying);
}

const CHUNK = 1 << 20;
/** Small reads (frame headers) are served from a buffer of this size, so a header is not a system call of its own. */
const READ_AHEAD = 64 * 1024;

class FileBytes implements ByteReader {
  readonly #file: PositionalFile;
  /** Where the next byte not yet buffered is in the file. */
  #position: number;
  #buffer = Buffer.allocUnsafe(READ_AHEAD);
  #buffered = Buffer.alloc(0);
  offset = 0;

  readonly #path: string;
  #closed = false;
  readonly file: { readonly fd: number; claim(n: number): number };

  constructor(file: PositionalFile, start: number, path: string) {
    this.#file = file;
    this.#position = start;
    this.#path = path;
    this.file = { fd: file.fd, claim: (n) => this.#claim(n) };
  }

  #claim(n: number): number {
    const at = this.#position - this.#buffered.length;
    if (n <= this.#buffered.length) this.#consume(n);
    else {
      this.#buffered = this.#buffered.subarray(this.#buffered.length);
      this.#position = at + n;
      this.offset += n;
    }
    return at;
  }

  /** One positional read; a failing device (a stick pulled out) is a coded error, not an errno. */
  async #readAt(into: Buffer, at: number, n: number, position: number): Promise<number> {
    // Once closed, the descriptor's number may belong to another file: a read still queued behind an error must not use it.
    if (this.#closed) throw new Error(`${this.#path} was closed`);
    try {
      return await this.#file.read(into, at, n, position);
    } catch (err) {
      throw readFileError(err, this.#path);
    }
  }

  async #pread(into: Buffer, at: number, n: number): Promise<number> {
    let got = 0;
    while (got < n) {
      const bytesRead = await this.#readAt(into, at + got, n - got, this.#position);
      if (bytesRead === 0) break;
      got += bytesRead;
      this.#position += bytesRead;
    }
    return got;
  }

  async read(n: number, into?: Buffer): Promise<Buffer> {
    if (!into && n <= READ_AHEAD) {
      if (this.#buffered.length < n) await this.#refill();
      const take = Math.min(n, this.#buffered.length);
      // A copy: the read-ahead buffer is reused.
      const out = Buffer.from(this.#buffered.subarray(0, take));
      this.#consume(take);
      return out;
    }
    const target = into ?? Buffer.allocUnsafe(n);
    const fromBuffer = Math.min(n, this.#buffered.length);
    this.#buffered.copy(target, 0, 0, fromBuffer);
    this.#consume(fromBuffer);
    const got = fromBuffer + (await this.#pread(target, fromBuffer, n - fromBuffer));
    this.offset += got - fromBuffer;
    return target.subarray(0, got);
  }

  #consume(n: number): void {
    this.#buffered = this.#buffered.subarray(n);
    this.offset += n;
  }

  /** Moves what is left to the front of the buffer and fills the rest from the file. */
  async #refill(): Promise<void> {
    const left = this.#buffered.length;
    if (left > 0 && this.#buffered.byteOffset !== this.#buffer.byteOffset) this.#buffered.copy(this.#buffer, 0);
    const got = await this.#pread(this.#buffer, left, READ_AHEAD - left);
    this.#buffered = this.#buffer.subarray(0, left + got);
  }

  async peek(n: number): Promise<Buffer> {
    const out = Buffer.allocUnsafe(n);
    const fromBuffer = Math.min(n, this.#buffered.length);
    this.#buffered.copy(out, 0, 0, fromBuffer);
    let got = fromBuffer;
    while (got < n) {
      const bytesRead = await this.#readAt(out, got, n - got, this.#position + (got - fromBuffer));
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return out.subarray(0, got);
  }

  async *rest(): AsyncGenerator<Buffer> {
    if (this.#buffered.length) {
      const first = Buffer.from(this.#buffered);
      this.#consume(first.length);
      yield first;
    }
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const got = await this.#pread(chunk, 0, CHUNK);
      if (got === 0) return;
      this.offset += got;
      yield chunk.subarray(0, got);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#file.close().catch(() => undefined);
  }
}

class StreamBytes implements ByteReader {
  readonly #source: AsyncIterator<Buffer>;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #done = false;
  offset = 0;

  /** The reader this stream is made from (decrypted data: the file), closed with it. */
  readonly #underlying: ByteReader | undefined;

  constructor(source: AsyncIterable<Buffer | Uint8Array | string>, underlying?: ByteReader) {
    this.#underlying = underlying;
    const it = source[Symbol.asyncIterator]();
    this.#source = {
      next: async () => {
        let r: IteratorResult<Buffer | Uint8Array | string>;
        try {
          r = await it.next();
        } catch (err) {
          // A file stream's own failure (it vanished, a read error) names its path; anything else passes as it is.
          const path = (err as { path?: unknown }).path;
          throw errnoOf(err) && typeof path === 'string' ? readFileError(err, path) : err;
        }
        return r.done
          ? r
          : { done: false, value: Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as Uint8Array) };
      },
    };
  }

  async #fill(n: number): Promise<void> {
    while (this.#buffered < n && !this.#done) {
      const r = await this.#source.next();
      if (r.done) this.#done = true;
      else if (r.value.length > 0) {
        this.#chunks.push(r.value);
        this.#buffered += r.value.length;
      }
    }
  }

  async read(n: number, into?: Buffer): Promise<Buffer> {
    await this.#fill(n);
    const take = Math.min(n, this.#buffered);
    let out: Buffer;
    const first = this.#chunks[0];
    if (!into && first && first.length >= take) {
      out = first.subarray(0, take);
      if (first.length === take) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(take);
    } else {
      // Copy just the bytes asked for; what follows stays in its chunks.
      out = into ? into.subarray(0, take) : Buffer.allocUnsafe(take);
      for (let at = 0; at < take; ) {
        const chunk = this.#chunks[0]!;
        const need = take - at;
        if (chunk.length <= need) {
          chunk.copy(out, at);
          at += chunk.length;
          this.#chunks.shift();
        } else {
          chunk.copy(out, at, 0, need);
          this.#chunks[0] = chunk.subarray(need);
          at += need;
        }
      }
    }
    this.#buffered -= take;
    this.offset += take;
    return out;
  }

  async peek(n: number): Promise<Buffer> {
    await this.#fill(n);
    return Buffer.concat(this.#chunks, this.#buffered).subarray(0, Math.min(n, this.#buffered));
  }

  async *rest(): AsyncGenerator<Buffer> {
    while (this.#chunks.length) {
      const c = this.#chunks.shift()!;
      this.#buffered -= c.length;
      this.offset += c.length;
      yield c;
    }
    while (!this.#done) {
      const r = await this.#source.next();
      if (r.done) this.#done = true;
      else {
        this.offset += r.value.length;
        yield r.value;
      }
    }
  }

  async close(): Promise<void> {
    await this.#underlying?.close();
  }
}
