/**
 * One frame read and checked (FORMAT.md section 8): its header, limits,
 * chain hash and block, decoded here or checked on the codec pool. The
 * reader (reader.ts) decides what the frames mean and in which order.
 */
import { errnoOf, type Phrase, phrase, readFileError, ToolError } from '../errors/index.js';
import type { ByteReader } from './byte-reader.js';
import { decompressBlock } from './codec.js';
import type { CodecPool } from './codec-pool.js';
import { Codec, FRAME_HASHED_HEADER, FRAME_HEADER_SIZE, FrameType, MAX_FRAME_LENGTH } from './constants.js';
import { decodeFrameHeader, nextChainHashAsync } from './frame.js';

export interface ReadFrame {
  readonly type: number;
  readonly stream: number;
  /** The block's bytes; empty for a data block that was only checked. */
  readonly data: Buffer;
  readonly rawLength: number;
  readonly stored: number;
  readonly chain: Buffer;
  /** Header plus payload bytes. */
  readonly size: number;
}

/** What checking a frame found: whether its chain link holds, and its bytes or why they do not decode. */
export interface Judged {
  /** The file ended before the payload did (found by whoever read it). */
  readonly truncated?: boolean;
  readonly linkHolds: boolean;
  readonly data?: Buffer;
  readonly undecodable?: Error;
}

export interface FrameBytes {
  readonly header: ReturnType<typeof decodeFrameHeader>;
  readonly hashedHeader: Buffer;
  readonly payload: Buffer;
  /** The chain value stored in the frame before (or the file header's hash). */
  readonly previous: Buffer;
}

export interface Decoder {
  (frame: FrameBytes): Promise<Judged>;
  /** Where a frame's payload should be read to, when not into memory of its own. */
  memoryFor?(header: ReturnType<typeof decodeFrameHeader>): Buffer | undefined;
  /**
   * Checks a data frame whose payload is not read here but `length` bytes at
   * `position` of the open file `fd` (a file read positionally): the
   * payload is read where it is checked. The file must stay open until it
   * answered.
   */
  atFile?(
    frame: Omit<FrameBytes, 'payload'>,
    file: { readonly fd: number; readonly position: number; readonly length: number },
  ): Promise<Judged>;
}

/** Decodes here, on this thread (restore needs the bytes); the link is hashed on the thread pool meanwhile. */
export const decodeHere: Decoder = async ({ header, hashedHeader, payload, previous }) => {
  const hashing = nextChainHashAsync(previous, hashedHeader, payload);
  hashing.catch(() => undefined);
  let decoded: { data: Buffer } | { undecodable: Error };
  try {
    decoded = { data: decompressBlock(header.codec, payload, header.rawLength) };
  } catch (err) {
    decoded = { undecodable: err as Error };
  }
  return { linkHolds: (await hashing).equals(header.chainHash), ...decoded };
};

/** Data blocks are hashed and proven to decode on the pool, their bytes dropped; manifest, table ends and footer are decoded here (their JSON is read). */
export function checkOn(pool: CodecPool): Decoder {
  const check: Decoder = (frame) => {
    const { header, hashedHeader, payload, previous } = frame;
    if (header.type !== FrameType.data) return decodeHere(frame);
    return pool.check({ previous, hashedHeader, expected: header.chainHash }, header.codec, payload, header.rawLength);
  };
  // A data block is read straight into memory the pool can hand to a worker as it is.
  check.memoryFor = (header) => (header.type === FrameType.data ? pool.blockBuffer(header.storedLength) : undefined);
  // Or, from a file on disk, read by the worker itself: no copy, transfer or wait on this thread.
  check.atFile = ({ header, hashedHeader, previous }, file) =>
    pool.checkAt({ previous, hashedHeader, expected: header.chainHash }, header.codec, file, header.rawLength);
  return check;
}

export const EMPTY = Buffer.alloc(0);

/** A frame read, its checks under way. */
export interface PreparedFrame {
  readonly sequence: number;
  readonly header: ReturnType<typeof decodeFrameHeader>;
  readonly judged: Promise<Judged>;
}

export function damagedAt(path: string, sequence: number, reason: Phrase): ToolError {
  return new ToolError('BACKUP_DAMAGED', { path, reason: phrase('AT_PART', { reason, part: sequence }) });
}

/** Reads one frame, checks what its header says, and starts the checks of its link and block (judged by finishFrame, in file order). */
export async function prepareFrame(
  bytes: ByteReader,
  sequence: number,
  path: string,
  decode: Decoder,
  previous: Buffer,
): Promise<PreparedFrame> {
  const damaged = (reason: Phrase) => damagedAt(path, sequence, reason);
  // Frames whose payloads are read elsewhere: just the header is read here, not a read-ahead of what follows.
  const file = decode.atFile ? bytes.file : undefined;
  const headerBytes = await bytes.read(FRAME_HEADER_SIZE, file ? Buffer.allocUnsafe(FRAME_HEADER_SIZE) : undefined);
  if (headerBytes.length < FRAME_HEADER_SIZE)
    throw new ToolError('BACKUP_TRUNCATED', { path, where: phrase('ENDS_AT_PART', { part: sequence }) });
  const h = decodeFrameHeader(headerBytes);
  if (!h.magicOk) throw damaged(phrase('PART_MISPLACED'));
  if (h.type < FrameType.manifest || h.type > FrameType.footer)
    throw damaged(phrase('PART_TYPE_UNKNOWN', { type: h.type }));
  if (h.codec !== Codec.stored && h.codec !== Codec.zstd)
    throw damaged(phrase('COMPRESSION_UNKNOWN', { codec: h.codec }));
  if (h.reserved !== 0) throw damaged(phrase('RESERVED_BITS_SET'));
  if ((h.type === FrameType.manifest || h.type === FrameType.footer) && h.stream !== 0)
    throw damaged(phrase('MANIFEST_OR_FOOTER_NAMES_TABLE'));
  if (h.sequence !== sequence) throw damaged(phrase('PARTS_OUT_OF_ORDER', { found: h.sequence }));
  if (h.storedLength > MAX_FRAME_LENGTH || h.rawLength > MAX_FRAME_LENGTH)
    throw damaged(phrase('PART_LENGTH_IMPOSSIBLE'));
  if (h.codec === Codec.stored && h.rawLength !== h.storedLength) throw damaged(phrase('STORED_PART_TWO_LENGTHS'));
  if (file && decode.atFile && h.type === FrameType.data) {
    const header = { ...h, chainHash: Buffer.from(h.chainHash) };
    const at = { fd: file.fd, position: file.claim(h.storedLength), length: h.storedLength };
    const hashedHeader = Buffer.from(headerBytes.subarray(0, FRAME_HASHED_HEADER));
    const judged = decode.atFile({ header, hashedHeader, previous }, at).catch((err: unknown) => {
      throw errnoOf(err) ? readFileError(err, path) : err;
    });
    judged.catch(() => undefined); // awaited by finishFrame in its turn
    return { sequence, header, judged };
  }
  const payload = await bytes.read(h.storedLength, decode.memoryFor?.(h));
  if (payload.length < h.storedLength)
    throw new ToolError('BACKUP_TRUNCATED', {
      path,
      where: phrase('ENDS_IN_PART', { part: sequence }),
    });
  const header = { ...h, chainHash: Buffer.from(h.chainHash) };
  const judged = decode({ header, hashedHeader: headerBytes.subarray(0, FRAME_HASHED_HEADER), payload, previous });
  judged.catch(() => undefined); // awaited by finishFrame in its turn
  return { sequence, header, judged };
}

/** Judges a prepared frame: its chain link first, then whether its block decoded. */
export async function finishFrame(p: PreparedFrame, path: string): Promise<ReadFrame> {
  const j = await p.judged;
  if (j.truncated)
    throw new ToolError('BACKUP_TRUNCATED', { path, where: phrase('ENDS_IN_PART', { part: p.sequence }) });
  if (!j.linkHolds) throw damagedAt(path, p.sequence, phrase('CHECKSUM_MISMATCH'));
  if (j.undecodable) throw damagedAt(path, p.sequence, phrase('BLOCK_UNDECODABLE', { detail: j.undecodable.message }));
  const h = p.header;
  return {
    type: h.type,
    stream: h.stream,
    data: j.data ?? EMPTY,
    rawLength: h.rawLength,
    stored: h.storedLength,
    chain: h.chainHash,
    size: FRAME_HEADER_SIZE + h.storedLength,
  };
}

export async function readFrame(
  bytes: ByteReader,
  previous: Buffer,
  sequence: number,
  path: string,
): Promise<ReadFrame> {
  return finishFrame(await prepareFrame(bytes, sequence, path, decodeHere, previous), path);
}
