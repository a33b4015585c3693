/**
 * The plan each operation records in the journal (core/journal) before it
 * touches anything, per kind of operation: the schema is the type. Recover
 * reads these plans back after a crash to decide what to undo or finish and
 * what to remove, so a plan is checked before it is acted on: the journal
 * lives in a database anyone with access can edit. Unknown fields are kept
 * (a newer kluis may record more).
 */
import type * as V from 'valibot';
import { count, printable } from './common.js';
import { lazySchema, type Valibot } from './valibot.js';

/** The operations that build a staging database and swap it in (core/staging/swap.ts). */
export const swapKinds = ['restore', 'client-install', 'copy', 'xaf-import'] as const;
export type SwapKind = (typeof swapKinds)[number];

export const operationKinds = [
  'admin-create',
  'admin-delete',
  'backup',
  'xaf-export',
  'cloud-prepare',
  'licence-import-client',
  'user-change',
  'prune',
  'hand-out',
  'hand-out-cancel',
  'client-apply',
  ...swapKinds,
] as const;
export type OperationKind = (typeof operationKinds)[number];

export const isOperationKind = (kind: string): kind is OperationKind =>
  (operationKinds as readonly string[]).includes(kind);

function declarePlans(v: Valibot) {
  const number = v.pipe(count(v), v.minValue(1), v.maxValue(999));
  const name = printable(v, 1, 200);
  const identity = v.pipe(v.string(), v.regex(/^[0-9a-f-]{1,64}$/i));
  /** A PostgreSQL identifier is at most 63 bytes, so at most 63 characters. */
  const database = printable(v, 1, 63);
  /** A file or folder name kluis chose or was given; '-' is standard output. */
  const path = v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(4096),
    v.check((s) => !s.includes('\0')),
  );
  const uuid = v.pipe(v.string(), v.uuid());
  /** A calendar day, YYYY-MM-DD. */
  const day = v.pipe(v.string(), v.isoDate());
  /** The temporary name a file is written under until it is complete; null when there is no file. */
  const partial = v.nullable(path);
  const swap = v.looseObject({
    number,
    name,
    /** Absent in the journals of kluis versions that derived it from the number. */
    databaseName: v.optional(database),
    identity,
    overwrites: v.boolean(),
    /** The backup or auditfile read (restore, client install, XAF import, a copy through a backup). */
    file: v.optional(path),
    /** The administration a copy reads, and how. */
    source: v.optional(number),
    method: v.optional(printable(v, 1, 40)),
    /** Recorded at "planned": the staging database and its tablespace. */
    staging: v.optional(database),
    tablespace: v.optional(v.nullable(database)),
    /** Recorded at "checked": where the new database lives. */
    directory: v.optional(v.nullable(path)),
  });
  return {
    'admin-create': v.looseObject({
      number,
      name,
      databaseName: v.optional(database),
      identity,
      licenceNumber: printable(v, 0, 10_000),
      users: v.pipe(v.array(printable(v, 1, 200)), v.maxLength(10_000), v.readonly()),
    }),
    'admin-delete': v.looseObject({ number, name, database }),
    /** `contents` says what the file holds when it is no backup: a change package (kluis client changes). */
    backup: v.looseObject({ location: path, partial, contents: v.optional(v.picklist(['changes'])) }),
    'xaf-export': v.looseObject({ location: path, partial }),
    'cloud-prepare': v.looseObject({ database, number }),
    'licence-import-client': v.looseObject({ licence: printable(v, 0, 10_000) }),
    /** One change to an administration's users, made in one transaction: nothing to undo or finish. */
    'user-change': v.looseObject({ change: printable(v, 1, 40), user: printable(v, 1, 200) }),
    /**
     * Prune decided in full before removing anything: the repository and
     * every file it lets go. Recover finishes the removals, so only names of
     * backup files in that repository pass (no folders, nothing hidden).
     */
    prune: v.looseObject({
      repository: path,
      remove: v.pipe(
        v.array(
          v.object({
            name: v.pipe(printable(v, 5, 255), v.regex(/^[^./\\][^/\\]*\.ebu$/)),
            location: path,
          }),
        ),
        v.maxLength(1_000_000),
        v.readonly(),
      ),
    }),
    /**
     * A hand-out (kluis client hand-out): the outstanding row it records in
     * the client's books (`handOut`, its id) and the backup it makes of them,
     * written like a backup's. Recover removes the row when the file was not
     * complete, and keeps it with the file when it was.
     */
    'hand-out': v.looseObject({ handOut: uuid, until: day, location: path, partial }),
    /** Withdrawing a hand-out: one transaction on the client's books, nothing to undo or finish. */
    'hand-out-cancel': v.looseObject({ handOut: uuid }),
    /**
     * Applying an accountant's change package (kluis client apply): one
     * transaction on the client's books. Recover reads the hand-out's row:
     * applied with this package means done, anything else rolled back.
     */
    'client-apply': v.looseObject({
      handOut: identity,
      sequence: v.pipe(count(v), v.minValue(1)),
      file: path,
      dryRun: v.boolean(),
    }),
    restore: swap,
    'client-install': swap,
    copy: swap,
    'xaf-import': swap,
  } satisfies Record<OperationKind, V.GenericSchema>;
}

export const planSchemas = lazySchema(declarePlans);

type Plans = ReturnType<typeof declarePlans>;

/** What an operation of kind `K` records in the journal. */
export type PlanOf<K extends OperationKind> = Readonly<V.InferOutput<Plans[K]>>;

/** A journal entry read back: its kind and its plan, checked, as one type that a switch on `kind` narrows. */
export type JournalEntry = { [K in OperationKind]: { readonly kind: K; readonly plan: PlanOf<K> } }[OperationKind];
