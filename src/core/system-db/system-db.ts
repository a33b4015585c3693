/**
 * Access to a server's system database: the registry of administrations.
 * The journal and history tables live here too; their operations build on
 * this connection.
 */
import type pg from 'pg';
import type { Engine } from '../../engines/index.js';
import { fromPostgresError, ToolError } from '../../errors/index.js';
import type { Manifest } from '../../format/index.js';
import { adminNameKey, formatAdminNumber } from '../domain/administration-ref.js';
import { migrate } from '../migrations/migrator.js';
import { systemDatabaseName, systemMigrations } from './system-schema.js';

export interface AdministrationRecord {
  readonly number: number;
  readonly name: string;
  readonly databaseName: string;
  readonly identity: string;
  readonly directory: string | null;
  readonly tablespace: string | null;
  readonly status: 'creating' | 'ready' | 'deleting';
  readonly createdAt: Date;
}

interface Row {
  number: number;
  name: string;
  database_name: string;
  identity: string;
  directory: string | null;
  tablespace: string | null;
  status: AdministrationRecord['status'];
  created_at: Date;
}

function toRecord(r: Row): AdministrationRecord {
  return {
    number: r.number,
    name: r.name,
    databaseName: r.database_name,
    identity: r.identity,
    directory: r.directory,
    tablespace: r.tablespace,
    status: r.status,
    createdAt: r.created_at,
  };
}

/** Creates the system database when missing (safe when several processes race) and migrates it. */
/** A backup as the history lists it: what its manifest says, where it is, and how it was made (`details`). */
export interface BackupHistoryRecord {
  readonly number: number;
  readonly manifest: Pick<Manifest, 'administration' | 'counts' | 'createdBy'>;
  readonly location: string;
  readonly sizeBytes: number;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Creates the system database `name`, which a connection just found missing. */
async function createSystemDatabase(engine: Engine, name: string): Promise<void> {
  try {
    await engine.createDatabase(name);
  } catch (err) {
    // Another process created it first: 42P04 duplicate_database, or 23505 when
    // both inserted into pg_database at the same moment.
    const sqlstate = (err as { postgres?: { sqlstate?: string } }).postgres?.sqlstate;
    if (sqlstate !== '42P04' && sqlstate !== '23505') throw err;
  }
}

/** A connection to `database`, or undefined when the server has no such database. */
async function connectIfExists(engine: Engine, database: string): Promise<pg.Client | undefined> {
  try {
    return await engine.connect(database);
  } catch (err) {
    if (err instanceof ToolError && err.code === 'DATABASE_NOT_FOUND') return undefined;
    throw err;
  }
}

/** Server states that pass: a restart after a crash, a server still starting up. */
const transient = new Set(['SERVER_LOST', 'SERVER_UNREACHABLE']);

/** Connects, retrying for up to ~5 s while the server is coming back. */
async function connectPatiently(engine: Engine, database: string): Promise<pg.Client> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await engine.connect(database);
    } catch (err) {
      if (attempt >= 5 || !(err instanceof ToolError && transient.has(err.code))) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

export class SystemDb {
  readonly engine: Engine;
  /** The system database's name; administration databases are named after it. */
  readonly name: string;
  #client: pg.Client;
  #lost = false;

  private constructor(engine: Engine, client: pg.Client, name: string) {
    this.engine = engine;
    this.#client = client;
    this.name = name;
    this.#watch(client);
  }

  /** The current connection; after `reconnect()` a new one, so never keep it across awaits that may fail. */
  get client(): pg.Client {
    return this.#client;
  }

  #watch(client: pg.Client): void {
    client.once('end', () => {
      if (this.#client === client) this.#lost = true;
    });
  }

  /**
   * A new connection when the current one was lost (the server restarted or
   * cut it), so an operation can still undo its work or record how it ended.
   * Waits a little for a server that is coming back; does nothing (but one
   * round trip to find out) while the connection is fine.
   */
  async reconnect(): Promise<void> {
    if (!this.#lost) {
      // The 'end' event of a dead connection can come later than the failure it caused.
      try {
        await this.#client.query('select 1');
        return;
      } catch (err) {
        if (!transient.has(fromPostgresError(err, this.engine.name, '', 'query').code)) throw err;
      }
    }
    await this.#client.end().catch(() => undefined);
    const client = await connectPatiently(this.engine, this.name);
    this.#client = client;
    this.#lost = false;
    this.#watch(client);
  }

  /**
   * Opens (creating and migrating when needed) the system database `name` on `engine`.
   * It nearly always exists: connecting first costs one connection where asking the
   * server's catalogue first cost two (every kluis command opens it).
   */
  static async open(engine: Engine, name: string = systemDatabaseName): Promise<SystemDb> {
    const client = await connectIfExists(engine, name);
    if (client) return SystemDb.#migrated(engine, client, name);
    await createSystemDatabase(engine, name);
    return SystemDb.#migrated(engine, await engine.connect(name), name);
  }

  /** Opens the system database `name` when it exists (migrating it when needed); creates nothing. */
  static async openExisting(engine: Engine, name: string = systemDatabaseName): Promise<SystemDb | undefined> {
    const client = await connectIfExists(engine, name);
    return client && SystemDb.#migrated(engine, client, name);
  }

  static async #migrated(engine: Engine, client: pg.Client, name: string): Promise<SystemDb> {
    try {
      await migrate(client, systemMigrations, name);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw fromPostgresError(err, engine.name, engine.describe().target, 'query');
    }
    return new SystemDb(engine, client, name);
  }

  async close(): Promise<void> {
    await this.#client.end().catch(() => undefined);
  }

  async list(): Promise<AdministrationRecord[]> {
    const r = await this.client.query<Row>('select * from administrations order by number');
    return r.rows.map(toRecord);
  }

  async byNumber(number: number): Promise<AdministrationRecord | undefined> {
    const r = await this.client.query<Row>('select * from administrations where number = $1', [number]);
    return r.rows[0] ? toRecord(r.rows[0]) : undefined;
  }

  async byName(name: string): Promise<AdministrationRecord | undefined> {
    const r = await this.client.query<Row>('select * from administrations where name_key = $1', [adminNameKey(name)]);
    return r.rows[0] ? toRecord(r.rows[0]) : undefined;
  }

  /** The lowest free number, or undefined when 1–999 are all taken. */
  /** The lowest number neither registered nor held by an operation (one that is making it now, or was interrupted making it). */
  async nextFreeNumber(): Promise<number | undefined> {
    const r = await this.client.query<{ n: number | null }>(
      `select min(n) as n from generate_series(1, 999) n
        where not exists (select 1 from administrations a where a.number = n)
          and not exists (select 1 from locks l where l.admin_number = n)`,
    );
    return r.rows[0]?.n ?? undefined;
  }

  /** Registers an administration; another process that took the number or the name since it was planned is a coded refusal. */
  async insert(rec: Omit<AdministrationRecord, 'createdAt'>): Promise<void> {
    try {
      await this.client.query(
        `insert into administrations (number, name, name_key, database_name, identity, directory, tablespace, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          rec.number,
          rec.name,
          adminNameKey(rec.name),
          rec.databaseName,
          rec.identity,
          rec.directory,
          rec.tablespace,
          rec.status,
        ],
      );
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      const byNumber = await this.byNumber(rec.number);
      if (byNumber)
        throw new ToolError('ADMIN_NUMBER_TAKEN', { number: formatAdminNumber(rec.number), name: byNumber.name });
      const byName = await this.byName(rec.name);
      throw new ToolError('ADMIN_NAME_TAKEN', {
        name: rec.name,
        number: byName ? formatAdminNumber(byName.number) : '?',
      });
    }
  }

  async setStatus(number: number, status: AdministrationRecord['status']): Promise<void> {
    await this.client.query('update administrations set status = $2, updated_at = now() where number = $1', [
      number,
      status,
    ]);
  }

  async remove(number: number): Promise<void> {
    await this.client.query('delete from administrations where number = $1', [number]);
  }

  /**
   * Records that the file at `location` was removed (by `by`, e.g. prune),
   * on every row of the history that has it and still calls it present.
   */
  async recordRemoval(location: string, by: string): Promise<void> {
    await this.client.query(
      'update backup_history set removed_at = now(), removed_by = $2 where location = $1 and removed_at is null',
      [location, by],
    );
  }

  /** Adds a backup to the history. */
  async recordBackup({ number, manifest: m, location, sizeBytes, details }: BackupHistoryRecord): Promise<void> {
    await this.client.query(
      `insert into backup_history (admin_number, admin_name, identity, location, size_bytes, transactions, documents, created_by, host, details)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        number,
        m.administration.name,
        m.administration.identity,
        location,
        sizeBytes,
        m.counts.transactions,
        m.counts.documents,
        m.createdBy.user,
        m.createdBy.host,
        JSON.stringify(details),
      ],
    );
  }
}
