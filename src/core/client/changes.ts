/**
 * The accountant's change package (kluis client changes, issue 22): every
 * object the accountant changed since the client's hand-out — entries with
 * their lines, accounts, relations, VAT codes, fiscal years — as it was at
 * the hand-out (`base`) and as it is now (`final`), with who changed it
 * and when; one changed back to its base too (a newer package then undoes
 * what an earlier one brought), left out of the counts.
 *
 * The package is a .ebu file written by the backup's own path (createBackup:
 * target, journal, lock, snapshot, writer, checksums, compression,
 * encryption), with one table of its own, `changes`, dumped from the
 * snapshot by COPY (query) TO STDOUT (FORMAT binary), and a manifest whose
 * `changes` field binds it to the client's administration (its identity) and
 * to the hand-out it answers (docs/FORMAT.md 6.1). It is not recorded in
 * the backup history: it is no backup, and restore refuses it.
 *
 * Each package is cumulative (every change since the hand-out), so the
 * client needs only the newest; `sequence` counts the packages made for the
 * hand-out (hand_outs.packages on the accountant's side).
 */

import type { Writable } from 'node:stream';
import type pg from 'pg';
import { ToolError } from '../../errors/index.js';
import type { ChangesInfo, ColumnInfo, EncryptionKeys, Manifest } from '../../format/index.js';
import { checkOutputTarget } from '../../storage/folders.js';
import { findAdministration, withSystemDb } from '../administrations/find-administration.js';
import { createBackup } from '../backup/create-backup.js';
import type { Snapshot, SnapshotTable } from '../backup/snapshot.js';
import { notCarriedLabels } from '../catalog/operations/changes.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import type { ProgressListener } from '../progress.js';
import { isRepositoryLocation } from '../repositories/index.js';
import { copyQueryToSql } from '../staging/copy-sql.js';
import { SystemDb } from '../system-db/system-db.js';

/** The package's one table: its name and columns, which the apply checks before it reads a byte. */
export const changesTable = 'changes';
export const changesColumns: readonly ColumnInfo[] = [
  { name: 'object', type: 'text' },
  { name: 'key', type: 'text' },
  { name: 'base', type: 'jsonb' },
  { name: 'final', type: 'jsonb' },
  { name: 'authors', type: 'jsonb' },
  { name: 'first_at', type: 'timestamp with time zone' },
  { name: 'last_at', type: 'timestamp with time zone' },
  { name: 'reference', type: 'boolean' },
];

/**
 * Every changed object with its base and final state and its authors
 * (`net`) — also one changed back to its base since the hand-out: a newer
 * package of the same hand-out then undoes what an earlier one brought,
 * with its authors (the counts leave it out) — and, as `reference` rows (base = final, no authors), the
 * accounts, relations, VAT codes and fiscal years the changed objects refer
 * to that are not changes themselves: the client may have removed one, and
 * the apply puts it back rather than leave an entry pointing at nothing.
 * Likewise the journal (dagboek) of every changed entry: journals are not
 * tracked, and an accountant who books corrections in a journal of their
 * own (COR) needs it in the client's books too, where the apply adds it.
 * The change log is aggregated once (not looked up per object).
 */
const netSql = `
  with log as (
    select object, key, author, min(at) as first_at, max(at) as last_at, count(*)::int as n
      from change_log group by object, key, author),
  authors as (
    select object, key, min(first_at) as first_at, max(last_at) as last_at,
           jsonb_agg(jsonb_build_object('author', author,
                                        'first', to_char(first_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                        'last', to_char(last_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                        'changes', n) order by first_at, author) as authors
      from log group by object, key),
  states as (
    select b.object, b.key, b.base, kluis_object_state(b.object, b.key) as final, b.first_at from change_base b),
  net as (
    select s.object, s.key, s.base, s.final, coalesce(a.authors, '[]'::jsonb) as authors,
           coalesce(a.first_at, s.first_at) as first_at, coalesce(a.last_at, s.first_at) as last_at
      from states s left join authors a using (object, key)),
  refs as (
    select distinct r.object, r.key
      from net n cross join lateral (
             select 'account' as object, l->>'account_code' as key
               from jsonb_array_elements(case when n.object = 'entry' then n.final->'lines' end) l
             union all select 'relation', l->>'relation'
               from jsonb_array_elements(case when n.object = 'entry' then n.final->'lines' end) l
             union all select 'vat_code', l->>'vat_code'
               from jsonb_array_elements(case when n.object = 'entry' then n.final->'lines' end) l
             union all select 'relation', n.final->>'relation' where n.object = 'entry'
             union all select 'fiscal_year', n.final->>'fiscal_year' where n.object = 'entry'
             union all select 'journal', n.final->>'journal_code' where n.object = 'entry'
             union all select 'vat_code', n.final->>'vat_code' where n.object = 'account'
             union all select 'account', n.final->>'pay_account' where n.object = 'vat_code'
             union all select 'account', n.final->>'claim_account' where n.object = 'vat_code') r
     where r.key is not null and not exists (select 1 from net x where x.object = r.object and x.key = r.key)),
  rows as (
    select object, key, base, final, authors, first_at, last_at, false as reference from net
    union all
    select r.object, r.key, s.state, s.state, '[]'::jsonb, null::timestamptz, null::timestamptz, true
      from refs r cross join lateral (
             select case when r.object = 'journal' then (select to_jsonb(j) from journals j where j.code = r.key)
                         else kluis_object_state(r.object, r.key) end as state) s
     where s.state is not null)`;

const packageQuery = `${netSql} select ${changesColumns.map((c) => c.name).join(', ')} from rows order by object, key`;

const countsQuery = `${netSql}
  select object,
         count(*) filter (where base is null)::int as added,
         count(*) filter (where base is not null and final is not null)::int as changed,
         count(*) filter (where final is null)::int as removed,
         coalesce(sum(jsonb_array_length(final->'lines')) filter (where object = 'entry' and final is not null), 0)::int as lines
    from rows where not reference and final is distinct from base group by object`;

export interface WriteChangesInput {
  /** The accountant's installed copy of the client's administration: number or name. */
  readonly adm: string;
  /** A file, an existing folder (the standard name …-wijzigingen.ebu in it), a repository, or "-" (then `stream`). */
  readonly output?: string;
  readonly stream?: Writable;
  /** For the client's key (--recipient) and/or a passphrase, as a backup. */
  readonly encryption?: EncryptionKeys;
  readonly scryptWorkFactor?: number;
  readonly onProgress?: ProgressListener;
}

/** What the accountant changed that a change package does not carry: a kind of object, and how many changes. */
export interface NotCarried {
  readonly what: keyof typeof notCarriedLabels;
  readonly changes: number;
}

const notCarriedKinds: Record<string, NotCarried['what']> = {
  journals: 'journals',
  periods: 'periods',
  opening_balances: 'opening-balances',
  opening_balance_lines: 'opening-balances',
  documents: 'documents',
  attachments: 'documents',
  xaf_subledgers: 'subledgers',
  xaf_subledger_lines: 'subledgers',
};

/** The accountant's changes since the install that no package carries (change_untracked, schema 5). */
export async function readNotCarried(c: pg.ClientBase): Promise<NotCarried[]> {
  const rows = (
    await c.query<{ object: string; changes: string }>('select object, changes::text from change_untracked')
  ).rows;
  const counted = new Map<NotCarried['what'], number>();
  for (const r of rows) {
    const what = notCarriedKinds[r.object];
    if (what) counted.set(what, (counted.get(what) ?? 0) + Number(r.changes));
  }
  return Object.keys(notCarriedLabels)
    .filter((what) => counted.has(what as NotCarried['what']))
    .map((what) => ({ what: what as NotCarried['what'], changes: counted.get(what as NotCarried['what'])! }));
}

/** What administration `adm` (the accountant's installed copy) changed that a package would not carry. */
export async function notCarriedIn(ctx: KluisContext, adm: string): Promise<NotCarried[]> {
  const record = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), (sys) =>
    findAdministration(sys, adm),
  );
  const c = await ctx.engine.connect(record.databaseName);
  try {
    return await readNotCarried(c);
  } finally {
    await c.end();
  }
}

export interface ChangesResult {
  /** Absolute path, a repository address, or "-". */
  readonly location: string;
  readonly sizeBytes: number;
  readonly sequence: number;
  /** The hand-out this package answers. */
  readonly handOut: { readonly id: string; readonly until: string };
  readonly counts: ChangesInfo['counts'];
  /** What the accountant changed that the package does not carry (empty: everything is in it). */
  readonly notCarried: readonly NotCarried[];
  readonly seconds: number;
  readonly manifest: Manifest;
}

interface OutstandingRow {
  id: string;
  until: string;
  packages: number;
}

/** The accountant-side hand-out that is outstanding in these books, if any. */
async function outstandingAccountantHandOut(c: pg.ClientBase): Promise<OutstandingRow | undefined> {
  if ((await c.query<{ t: string | null }>(`select to_regclass('public.hand_outs')::text as t`)).rows[0]!.t === null)
    return undefined;
  const r = await c.query<OutstandingRow>(
    `select id::text, until::text, packages from hand_outs where status = 'outstanding' and side = 'accountant'`,
  );
  return r.rows[0];
}

/**
 * Counts the package about to be made (hand_outs.packages), before the
 * snapshot: a package that then fails leaves a gap in the numbers, which
 * is harmless (the client only needs them to grow).
 */
async function nextSequence(ctx: KluisContext, database: string, adm: number): Promise<OutstandingRow> {
  const c = await ctx.engine.connect(database);
  try {
    const row = await outstandingAccountantHandOut(c);
    if (!row) throw new ToolError('CHANGES_NO_HAND_OUT', { adm: formatAdminNumber(adm) });
    const r = await c.query<{ packages: number }>(
      `update hand_outs set packages = packages + 1 where id = $1 and status = 'outstanding' returning packages`,
      [row.id],
    );
    if (!r.rows[0]) throw new ToolError('CHANGES_NO_HAND_OUT', { adm: formatAdminNumber(adm) });
    return { ...row, packages: r.rows[0].packages };
  } finally {
    await c.end();
  }
}

/** What the package holds, counted in the snapshot for its manifest. */
async function countChanges(c: pg.ClientBase): Promise<{ counts: ChangesInfo['counts']; lines: number }> {
  const rows = (
    await c.query<{ object: string; added: number; changed: number; removed: number; lines: number }>(countsQuery)
  ).rows;
  const of = (object: string) => {
    const r = rows.find((x) => x.object === object);
    return { added: r?.added ?? 0, changed: r?.changed ?? 0, removed: r?.removed ?? 0 };
  };
  return {
    counts: {
      entries: of('entry'),
      accounts: of('account'),
      relations: of('relation'),
      vatCodes: of('vat_code'),
      fiscalYears: of('fiscal_year'),
    },
    lines: rows.find((x) => x.object === 'entry')?.lines ?? 0,
  };
}

/**
 * The file's contents, read in the backup's snapshot: the manifest a backup
 * would have, narrowed to what a package is (no users, no hand-back, no
 * fiscal years: it is no backup of the administration), with the package's
 * table and its `changes` field.
 */
async function packageContents(
  snapshot: Snapshot,
  base: Manifest,
  handOut: OutstandingRow,
  adm: number,
): Promise<{ manifest: Manifest; tables: SnapshotTable[]; sources: string[] }> {
  const c = snapshot.client;
  // The package's table is dumped on this connection (the first worker's), in this transaction: no JIT
  // for statements that call a function per object (measured: seconds of compiling for a year of corrections).
  await c.query(`select set_config('jit', 'off', true)`);
  // The hand-out may have been closed between counting the package and the snapshot.
  const now = await outstandingAccountantHandOut(c);
  if (now?.id !== handOut.id) throw new ToolError('CHANGES_NO_HAND_OUT', { adm: formatAdminNumber(adm) });
  const { counts, lines } = await countChanges(c);
  const accountant =
    (
      await c.query<{ holder: string | null }>(
        `select document #>> '{licence,holder}' as holder from licences where role = 'active'`,
      )
    ).rows[0]?.holder ?? '';
  const estimatedBytes = Number(
    (await c.query<{ n: string }>('select coalesce(pg_table_size($1::regclass), 0) as n', ['change_base'])).rows[0]!.n,
  );
  const table: SnapshotTable = { name: changesTable, columns: changesColumns, estimatedBytes };
  const manifest: Manifest = {
    format: base.format,
    kluisVersion: base.kluisVersion,
    schemaVersion: base.schemaVersion,
    server: base.server,
    createdAt: base.createdAt,
    createdBy: base.createdBy,
    administration: base.administration,
    licence: base.licence,
    counts: { transactions: lines, documents: 0 },
    compression: base.compression,
    encryption: base.encryption,
    tables: [{ name: table.name, columns: table.columns, estimatedBytes }],
    changes: {
      handOut: handOut.id,
      until: handOut.until,
      sequence: handOut.packages,
      client: base.administration.identity,
      accountant,
      madeAt: base.createdAt,
      counts,
    },
  };
  return { manifest, tables: [table], sources: [copyQueryToSql(packageQuery)] };
}

/** `20261203-0.1.0-PG15-Bakkerij.ebu` → `20261203-0.1.0-PG15-Bakkerij-wijzigingen.ebu`. */
export function changesFileName(backupName: string): string {
  return backupName.replace(/\.ebu$/, '-wijzigingen.ebu');
}

/**
 * Writes the accountant's change package of `adm` (an installed copy of a
 * client's hand-out). Refused with CHANGES_NO_HAND_OUT when the books hold
 * no outstanding accountant-side hand-out. Journaled and locked as a
 * backup; not recorded in the backup history.
 */
export async function writeChanges(ctx: KluisContext, input: WriteChangesInput): Promise<ChangesResult> {
  const started = Date.now();
  // An output that cannot be written is said first, as for a backup (the repository's is checked by createBackup).
  const output = input.output;
  if (output !== undefined && output !== '-' && !isRepositoryLocation(ctx.home, output)) checkOutputTarget(output);
  const record = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), (sys) =>
    findAdministration(sys, input.adm),
  );
  // Said before a file is named or journaled: an administration that is no client's hand-out.
  const probe = await ctx.engine.connect(record.databaseName);
  try {
    if (!(await outstandingAccountantHandOut(probe)))
      throw new ToolError('CHANGES_NO_HAND_OUT', { adm: formatAdminNumber(record.number) });
  } finally {
    await probe.end();
  }
  let handOut: OutstandingRow | undefined;
  let notCarried: NotCarried[] = [];
  const result = await createBackup(ctx, {
    adm: String(record.number),
    ...(input.output !== undefined ? { output: input.output } : {}),
    ...(input.stream ? { stream: input.stream } : {}),
    ...(input.encryption ? { encryption: input.encryption } : {}),
    ...(input.scryptWorkFactor ? { scryptWorkFactor: input.scryptWorkFactor } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    recordHistory: false,
    fileName: changesFileName,
    contentsKind: 'changes',
    contents: async (snapshot, base) => {
      handOut = await nextSequence(ctx, record.databaseName, record.number);
      const contents = await packageContents(snapshot, base, handOut, record.number);
      notCarried = await readNotCarried(snapshot.client);
      return contents;
    },
  });
  const changes = result.manifest.changes!;
  return {
    location: result.location,
    sizeBytes: result.sizeBytes,
    sequence: changes.sequence,
    handOut: { id: changes.handOut, until: changes.until },
    counts: changes.counts,
    notCarried,
    seconds: (Date.now() - started) / 1000,
    manifest: result.manifest,
  };
}
