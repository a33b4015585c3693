/**
 * Block compression (FORMAT.md 5.4): zstd level 1 with its content checksum,
 * or the block as is when compression does not make it smaller (scans and
 * other incompressible attachments).
 *
 * Decompression writes into a buffer of the frame's declared raw-length
 * (bounded by the reader), never into one sized by the zstd frame itself, so
 * a crafted block cannot make kluis allocate more than MAX_FRAME_LENGTH.
 */
import { createRequire } from 'node:module';
import { Codec, type CodecValue, ZSTD_LEVEL } from './constants.js';

const require = createRequire(import.meta.url);
interface ZstdBinding {
  DCtx: new () => { decompress(dst: Uint8Array, src: Uint8Array): number };
  CCtx: new () => {
    setParameter(param: number, value: number): void;
    compress2(dst: Uint8Array, src: Uint8Array): number;
  };
  CParameter: { compressionLevel: number; checksumFlag: number };
  compressBound(size: number): number;
}
const binding = require('zstd-napi/binding') as ZstdBinding;
const dctx = new binding.DCtx();
let cctx: InstanceType<ZstdBinding['CCtx']> | undefined;
let cctxLevel: number | undefined;

/** The most a block of `size` bytes can take compressed. */
export function compressBound(size: number): number {
  return binding.compressBound(size);
}

/**
 * compressBlock into memory the caller owns (at least compressBound long):
 * the codec workers reuse their output buffers instead of allocating one
 * per block. Returns the stored codec (and nothing written) when
 * compression does not make the block smaller.
 */
export function compressBlockInto(
  raw: Uint8Array,
  dest: Uint8Array,
  level = ZSTD_LEVEL,
): { codec: CodecValue; length: number } {
  if (!cctx) {
    cctx = new binding.CCtx();
    cctx.setParameter(binding.CParameter.checksumFlag, 1);
  }
  if (cctxLevel !== level) {
    cctx.setParameter(binding.CParameter.compressionLevel, level);
    cctxLevel = level;
  }
  const length = cctx.compress2(dest, raw);
  return length < raw.length ? { codec: Codec.zstd, length } : { codec: Codec.stored, length: raw.length };
}

export function compressBlock(raw: Buffer, level = ZSTD_LEVEL): { codec: CodecValue; payload: Buffer } {
  const dest = Buffer.allocUnsafe(compressBound(raw.length));
  const { codec, length } = compressBlockInto(raw, dest, level);
  return codec === Codec.stored ? { codec, payload: raw } : { codec, payload: Buffer.from(dest.subarray(0, length)) };
}

/**
 * The raw bytes; throws (with zstd's message) when the block does not decode
 * to exactly rawLength bytes. With `scratch` (at least rawLength long) the
 * bytes are written there and returned as a view of it, for a reader that is
 * done with a block before it asks for the next (verify).
 */
export function decompressBlock(codec: CodecValue, payload: Buffer, rawLength: number, scratch?: Buffer): Buffer {
  if (codec === Codec.stored) return payload;
  const out = scratch && scratch.length >= rawLength ? scratch.subarray(0, rawLength) : Buffer.allocUnsafe(rawLength);
  const n = dctx.decompress(out, payload);
  if (n !== rawLength) throw new Error(`block decodes to ${n} bytes, not ${rawLength}`);
  return out;
}
