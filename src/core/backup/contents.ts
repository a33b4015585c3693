/**
 * What a backup carries: its manifest, the licence and users (for a
 * hand-back, the client's) and what each table's COPY reads. Reads the
 * snapshot; writes nothing.
 */
import { hostname, userInfo } from 'node:os';
import type pg from 'pg';
import { ToolError } from '../../errors/index.js';
import { FORMAT_VERSION, isEncrypting, type Manifest } from '../../format/index.js';
import { clientLicenceBinding, isBoundElsewhere } from '../admin-db/admin-db.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import type { LicenceDocument } from '../licence/licence.js';
import { copyQueryToSql, copyToSql, selectColumns } from '../staging/copy-sql.js';
import { kluisVersion } from '../version.js';
import type { CreateBackupInput } from './create-backup.js';
import type { Snapshot } from './snapshot.js';

function licenceSummary(doc: LicenceDocument | undefined): Manifest['licence'] {
  const l = doc?.licence;
  return {
    number: l?.number ?? '',
    holder: l?.holder ?? '',
    registeredUser: l?.registeredUser ?? '',
    articles: l?.articles ?? [],
  };
}

/**
 * What each table's COPY reads. A hand-back carries the client's licence
 * (as the active one) and the client's users as they were installed, and
 * none of the accountant's users; everything else is the administration as
 * it is, including all the accountant booked.
 */
export function tableSources(snapshot: Snapshot, handBack: boolean): string[] {
  return snapshot.tables.map((t) => {
    if (!handBack) return copyToSql(t.name, t.columns);
    switch (t.name) {
      case 'hand_outs':
        // The hand-out the accountant received goes back closed: the client's books
        // are replaced whole, so nothing is outstanding once they are restored.
        return copyQueryToSql(
          selectColumns(t.columns, 'hand_outs', '', {
            side: `'client'::text`,
            status: `case when status = 'outstanding' then 'returned' else status end`,
            closed_at: `case when status = 'outstanding' then now() else closed_at end`,
            closed_by: `case when status = 'outstanding' then ${accountantHolder} else closed_by end`,
          }),
        );
      case 'change_base':
      case 'change_log':
      case 'change_untracked':
        // What the accountant's copy tracked is the accountant's; the client gets the books themselves.
        return copyQueryToSql(selectColumns(t.columns, t.name, 'false'));
      case 'users':
        return copyQueryToSql(selectColumns(t.columns, 'client_users'));
      case 'client_users':
        return copyQueryToSql(selectColumns(t.columns, 'client_users', 'false'));
      case 'licences':
        // The client's licence becomes the active one again, still bound to this administration.
        return copyQueryToSql(selectColumns(t.columns, 'licences', `role = 'client'`, { role: `'active'::text` }));
      default:
        return copyToSql(t.name, t.columns);
    }
  });
}

/** Who closes a hand-out that goes back whole: the accountant's licence holder. */
const accountantHolder = `coalesce((select document #>> '{licence,holder}' from licences where role = 'active'), 'accountant')`;

/**
 * The outstanding hand-out on the client's side, which the backup carries
 * (the one `kluis client hand-out` makes, or any made while it is
 * outstanding); none on the accountant's side, where a backup is a hand-back.
 */
async function handOutOf(c: pg.ClientBase): Promise<Manifest['handOut']> {
  if ((await c.query(`select to_regclass('public.hand_outs') is not null as t`)).rows[0]?.t !== true) return undefined;
  const r = await c.query<{ id: string; until: string; made_at: Date }>(
    `select id::text, until::text, made_at from hand_outs where status = 'outstanding' and side = 'client'`,
  );
  const h = r.rows[0];
  return h ? { id: h.id, until: h.until, madeAt: h.made_at.toISOString() } : undefined;
}

/** The licence and users a backup of this administration carries; a hand-back carries the client's. */
export async function licenceAndUsers(c: pg.ClientBase): Promise<Pick<Manifest, 'licence' | 'users' | 'handBack'>> {
  const active = (await c.query<{ document: LicenceDocument }>(`select document from licences where role = 'active'`))
    .rows[0]?.document;
  const client = (await c.query<{ document: LicenceDocument }>(`select document from licences where role = 'client'`))
    .rows[0]?.document;
  if (client) await checkClientLicenceBinding(c);
  const licence = client ?? active;
  const users = (
    await c.query<{ user_name: string; full_name: string; role: string; active: boolean; origin: string }>(
      `select user_name, full_name, role, active, origin from ${client ? 'client_users' : 'users'} order by user_name`,
    )
  ).rows;
  const removedUsers = client
    ? (
        await c.query<{ user_name: string }>(
          `select user_name from users where origin = 'accountant' order by user_name`,
        )
      ).rows.map((r) => r.user_name)
    : [];
  return {
    licence: licenceSummary(licence),
    users: users.map((u) => ({ userName: u.user_name, fullName: u.full_name, role: u.role, active: u.active })),
    ...(client
      ? { handBack: { client: client.licence.holder, accountant: active?.licence.holder ?? '', removedUsers } }
      : {}),
  };
}

/**
 * A hand-back gives the client the licence remembered for this
 * administration. One bound to another administration (moved here by hand,
 * or by a tool that is not kluis) would give this client someone else's
 * licence: refused before anything is written.
 */
async function checkClientLicenceBinding(c: pg.ClientBase): Promise<void> {
  const b = await clientLicenceBinding(c);
  if (b && isBoundElsewhere(b))
    throw new ToolError('CLIENT_LICENCE_SWAPPED', {
      adm: formatAdminNumber(b.number),
      holder: b.holder,
      bound: b.bound!,
    });
}

export async function buildManifest(
  ctx: KluisContext,
  snapshot: Snapshot,
  version: { text: string; num: number },
  input: CreateBackupInput,
): Promise<Manifest> {
  const c = snapshot.client;
  const settings = (await c.query('select number, name, identity from settings')).rows[0];
  const counters = (await c.query<{ name: string; value: string }>('select name, value from counters')).rows;
  const carried = await licenceAndUsers(c);
  const schemaVersion = (await c.query<{ v: number }>('select max(version) as v from kluis_schema_migrations')).rows[0]!
    .v;
  const count = (n: string) => Number(counters.find((r) => r.name === n)?.value ?? 0);
  const fiscalYears = await fiscalYearsOf(c);
  const handOut = carried.handBack ? undefined : await handOutOf(c);
  const keys = input.encryption;
  return {
    format: FORMAT_VERSION,
    kluisVersion: kluisVersion(),
    schemaVersion,
    server: { version: version.text, versionNum: version.num, engine: ctx.engine.kind },
    createdAt: new Date().toISOString(),
    createdBy: { user: userInfo().username, host: hostname() },
    administration: { number: settings.number, name: settings.name, identity: settings.identity },
    licence: carried.licence,
    counts: { transactions: count('transactions'), documents: count('documents') },
    compression: { codec: 'zstd', level: 1 },
    encryption: isEncrypting(keys)
      ? {
          scheme: 'age',
          recipients: [
            ...(keys!.passphrase !== undefined ? (['scrypt'] as const) : []),
            ...(keys!.recipients ?? []).map(() => 'x25519' as const),
          ],
        }
      : null,
    tables: snapshot.tables.map((t) => ({ name: t.name, columns: t.columns, estimatedBytes: t.estimatedBytes })),
    users: carried.users,
    ...(carried.handBack ? { handBack: carried.handBack } : {}),
    ...(handOut ? { handOut } : {}),
    fiscalYears,
  };
}

/** The fiscal years and whether each is closed, for the bewaarplicht (core/retention): what prune keeps. */
async function fiscalYearsOf(c: pg.ClientBase): Promise<NonNullable<Manifest['fiscalYears']>> {
  const r = await c.query<{ year: number; closed: boolean; end: string }>(
    'select year, closed, end_date::text as end from fiscal_years order by year',
  );
  return r.rows.map((y) => ({ year: y.year, closed: y.closed, end: y.end }));
}
