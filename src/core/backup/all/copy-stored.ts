/**
 * A finished backup copied from one repository into another, and a stored
 * backup read back and checked. A copy is journaled as a backup of the
 * administration (plan: where it goes, and the temporary name or upload it
 * is written under), so a copy cut off half-way is cleaned up by recover
 * exactly as an interrupted backup is, and a finished one is recorded in
 * the history as one more place the backup exists.
 */
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { errnoOf, fileErrorReason, ToolError } from '../../../errors/index.js';
import type { Footer, Manifest } from '../../../format/index.js';
import type { PendingObject, Repository } from '../../../repository/index.js';
import { formatAdminNumber } from '../../domain/administration-ref.js';
import { beginOperation, type Operation } from '../../journal/operation-journal.js';
import type { SystemDb } from '../../system-db/system-db.js';
import { type VerifyResult, verifyBackup } from '../inspect-backup.js';
import { lockBackoff } from './work-queue.js';

export interface StoredBackup {
  readonly repository: Repository;
  readonly name: string;
  readonly manifest: Manifest;
  readonly footer: Footer;
  readonly sizeBytes: number;
  readonly encrypted: boolean;
}

/** Journals a copy of `number`, waiting (within `budgetMs`) while another operation holds it. */
async function journalCopy(
  sys: SystemDb,
  number: number,
  plan: { location: string; partial: string },
  budgetMs: number,
): Promise<Operation<'backup'>> {
  const started = Date.now();
  for (let tries = 0; ; tries++) {
    try {
      return await beginOperation(sys, 'backup', number, plan);
    } catch (err) {
      const delay = lockBackoff(tries, Date.now() - started, budgetMs);
      if (!(err instanceof ToolError && err.code === 'ADMIN_IN_USE') || delay === undefined) throw err;
      await sleep(delay);
    }
  }
}

/**
 * The name the copy gets in `target`: the source's, or, when the target
 * already has a file of that name (another history: a prune there kept a
 * file the first destination let go), the next free "-2", "-3" … as
 * createBackup names a second backup of a day. Never over an existing file.
 */
async function freeNameIn(target: Repository, name: string): Promise<string> {
  if ((await target.stat(name)) === undefined) return name;
  const base = name.replace(/(-\d+)?\.ebu$/, '');
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}.ebu`;
    if (candidate !== name && (await target.stat(candidate)) === undefined) return candidate;
  }
}

/** Copies `source` into `target` under the same name (or the next free one there); returns its location there. */
export async function copyStored(
  sys: SystemDb,
  number: number,
  source: StoredBackup,
  target: Repository,
  lockBudgetMs: number,
): Promise<string> {
  const name = await freeNameIn(target, source.name);
  const location = target.locationOf(name);
  let op: Operation<'backup'> | undefined;
  // Journaled before anything exists where the copy is written, so recover always knows what to clean up.
  let pending: PendingObject;
  try {
    pending = await target.create(name, {
      journal: async (partial) => {
        op = await journalCopy(sys, number, { location, partial }, lockBudgetMs);
      },
    });
  } catch (err) {
    throw op ? await op.abandon(copyFailure(err, location), async () => undefined) : err;
  }
  if (!op) throw new Error('the repository did not journal the copy');
  try {
    await pipeline(source.repository.read(source.name), pending.stream);
    await pending.commit();
    await op.phase('written');
    await sys.recordBackup({
      number,
      manifest: source.manifest,
      location,
      sizeBytes: source.sizeBytes,
      details: {
        format: source.manifest.format,
        kluisVersion: source.manifest.kluisVersion,
        server: source.manifest.server,
        encrypted: source.encrypted,
        rawBytes: source.footer.rawBytes,
        adm: formatAdminNumber(number),
        copiedFrom: source.repository.locationOf(source.name),
      },
    });
    await op.finish();
    return location;
  } catch (err) {
    await pending.abort(err instanceof Error ? err : undefined);
    throw await op.abandon(copyFailure(err, location), async () => undefined);
  }
}

/** A copy that could not be written, as the person should hear it: the repository's own coded error, or the file's. */
function copyFailure(err: unknown, location: string): unknown {
  if (err instanceof ToolError || !errnoOf(err)) return err;
  return new ToolError('BACKUP_WRITE_FAILED', { path: location, reason: fileErrorReason(err) }, { cause: err });
}

/** Reads a stored backup back from its repository and checks every checksum. */
export function verifyStored(repository: Repository, name: string): Promise<VerifyResult> {
  return verifyBackup(repository.read(name), repository.locationOf(name));
}
