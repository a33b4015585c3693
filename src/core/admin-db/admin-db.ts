/**
 * Reading and writing inside one administration database: its settings,
 * licence, users and counts.
 */
import type pg from 'pg';
import type { Engine } from '../../engines/index.js';
import { fromPostgresError, ToolError } from '../../errors/index.js';
import type { LicenceDocument } from '../licence/licence.js';
import { currentVersion, latestVersion } from '../migrations/migrator.js';
import type { User, UserOrigin, UserRole } from '../users/user.js';
import { adminMigrations } from './admin-schema.js';

export interface AdminSettings {
  readonly number: number;
  readonly name: string;
  readonly identity: string;
  readonly currency: string;
  readonly createdAt: Date;
}

export interface AdminCounts {
  readonly transactions: number;
  readonly documents: number;
}

/** A client licence remembered in an administration, and what it is bound to. */
export interface ClientLicenceBinding {
  readonly holder: string;
  /** The identity of the administration it belongs to; null for a licence from before schema version 3. */
  readonly bound: string | null;
  /** This administration's identity and number. */
  readonly identity: string;
  readonly number: number;
}

/** The client licence's binding, or undefined when the administration holds no client licence. */
export async function clientLicenceBinding(c: pg.ClientBase): Promise<ClientLicenceBinding | undefined> {
  // to_jsonb: an administration from before schema version 3 has no binding column.
  const r = await c.query<ClientLicenceBinding>(
    `select l.document #>> '{licence,holder}' as holder, to_jsonb(l) ->> 'administration' as bound, s.identity, s.number
       from licences l cross join settings s where l.role = 'client'`,
  );
  return r.rows[0];
}

/** Bound to another administration than the one it is in: moved here by hand or by another tool. */
export const isBoundElsewhere = (b: ClientLicenceBinding): boolean => b.bound !== null && b.bound !== b.identity;

export class AdminDb {
  readonly client: pg.Client;
  readonly database: string;

  private constructor(client: pg.Client, database: string) {
    this.client = client;
    this.database = database;
  }

  /** Connects and checks that the database is a kluis administration this version understands. */
  static async open(engine: Engine, database: string): Promise<AdminDb> {
    const client = await engine.connect(database);
    try {
      const version = await currentVersion(client);
      if (version === 0) throw new ToolError('NOT_AN_ADMINISTRATION', { database });
      const supported = latestVersion(adminMigrations);
      if (version > supported) throw new ToolError('SCHEMA_TOO_NEW', { database, found: version, supported });
      return new AdminDb(client, database);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw fromPostgresError(err, engine.name, engine.describe().target, 'query');
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  async schemaVersion(): Promise<number> {
    return currentVersion(this.client);
  }

  async settings(): Promise<AdminSettings> {
    const r = await this.client.query('select number, name, identity, currency, created_at from settings');
    const row = r.rows[0];
    if (!row) throw new ToolError('NOT_AN_ADMINISTRATION', { database: this.database });
    return {
      number: row.number,
      name: row.name,
      identity: row.identity,
      currency: row.currency,
      createdAt: row.created_at,
    };
  }

  /** Transactions (journal lines) and documents, from the counters the triggers keep. */
  async counts(): Promise<AdminCounts> {
    const r = await this.client.query<{ name: string; value: string }>('select name, value from counters');
    const get = (n: string) => Number(r.rows.find((row) => row.name === n)?.value ?? 0);
    return { transactions: get('transactions'), documents: get('documents') };
  }

  async sizeBytes(): Promise<number> {
    const r = await this.client.query<{ size: string }>('select pg_database_size(current_database()) as size');
    return Number(r.rows[0]!.size);
  }

  async licence(role: 'active' | 'client' = 'active'): Promise<LicenceDocument | undefined> {
    const r = await this.client.query<{ document: LicenceDocument }>('select document from licences where role = $1', [
      role,
    ]);
    return r.rows[0]?.document;
  }

  async setLicence(role: 'active' | 'client', document: LicenceDocument): Promise<void> {
    await this.client.query(
      `insert into licences (role, document) values ($1, $2)
       on conflict (role) do update set document = excluded.document, installed_at = now()`,
      [role, JSON.stringify(document)],
    );
  }

  async users(): Promise<User[]> {
    const r = await this.client.query(
      'select user_name, full_name, role, password_hash, active, origin from users order by user_name',
    );
    return r.rows.map((row) => ({
      userName: row.user_name,
      fullName: row.full_name,
      role: row.role as UserRole,
      passwordHash: row.password_hash,
      active: row.active,
      origin: row.origin as UserOrigin,
    }));
  }

  async addUser(user: User): Promise<void> {
    try {
      await this.client.query(
        'insert into users (user_name, full_name, role, password_hash, active, origin) values ($1, $2, $3, $4, $5, $6)',
        [user.userName, user.fullName, user.role, user.passwordHash, user.active, user.origin],
      );
    } catch (err) {
      if ((err as { code?: string }).code === '23505')
        throw new ToolError('USER_EXISTS', { user: user.userName, adm: this.database });
      throw err;
    }
  }

  async audit(userName: string, action: string, object: string, details: Record<string, unknown> = {}): Promise<void> {
    await this.client.query('insert into audit_log (user_name, action, object, details) values ($1, $2, $3, $4)', [
      userName,
      action,
      object,
      JSON.stringify(details),
    ]);
  }
}
