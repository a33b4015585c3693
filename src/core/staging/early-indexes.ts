/**
 * Keys and indexes of a table built while other tables are still loading,
 * as pg_restore -j does: the largest table (journal lines) loads on one
 * connection for most of a restore, and the second core would otherwise wait
 * for it. Only statements that touch one table qualify (primary keys and
 * indexes); foreign keys and triggers wait for the end. When loading ends
 * the rest of them are built here too, on two connections, without waiting
 * for the build under way: the post phase then starts at the foreign keys.
 */
import type pg from 'pg';
import { bulkBuildSettings, type PostPhases } from '../migrations/migrator.js';
import { traceStatement } from '../trace.js';

/** The one table a post statement builds on, when it builds on exactly one. */
export function singleTableOf(sql: string): string | undefined {
  const m = /^\s*(?:alter table (\w+) add primary key|create (?:unique )?index \w+ on (\w+))\s*\(/i.exec(sql);
  return m ? (m[1] ?? m[2])!.toLowerCase() : undefined;
}

export class EarlyIndexes {
  readonly #byTable = new Map<string, string[]>();
  /** Each statement's place in its phase: the phases list the longest builds first. */
  readonly #rank = new Map<string, number>();
  readonly #queue: string[] = [];
  readonly #done = new Set<string>();
  readonly #clients: pg.Client[] = [];
  readonly #idle: pg.Client[] = [];
  readonly #running = new Set<Promise<void>>();
  #width = 1;
  #stopped = false;
  #failure: unknown;

  /**
   * Takes the first post phase of each migration: the single-table statements are candidates.
   * Connections come from `connect` and go back through `release` when this is closed.
   */
  constructor(
    phases: readonly PostPhases[],
    private readonly connect: () => Promise<pg.Client>,
    private readonly release: (client: pg.Client) => void,
  ) {
    for (const post of phases) {
      for (const sql of post[0] ?? []) {
        const table = singleTableOf(sql);
        if (!table) continue;
        this.#byTable.set(table, [...(this.#byTable.get(table) ?? []), sql]);
        this.#rank.set(sql, this.#rank.size);
      }
    }
  }

  /** A table's data is committed: its keys and indexes may be built now. */
  tableLoaded(table: string): void {
    if (this.#stopped) return;
    this.#queue.push(...(this.#byTable.get(table) ?? []));
    this.#queue.sort((a, b) => this.#rank.get(a)! - this.#rank.get(b)!);
    this.#startWorkers();
  }

  /**
   * At most one build runs beside two loading tables; once fewer tables are
   * loading, two do, so that a core does not sit idle beside the last long
   * load or the last long build (measured on L: one core idle for ~2 s).
   */
  widen(): void {
    this.#width = 2;
    this.#startWorkers();
  }

  /**
   * Loading is over: every table's keys and indexes are built now, two at a
   * time, longest first. Says which were built; throws what a build threw.
   */
  async finish(): Promise<ReadonlySet<string>> {
    this.widen();
    while (this.#running.size > 0) await Promise.race(this.#running);
    if (this.#failure) throw this.#failure;
    return this.#done;
  }

  async close(): Promise<void> {
    this.#stopped = true;
    this.#queue.length = 0;
    await Promise.allSettled(this.#running);
    for (const c of this.#clients) this.release(c);
  }

  #startWorkers(): void {
    while (!this.#stopped && this.#running.size < Math.min(this.#width, this.#queue.length)) {
      const run: Promise<void> = this.#work().finally(() => this.#running.delete(run));
      this.#running.add(run);
    }
  }

  async #work(): Promise<void> {
    let client = this.#idle.pop();
    try {
      if (!client) {
        client = await this.connect();
        this.#clients.push(client);
        await client.query(bulkBuildSettings);
      }
      const c = client;
      for (let sql = this.#queue.shift(); sql !== undefined && !this.#stopped; sql = this.#queue.shift()) {
        await traceStatement(sql, () => c.query(sql));
        this.#done.add(sql);
      }
    } catch (err) {
      this.#failure = err;
      this.#stopped = true;
    } finally {
      if (client) this.#idle.push(client);
    }
  }
}

/** The post phases without what was already built. */
export function withoutDone(phases: PostPhases, done: ReadonlySet<string>): PostPhases {
  return phases.map((phase) => phase.filter((sql) => !done.has(sql)));
}
