/**
 * Deterministic randomness for the generator: the same seed always gives the
 * same administration. sfc32 for choices; AES-128-CTR keyed from the seed for
 * bulk incompressible bytes (fast, and deterministic unlike randomBytes).
 */
import { createCipheriv, createHash } from 'node:crypto';

export class SeededRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: string) {
    const h = createHash('sha256').update(seed).digest();
    this.#a = h.readUInt32LE(0);
    this.#b = h.readUInt32LE(4);
    this.#c = h.readUInt32LE(8);
    this.#d = h.readUInt32LE(12);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** `length` pseudo-random bytes, a pure function of (seed, index). */
export function noiseBytes(seed: string, index: number, length: number): Buffer {
  const key = createHash('sha256').update(`${seed}/noise`).digest().subarray(0, 16);
  // The index goes in the upper 64 bits and the block counter runs in the lower
  // 64, so no two documents ever share keystream (shared keystream would make
  // the "scans" deduplicable and flatter every compression ratio).
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(Math.floor(index / 2 ** 32), 0);
  iv.writeUInt32BE(index >>> 0, 4);
  const cipher = createCipheriv('aes-128-ctr', key, iv);
  return cipher.update(Buffer.alloc(length));
}
