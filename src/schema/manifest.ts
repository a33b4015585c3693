/**
 * The manifest and footer of a backup file (FORMAT.md sections 6 and 7):
 * the schema is the type. A manifest is read before anything else; its
 * words reach lists, plans and terminals and its table and column names
 * reach SQL (quoted), so every field must have the type and shape FORMAT.md
 * gives it, whoever wrote the file (a forger can recompute the chain).
 * Unknown fields are dropped (FORMAT.md section 10: readers ignore them).
 */
import type * as V from 'valibot';
import { count, everyString, printable, sqlName, unprintable } from './common.js';
import { lazySchema, type Valibot } from './valibot.js';

/** Every string field of a manifest reaches a terminal somewhere. */
const text = (v: Valibot, min = 0) => printable(v, min, 10_000);

function declareTableStats(v: Valibot) {
  return v.object({ rows: count(v), rawBytes: count(v), storedBytes: count(v), frames: count(v) });
}

function declareManifest(v: Valibot) {
  const list = <S extends V.GenericSchema>(item: S, max: number) =>
    v.pipe(v.array(item), v.maxLength(max), v.readonly());
  const column = v.object({ name: sqlName(v), type: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9 (),]{0,62}$/)) });
  const table = v.object({
    name: sqlName(v),
    columns: v.pipe(v.array(column), v.minLength(1), v.maxLength(1600), v.readonly()),
    // Files of the first kluis versions had no estimate; it only steers the progress bar.
    estimatedBytes: v.optional(count(v), 0),
  });
  const handBack = v.object({ client: text(v), accountant: text(v), removedUsers: list(text(v), 10_000) });
  const user = v.object({ userName: text(v), fullName: text(v), role: text(v), active: v.boolean() });
  // A calendar date that exists (2025-02-30 does not): the bewaarplicht counts from it.
  const date = v.pipe(
    v.string(),
    v.regex(/^\d{4}-\d{2}-\d{2}$/),
    v.check(
      (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    ),
  );
  /**
   * The outstanding hand-out the file carries (kluis client hand-out): the
   * client's books up to and including `until` go to the accountant.
   */
  const handOut = v.object({
    id: v.pipe(v.string(), v.uuid()),
    until: date,
    madeAt: text(v, 1),
  });
  /**
   * A change package (kluis client changes): the accountant's changes since a
   * client's hand-out, for that client's administration (its identity) and
   * that hand-out; `sequence` counts the packages made for the hand-out.
   */
  const objectCounts = v.object({ added: count(v), changed: count(v), removed: count(v) });
  const changes = v.object({
    handOut: v.pipe(v.string(), v.uuid()),
    until: date,
    sequence: v.pipe(count(v), v.minValue(1)),
    /** The client administration's identity, as `administration.identity` is written. */
    client: v.pipe(v.string(), v.regex(/^[0-9a-f-]{1,64}$/i)),
    accountant: text(v),
    madeAt: text(v),
    counts: v.object({
      entries: objectCounts,
      accounts: objectCounts,
      relations: objectCounts,
      vatCodes: objectCounts,
      fiscalYears: objectCounts,
    }),
  });
  const fiscalYear = v.object({
    year: v.pipe(count(v), v.minValue(1), v.maxValue(9999)),
    closed: v.boolean(),
    end: date,
  });
  return v.object({
    format: v.number(),
    kluisVersion: text(v),
    schemaVersion: v.pipe(count(v), v.minValue(1)),
    server: v.object({
      version: text(v),
      versionNum: count(v),
      engine: v.picklist(['embedded', 'server']),
    }),
    createdAt: text(v),
    createdBy: v.object({ user: text(v), host: text(v) }),
    administration: v.object({
      number: v.pipe(count(v), v.minValue(1), v.maxValue(999)),
      name: printable(v, 1, 200),
      identity: v.pipe(v.string(), v.regex(/^[0-9a-f-]{1,64}$/i)),
    }),
    licence: v.object({
      number: text(v),
      holder: text(v),
      registeredUser: text(v),
      articles: list(text(v), 1000),
    }),
    counts: v.object({ transactions: count(v), documents: count(v) }),
    compression: v.object({ codec: v.literal('zstd'), level: v.pipe(v.number(), v.integer()) }),
    encryption: v.nullable(
      v.object({ scheme: v.literal('age'), recipients: list(v.picklist(['x25519', 'scrypt']), 1000) }),
    ),
    tables: v.pipe(
      v.array(table),
      v.minLength(1),
      v.maxLength(1000),
      v.check((tables) => new Set(tables.map((t) => t.name)).size === tables.length),
      v.readonly(),
    ),
    handBack: v.optional(handBack),
    handOut: v.optional(handOut),
    users: v.optional(list(user, 100_000)),
    /** Set in a change package, which holds the accountant's changes instead of an administration (FORMAT.md 6.1). */
    changes: v.optional(changes),
    /** The administration's fiscal years at the snapshot; absent in files of kluis versions before it was recorded. */
    fiscalYears: v.optional(
      v.pipe(
        v.array(fiscalYear),
        v.maxLength(1000),
        v.check((years) => new Set(years.map((y) => y.year)).size === years.length),
        v.readonly(),
      ),
    ),
  });
}

function declareFooter(v: Valibot) {
  return v.object({
    tables: v.pipe(
      v.array(v.object({ ...declareTableStats(v).entries, name: sqlName(v) })),
      v.maxLength(1000),
      v.readonly(),
    ),
    rawBytes: count(v),
    storedBytes: count(v),
  });
}

export const manifestSchema = lazySchema(declareManifest);
export const footerSchema = lazySchema(declareFooter);
export const tableStatsSchema = lazySchema(declareTableStats);

export type Manifest = Readonly<V.InferOutput<ReturnType<typeof declareManifest>>>;
export type TableInfo = Manifest['tables'][number];
export type ColumnInfo = TableInfo['columns'][number];
export type HandBack = NonNullable<Manifest['handBack']>;
export type ManifestHandOut = NonNullable<Manifest['handOut']>;
export type ChangesInfo = NonNullable<Manifest['changes']>;
export type ManifestFiscalYear = NonNullable<Manifest['fiscalYears']>[number];
export type Footer = Readonly<V.InferOutput<ReturnType<typeof declareFooter>>>;
export type TableStats = Readonly<V.InferOutput<ReturnType<typeof declareTableStats>>>;

/**
 * No string anywhere in a manifest, unknown fields and keys included, longer
 * than 10,000 characters or with a control character or a bidirectional
 * override, and nothing nested deeper than 8 (FORMAT.md section 6).
 */
export const printableEverywhere = (x: unknown): boolean =>
  everyString(x, (s) => s.length <= 10_000 && !unprintable.test(s), 8);
