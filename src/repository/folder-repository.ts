/**
 * A folder as a repository: a local disk or a mounted share. A file is
 * written under a hidden temporary name and linked into place when complete
 * (storage/atomic-write.ts), so a listing never shows half a backup.
 */
import { createReadStream, readdirSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { errnoOf, readFileError, ToolError } from '../errors/index.js';
import { AtomicFile, atomicTempPath } from '../storage/atomic-write.js';
import { requireWritableFolder } from '../storage/folders.js';
import { sweepStaleTemps } from '../storage/temp-names.js';
import { checkFileName } from './names.js';
import type { CreateOptions, PendingObject, Repository, RepositoryEntry } from './repository.js';

export class FolderRepository implements Repository {
  readonly kind = 'folder' as const;
  readonly url: string;

  constructor(folder: string) {
    this.url = resolve(folder);
  }

  locationOf(name: string): string {
    return join(this.url, checkFileName(name));
  }

  async checkWritable(): Promise<void> {
    requireWritableFolder(this.url);
  }

  async create(name: string, options: CreateOptions = {}): Promise<PendingObject> {
    const location = this.locationOf(name);
    const temp = atomicTempPath(location);
    await options.journal?.(temp);
    const file = AtomicFile.create(location, { mode: 0o600, replace: false, temp });
    return {
      stream: file.stream(),
      partial: file.temp,
      commit: () => file.commit(),
      abort: async () => file.abort(),
    };
  }

  read(name: string, range: { readonly start?: number; readonly end?: number } = {}): Readable {
    const path = this.locationOf(name);
    return createReadStream(path, {
      start: range.start ?? 0,
      ...(range.end !== undefined ? { end: range.end - 1 } : {}),
      highWaterMark: 1 << 20,
    });
  }

  async readRange(name: string, start: number, length: number): Promise<Buffer> {
    const path = this.locationOf(name);
    const handle = await open(path, 'r').catch((err: unknown) => {
      throw readFileError(err, path);
    });
    try {
      const buffer = Buffer.alloc(length);
      let at = 0;
      while (at < length) {
        const { bytesRead } = await handle.read(buffer, at, length - at, start + at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return buffer.subarray(0, at);
    } finally {
      await handle.close();
    }
  }

  async stat(name: string): Promise<RepositoryEntry | undefined> {
    try {
      const s = statSync(this.locationOf(name));
      return s.isFile() ? { name, size: s.size, modified: s.mtime } : undefined;
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return undefined;
      throw readFileError(err, this.locationOf(name));
    }
  }

  async list(): Promise<RepositoryEntry[]> {
    let names: string[];
    try {
      names = readdirSync(this.url);
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') throw new ToolError('DIRECTORY_MISSING', { path: this.url }, { cause: err });
      throw readFileError(err, this.url);
    }
    const entries: RepositoryEntry[] = [];
    for (const name of names) {
      if (!name.endsWith('.ebu') || name.startsWith('.')) continue;
      const entry = await this.stat(name).catch(() => undefined);
      if (entry) entries.push(entry);
    }
    return entries;
  }

  async remove(name: string): Promise<void> {
    rmSync(this.locationOf(name), { force: true });
  }

  async incompleteNames(): Promise<string[]> {
    return [];
  }

  async abortIncomplete(name?: string): Promise<number> {
    const swept = sweepStaleTemps(this.url);
    return name === undefined ? swept.length : swept.filter((p) => basename(p).includes(name)).length;
  }
}
