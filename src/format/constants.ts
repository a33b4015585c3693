/**
 * Constants of the .ebu format, named as in docs/FORMAT.md.
 */
export const FILE_MAGIC = Buffer.from('KLUISEBU', 'ascii');
export const FRAME_MAGIC = Buffer.from('KFRM', 'ascii');
export const TRAILER_MAGIC = Buffer.from('KLUISEND', 'ascii');

/** The format versions this reader knows; the writer writes the last. */
export const FORMAT_VERSIONS = [1] as const;
export const FORMAT_VERSION = 1;

export const FILE_HEADER_SIZE = 16;
export const FRAME_HEADER_SIZE = 56;
/** The part of the frame header covered by the chain hash. */
export const FRAME_HASHED_HEADER = 24;
export const TRAILER_SIZE = 56;

export const FLAG_ENCRYPTED = 1;

export const FrameType = { manifest: 1, data: 2, tableEnd: 3, footer: 4 } as const;
export type FrameTypeValue = (typeof FrameType)[keyof typeof FrameType];

export const Codec = { stored: 0, zstd: 1 } as const;
export type CodecValue = (typeof Codec)[keyof typeof Codec];

/** Largest raw or stored length a reader accepts (section 5.1). */
export const MAX_FRAME_LENGTH = 16 * 1024 * 1024;
/** Raw bytes a writer puts in one data block. */
export const BLOCK_SIZE = 1024 * 1024;
export const ZSTD_LEVEL = 1;
