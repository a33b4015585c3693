/**
 * Takes a plain (unencrypted) .ebu file apart into frames and puts it back
 * together with a fresh hash chain and trailer. Tests use it to make files
 * that are damaged *behind* the checksums — what a buggy writer would make —
 * so the checks after the chain hash get exercised too.
 */
import { createHash } from 'node:crypto';
import type { CodecValue, FrameTypeValue } from '../../src/format/constants.js';
import { FILE_HEADER_SIZE, FRAME_HEADER_SIZE, TRAILER_MAGIC, TRAILER_SIZE } from '../../src/format/constants.js';
import { decodeFrameHeader, encodeFrame } from '../../src/format/frame.js';

export interface LooseFrame {
  type: FrameTypeValue;
  codec: CodecValue;
  stream: number;
  sequence: number;
  rawLength: number;
  payload: Buffer;
}

export interface LooseFile {
  header: Buffer;
  frames: LooseFrame[];
}

export function takeApart(file: Buffer): LooseFile {
  const header = file.subarray(0, FILE_HEADER_SIZE);
  const frames: LooseFrame[] = [];
  let at = FILE_HEADER_SIZE;
  while (at < file.length - TRAILER_SIZE) {
    const h = decodeFrameHeader(file.subarray(at, at + FRAME_HEADER_SIZE));
    const payload = file.subarray(at + FRAME_HEADER_SIZE, at + FRAME_HEADER_SIZE + h.storedLength);
    frames.push({
      type: h.type,
      codec: h.codec,
      stream: h.stream,
      sequence: h.sequence,
      rawLength: h.rawLength,
      payload: Buffer.from(payload),
    });
    at += FRAME_HEADER_SIZE + h.storedLength;
  }
  return { header: Buffer.from(header), frames };
}

/** The file again, every chain hash and the trailer computed for what the frames now say. */
export function putTogether({ header, frames }: LooseFile): Buffer {
  const parts: Buffer[] = [header];
  let chain: Buffer = createHash('sha256').update(header).digest();
  let bodyBytes = 0;
  for (const f of frames) {
    const encoded = encodeFrame(
      {
        type: f.type,
        codec: f.codec,
        stream: f.stream,
        sequence: f.sequence,
        rawLength: f.rawLength,
        storedLength: f.payload.length,
      },
      f.payload,
      chain,
    );
    chain = encoded.chainHash;
    parts.push(encoded.header, f.payload);
    bodyBytes += FRAME_HEADER_SIZE + f.payload.length;
  }
  const trailer = Buffer.alloc(TRAILER_SIZE);
  TRAILER_MAGIC.copy(trailer, 0);
  trailer.writeBigUInt64LE(BigInt(bodyBytes), 8);
  trailer.writeUInt32LE(frames.length, 16);
  const last = frames.at(-1);
  trailer.writeUInt32LE(last ? FRAME_HEADER_SIZE + last.payload.length : 0, 20);
  chain.copy(trailer, 24);
  return Buffer.concat([...parts, trailer]);
}
