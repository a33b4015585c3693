/**
 * PgEngine: what both engines share once they know how to reach the server.
 * Subclasses supply connection settings; everything SQL lives here.
 */
import type pg from 'pg';
import { fromPostgresError, ToolError } from '../errors/index.js';
import { sessionTag } from '../storage/process-info.js';
import type {
  CallOptions,
  CreateDatabaseOptions,
  DatabaseState,
  Engine,
  EngineCapabilities,
  EngineDescription,
  EngineKind,
  EngineStatus,
  ServerVersion,
} from './engine.js';
import { quoteIdent } from './sql.js';

/**
 * With KLUIS_TRACE=sql every connection and every statement is printed with
 * its duration, to count round trips and connections (not for production use).
 */
const sqlTrace = process.env['KLUIS_TRACE'] === 'sql' ? traceLine : undefined;
function traceLine(what: string, started: number): void {
  const now = performance.now();
  const line = what.replace(/\s+/g, ' ').trim().slice(0, 110);
  process.stderr.write(`[sql] +${now.toFixed(0)} ${(now - started).toFixed(1).padStart(6)} ms  ${line}\n`);
}

/** How long an idle maintenance session is kept for the next call. */
const idleMaintenanceMs = 2000;

function socketOf(client: pg.Client): { ref(): void; unref(): void } | undefined {
  return (client as unknown as { connection?: { stream?: { ref(): void; unref(): void } } }).connection?.stream;
}

/**
 * A version as server_version writes it ("15.20 (Debian 15.20-0+deb12u1)",
 * "18.1", "18beta1", "9.6.24"), with the number server_version_num would
 * give; undefined for what does not read as one.
 */
export function parseServerVersion(said: string): ServerVersion | undefined {
  const text = said.split(' ')[0]!;
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  const [major, minor, patch] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  // Since PostgreSQL 10 the second number is the minor release; before it the third was.
  const num = major >= 10 ? major * 10000 + minor : major * 10000 + minor * 100 + patch;
  return { num, major, text };
}

/** Databases that every PostgreSQL server has and kluis never touches. */
const maintenanceDatabase = 'postgres';

/**
 * pg_database.datconnlimit of a database whose DROP DATABASE was interrupted
 * (PostgreSQL 15.4+, 16+: DATCONNLIMIT_INVALID_DB). Older servers never set it.
 */
const invalidConnLimit = -2;

export abstract class PgEngine implements Engine {
  abstract readonly name: string;
  abstract readonly kind: EngineKind;
  abstract describe(): EngineDescription;
  abstract start(options?: CallOptions): Promise<void>;
  abstract stop(options?: CallOptions): Promise<void>;
  abstract status(options?: CallOptions): Promise<EngineStatus>;

  /** Connection settings for `database`, ready for pg.Client (may start the server). */
  protected abstract clientConfig(database: string, options?: CallOptions): Promise<pg.ClientConfig>;

  /** The database to connect to for server-wide statements. */
  protected maintenanceDatabase(): string {
    return maintenanceDatabase;
  }

  async connect(database: string, options: CallOptions = {}): Promise<pg.Client> {
    if (options.signal?.aborted) throw new ToolError('CANCELLED');
    const config = await this.clientConfig(database, options);
    // Loaded on first use: commands that never connect (verify, inspect, help) start faster without it.
    const { default: pgModule } = await import('pg');
    const client = new pgModule.Client({
      ...config,
      application_name: sessionTag(),
      options: '-c TimeZone=UTC -c DateStyle=ISO',
    });
    // A server that goes away mid-operation emits 'error' on the client; without
    // a listener Node would crash the process instead of failing the query. It
    // is attached before connecting: a FATAL that arrives in the same packet as
    // the end of the handshake is emitted before code after `await connect()` runs.
    client.on('error', () => undefined);
    // The server says its version when a session starts (ParameterStatus): kept, so asking costs nothing.
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('parameterStatus', (m: { parameterName: string; parameterValue: string }) => {
      if (m.parameterName === 'server_version') this.#reported.set(client, m.parameterValue);
    });
    const started = performance.now();
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw fromPostgresError(err, this.name, this.describe().target, 'connect');
    }
    this.#reportLossAsServerLost(client, database);
    if (sqlTrace) sqlTrace(`connect ${database}`, started);
    return client;
  }

  /**
   * A statement on a connection the server dropped fails with the driver's own
   * words ("Client has encountered a connection error and is not queryable");
   * wherever such a query sits, the failure is the server's, and says so.
   * Errors with a SQLSTATE stay as the driver made them: callers test them.
   * Streaming queries (COPY) return a stream, not a promise, and are left as they are.
   */
  #reportLossAsServerLost(client: pg.Client, database: string): void {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const lost = (err: unknown): unknown => {
      const mapped = fromPostgresError(err, this.name, this.describe().target, 'query');
      return mapped.code === 'SERVER_LOST' ? mapped : err;
    };
    const pid = () => (client as unknown as { processID: number }).processID;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const started = performance.now();
      const result = query(...args);
      if (!(result instanceof Promise)) return result;
      const settled = result.catch((err: unknown) => Promise.reject(lost(err)));
      if (!sqlTrace) return settled;
      const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
      const said = () => sqlTrace?.(`${database}#${pid()} ${text}`, started);
      return settled.finally(said);
    };
  }

  /**
   * The maintenance session the last call left open, for the next one. A
   * restore or copy asks the server-wide questions (create, check, rename,
   * drop a database) five or six times; each new session cost the server a
   * backend (a fork and its start-up, 5–130 ms on a busy two-core machine).
   * Kept only while idle for a moment and never keeping the process alive.
   */
  #idle: pg.Client | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  readonly #watched = new WeakSet<pg.Client>();
  /** server_version as each connection's server reported it at the start of the session. */
  readonly #reported = new WeakMap<pg.Client, string>();

  /** Runs `fn` with a client on the maintenance database; the session is closed, or kept for the next call when all went well. */
  protected async withMaintenance<T>(fn: (client: pg.Client) => Promise<T>, options: CallOptions = {}): Promise<T> {
    if (options.signal?.aborted) throw new ToolError('CANCELLED');
    const client = (await this.#liveIdle()) ?? (await this.connect(this.maintenanceDatabase(), options));
    // Closing our socket is not enough: the server finishes a statement (a
    // CREATE DATABASE, say) until it next talks to the client. Aborting
    // terminates the session on the server and waits until it is gone.
    let ending: Promise<void> | undefined;
    const onAbort = () => {
      const pid = (client as unknown as { processID: number }).processID;
      ending = this.#terminate(pid).finally(() => client.end().catch(() => undefined));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let reusable = false;
    try {
      const result = await fn(client);
      reusable = !options.signal?.aborted;
      return result;
    } catch (err) {
      if (options.signal?.aborted) {
        await ending;
        throw new ToolError('CANCELLED', {}, { cause: err });
      }
      throw fromPostgresError(err, this.name, this.describe().target, 'query');
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      if (reusable) this.#park(client);
      else await client.end().catch(() => undefined);
    }
  }

  /**
   * The idle session, if it still answers. The server may have ended it
   * since it was parked (a restart, a terminate, a cut connection) before
   * the news reached this process: a statement on it would then fail where
   * a new session succeeds (a delete whose connections were cut took the
   * dropped database for a valid one and left work for recover). One round
   * trip tells, far cheaper than a new session.
   */
  async #liveIdle(): Promise<pg.Client | undefined> {
    const idle = this.#takeIdle();
    if (!idle) return undefined;
    try {
      await idle.query('select');
      return idle;
    } catch {
      idle.end().catch(() => undefined);
      return undefined;
    }
  }

  #takeIdle(): pg.Client | undefined {
    const client = this.#idle;
    this.#idle = undefined;
    clearTimeout(this.#idleTimer);
    if (!client) return undefined;
    // A session the server ended meanwhile (a restart, a terminate) is not handed out.
    if (!(client as unknown as { _queryable: boolean })._queryable) {
      client.end().catch(() => undefined);
      return undefined;
    }
    socketOf(client)?.ref();
    return client;
  }

  #park(client: pg.Client): void {
    if (this.#idle || !(client as unknown as { _queryable: boolean })._queryable) {
      client.end().catch(() => undefined);
      return;
    }
    this.#idle = client;
    if (!this.#watched.has(client)) {
      this.#watched.add(client);
      client.once('end', () => {
        if (this.#idle === client) this.#idle = undefined;
      });
    }
    // An idle session must not keep the process alive, nor a long-running one (the web server) hold a backend.
    socketOf(client)?.unref();
    this.#idleTimer = setTimeout(
      () =>
        this.#takeIdle()
          ?.end()
          .catch(() => undefined),
      idleMaintenanceMs,
    );
    this.#idleTimer.unref();
  }

  async #terminate(pid: number): Promise<void> {
    const c = await this.connect(this.maintenanceDatabase());
    try {
      await c.query('select pg_terminate_backend($1)', [pid]);
      for (let waited = 0; waited < 30_000; waited += 20) {
        if ((await c.query('select 1 from pg_stat_activity where pid = $1', [pid])).rowCount === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  async serverVersion(options: CallOptions = {}): Promise<ServerVersion> {
    return this.withMaintenance(async (c) => {
      const r = await c.query<{ num: string; text: string }>(
        `select current_setting('server_version_num') as num, current_setting('server_version') as text`,
      );
      const num = Number(r.rows[0]!.num);
      return { num, major: Math.floor(num / 10000), text: r.rows[0]!.text.split(' ')[0]! };
    }, options);
  }

  reportedVersion(client: pg.Client): ServerVersion | undefined {
    const said = this.#reported.get(client);
    return said === undefined ? undefined : parseServerVersion(said);
  }

  async capabilities(options: CallOptions = {}): Promise<EngineCapabilities> {
    return this.withMaintenance(async (c) => {
      const r = await c.query<{ rolsuper: boolean; rolcreatedb: boolean }>(
        'select rolsuper, rolcreatedb from pg_roles where rolname = current_user',
      );
      const row = r.rows[0] ?? { rolsuper: false, rolcreatedb: false };
      return { superuser: row.rolsuper, createDb: row.rolsuper || row.rolcreatedb, createTablespace: row.rolsuper };
    }, options);
  }

  async listDatabases(options: CallOptions = {}): Promise<string[]> {
    return this.withMaintenance(async (c) => {
      const r = await c.query<{ datname: string }>(
        `select datname from pg_database where datallowconn and datconnlimit <> ${invalidConnLimit} order by datname`,
      );
      return r.rows.map((row) => row.datname);
    }, options);
  }

  async invalidDatabases(options: CallOptions = {}): Promise<string[]> {
    return this.withMaintenance(async (c) => {
      const r = await c.query<{ datname: string }>(
        `select datname from pg_database where datconnlimit = ${invalidConnLimit} order by datname`,
      );
      return r.rows.map((row) => row.datname);
    }, options);
  }

  async databaseState(name: string, options: CallOptions = {}): Promise<DatabaseState> {
    return this.withMaintenance(async (c) => {
      const r = await c.query<{ invalid: boolean }>(
        `select datconnlimit = ${invalidConnLimit} as invalid from pg_database where datname = $1`,
        [name],
      );
      const row = r.rows[0];
      return row === undefined ? 'missing' : row.invalid ? 'invalid' : 'valid';
    }, options);
  }

  async databaseExists(name: string, options: CallOptions = {}): Promise<boolean> {
    return this.withMaintenance(async (c) => {
      const r = await c.query('select 1 from pg_database where datname = $1', [name]);
      return r.rowCount === 1;
    }, options);
  }

  async createDatabase(name: string, options: CreateDatabaseOptions = {}): Promise<void> {
    let sql = `create database ${quoteIdent(name)} encoding 'UTF8' template ${quoteIdent(options.template ?? 'template0')}`;
    // Collation "C": byte order, the same on every server and platform and
    // never changed by an OS upgrade (so indexes stay valid wherever a backup
    // goes), and several times faster to index than libc locales.
    if (!options.template) sql += ` locale 'C'`;
    if (options.tablespace) sql += ` tablespace ${quoteIdent(options.tablespace)}`;
    await this.withMaintenance(async (c) => {
      if (options.template && options.fileCopyFrom !== undefined) {
        const r = await c.query<{ num: number; bytes: string }>(
          `select current_setting('server_version_num')::int as num, pg_database_size($1) as bytes`,
          [options.template],
        );
        const { num, bytes } = r.rows[0]!;
        if (num >= 150000 && Number(bytes) >= options.fileCopyFrom) sql += ' strategy file_copy';
      }
      await c.query(sql);
    }, options);
  }

  async dropDatabase(name: string, options: CallOptions & { force?: boolean } = {}): Promise<void> {
    const force = options.force ? ' with (force)' : '';
    await this.withMaintenance((c) => c.query(`drop database if exists ${quoteIdent(name)}${force}`), options);
  }

  async renameDatabase(from: string, to: string, options: CallOptions = {}): Promise<void> {
    await this.renameDatabases([[from, to]], options);
  }

  async renameDatabases(
    renames: ReadonlyArray<readonly [from: string, to: string]>,
    options: CallOptions = {},
  ): Promise<void> {
    await this.withMaintenance(async (c) => {
      await c.query('begin');
      try {
        // PostgreSQL renames an invalid database without complaint; one that
        // was half dropped must never take an administration's name.
        const invalid = await c.query<{ datname: string }>(
          `select datname from pg_database where datname = any($1) and datconnlimit = ${invalidConnLimit}`,
          [renames.map(([from]) => from)],
        );
        if (invalid.rows[0])
          throw new ToolError('DATABASE_INVALID', { database: invalid.rows[0].datname, server: this.name });
        for (const [from, to] of renames)
          await c.query(`alter database ${quoteIdent(from)} rename to ${quoteIdent(to)}`);
        await c.query('commit');
      } catch (err) {
        await c.query('rollback').catch(() => undefined);
        throw err;
      }
    }, options);
  }

  async endSessions(tag: string, options: CallOptions = {}): Promise<number> {
    return this.withMaintenance(async (c) => {
      const r = await c.query<{ n: number }>(
        `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()`,
        [tag],
      );
      for (let waited = 0; waited < 30_000; waited += 20) {
        const left = await c.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()`,
          [tag],
        );
        if (left.rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return r.rows[0]!.n;
    }, options);
  }

  async otherConnections(database: string, options: CallOptions = {}) {
    return this.withMaintenance(async (c) => {
      const r = await c.query<{ pid: number; usename: string | null; application_name: string | null }>(
        `select pid, usename, application_name from pg_stat_activity
          where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'`,
        [database],
      );
      return r.rows.map((row) => ({ pid: row.pid, user: row.usename ?? '', application: row.application_name ?? '' }));
    }, options);
  }
}
