/**
 * Repairs where the registry and the server disagree, outside any operation:
 * a registration without its database, a database left half dropped, an
 * administration database nobody registered, leftover staging and old copies.
 * An administration an operation holds is never repaired: it is that
 * operation's to settle.
 */
import type { Engine } from '../../engines/index.js';
import { phrase } from '../../errors/index.js';
import { AdminDb } from '../admin-db/admin-db.js';
import { adminNameKey, formatAdminNumber } from '../domain/administration-ref.js';
import type { SystemDb } from '../system-db/system-db.js';
import type { RecoveryItem } from './recovery-item.js';

/** The repairs the server and the registry call for now. */
export async function repairItems(engine: Engine, sys: SystemDb): Promise<RecoveryItem[]> {
  const items: RecoveryItem[] = [];
  const running = await sys.client.query<{ id: string; admin_number: number | null }>(
    `select id, admin_number from operations where status = 'running' union all select operation_id, admin_number from locks`,
  );
  // An administration an operation holds — alive or interrupted — is that operation's to settle, never a repair's:
  // a restore's new registration has no database until its swap.
  const busy = new Set(running.rows.map((r) => r.admin_number));
  const activeTags = new Set(running.rows.map((r) => r.id.slice(0, 8)));
  const databases = await engine.listDatabases();
  // Left invalid by a DROP DATABASE the server died in: they can only be dropped.
  const invalid = await engine.invalidDatabases();
  const registry = await sys.list();
  for (const rec of registry) {
    if (busy.has(rec.number)) continue;
    const adm = formatAdminNumber(rec.number);
    if (invalid.includes(rec.databaseName)) {
      items.push({
        action: 'drop-half-deleted',
        adminNumber: rec.number,
        database: rec.databaseName,
        description: phrase('REPAIR_DROP_HALF_DELETED', { adm, name: rec.name }),
      });
    } else if (!databases.includes(rec.databaseName)) {
      items.push({
        action: 'remove-registry-entry',
        adminNumber: rec.number,
        database: rec.databaseName,
        description: phrase('REPAIR_REMOVE_REGISTRATION', { adm, name: rec.name }),
      });
    }
  }
  const prefix = `${sys.name}_`;
  for (const db of [...databases, ...invalid]) {
    if (!db.startsWith(prefix)) continue;
    const rest = db.slice(prefix.length);
    const adm = /^adm_(\d{3})$/.exec(rest);
    if (adm) {
      const number = Number(adm[1]);
      if (busy.has(number) || registry.some((r) => r.databaseName === db)) continue;
      if (invalid.includes(db)) {
        items.push({
          action: 'drop-leftover',
          adminNumber: null,
          database: db,
          description: phrase('REPAIR_DROP_HALF_DROPPED', { database: db }),
        });
      } else {
        items.push({
          action: 'attach-database',
          adminNumber: number,
          database: db,
          description: phrase('REPAIR_ATTACH', { database: db, number: adm[1]! }),
        });
      }
      continue;
    }
    const leftover = /^(stage|old)_([0-9a-f]{8})$/.exec(rest);
    if (leftover && !activeTags.has(leftover[2]!)) {
      items.push({
        action: 'drop-leftover',
        adminNumber: null,
        database: db,
        description: phrase('REPAIR_DROP_LEFTOVER', { database: db }),
      });
    }
  }
  return items;
}

/** Performs one repair; each checks what exists, so running it again does nothing more. */
export async function performRepair(engine: Engine, sys: SystemDb, item: RecoveryItem): Promise<void> {
  switch (item.action) {
    case 'remove-registry-entry':
      await sys.client.query('delete from administrations where number = $1 and database_name = $2', [
        item.adminNumber,
        item.database,
      ]);
      return;
    case 'drop-leftover':
      await engine.dropDatabase(item.database!, { force: true });
      return;
    case 'drop-half-deleted':
      await engine.dropDatabase(item.database!, { force: true });
      await sys.client.query('delete from administrations where number = $1 and database_name = $2', [
        item.adminNumber,
        item.database,
      ]);
      return;
    case 'attach-database':
      await attach(engine, sys, item.adminNumber!, item.database!);
      return;
    default:
      return;
  }
}

/** Registers a database that is a kluis administration but is not in the registry. */
async function attach(engine: Engine, sys: SystemDb, number: number, database: string): Promise<void> {
  let name = `Administratie ${formatAdminNumber(number)}`;
  let identity: string | undefined;
  try {
    const db = await AdminDb.open(engine, database);
    try {
      const s = await db.settings();
      name = s.name;
      identity = s.identity;
    } finally {
      await db.close();
    }
  } catch {
    // Not a readable administration: leave it alone rather than guess.
    return;
  }
  if (await sys.byName(name)) name = `${name} (${formatAdminNumber(number)})`.slice(0, 60);
  await sys.client.query(
    `insert into administrations (number, name, name_key, database_name, identity, status) values ($1, $2, $3, $4, $5, 'ready') on conflict (number) do nothing`,
    [number, name, adminNameKey(name), database, identity],
  );
}
