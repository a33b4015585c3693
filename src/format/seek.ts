/**
 * For readers that can seek (FORMAT.md section 7): the footer of an
 * unencrypted file, found from the trailer without reading the data: a
 * file on disk (pread) or an object in a repository (ranged GETs), through
 * one reader of ranges.
 * Its chain hash is only checked by reading the whole body, so everything it
 * says is checked here before it is believed: the trailer must fit the file,
 * the frame must be a footer of a sane size, and the footer must pass the
 * footer's schema (src/schema/manifest.ts) and name exactly the manifest's tables. A file without a
 * trailer (cut short) has no footer to show; one whose end lies is damaged.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { type Phrase, phrase, ToolError } from '../errors/index.js';
import { decompressBlock } from './codec.js';
import {
  Codec,
  FILE_HEADER_SIZE,
  FRAME_HEADER_SIZE,
  FrameType,
  MAX_FRAME_LENGTH,
  TRAILER_MAGIC,
  TRAILER_SIZE,
} from './constants.js';
import { checkFooter } from './documents.js';
import { decodeFrameHeader } from './frame.js';
import type { Footer } from './manifest.js';

/** Reads up to `length` bytes at `start` (fewer only at the end of the file). */
export type RangeReader = (start: number, length: number) => Promise<Buffer>;

/** A backup that can be read anywhere (a file on disk, an object in a repository): its size and a reader of ranges. */
export interface SeekableBackup {
  readonly size: number;
  readonly read: RangeReader;
}

/** Bytes per ranged read of `rangedStream`: a manifest is a few KiB, an encrypted one needs age's first chunks. */
export const rangeChunkSize = 256 * 1024;

/**
 * The backup from its start as a stream that asks for one range at a time,
 * only as far as its reader reads (the manifest of an object in a
 * repository without fetching the object): destroy it when done.
 */
export function rangedStream(backup: SeekableBackup, chunk: number = rangeChunkSize): Readable {
  let at = 0;
  return new Readable({
    read() {
      if (at >= backup.size) {
        this.push(null);
        return;
      }
      backup.read(at, Math.min(chunk, backup.size - at)).then(
        (bytes) => {
          at += bytes.length;
          this.push(bytes.length ? bytes : null);
        },
        (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });
}

/** A file on disk as a reader of ranges, for `readFooter`. */
export async function readFooterFromFile(path: string, tableNames: readonly string[]): Promise<Footer | null> {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const reader: RangeReader = async (start, length) => {
      const buffer = Buffer.alloc(length);
      return buffer.subarray(0, readSync(fd, buffer, 0, length, start));
    };
    return await readFooter(reader, size, tableNames, path);
  } finally {
    closeSync(fd);
  }
}

/**
 * @param size the file's size in bytes
 * @param tableNames the manifest's tables, in order (already checked): the footer must name exactly these
 * @param path the file as the person named it, for the error
 * @returns the footer, or null when the file has no trailer
 */
export async function readFooter(
  read: RangeReader,
  size: number,
  tableNames: readonly string[],
  path: string,
): Promise<Footer | null> {
  const damaged = (reason: Phrase) => new ToolError('BACKUP_DAMAGED', { path, reason });
  if (size < FILE_HEADER_SIZE + TRAILER_SIZE) return null;
  const trailer = await read(size - TRAILER_SIZE, TRAILER_SIZE);
  if (trailer.length !== TRAILER_SIZE || !trailer.subarray(0, 8).equals(TRAILER_MAGIC)) return null;
  const bodyLength = trailer.readBigUInt64LE(8);
  const footerLength = trailer.readUInt32LE(20);
  if (bodyLength !== BigInt(size - FILE_HEADER_SIZE - TRAILER_SIZE)) throw damaged(phrase('TRAILER_SIZE_WRONG'));
  if (
    footerLength <= FRAME_HEADER_SIZE ||
    footerLength > FRAME_HEADER_SIZE + MAX_FRAME_LENGTH ||
    footerLength > Number(bodyLength)
  ) {
    throw damaged(phrase('TRAILER_FOOTER_LENGTH_WRONG'));
  }
  const frame = await read(size - TRAILER_SIZE - footerLength, footerLength);
  if (frame.length !== footerLength) return null;
  const h = decodeFrameHeader(frame.subarray(0, FRAME_HEADER_SIZE));
  const frameOk =
    h.magicOk &&
    h.type === FrameType.footer &&
    h.stream === 0 &&
    h.storedLength === footerLength - FRAME_HEADER_SIZE &&
    (h.codec === Codec.stored || h.codec === Codec.zstd) &&
    h.rawLength <= MAX_FRAME_LENGTH;
  if (!frameOk) throw damaged(phrase('FOOTER_MISPLACED'));
  let json: unknown;
  try {
    json = JSON.parse(decompressBlock(h.codec, frame.subarray(FRAME_HEADER_SIZE), h.rawLength).toString('utf8'));
  } catch {
    throw damaged(phrase('FOOTER_UNREADABLE'));
  }
  const invalid = () => damaged(phrase('FOOTER_INVALID'));
  const footer = checkFooter(json, invalid);
  if (
    footer.tables.length !== tableNames.length ||
    !footer.tables.every((t, i) => t.name === tableNames[i]) ||
    footer.storedBytes > size
  )
    throw invalid();
  return footer;
}
