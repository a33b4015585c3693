/**
 * A codec pool worker (codec-pool.ts): compresses or checks one block per
 * message, with the same functions the main thread would use.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { compressBlockInto, compressBound, decompressBlock } from './codec.js';
import type { CodecReply, CodecRequest } from './codec-messages.js';
import { BLOCK_SIZE, Codec } from './constants.js';

const port = parentPort!;
let scratch = Buffer.allocUnsafe(0);
/** Output buffers for compression, handed back by the pool after it copied what they held. */
const outputs: ArrayBuffer[] = [];

function handle(request: CodecRequest): { reply: CodecReply; transfer: ArrayBuffer[] } {
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
  const { previous, hashedHeader, expected } = request.link;
  // The block's memory goes back to the pool for the next check.
  const back = { block: request.block, transfer: [request.block.buffer as ArrayBuffer] };
  const linkHolds = createHash('sha256').update(previous).update(hashedHeader).update(input).digest().equals(expected);
  if (!linkHolds) return { reply: { id: request.id, linkHolds, block: back.block }, transfer: back.transfer };
  if (scratch.length < request.rawLength) scratch = Buffer.allocUnsafe(request.rawLength);
  try {
    decompressBlock(request.codec, input, request.rawLength, scratch);
  } catch (err) {
    return {
      reply: { id: request.id, linkHolds, block: back.block, error: (err as Error).message },
      transfer: back.transfer,
    };
  }
  return { reply: { id: request.id, linkHolds, block: back.block }, transfer: back.transfer };
}

port.on('message', (request: CodecRequest) => {
  try {
    const { reply, transfer } = handle(request);
    port.postMessage(reply, transfer);
  } catch (err) {
    port.postMessage({ id: request.id, error: (err as Error).message } satisfies CodecReply);
  }
});
