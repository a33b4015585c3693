/**
 * Folders kluis is given to write in (a backup's output, an auditfile's,
 * the database directory, its home) and files it is asked to create. Every
 * check here runs before any data is read: a folder that does not exist, a
 * file where a folder is meant, or a place nobody can write (a read-only
 * mount, /proc) is a coded error at once, never a hang or a half-written file
 * later.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { errnoOf, fileErrorReason, folderWriteError, kindOfSpecialFile, ToolError } from '../errors/index.js';
import { writeFileAtomic } from './atomic-write.js';

/** What is at `path` now (through links), or undefined when there is nothing. */
function statOrNothing(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** A name that ends in a separator means a folder, whether or not it exists. */
export function namesFolder(path: string): boolean {
  return path.endsWith('/') || path.endsWith(sep) || /(^|[/\\])\.{1,2}$/.test(path);
}

/**
 * Makes a folder and the folders above it that are missing, like
 * `mkdir -p`, with every failure coded. Node's own recursive mkdir loops
 * for ever under /proc (mkdir says ENOENT there although the parent exists),
 * so the missing folders are found first and made one by one.
 */
export function makeFolder(path: string, mode = 0o700): string {
  const abs = resolve(path);
  const missing: string[] = [];
  for (let at = abs; ; ) {
    const found = statOrNothing(at);
    if (found) {
      if (!found.isDirectory()) throw new ToolError('NOT_A_FOLDER', { path: at });
      break;
    }
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode });
    } catch (err) {
      if (errnoOf(err) === 'EEXIST' && statOrNothing(dir)?.isDirectory()) continue; // made by someone else meanwhile
      throw folderWriteError(err, dirname(dir));
    }
  }
  return abs;
}

/** An existing folder, as an absolute path. */
export function requireFolder(path: string): string {
  const abs = resolve(path);
  let isFolder: boolean;
  try {
    isFolder = statSync(abs).isDirectory();
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT') throw new ToolError('DIRECTORY_MISSING', { path: abs }, { cause: err });
    if (code === 'ENOTDIR') throw new ToolError('NOT_A_FOLDER', { path: abs }, { cause: err });
    throw new ToolError('FOLDER_NOT_WRITABLE', { path: abs, reason: fileErrorReason(err) }, { cause: err });
  }
  if (!isFolder) throw new ToolError('NOT_A_FOLDER', { path: abs });
  return abs;
}

/**
 * Proves that a file can be made in `folder` by making an empty one and
 * removing it again. Nothing is left behind; the cost is two system calls.
 * Permission bits alone cannot tell (root passes them, a read-only mount or
 * /proc does not care about them).
 */
export function probeWritableFolder(folder: string): void {
  const probe = join(folder, `.kluis-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  let fd: number;
  try {
    fd = openSync(probe, 'wx', 0o600);
  } catch (err) {
    throw folderWriteError(err, folder);
  }
  closeSync(fd);
  rmSync(probe, { force: true });
}

/** An existing folder that kluis can write in, as an absolute path. */
export function requireWritableFolder(path: string): string {
  const abs = requireFolder(path);
  probeWritableFolder(abs);
  return abs;
}

/** Nothing may be at `path` yet (not even a dangling link, a FIFO or a device). */
export function requireNothingAt(path: string): void {
  try {
    lstatSync(path);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return;
    throw folderWriteError(err, dirname(path));
  }
  throw new ToolError('BACKUP_FILE_EXISTS', { path });
}

/**
 * Checks an output argument that may name a folder, before anything is
 * read: an existing folder, or any name ending in "/", is the folder the
 * file goes in; anything else is the file itself, whose folder must exist
 * and where nothing may be yet. The folder is proved writable. An empty
 * value is refused (OUTPUT_EMPTY), not taken as the current folder.
 */
export function checkOutputTarget(output: string): { readonly folder: string; readonly file?: string } {
  // resolve('') is the current folder: a script's `-o "$DEST"` with DEST unset would write where it runs.
  if (output.trim() === '') throw new ToolError('OUTPUT_EMPTY');
  const abs = resolve(output);
  const existing = statOrNothing(abs);
  if (namesFolder(output) || existing?.isDirectory()) return { folder: requireWritableFolder(abs) };
  if (existing && !existing.isFile())
    throw new ToolError('FILE_NOT_REGULAR', { path: abs, kind: kindOfSpecialFile(existing) });
  if (existing) throw new ToolError('BACKUP_FILE_EXISTS', { path: abs });
  const folder = requireWritableFolder(dirname(abs));
  requireNothingAt(abs);
  return { folder, file: abs };
}

/** Where a new file goes for an output argument (checkOutputTarget); in a folder, the name comes from `nameIn`. */
export function newFileTarget(output: string, nameIn: (folder: string) => string): string {
  const target = checkOutputTarget(output);
  return target.file ?? nameIn(target.folder);
}

/**
 * Writes a small file that a person named (a secret key, a licence), with
 * every failure coded: a folder, a device or a FIFO is refused before
 * anything is opened (a FIFO would block the write until someone reads).
 * Without `replace` an existing file is BACKUP_FILE_EXISTS ("File …
 * already exists"); with it, an ordinary file is replaced atomically.
 */
export function writeSmallFile(
  path: string,
  content: string,
  options: { mode?: number; replace?: boolean } = {},
): string {
  const abs = resolve(path);
  const existing = statOrNothing(abs);
  if (namesFolder(path) || existing?.isDirectory()) throw new ToolError('FILE_IS_FOLDER', { path: abs });
  if (existing && !existing.isFile())
    throw new ToolError('FILE_NOT_REGULAR', { path: abs, kind: kindOfSpecialFile(existing) });
  if (existing && !options.replace) throw new ToolError('BACKUP_FILE_EXISTS', { path: abs });
  const folder = requireWritableFolder(dirname(abs));
  try {
    writeFileAtomic(abs, content, {
      replace: options.replace ?? false,
      ...(options.mode ? { mode: options.mode } : {}),
    });
  } catch (err) {
    if (errnoOf(err) === 'EEXIST') throw new ToolError('BACKUP_FILE_EXISTS', { path: abs }, { cause: err });
    throw folderWriteError(err, folder);
  }
  return abs;
}
