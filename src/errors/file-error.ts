/**
 * What the operating system said about a path, in words a person can act
 * on. Every file and folder kluis reads or writes turns a failed system call
 * into one of these coded errors, never into "EISDIR: illegal operation on a
 * directory" (the errno stays in `cause`, for --debug).
 */
import { type Phrase, type PlainPhraseCode, phrase } from './phrase.js';
import { ToolError } from './tool-error.js';

type Errno = NodeJS.ErrnoException;

/** The errnos a person can act on; any other is ERRNO_OTHER. EPERM reads as EACCES does. */
const reasons = new Set(
  ['EROFS', 'EACCES', 'ENOSPC', 'EDQUOT', 'EFBIG', 'EIO', 'EPIPE', 'ENOENT', 'ENOTDIR', 'EISDIR'].concat([
    'EEXIST',
    'ENAMETOOLONG',
    'ELOOP',
    'ETXTBSY',
    'ENXIO',
  ]),
);

/** The errno of a failed system call, or undefined for any other error. */
export function errnoOf(err: unknown): string | undefined {
  const code = (err as Errno | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** Why a system call on a path failed, in both languages, without the errno. */
export function fileErrorReason(err: unknown): Phrase {
  const errno = errnoOf(err) === 'EPERM' ? 'EACCES' : errnoOf(err);
  return phrase(errno && reasons.has(errno) ? (`ERRNO_${errno}` as PlainPhraseCode) : 'ERRNO_OTHER');
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
}): Phrase {
  if (stats.isFIFO()) return phrase('SPECIAL_FIFO');
  if (stats.isSocket()) return phrase('SPECIAL_SOCKET');
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return phrase('SPECIAL_DEVICE');
  return phrase('SPECIAL_OTHER');
}
