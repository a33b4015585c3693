/**
 * The one way kluis reads a small file: a licence, a key, a passphrase or
 * password, config.json, the secret store, a lock file, pg_service.conf, a
 * certificate. A path must name an ordinary file ("-" is standard input);
 * the file is opened without blocking (a FIFO nobody writes to cannot hang
 * the open) and read through a bounded loop on its descriptor, so /dev/zero
 * or a file that keeps growing ends in FILE_TOO_LARGE instead of eating the
 * machine's memory. Every failure is a coded error (file-errors.ts).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import {
  errnoOf,
  kindOfSpecialFile,
  type Localized,
  type Phrase,
  phrase,
  readFileError,
  ToolError,
} from '../errors/index.js';

/** How large a kind of small file may be, and what it is called in a message. */
export interface SmallFileKind {
  readonly maxBytes: number;
  readonly what: Localized;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** The small files kluis reads, each with its limit: generous for the real thing, tiny next to a mistake. */
export const smallFiles = {
  secret: { maxBytes: 64 * KiB, what: phrase('SMALL_FILE_SECRET') },
  licence: { maxBytes: 1 * MiB, what: phrase('SMALL_FILE_LICENCE') },
  settings: { maxBytes: 1 * MiB, what: phrase('SMALL_FILE_SETTINGS') },
  passwordFile: { maxBytes: 1 * MiB, what: phrase('SMALL_FILE_PASSWORD_FILE') },
  certificate: { maxBytes: 4 * MiB, what: phrase('SMALL_FILE_CERTIFICATE') },
  lock: { maxBytes: 64 * KiB, what: phrase('SMALL_FILE_LOCK') },
  /** The nightly run's record: a few runs of up to 999 administrations each. */
  runRecord: { maxBytes: 4 * MiB, what: phrase('SMALL_FILE_RUN_RECORD') },
} as const satisfies Record<string, SmallFileKind>;

/** How standard input is named in a message. */
export const standardInput: Phrase = phrase('STANDARD_INPUT');

const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Opens `path` for reading when it is an ordinary file; refuses a folder, a
 * device, a FIFO or a socket without waiting on it. The caller closes `fd`.
 */
export function openOrdinaryFile(path: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, openFlags);
  } catch (err) {
    throw readFileError(err, path);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new ToolError('FILE_IS_FOLDER', { path });
    if (!stats.isFile()) throw new ToolError('FILE_NOT_REGULAR', { path, kind: kindOfSpecialFile(stats) });
    return { fd, size: stats.size };
  } catch (err) {
    closeSync(fd);
    throw readFileError(err, path);
  }
}

/** Checks that `path` is an ordinary file kluis can open for reading, and returns its size ("-", standard input, passes without one). */
export function checkOrdinaryFile(path: string): number | undefined {
  if (path === '-') return undefined;
  const { fd, size } = openOrdinaryFile(path);
  closeSync(fd);
  return size;
}

function formatLimit(bytes: number): string {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`;
}

function tooLarge(path: string | Localized, kind: SmallFileKind): ToolError {
  return new ToolError('FILE_TOO_LARGE', { path, max: formatLimit(kind.maxBytes), what: kind.what });
}

/** Blocks this thread briefly: standard input may be a non-blocking pipe whose writer is not done yet. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Reads `fd` to its end, but never more than the kind allows. */
function readBounded(fd: number, label: string | Localized, kind: SmallFileKind): Buffer {
  const chunks: Buffer[] = [];
  const piece = Buffer.allocUnsafe(Math.min(kind.maxBytes + 1, 64 * KiB));
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, piece, 0, piece.length, null);
    } catch (err) {
      const code = errnoOf(err);
      if (code === 'EAGAIN') {
        pause(10);
        continue;
      }
      if (code === 'EOF') break; // Windows says so on standard input
      throw readFileError(err, typeof label === 'string' ? label : label.en);
    }
    if (n === 0) break;
    total += n;
    if (total > kind.maxBytes) throw tooLarge(label, kind);
    chunks.push(Buffer.from(piece.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

/** The bytes of a small file ("-" = standard input), refused when it is not an ordinary file or larger than its kind allows. */
export function readSmallFile(path: string, kind: SmallFileKind): Buffer {
  if (path === '-') return readBounded(0, standardInput, kind);
  const { fd, size } = openOrdinaryFile(path);
  try {
    if (size > kind.maxBytes) throw tooLarge(path, kind);
    return readBounded(fd, path, kind);
  } finally {
    closeSync(fd);
  }
}

/** A small file as UTF-8 text. */
export function readSmallText(path: string, kind: SmallFileKind): string {
  return readSmallFile(path, kind).toString('utf8');
}

/**
 * A secret from a file ("-" = standard input), without its final newline:
 * keeps passwords and passphrases off the command line. The one reader for
 * --passphrase-file, --password-file, --identity and the wizard's …-file flags.
 */
export function readSecretFile(path: string): string {
  return readSmallText(path, smallFiles.secret).replace(/\r?\n$/, '');
}
