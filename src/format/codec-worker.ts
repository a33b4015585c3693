/**
 * A codec pool worker (codec-pool.ts): compresses or checks one block per
 * message, with the same functions the main thread would use.
 */
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { compressBlockInto, compressBound, decompressBlock } from './codec.js';
import type { ChainLink, CodecReply, CodecRequest } from './codec-messages.js';
import { BLOCK_SIZE, Codec, type CodecValue } from './constants.js';

const port = parentPort!;
let scratch = Buffer.allocUnsafe(0);
/** Where check-at reads a payload: one buffer, reused (a payload is at most MAX_FRAME_LENGTH). */
let payload = Buffer.allocUnsafe(0);
/** Output buffers for compression, handed back by the pool after it copied what they held. */
const outputs: ArrayBuffer[] = [];

/** Reads `length` bytes at `position` of the file into `payload`; how many there were. */
function readPayload(fd: number, position: number, length: number): number {
  if (payload.length < length) payload = Buffer.allocUnsafe(Math.max(length, 1 << 20));
  let got = 0;
  while (got < length) {
    const n = readSync(fd, payload, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Whether a link holds and the block decodes: the check both kinds of request make. */
function checkBlock(
  link: ChainLink,
  codec: CodecValue,
  input: Buffer,
  rawLength: number,
): { linkHolds: boolean; error?: string } {
  const linkHolds = createHash('sha256')
    .update(link.previous)
    .update(link.hashedHeader)
    .update(input)
    .digest()
    .equals(link.expected);
  if (!linkHolds) return { linkHolds };
  if (scratch.length < rawLength) scratch = Buffer.allocUnsafe(rawLength);
  try {
    decompressBlock(codec, input, rawLength, scratch);
  } catch (err) {
    return { linkHolds, error: (err as Error).message };
  }
  return { linkHolds };
}

function handleAt(request: Extract<CodecRequest, { kind: 'check-at' }>): CodecReply {
  let got: number;
  try {
    got = readPayload(request.fd, request.position, request.length);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { id: request.id, readError: { ...(e.code ? { code: e.code } : {}), message: e.message } };
  }
  if (got < request.length) return { id: request.id, truncated: true };
  return { id: request.id, ...checkBlock(request.link, request.codec, payload.subarray(0, got), request.rawLength) };
}

function handle(request: CodecRequest): { reply: CodecReply; transfer: ArrayBuffer[] } {
  if (request.kind === 'check-at') return { reply: handleAt(request), transfer: [] };
  const input = Buffer.from(request.block.buffer, request.block.byteOffset, request.block.byteLength);
  if (request.kind === 'compress') {
    for (const b of request.outputs ?? []) outputs.push(b);
    const bound = compressBound(input.length);
    let dest = outputs.pop();
    if (!dest || dest.byteLength < bound) dest = new ArrayBuffer(Math.max(bound, compressBound(BLOCK_SIZE)));
    const { codec, length } = compressBlockInto(input, new Uint8Array(dest));
    if (codec === Codec.stored) {
      outputs.push(dest);
      return {
        reply: { id: request.id, codec, block: request.block },
        transfer: [request.block.buffer as ArrayBuffer],
      };
    }
    return {
      reply: { id: request.id, codec, block: new Uint8Array(dest, 0, length), input: request.block },
      transfer: [dest, request.block.buffer as ArrayBuffer],
    };
  }
  // The block's memory goes back to the pool for the next check.
  return {
    reply: {
      id: request.id,
      block: request.block,
      ...checkBlock(request.link, request.codec, input, request.rawLength),
    },
    transfer: [request.block.buffer as ArrayBuffer],
  };
}

port.on('message', (request: CodecRequest) => {
  try {
    const { reply, transfer } = handle(request);
    port.postMessage(reply, transfer);
  } catch (err) {
    port.postMessage({ id: request.id, error: (err as Error).message } satisfies CodecReply);
  }
});
