/**
 * A restore's plan (nothing changes): check the manifest, resolve the target
 * and collect warnings (another administration's identity, someone else's
 * licence). The decisions are pure functions of what was read, so they are
 * tested without a server (test/unit/core/restore-plan.test.ts).
 */
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { phrase, ToolError } from '../../errors/index.js';
import type { BackupReader, DecryptionKeys, Footer, Manifest } from '../../format/index.js';
import type { SwapKind } from '../../schema/journal.js';
import { AdminDb } from '../admin-db/admin-db.js';
import { adminMigrations } from '../admin-db/admin-schema.js';
import { defaultLicence } from '../administrations/licence-files.js';
import type { KluisContext } from '../context.js';
import { adminDatabaseName, formatAdminNumber } from '../domain/administration-ref.js';
import { countInBoth, dayInBoth } from '../formats.js';
import type { LockRequest } from '../journal/operation-journal.js';
import { latestVersion } from '../migrations/migrator.js';
import type { ProgressListener } from '../progress.js';
import { checkPlacementInput } from '../staging/tablespace.js';
import type { SystemDb } from '../system-db/system-db.js';
import { type Overwrites, resolveTarget } from './target.js';

export interface RestoreInput {
  /** The file as a stream of bytes, and how to name it in messages. */
  readonly source: Readable;
  readonly path: string;
  /** A name (new administration) or a number (that number). */
  readonly to: string;
  /** Must repeat the number when it exists and will be overwritten. */
  readonly replace?: number;
  readonly keys?: DecryptionKeys;
  readonly databaseDir?: string;
  readonly serverFolder?: string;
  readonly onProgress?: ProgressListener;
  /**
   * Changes the staging database after it was loaded, checked and upgraded,
   * before it is swapped in (a client install puts the accountant's licence
   * and users in). Runs in one transaction.
   */
  readonly transform?: (client: pg.Client, plan: RestorePlan) => Promise<void>;
  /** The journal's name for the operation (default "restore"). */
  readonly operation?: SwapKind;
  /** Give the restored administration this identity instead of the backup's (a copy is a new administration). */
  readonly newIdentity?: string;
  /** Leave out the warning about someone else's licence (when that is the point, as in a client install or a copy). */
  readonly ownLicence?: boolean;
  /** Other administrations the operation reads, locked with the target until it ends (a copy's source, an open administration). */
  readonly locks?: LockRequest;
}

export type RestoreWarning =
  | { readonly code: 'DIFFERENT_IDENTITY'; readonly existing: string; readonly backup: string }
  | { readonly code: 'FOREIGN_LICENCE'; readonly holder: string; readonly number: string };

export interface RestorePlan {
  readonly number: number;
  readonly name: string;
  readonly databaseName: string;
  /** The administration that will be overwritten, if any. */
  readonly overwrites: Overwrites | null;
  readonly manifest: Manifest;
  readonly warnings: readonly RestoreWarning[];
}

export interface RestoreResult extends RestorePlan {
  readonly footer: Footer;
  readonly seconds: number;
}

/** Opens the file and works out what a restore would do, without changing anything. */
export async function planRestore(
  ctx: KluisContext,
  sys: SystemDb,
  reader: BackupReader,
  input: Omit<RestoreInput, 'source'>,
): Promise<RestorePlan> {
  const manifest = reader.manifest;
  // An accountant's change package holds changes, not an administration: it is applied, never restored.
  if (manifest.changes)
    throw new ToolError('CHANGES_IS_PACKAGE', { path: input.path, name: manifest.administration.name });
  checkSchemaSupported(manifest, input.path, latestVersion(adminMigrations));
  checkPlacementInput(ctx.engine, input);
  const warnings: RestoreWarning[] = [];
  const target = await resolveTarget(
    ctx,
    sys,
    input.to,
    input.replace,
    manifest.administration.name,
    (existing, overwrites) => {
      const warning = identityWarning(manifest, existing.identity);
      if (warning) warnings.push(warning);
      const lost = {
        number: formatAdminNumber(existing.number),
        name: existing.name,
        transactions: countInBoth(overwrites.transactions),
        documents: countInBoth(overwrites.documents),
      };
      // Handed out to the accountant: the client kept booking after the dividing date, and a whole
      // administration coming back (the accountant's hand-back, or any older backup) takes that too.
      if (overwrites.handedOutUntil)
        return phrase('REPLACE_HANDED_OUT_BY_RESTORE', { ...lost, until: dayInBoth(overwrites.handedOutUntil) });
      return phrase(warning === undefined ? 'REPLACE_BY_RESTORE' : 'REPLACE_OTHER_BY_RESTORE', lost);
    },
  );
  const { number, name, overwrites } = target;
  // Without a holder in the file there is nothing to compare: the administrations are not opened.
  const foreign =
    input.ownLicence || !manifest.licence.holder
      ? undefined
      : foreignLicenceWarning(manifest, await ownHolders(ctx, sys, manifest));
  if (foreign) warnings.push(foreign);
  return { number, name, databaseName: adminDatabaseName(sys.name, number), overwrites, manifest, warnings };
}

/** A backup made by a newer kluis has a schema this one cannot load. */
export function checkSchemaSupported(manifest: Manifest, path: string, supported: number): void {
  if (manifest.schemaVersion > supported)
    throw new ToolError('BACKUP_SCHEMA_TOO_NEW', { path, found: manifest.schemaVersion, supported });
}

/** Overwriting an administration with a backup of another one is allowed, with a warning. */
export function identityWarning(manifest: Manifest, existingIdentity: string): RestoreWarning | undefined {
  if (existingIdentity === manifest.administration.identity) return undefined;
  return { code: 'DIFFERENT_IDENTITY', existing: existingIdentity, backup: manifest.administration.identity };
}

/**
 * A backup whose licence holder is not this installation's (its default
 * licence or, without one, the licences its administrations run under) is
 * probably a client's: wizard action 4 is meant. That holds for a hand-back
 * too (it carries the client's licence): restored plainly at the
 * accountant's, nobody there could sign in to it; the client, whose
 * installation's licence is the one in the file, is not warned. A fresh
 * installation has nothing to compare with and does not warn.
 */
export function foreignLicenceWarning(manifest: Manifest, own: ReadonlySet<string>): RestoreWarning | undefined {
  if (!manifest.licence.holder) return undefined;
  if (own.size === 0 || own.has(manifest.licence.holder)) return undefined;
  return { code: 'FOREIGN_LICENCE', holder: manifest.licence.holder, number: manifest.licence.number };
}

/**
 * The licence holders this installation counts as its own, as far as the
 * warning needs them: reading stops at the file's own holder. Each
 * administration read is a connection of its own (a restore on a server of
 * a hundred administrations opened all of them), so the one the file is a
 * backup of is read first.
 */
async function ownHolders(ctx: KluisContext, sys: SystemDb, manifest: Manifest): Promise<ReadonlySet<string>> {
  const own = new Set<string>();
  try {
    const holder = defaultLicence(ctx)?.document.licence.holder;
    if (holder) own.add(holder);
  } catch {
    // an unreadable default licence says nothing about ownership
  }
  // The installation's own licence decides when there is one; without it the
  // licences its administrations run under stand in.
  const identity = manifest.administration.identity;
  const records =
    own.size > 0
      ? []
      : (await sys.list())
          .sort((a, b) => Number(b.identity === identity) - Number(a.identity === identity))
          .slice(0, 100);
  for (const record of records) {
    if (own.has(manifest.licence.holder)) break;
    try {
      const db = await AdminDb.open(ctx.engine, record.databaseName);
      try {
        const holder = (await db.licence('active'))?.licence.holder;
        if (holder) own.add(holder);
      } finally {
        await db.close();
      }
    } catch {
      // a broken administration is recover's business, not this warning's
    }
  }
  return own;
}
