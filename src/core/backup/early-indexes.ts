/**
 * Keys and indexes of a table built while other tables are still loading,
 * as pg_restore -j does: the largest table (journal lines) loads on one
 * connection for most of a restore, and the second core would otherwise wait
 * for it. Only statements that touch one table qualify (primary keys and
 * indexes); foreign keys and triggers wait for the end. When loading ends
 * the worker stops after its current statement: what it did not start goes
 * back to the post phase, which spreads it over two connections.
 */
import type pg from 'pg';
import { bulkMaintenanceWorkMem, type PostPhases } from '../migrations/migrator.js';
import { traceStatement } from '../trace.js';

/** The one table a post statement builds on, when it builds on exactly one. */
export function singleTableOf(sql: string): string | undefined {
  const m = /^\s*(?:alter table (\w+) add primary key|create (?:unique )?index \w+ on (\w+))\s*\(/i.exec(sql);
  return m ? (m[1] ?? m[2])!.toLowerCase() : undefined;
}

export class EarlyIndexes {
  readonly #byTable = new Map<string, string[]>();
  readonly #queue: string[] = [];
  readonly #done = new Set<string>();
  #client: pg.Client | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #failure: unknown;

  /** Takes the first post phase of each migration: the single-table statements are candidates. */
  constructor(
    phases: readonly PostPhases[],
    private readonly connect: () => Promise<pg.Client>,
  ) {
    for (const post of phases) {
      for (const sql of post[0] ?? []) {
        const table = singleTableOf(sql);
        if (table) this.#byTable.set(table, [...(this.#byTable.get(table) ?? []), sql]);
      }
    }
  }

  /** A table's data is committed: its keys and indexes may be built now. */
  tableLoaded(table: string): void {
    if (this.#stopped) return;
    this.#queue.push(...(this.#byTable.get(table) ?? []));
    this.#running ??= this.#work();
  }

  /** Loading is over: finish the statement under way and say which were built. Throws what a build threw. */
  async stop(): Promise<ReadonlySet<string>> {
    this.#stopped = true;
    this.#queue.length = 0;
    await this.#running;
    if (this.#failure) throw this.#failure;
    return this.#done;
  }

  async close(): Promise<void> {
    this.#stopped = true;
    this.#queue.length = 0;
    await this.#running?.catch(() => undefined);
    await this.#client?.end().catch(() => undefined);
  }

  async #work(): Promise<void> {
    try {
      this.#client ??= await this.connect();
      await this.#client.query(`set maintenance_work_mem = '${bulkMaintenanceWorkMem}'`);
      for (let sql = this.#queue.shift(); sql !== undefined && !this.#stopped; sql = this.#queue.shift()) {
        await traceStatement(sql, () => this.#client!.query(sql));
        this.#done.add(sql);
      }
    } catch (err) {
      this.#failure = err;
      this.#stopped = true;
    } finally {
      this.#running = undefined;
    }
  }
}

/** The post phases without what was already built. */
export function withoutDone(phases: PostPhases, done: ReadonlySet<string>): PostPhases {
  return phases.map((phase) => phase.filter((sql) => !done.has(sql)));
}
