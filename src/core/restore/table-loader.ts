/**
 * Streams one table into the staging database on its own connection, fed
 * from a bounded queue so the file reader can move on to other tables while
 * this COPY is busy.
 */
import { once } from 'node:events';
import type pg from 'pg';
import type { Manifest } from '../../format/index.js';
import { copyFromSql } from '../staging/copy-sql.js';
import type { LoaderState, StagingPool } from './staging-pool.js';

export class TableLoader implements LoaderState {
  static readonly maxQueued = 8 * 1024 * 1024;
  readonly finished: Promise<number>;
  ended = false;
  released = false;
  /** Why this loader stopped, when it failed. */
  failure: Error | undefined;
  #chunks: Buffer[] = [];
  #queued = 0;
  #aborted = false;
  #wake: (() => void) | undefined;
  #space: (() => void) | undefined;

  constructor(table: Manifest['tables'][number], client: pg.Client, pool: StagingPool) {
    this.finished = this.#run(table, client, pool);
    this.finished.catch(() => undefined);
  }

  async push(data: Buffer): Promise<void> {
    this.#chunks.push(data);
    this.#queued += data.length;
    this.#wake?.();
    while (this.#queued > TableLoader.maxQueued && !this.#aborted) await new Promise<void>((r) => (this.#space = r));
    if (this.#aborted) await this.finished; // surfaces the loader's error
  }

  end(): void {
    this.ended = true;
    this.#wake?.();
  }

  abort(): void {
    this.#aborted = true;
    this.#wake?.();
    this.#space?.();
  }

  async #run(table: Manifest['tables'][number], client: pg.Client, pool: StagingPool): Promise<number> {
    try {
      // TRUNCATE in the same transaction lets COPY … FREEZE skip WAL (wal_level minimal) and later vacuum work.
      await client.query('begin');
      await client.query(`truncate public."${table.name.replace(/"/g, '""')}"`);
      const { from: copyFrom } = await import('pg-copy-streams');
      const copy = client.query(copyFrom(copyFromSql(table.name, table.columns)));
      // An error on the COPY (server gone, or the restore being aborted) must end this loader, never the process.
      let copyError: Error | undefined;
      copy.on('error', (err: Error) => {
        copyError = err;
        this.abort();
      });
      for (;;) {
        if (copyError) throw copyError;
        if (this.#aborted) {
          copy.destroy();
          throw new Error('aborted');
        }
        const chunk = this.#chunks.shift();
        if (chunk) {
          this.#queued -= chunk.length;
          this.#space?.();
          if (!copy.write(chunk)) await once(copy, 'drain');
          continue;
        }
        if (this.ended) break;
        await new Promise<void>((r) => (this.#wake = r));
      }
      copy.end();
      await once(copy, 'finish');
      await client.query('commit');
      this.released = true;
      pool.release(client);
      return (copy as unknown as { rowCount: number }).rowCount;
    } catch (err) {
      this.failure = err as Error;
      this.#aborted = true;
      this.#space?.();
      throw err;
    }
  }
}
