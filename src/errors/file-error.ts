/**
 * What the operating system said about a path, in words a person can act
 * on. Every file and folder kluis reads or writes turns a failed system call
 * into one of these coded errors, never into "EISDIR: illegal operation on a
 * directory" (the errno stays in `cause`, for --debug).
 */
import type { Localized } from './registry.js';
import { ToolError } from './tool-error.js';

type Errno = NodeJS.ErrnoException;

const reasons: Record<string, Localized> = {
  EROFS: { nl: 'het bestandssysteem is alleen-lezen', en: 'the file system is read-only' },
  EACCES: { nl: 'daar is geen toestemming voor', en: 'permission is denied' },
  EPERM: { nl: 'daar is geen toestemming voor', en: 'permission is denied' },
  ENOSPC: { nl: 'de schijf is vol', en: 'there is no space left on the disk' },
  EDQUOT: { nl: 'de schijfruimte (quotum) is op', en: 'the disk quota is used up' },
  EFBIG: {
    nl: 'het bestand wordt groter dan het bestandssysteem toestaat',
    en: 'the file would grow larger than the file system allows',
  },
  EIO: { nl: 'het apparaat gaf een lees- of schrijffout', en: 'the device reported an input/output error' },
  EPIPE: { nl: 'de ontvangende kant is gestopt met lezen', en: 'the receiving end stopped reading' },
  ENOENT: { nl: 'daar kunnen geen bestanden worden gemaakt', en: 'files cannot be created there' },
  ENOTDIR: { nl: 'een deel van het pad is geen map', en: 'part of the path is not a folder' },
  EISDIR: { nl: 'het is een map', en: 'it is a folder' },
  EEXIST: { nl: 'er staat al iets met die naam', en: 'something with that name is already there' },
  ENAMETOOLONG: { nl: 'de naam is te lang', en: 'the name is too long' },
  ELOOP: { nl: 'het pad bevat een kring van symbolische koppelingen', en: 'the path holds a loop of symbolic links' },
  ETXTBSY: { nl: 'het bestand is in gebruik', en: 'the file is in use' },
  ENXIO: { nl: 'er is geen apparaat of lezer aan de andere kant', en: 'there is no device or reader at the other end' },
};

const otherwise: Localized = { nl: 'het besturingssysteem weigert het', en: 'the operating system refused it' };

/** The errno of a failed system call, or undefined for any other error. */
export function errnoOf(err: unknown): string | undefined {
  const code = (err as Errno | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** Why a system call on a path failed, in both languages, without the errno. */
export function fileErrorReason(err: unknown): Localized {
  return reasons[errnoOf(err) ?? ''] ?? otherwise;
}

/** Reading `path` failed: the coded error that says why. */
export function readFileError(err: unknown, path: string): ToolError {
  const code = errnoOf(err);
  if (err instanceof ToolError) return err;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG' || code === 'ELOOP')
    return new ToolError('FILE_NOT_FOUND', { path }, { cause: err });
  if (code === 'EISDIR') return new ToolError('FILE_IS_FOLDER', { path }, { cause: err });
  return new ToolError('FILE_NOT_READABLE', { path, reason: fileErrorReason(err) }, { cause: err });
}

/** Making a file in `folder` failed: the coded error that says why. */
export function folderWriteError(err: unknown, folder: string): ToolError {
  if (err instanceof ToolError) return err;
  return new ToolError('FOLDER_NOT_WRITABLE', { path: folder, reason: fileErrorReason(err) }, { cause: err });
}

/** What a path that is not an ordinary file is, for FILE_NOT_REGULAR. */
export function kindOfSpecialFile(stats: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSymbolicLink(): boolean;
}): Localized {
  if (stats.isFIFO()) return { nl: 'een pijp (FIFO)', en: 'a pipe (FIFO)' };
  if (stats.isSocket()) return { nl: 'een socket', en: 'a socket' };
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return { nl: 'een apparaat', en: 'a device' };
  return { nl: 'iets anders', en: 'something else' };
}
