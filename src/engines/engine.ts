/**
 * The Engine interface: everything kluis needs from a PostgreSQL server,
 * whether kluis runs it itself (embedded, "My computer") or reaches it over
 * libpq conventions (server). Core code only ever talks to this interface.
 */
import type pg from 'pg';
import type { ToolError } from '../errors/index.js';

export type EngineKind = 'embedded' | 'server';

/** What a person may see of an engine: never a password. */
export interface EngineDescription {
  readonly name: string;
  readonly kind: EngineKind;
  /** e.g. "socket /home/ann/.local/share/kluis/pg/run" or "db.example.nl:5432 (sslmode=require)" */
  readonly target: string;
  readonly user: string;
}

export interface EngineStatus {
  readonly running: boolean;
  readonly pid?: number;
  readonly version?: string;
  readonly detail?: string;
  /** The server runs but will not let kluis in (a login refused, a password missing): why, as the error a connection gets. */
  readonly problem?: ToolError;
}

export interface ServerVersion {
  /** e.g. 18 or 15 */
  readonly major: number;
  /** server_version_num, e.g. 180004 */
  readonly num: number;
  /** e.g. "18.4" */
  readonly text: string;
}

export interface EngineCapabilities {
  /** The role kluis connects as is a superuser (not so on managed cloud servers). */
  readonly superuser: boolean;
  /** The role may create databases. */
  readonly createDb: boolean;
  /** The role may create tablespaces (superuser only in PostgreSQL). */
  readonly createTablespace: boolean;
}

/** See Engine.databaseState. */
export type DatabaseState = 'missing' | 'valid' | 'invalid';

export interface CallOptions {
  /**
   * Aborting ends the call with CANCELLED: before connecting nothing is
   * done; during a statement the session is closed and the server rolls the
   * statement back.
   */
  readonly signal?: AbortSignal;
}

export interface CreateDatabaseOptions extends CallOptions {
  readonly template?: string;
  readonly tablespace?: string;
  /**
   * Copy the template's files (PostgreSQL 15+: STRATEGY FILE_COPY) instead of
   * WAL-logging every block when the template holds at least this many
   * bytes. FILE_COPY is faster for large databases, but it forces two
   * checkpoints of the whole server, which on a busy server cost more than
   * WAL-logging a small database.
   */
  readonly fileCopyFrom?: number;
}

export interface Engine {
  readonly name: string;
  readonly kind: EngineKind;

  /** Describes where this engine points, without secrets. Never does I/O. */
  describe(): EngineDescription;

  /**
   * Makes the server usable: for the embedded engine, starts it when it is not
   * running (it stays running after kluis exits); for a server, checks that it
   * can be reached. Safe to call from several processes at once.
   */
  start(options?: CallOptions): Promise<void>;

  /** Stops the embedded server (fast shutdown). A no-op for a server engine. */
  stop(options?: CallOptions): Promise<void>;

  /** Whether the server runs, without starting it. */
  status(options?: CallOptions): Promise<EngineStatus>;

  /**
   * A new connected client for `database`; the caller must `end()` it. Starts
   * the embedded server on demand. Sessions run in UTC with
   * application_name "kluis/<pid>-<process start>" (so recover can end the
   * sessions of a process that died).
   */
  connect(database: string, options?: CallOptions): Promise<pg.Client>;

  serverVersion(options?: CallOptions): Promise<ServerVersion>;
  /**
   * The version the server reported when `client` (one of this engine's
   * connections) was made, without asking again; undefined when it said
   * nothing readable.
   */
  reportedVersion(client: pg.Client): ServerVersion | undefined;
  capabilities(options?: CallOptions): Promise<EngineCapabilities>;

  /** Names of all databases that accept connections, sorted (never a half-dropped one). */
  listDatabases(options?: CallOptions): Promise<string[]>;
  /**
   * Databases whose DROP DATABASE was interrupted (the server died inside
   * it): PostgreSQL 15+ marks them invalid, refuses connections to them, and
   * the only thing left to do with one is to drop it. Sorted.
   */
  invalidDatabases(options?: CallOptions): Promise<string[]>;
  /** True for a valid or an invalid database of that name. */
  databaseExists(name: string, options?: CallOptions): Promise<boolean>;
  /** Whether `name` is missing, usable, or left invalid by an interrupted drop. */
  databaseState(name: string, options?: CallOptions): Promise<DatabaseState>;
  createDatabase(name: string, options?: CreateDatabaseOptions): Promise<void>;
  /** Drops the database, also when it does not exist; refuses while others are connected unless `force`. */
  dropDatabase(name: string, options?: CallOptions & { force?: boolean }): Promise<void>;
  renameDatabase(from: string, to: string, options?: CallOptions): Promise<void>;
  /**
   * Renames several databases in one transaction, in the order given: after
   * a crash of kluis or of the server either all renames happened or none.
   * Refuses (and renames nothing) when one of them is invalid or in use.
   */
  renameDatabases(renames: ReadonlyArray<readonly [from: string, to: string]>, options?: CallOptions): Promise<void>;
  /** Other sessions connected to `database` (not our own). */
  otherConnections(
    database: string,
    options?: CallOptions,
  ): Promise<Array<{ pid: number; user: string; application: string }>>;
  /**
   * Ends the server sessions whose application_name is `tag` (those of a
   * kluis process that died) and waits until they are gone, so nothing they
   * were doing can still complete afterwards.
   */
  endSessions(tag: string, options?: CallOptions): Promise<number>;
}
