/**
 * `COPY … TO STDOUT` read straight into blocks.
 *
 * pg-copy-streams' copyTo makes a Buffer for every CopyData message — one
 * per row in binary COPY, 5 million for the L administration — then joins
 * them per socket read, and the backup writer copies them again into its
 * 1 MiB blocks. A CPU profile of a backup of L showed that work (row
 * buffers, their garbage, two copies) at about a quarter of the kluis
 * process's main thread. This reader parses the protocol in the socket's own
 * chunks and copies each message's bytes once, into a block from
 * `newBlock`; it emits full blocks (and a last, shorter one).
 *
 * It plugs into pg the way pg-copy-streams does (a "submittable" that takes
 * over the connection's socket until CopyDone, then hands the rest back), so
 * errors, the command tag and ReadyForQuery still go through pg.
 */
import type { Duplex } from 'node:stream';
import { Readable } from 'node:stream';
import type { Connection } from 'pg';

const CopyData = 0x64; // 'd'
const ErrorResponse = 0x45; // 'E'
/** Messages a server may send between CopyOutResponse and CopyDone. */
const interspersed = new Set([
  0x48 /* H CopyOutResponse */,
  CopyData,
  0x53 /* S ParameterStatus */,
  0x4e /* N NoticeResponse */,
  0x41 /* A NotificationResponse */,
]);

type DataHandler = (chunk: Buffer) => void;

export class CopyOutBlocks extends Readable {
  /** Rows COPY reported, once pg has seen the command complete and the connection ready. */
  readonly rowCount: Promise<number>;
  #rows = 0;
  #settle: { resolve(n: number): void; reject(err: Error): void } | undefined;
  readonly #text: string;
  readonly #newBlock: () => Buffer;
  #connection: Connection | undefined;
  #pgDataHandler: DataHandler | undefined;
  readonly #onReadable = () => this.#forward();
  #wanted = false;
  #forwarding = false;
  // The message being parsed: its 5-byte header (code, length) and how much of its body is left.
  readonly #header = Buffer.alloc(5);
  #headerBytes = 0;
  #bodyLeft = 0;
  #block: Buffer | undefined;
  #filled = 0;

  constructor(text: string, newBlock: () => Buffer) {
    super({ highWaterMark: 1 });
    this.#text = text;
    this.#newBlock = newBlock;
    this.rowCount = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
    this.rowCount.catch(() => undefined); // the stream reports the error
  }

  /** Called by pg's client.query. */
  submit(connection: Connection): void {
    this.#connection = connection;
    const stream: Duplex = connection.stream;
    const listeners = stream.listeners('data') as DataHandler[];
    if (listeners.length !== 1) throw new Error('COPY needs the connection to itself');
    this.#pgDataHandler = listeners[0];
    stream.removeListener('data', this.#pgDataHandler!);
    stream.pause();
    stream.on('readable', this.#onReadable);
    connection.query(this.#text);
  }

  override _read(): void {
    this.#wanted = true;
    this.#forward();
  }

  #forward(): void {
    if (this.#forwarding || !this.#wanted || !this.#connection) return;
    this.#forwarding = true;
    const stream = this.#connection.stream;
    for (
      let chunk = stream.read() as Buffer | null;
      chunk !== null;
      chunk = this.#wanted && this.#connection ? (stream.read() as Buffer | null) : null
    )
      this.#parse(chunk);
    this.#forwarding = false;
  }

  /** Parses one socket chunk; copies CopyData bodies into blocks; hands the socket back at the end of the copy. */
  #parse(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#headerBytes === 0 && chunk[at] === ErrorResponse) {
        this.#handBack(chunk.subarray(at), false);
        return;
      }
      if (this.#headerBytes < 5) {
        const take = Math.min(5 - this.#headerBytes, chunk.length - at);
        chunk.copy(this.#header, this.#headerBytes, at, at + take);
        this.#headerBytes += take;
        at += take;
        if (this.#headerBytes < 5) break;
        this.#bodyLeft = this.#header.readUInt32BE(1) - 4;
      }
      const n = Math.min(this.#bodyLeft, chunk.length - at);
      if (n > 0 && this.#header[0] === CopyData) this.#append(chunk, at, at + n);
      at += n;
      this.#bodyLeft -= n;
      if (this.#bodyLeft > 0) break;
      const code = this.#header[0]!;
      this.#headerBytes = 0;
      if (!interspersed.has(code)) {
        this.#handBack(chunk.subarray(at), true); // CopyDone
        return;
      }
    }
  }

  #append(chunk: Buffer, start: number, end: number): void {
    while (start < end) {
      this.#block ??= this.#newBlock();
      const take = Math.min(end - start, this.#block.length - this.#filled);
      chunk.copy(this.#block, this.#filled, start, start + take);
      this.#filled += take;
      start += take;
      if (this.#filled === this.#block.length) this.#emitBlock();
    }
  }

  #emitBlock(): void {
    const block = this.#block!.subarray(0, this.#filled);
    this.#block = undefined;
    this.#filled = 0;
    if (!this.push(block)) this.#wanted = false;
  }

  /** Gives the socket back to pg with the bytes after the copy (or the error), as pg-copy-streams does. */
  #handBack(rest: Buffer, complete: boolean): void {
    const stream = this.#connection!.stream;
    const handler = this.#pgDataHandler!;
    stream.removeListener('readable', this.#onReadable);
    stream.on('data', handler);
    this.#connection = undefined;
    handler(rest);
    if (complete) {
      if (this.#filled > 0) this.#emitBlock();
      this.push(null);
    }
    // pg's own handler may have paused the stream; resume once it is done with this chunk.
    process.nextTick(() => stream.resume());
  }

  /** Called by pg on an ErrorResponse. */
  handleError(err: Error): void {
    this.#settle?.reject(err);
    this.destroy(err);
  }

  /** Called by pg with the command tag, "COPY n". */
  handleCommandComplete(msg: { text?: string } | undefined): void {
    const match = /COPY (\d+)/.exec(msg?.text ?? '');
    if (match) this.#rows = Number(match[1]);
  }

  handleReadyForQuery(): void {
    this.#settle?.resolve(this.#rows);
  }
}
