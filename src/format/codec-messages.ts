/**
 * What the codec pool and its workers say to each other.
 */
import type { CodecValue } from './constants.js';

export type CodecRequest =
  | {
      readonly id: number;
      readonly kind: 'compress';
      readonly level: number;
      readonly block: Uint8Array;
      readonly outputs?: ArrayBuffer[];
    }
  | {
      readonly id: number;
      readonly kind: 'check';
      readonly link: ChainLink;
      readonly codec: CodecValue;
      readonly rawLength: number;
      readonly block: Uint8Array;
    }
  | {
      readonly id: number;
      readonly kind: 'check-at';
      readonly link: ChainLink;
      readonly codec: CodecValue;
      readonly rawLength: number;
      /** The open file (a descriptor of this process) and where the payload of `length` bytes is in it. */
      readonly fd: number;
      readonly position: number;
      readonly length: number;
    };

/** One link of the hash chain: SHA-256(previous || hashedHeader || payload) must equal expected. */
export interface ChainLink {
  readonly previous: Uint8Array;
  readonly hashedHeader: Uint8Array;
  readonly expected: Uint8Array;
}

export interface CodecReply {
  readonly id: number;
  readonly codec?: CodecValue;
  readonly block?: Uint8Array;
  /** A compressed block's input, handed back for reuse. */
  readonly input?: Uint8Array;
  /** For a check: whether the chain link holds. */
  readonly linkHolds?: boolean;
  /** The decoder's complaint (a check), or what went wrong (compress). */
  readonly error?: string;
  /** check-at: the file ended before the payload did. */
  readonly truncated?: boolean;
  /** check-at: reading the file failed (errno code and message). */
  readonly readError?: { readonly code?: string; readonly message: string };
}

/**
 * A view that owns its whole ArrayBuffer, so it can be transferred: the
 * same bytes when they already do, else a copy. (Small Buffers share Node's
 * pool and 1 MiB reads are sliced into frames; transferring those would
 * take the neighbours' bytes along, or fail.)
 */
export function asTransferable(view: Uint8Array): Uint8Array & { buffer: ArrayBuffer } {
  const own =
    view.byteOffset === 0 &&
    view.byteLength === view.buffer.byteLength &&
    view.buffer instanceof ArrayBuffer &&
    view.byteLength > 4096;
  return (own ? view : new Uint8Array(view)) as Uint8Array & { buffer: ArrayBuffer };
}
