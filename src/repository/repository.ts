/**
 * A repository: where backup files are kept. A folder (local or a mounted
 * share) or S3-compatible object storage. Everything above this interface
 * (backup all, prune, check, restore from a repository) is the same for
 * both; what differs (atomic rename or a completed multipart upload, a
 * directory listing or ListObjectsV2, pread or a ranged GET) lives behind it.
 *
 * Names are file names inside the repository (`20261130-…-bakkerij.ebu`),
 * never paths: no "/" and no "..".
 */
import type { Readable, Writable } from 'node:stream';

export type RepositoryKind = 'folder' | 's3';

export interface RepositoryEntry {
  /** File name inside the repository. */
  readonly name: string;
  readonly size: number;
  /** When the store says it was written (not the backup's own moment: read that from its manifest). */
  readonly modified: Date;
}

/**
 * A file being written. It exists under its name only after `commit`
 * resolves; until then nobody listing or reading the repository sees it,
 * and `abort` (or a crash) leaves nothing under the name.
 */
export interface PendingObject {
  /** The bytes go here; end it or let commit end it. */
  readonly stream: Writable;
  /**
   * Where the incomplete bytes are, for the journal and recover: a folder's
   * hidden temporary file, or on object storage the object's own address
   * (recover aborts that key's multipart uploads, never a complete object).
   */
  readonly partial: string;
  commit(): Promise<void>;
  /** Safe at any time, any number of times; never throws. */
  abort(reason?: Error): Promise<void>;
}

export interface CreateOptions {
  readonly journal?: (partial: string) => Promise<void>;
}

export interface Repository {
  readonly kind: RepositoryKind;
  /** The repository as a person writes it: a folder path or `s3://bucket/prefix`; never credentials. */
  readonly url: string;
  /** The full location of a file in it, as the history and the CLI show it. */
  locationOf(name: string): string;
  /** Proves the repository can be written (before anything is journaled or read from a database). */
  checkWritable(): Promise<void>;
  /**
   * Starts a new file; refuses a name that exists. `journal` is told where
   * the incomplete bytes will be (`PendingObject.partial`) before anything
   * exists there, so that no moment leaves bytes a journal does not name.
   */
  create(name: string, options?: CreateOptions): Promise<PendingObject>;
  /** The file's bytes from `start` (default 0) to the end, or to `end` exclusive. */
  read(name: string, range?: { readonly start?: number; readonly end?: number }): Readable;
  /** Exactly `length` bytes from `start` (a ranged GET on object storage). */
  readRange(name: string, start: number, length: number): Promise<Buffer>;
  /** Undefined when there is no such file. */
  stat(name: string): Promise<RepositoryEntry | undefined>;
  /** Every complete backup file (`*.ebu`), in no particular order. */
  list(): Promise<RepositoryEntry[]>;
  remove(name: string): Promise<void>;
  /**
   * Removes what interrupted writes left (temporary files, multipart
   * uploads); with a name, only what writing that file left. Returns how many.
   */
  abortIncomplete(name?: string): Promise<number>;
  /**
   * The names with a write under way or left unfinished that only the
   * repository itself can see (multipart uploads); a folder has none (a
   * temporary file is removed by whoever wrote it, or by recover).
   */
  incompleteNames(): Promise<string[]>;
}
