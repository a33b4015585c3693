import {
  closeSync,
  fsync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  write,
  writeSync,
} from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { errnoOf, folderWriteError, ToolError } from '../errors/index.js';
import { atomicTempPath, isAtomicTempName, sweepStaleTemps } from './temp-names.js';

export { atomicTempPath, isAtomicTempName, sweepStaleTemps };

export interface AtomicFileOptions {
  /** Permission bits of the new file (default 0644; the umask still applies). */
  readonly mode?: number;
  /**
   * true (default): the new file replaces whatever file has the name. false:
   * an existing file is refused with BACKUP_FILE_EXISTS ("File … already
   * exists") and left as it was — checked when the file is created and again,
   * atomically, when it is put in place.
   */
  readonly replace?: boolean;
  /**
   * false skips both fsyncs, for a file that means nothing after a power cut
   * (a lock file: its holder is gone then anyway). Default true.
   */
  readonly durable?: boolean;
  /** Aborting removes the temporary file; writing or committing afterwards fails. */
  readonly signal?: AbortSignal;
  /**
   * The temporary name, from atomicTempPath(target): for a caller that
   * journals the name before the file exists, so that no moment leaves a
   * file the journal does not name.
   */
  readonly temp?: string;
}

const unfinished = new Set<AtomicFile>();
let exitHookInstalled = false;

/** process.exit skips every finally block: the temporary files still open are removed on the way out. */
function track(file: AtomicFile): void {
  unfinished.add(file);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const f of unfinished) f.abort();
  });
}

/** A file system without hard links (FAT, some network shares) says so with one of these. */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return false;
    throw err;
  }
}

/**
 * A file being written under a temporary name: `write` (synchronous) or
 * `stream` (a Writable with back-pressure), then `commit` puts it in place,
 * or `abort` removes it. Creating, writing and committing after an abort
 * fail; `abort` after a commit does nothing, so a `finally` may always call it.
 *
 * Errors: creating the temporary file fails with FOLDER_NOT_WRITABLE (a
 * read-only mount, no permission, a folder that is not there) and an
 * existing target without `replace` with BACKUP_FILE_EXISTS; a failed write,
 * fsync or rename is the system's error (with its errno and path), which
 * the caller turns into its own operation's code (BACKUP_WRITE_FAILED, …).
 */
export class AtomicFile {
  readonly target: string;
  readonly temp: string;
  readonly #replace: boolean;
  readonly #durable: boolean;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.abort();
  #fd: number | undefined;
  #sink: TempSink | undefined;
  #state: 'writing' | 'committing' | 'committed' | 'aborted' = 'writing';
  /** Asynchronous writes and fsyncs in flight: the descriptor is closed only after them, never under them. */
  #busy = 0;
  #closeWhenIdle = false;

  private constructor(target: string, temp: string, fd: number, options: AtomicFileOptions) {
    this.target = target;
    this.temp = temp;
    this.#fd = fd;
    this.#replace = options.replace ?? true;
    this.#durable = options.durable ?? true;
    this.#signal = options.signal;
    this.#signal?.addEventListener('abort', this.#onAbort, { once: true });
    track(this);
  }

  /** Starts a file that will be called `target` once committed; stale temporary files in its folder are swept first. */
  static create(target: string, options: AtomicFileOptions = {}): AtomicFile {
    const abs = resolve(target);
    const folder = dirname(abs);
    options.signal?.throwIfAborted();
    if (options.replace === false && exists(abs)) throw new ToolError('BACKUP_FILE_EXISTS', { path: abs });
    sweepStaleTemps(folder);
    const temp = options.temp ?? atomicTempPath(abs);
    if (dirname(resolve(temp)) !== folder || !isAtomicTempName(basename(temp)))
      throw new Error(`AtomicFile: ${temp} is not a temporary name for ${abs}`);
    let fd: number;
    try {
      fd = openSync(temp, 'wx', options.mode ?? 0o644);
    } catch (err) {
      throw folderWriteError(err, folder);
    }
    return new AtomicFile(abs, temp, fd, options);
  }

  /** Appends bytes synchronously (for small files; not together with `stream`). */
  write(data: string | Uint8Array): void {
    if (this.#sink) throw new Error('AtomicFile: write() after stream()');
    const fd = this.#openFd();
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (err) {
      throw withPath(err as NodeJS.ErrnoException, this.temp);
    }
  }

  /** The file as a Writable (made once); its 'error' is the write's system error. End it, or let commit() end it. */
  stream(): Writable {
    this.#openFd();
    this.#sink ??= new TempSink(this);
    return this.#sink;
  }

  /**
   * Finishes the stream if there is one, fsyncs the file, puts it in place
   * and fsyncs the folder. On failure the temporary file is removed and the
   * target is as it was before.
   */
  async commit(): Promise<void> {
    const fd = this.#beginCommit();
    try {
      if (this.#sink) {
        if (!this.#sink.writableEnded) this.#sink.end();
        await finished(this.#sink);
      }
      if (this.#durable) await this.#io((done) => fsync(fd, done));
      this.#checkNotAborted();
      this.#place();
    } catch (err) {
      const abortedMeanwhile = this.aborted;
      this.abort();
      if (abortedMeanwhile) this.#checkNotAborted(); // the abort's reason, not the stream's "premature close"
      throw err;
    }
  }

  /** commit() for a file written with write(): the same steps, blocking. */
  commitSync(): void {
    if (this.#sink) throw new Error('AtomicFile: commitSync() after stream()');
    const fd = this.#beginCommit();
    try {
      if (this.#durable) fsyncWithPath(fd, this.temp);
      this.#place();
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** Removes the temporary file; the target is untouched. Safe to call at any time, any number of times. */
  abort(): void {
    if (this.#state === 'committed' || this.#state === 'aborted') return;
    this.#state = 'aborted';
    this.#release();
    this.#sink?.destroy();
    rmSync(this.temp, { force: true });
    if (this.#busy === 0) this.#closeFd();
    else this.#closeWhenIdle = true;
  }

  get aborted(): boolean {
    return this.#state === 'aborted';
  }

  /** Runs one asynchronous call on the descriptor, counted as in flight. */
  #io(call: (done: (err: NodeJS.ErrnoException | null) => void) => void): Promise<void> {
    this.#busy++;
    return new Promise<void>((resolveIo, rejectIo) =>
      call((err) => {
        this.#busy--;
        if (this.#busy === 0 && this.#closeWhenIdle) this.#closeFd();
        if (err) rejectIo(withPath(err, this.temp));
        else resolveIo();
      }),
    );
  }

  /** Writes all of `chunk` at the end of the file (a write may take only part of it). */
  async writeAll(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      const fd = this.#openFd();
      let n = 0;
      await this.#io((done) =>
        write(fd, chunk, at, chunk.length - at, null, (err, written) => {
          n = written;
          done(err);
        }),
      );
      at += n;
    }
  }

  #openFd(): number {
    this.#checkNotAborted();
    if (this.#state !== 'writing' && this.#state !== 'committing') throw new Error(`AtomicFile: ${this.#state}`);
    return this.#fd!;
  }

  #checkNotAborted(): void {
    if (this.#state !== 'aborted') return;
    const reason = this.#signal?.aborted ? this.#signal.reason : undefined;
    throw reason instanceof Error ? reason : new Error(`AtomicFile: ${this.target} was aborted`);
  }

  #beginCommit(): number {
    const fd = this.#openFd();
    if (this.#state === 'committing') throw new Error('AtomicFile: commit() twice');
    this.#state = 'committing';
    return fd;
  }

  /** Close, then the new name, then the folder: after a crash either the old file or the whole new one has the name. */
  #place(): void {
    this.#closeFd();
    if (this.#replace) renameSync(this.temp, this.target);
    else linkWithoutReplace(this.temp, this.target);
    this.#state = 'committed';
    this.#release();
    if (this.#durable) fsyncDirectory(dirname(this.target));
  }

  #closeFd(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    try {
      closeSync(fd);
    } catch {
      // closing can only fail on a descriptor that is gone; nothing is left to release
    }
  }

  #release(): void {
    unfinished.delete(this);
    this.#signal?.removeEventListener('abort', this.#onAbort);
  }
}

/** A descriptor's error names no file; the caller's message needs one. */
function withPath(err: NodeJS.ErrnoException, path: string): NodeJS.ErrnoException {
  err.path ??= path;
  return err;
}

function fsyncWithPath(fd: number, path: string): void {
  try {
    fsyncSync(fd);
  } catch (err) {
    throw withPath(err as NodeJS.ErrnoException, path);
  }
}

/** The Writable face of an AtomicFile: each chunk written in order, the descriptor staying the file's. */
class TempSink extends Writable {
  readonly #file: AtomicFile;

  constructor(file: AtomicFile) {
    super({ highWaterMark: 1024 * 1024 });
    this.#file = file;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#file.writeAll(chunk).then(() => callback(), callback);
  }

  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    this.#file.writeAll(Buffer.concat(chunks.map((c) => c.chunk))).then(() => callback(), callback);
  }
}

/**
 * Gives `temp` the name `target` unless something has it: link(2) fails
 * with EEXIST instead of replacing. Where the file system has no hard links,
 * a check and a rename do it, with a window of microseconds in which a file
 * made by someone else would be replaced.
 */
function linkWithoutReplace(temp: string, target: string): void {
  try {
    linkSync(temp, target);
  } catch (err) {
    if (errnoOf(err) === 'EEXIST') throw new ToolError('BACKUP_FILE_EXISTS', { path: target }, { cause: err });
    if (!noHardLinks.has(errnoOf(err) ?? '')) throw err;
    if (exists(target)) throw new ToolError('BACKUP_FILE_EXISTS', { path: target });
    renameSync(temp, target);
    return;
  }
  // The second name goes; a crash right here leaves it for the sweep.
  rmSync(temp, { force: true });
}

/** Writes a whole file at once through an AtomicFile (see there for the steps and the errors). */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicFileOptions = {}): void {
  const file = AtomicFile.create(path, options);
  try {
    file.write(content);
    file.commitSync();
  } finally {
    file.abort();
  }
}

/** A folder whose fsync the platform does not support (Windows cannot open one). The rename is still atomic there. */
const unsyncableFolder = new Set(['EISDIR', 'EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EPERM', 'EACCES', 'EBADF']);

/** Makes the names in `dir` durable (a rename or link into it); a real I/O error is thrown. */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (err) {
    if (!unsyncableFolder.has(errnoOf(err) ?? '')) throw err;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
