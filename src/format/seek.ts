/**
 * For readers that can seek (FORMAT.md section 7): the footer of an
 * unencrypted file on disk, found from the trailer without reading the data.
 * Informational only; its chain hash is checked by reading the whole body.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { decompressBlock } from './codec.js';
import { FILE_HEADER_SIZE, FRAME_HEADER_SIZE, MAX_FRAME_LENGTH, TRAILER_MAGIC, TRAILER_SIZE, type CodecValue } from './constants.js';
import type { Footer } from './manifest.js';

export function readFooterFromFile(path: string): Footer | null {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const trailer = Buffer.alloc(TRAILER_SIZE);
    if (readSync(fd, trailer, 0, TRAILER_SIZE, size - TRAILER_SIZE) !== TRAILER_SIZE || !trailer.subarray(0, 8).equals(TRAILER_MAGIC)) return null;
    const footerLength = trailer.readUInt32LE(20);
    const start = FILE_HEADER_SIZE + Number(trailer.readBigUInt64LE(8)) - footerLength;
    if (footerLength <= FRAME_HEADER_SIZE || footerLength > MAX_FRAME_LENGTH || start < FILE_HEADER_SIZE) return null;
    const frame = Buffer.alloc(footerLength);
    if (readSync(fd, frame, 0, footerLength, start) !== footerLength) return null;
    const raw = decompressBlock(frame.readUInt8(5) as CodecValue, frame.subarray(FRAME_HEADER_SIZE), frame.readUInt32LE(16));
    return JSON.parse(raw.toString('utf8')) as Footer;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
