/**
 * Exact-length reads from a stream of chunks: the reader asks for n bytes
 * and gets n (or fewer only at the end of the input).
 */
export class ByteReader {
  readonly #source: AsyncIterator<Buffer>;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #done = false;
  /** Bytes handed out so far (the offset of the next read). */
  offset = 0;

  constructor(source: AsyncIterable<Buffer | Uint8Array | string>) {
    const it = source[Symbol.asyncIterator]();
    this.#source = {
      next: async () => {
        const r = await it.next();
        return r.done ? r : { done: false, value: Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as Uint8Array) };
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

  /** Up to n bytes; fewer only when the input ends. */
  async read(n: number): Promise<Buffer> {
    await this.#fill(n);
    const take = Math.min(n, this.#buffered);
    let out: Buffer;
    const first = this.#chunks[0];
    if (first && first.length >= take) {
      out = first.subarray(0, take);
      if (first.length === take) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(take);
    } else {
      // Copy just the bytes asked for; what follows stays in its chunks.
      out = Buffer.allocUnsafe(take);
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

  /** The next n bytes without consuming them (fewer at the end). */
  async peek(n: number): Promise<Buffer> {
    await this.#fill(n);
    return Buffer.concat(this.#chunks, this.#buffered).subarray(0, Math.min(n, this.#buffered));
  }

  /** Everything not read yet, as a stream of chunks. */
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
}
