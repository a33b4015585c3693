/**
 * Connections to the staging database, shared by a restore's table loaders,
 * its early index builds and its finish: each costs the server a backend
 * (about 23 ms of CPU here), so a small restore opened 8 where 3–5 do.
 */
import type pg from 'pg';
import type { KluisContext } from '../context.js';

/** What the pool needs to know of a table loader to decide whether to wait for its connection. */
export interface LoaderState {
  readonly ended: boolean;
  readonly released: boolean;
  readonly failure: Error | undefined;
}

/**
 * Every commit in the staging database (one per table loaded, one per key
 * or index built: ~60 for a small administration) would otherwise wait for
 * the server's WAL to reach the disk. None of them needs to: a staging
 * database is thrown away when anything fails before it is checked, and the
 * journal's "checked" commit, synchronous and later in the same WAL, makes
 * everything before it durable before the swap. Where the table files skip
 * WAL (wal_level = minimal, the embedded engine) PostgreSQL syncs them at
 * commit whatever this says.
 */
const stagingSession = 'set synchronous_commit = off';

export class StagingPool {
  readonly #all: pg.Client[] = [];
  readonly #idle: pg.Client[] = [];
  #sessionSetup: string | undefined;
  #uncompressed: string[] = [];
  constructor(
    private readonly ctx: KluisContext,
    private readonly database: string,
  ) {}

  async connect(): Promise<pg.Client> {
    const c = await this.ctx.engine.connect(this.database);
    this.#all.push(c);
    await c.query(this.#sessionSetup ? `${stagingSession}; ${this.#sessionSetup}` : stagingSession);
    return c;
  }

  /** An idle connection, or a new one. */
  async take(): Promise<pg.Client> {
    return this.#idle.pop() ?? this.connect();
  }

  /**
   * Large values (attachments) are TOAST-compressed as they are loaded. The
   * default pglz is slow: lz4 (PostgreSQL 14+, when the server was built with
   * it) took the load of L from 9.7 to 8.8 s; per session and for the loaders
   * only. A server without lz4 (the embedded PostgreSQL 18 from npm) would
   * compress with pglz, which was 46 % of the attachments' COPY backend in a
   * profile of L, and that COPY is the longest stream of the load: there
   * the binary columns are stored uncompressed for the load (storage
   * `external`) and set back by `endLoad`, so that what is
   * written later is compressed as before. Either way the values read back
   * the same; without lz4 the attachments take the room of their bytes
   * (L: 864 MB instead of 510 MB).
   */
  async useFastToastCompression(c: pg.Client): Promise<void> {
    const r = await c.query<{ ok: boolean }>(
      `select 'lz4' = any(enumvals) as ok from pg_settings where name = 'default_toast_compression'`,
    );
    if (r.rows[0]?.ok) {
      this.#sessionSetup = `set default_toast_compression = 'lz4'`;
      await c.query(this.#sessionSetup);
      return;
    }
    const columns = await c.query<{ t: string; col: string }>(
      `select quote_ident(c.relname) as t, quote_ident(a.attname) as col
         from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
          and a.atttypid = 'bytea'::regtype and a.attstorage = 'x'`,
    );
    this.#uncompressed = columns.rows.map((r) => `alter table public.${r.t} alter column ${r.col} set storage`);
    for (const alter of this.#uncompressed) await c.query(`${alter} external`);
  }

  /** Every table is loaded: the columns stored uncompressed for the load compress what comes later again. */
  async endLoad(c: pg.Client): Promise<void> {
    for (const alter of this.#uncompressed) await c.query(`${alter} extended`);
    this.#uncompressed = [];
  }

  /**
   * A connection for a new table. Waits for a free one when three are busy,
   * unless every busy loader still needs data from the file (then waiting
   * could never end, so it opens another).
   */
  async acquire(loaders: ReadonlyMap<number, LoaderState>): Promise<pg.Client> {
    for (;;) {
      const idle = this.#idle.pop();
      if (idle) return idle;
      // A loader that failed (its connection cut, say) will never hand its connection back: stop here.
      const failed = [...loaders.values()].find((l) => l.failure);
      if (failed) throw failed.failure;
      const busy = [...loaders.values()].filter((l) => !l.released);
      if (busy.length < 3 || busy.every((l) => !l.ended)) return this.connect();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  release(c: pg.Client): void {
    this.#idle.push(c);
  }

  /** Ends every connection; one whose server side is gone may never answer, so this is bounded. */
  async close(): Promise<void> {
    await Promise.all(
      this.#all.map((c) =>
        Promise.race([c.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]).then(() => {
          (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        }),
      ),
    );
  }
}
