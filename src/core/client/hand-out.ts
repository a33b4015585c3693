/**
 * Handing the books out to the accountant with a dividing date
 * (*afsluitdatum*), issue 22: `kluis client hand-out <adm> --until D`.
 *
 * One journaled operation (kind `hand-out`, the administration locked
 * throughout): it records an outstanding hand-out in the client's own books
 * (`hand_outs`, side client), then makes the backup for the accountant with
 * the ordinary createBackup, which carries that row and names it in its
 * manifest (`handOut`). From then on the administration's guard (schema 5)
 * refuses the client's bookings dated on or before the dividing date, and
 * the client keeps booking after it. Interrupted before the file is
 * complete, recover removes the row and the partial file; after, it keeps
 * both (core/recover/interrupted.ts).
 *
 * `cancelHandOut` withdraws an outstanding hand-out (typed confirmation,
 * like admin delete), `handOutStatus` says what the books hold.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { ToolError } from '../../errors/index.js';
import { checkNewPassphrase, type EncryptionKeys } from '../../format/index.js';
import { checkOutputTarget } from '../../storage/folders.js';
import { adminMigrations } from '../admin-db/admin-schema.js';
import {
  type HandOutInfo,
  type HandOutRow,
  handOutColumns,
  hasHandOuts,
  infoOf,
  readHandOut,
  removeHandOut,
} from '../admin-db/hand-outs.js';
import { findAdministration, withSystemDb } from '../administrations/find-administration.js';
import { type BackupResult, createBackup } from '../backup/create-backup.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import { parseHandOutDate } from '../domain/dividing-date.js';
import { dayInBoth, formatDateTime } from '../formats.js';
import { assertAvailable, beginOperation, withOperation } from '../journal/operation-journal.js';
import { migrate } from '../migrations/migrator.js';
import type { ProgressListener } from '../progress.js';
import { isRepositoryLocation } from '../repositories/index.js';
import { type AdministrationRecord, SystemDb } from '../system-db/system-db.js';

export interface HandOutInput {
  /** Administration number or name. */
  readonly adm: string;
  /** The dividing date: YYYY-MM-DD or DD-MM-YYYY. */
  readonly until: string;
  /** As createBackup's: a file, a folder, a repository, or "-" (then `stream`). Default: the backup folder. */
  readonly output?: string;
  readonly stream?: Writable;
  /** Encryption for the accountant: a passphrase or their public key(s). */
  readonly encryption?: EncryptionKeys;
  /** Who hands out (the signed-in user, or this computer's account); recorded as made_by. */
  readonly madeBy?: string;
  readonly onProgress?: ProgressListener;
  readonly scryptWorkFactor?: number;
}

export interface HandOutResult extends BackupResult {
  /** The administration number, 3 digits. */
  readonly adm: string;
  readonly name: string;
  readonly handOut: HandOutInfo;
}

export interface CancelHandOutInput {
  readonly adm: string;
  /** The administration's number, typed as confirmation; undefined = not asked yet (CONFIRMATION_REQUIRED). */
  readonly confirm: number | undefined;
  /** Who withdraws it (recorded as closed_by and in the audit log). */
  readonly by?: string;
}

export interface CancelHandOutResult {
  readonly adm: string;
  readonly name: string;
  readonly handOut: HandOutInfo;
}

/** This computer's account, for who handed out or withdrew on the command line. */
function thisAccount(): string {
  try {
    return userInfo().username || 'kluis';
  } catch {
    return 'kluis';
  }
}

/** The outstanding hand-out, if any. */
async function outstandingOf(c: pg.ClientBase): Promise<HandOutInfo | undefined> {
  const h = await readHandOut(c);
  return h?.status === 'outstanding' ? h : undefined;
}

/** The administration's hand-out (outstanding, else the latest; see readHandOut); undefined when it never had one. */
export async function handOutStatus(ctx: KluisContext, adm: string): Promise<HandOutInfo | undefined> {
  const record = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), (sys) =>
    findAdministration(sys, adm),
  );
  return withAdminClient(ctx, record, readHandOut);
}

/**
 * The outstanding hand-out of every administration on the server that has
 * one (admin list's flag, the wizard's welcome page): each database asked
 * once, a few at a time. An administration that cannot be read now (its
 * database missing, an operation under way) is left out; admin show says why.
 */
export async function outstandingHandOuts(ctx: KluisContext): Promise<Map<number, HandOutInfo>> {
  const records = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), (sys) => sys.list());
  const found = new Map<number, HandOutInfo>();
  const queue = records.filter((r) => r.status === 'ready');
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      const record = r;
      const h = await withAdminClient(ctx, record, outstandingOf).catch(() => undefined);
      if (h) found.set(record.number, h);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return found;
}

async function withAdminClient<T>(
  ctx: KluisContext,
  record: AdministrationRecord,
  fn: (c: pg.Client) => Promise<T>,
): Promise<T> {
  const c = await ctx.engine.connect(record.databaseName);
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * A client install on the accountant's side (a client's licence remembered,
 * or the hand-out it came from outstanding there): the client hands out and
 * withdraws, not the accountant.
 */
async function refuseAccountantSide(c: pg.ClientBase, adm: string): Promise<void> {
  const clientLicence = (await c.query(`select 1 from licences where role = 'client'`)).rowCount! > 0;
  const received = (await hasHandOuts(c))
    ? (await c.query(`select 1 from hand_outs where side = 'accountant' and status = 'outstanding'`)).rowCount! > 0
    : false;
  if (clientLicence || received) throw new ToolError('HAND_OUT_ACCOUNTANT_SIDE', { adm });
}

function outstandingError(adm: string, h: HandOutInfo): ToolError {
  return new ToolError('HAND_OUT_OUTSTANDING', {
    adm,
    until: dayInBoth(h.until),
    madeAt: { nl: formatDateTime(h.madeAt, 'nl'), en: formatDateTime(h.madeAt, 'en') },
    madeBy: h.madeBy,
  });
}

/** What refuses a hand-out of these books: the accountant's side, or one outstanding already. */
async function refuseHandOut(c: pg.ClientBase, adm: string): Promise<void> {
  await refuseAccountantSide(c, adm);
  const outstanding = await outstandingOf(c);
  if (outstanding) throw outstandingError(adm, outstanding);
}

/**
 * Hands the administration out to the accountant up to `until`: records the
 * outstanding hand-out and makes the backup that carries it, as one
 * journaled operation. Refused, with nothing changed, for a date that is no
 * date, a hand-out outstanding already, and a client install on the
 * accountant's side.
 */
export async function handOut(ctx: KluisContext, input: HandOutInput): Promise<HandOutResult> {
  const until = parseHandOutDate(input.until);
  if (input.encryption?.passphrase !== undefined) checkNewPassphrase(input.encryption.passphrase);
  // A file that cannot be written is said before the server is asked, as for any backup (a repository
  // is proved writable by createBackup, before anything is journaled).
  const output = input.output;
  if (output !== undefined && output !== '-' && !isRepositoryLocation(ctx.home, output)) checkOutputTarget(output);
  const madeBy = input.madeBy ?? thisAccount();
  const id = randomUUID();
  // Said before anything is journaled or written (and again under the lock, where it counts). An
  // interrupted operation first: a hand-out killed half-way left a row that only recover may judge.
  const record = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), async (sys) => {
    const found = await findAdministration(sys, input.adm);
    await assertAvailable(sys, found.number);
    return found;
  });
  const adm = formatAdminNumber(record.number);
  await withAdminClient(ctx, record, (c) => refuseHandOut(c, adm));
  let recorded: HandOutInfo | undefined;
  const result = await createBackup(ctx, {
    adm: String(record.number),
    ...(input.output !== undefined ? { output: input.output } : {}),
    ...(input.stream ? { stream: input.stream } : {}),
    ...(input.encryption ? { encryption: input.encryption } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...(input.scryptWorkFactor ? { scryptWorkFactor: input.scryptWorkFactor } : {}),
    within: {
      begin: (sys, r, target) => beginOperation(sys, 'hand-out', r.number, { handOut: id, until, ...target }),
      prepare: async (op, r) => {
        recorded = await withAdminClient(ctx, r, (c) => recordHandOut(c, r, { id, until, madeBy }));
        await op.phase('recorded');
      },
      undo: (r) => withAdminClient(ctx, r, (c) => removeHandOut(c, id)),
    },
  });
  return { ...result, adm, name: record.name, handOut: recorded! };
}

/** Inserts the outstanding row (the schema upgraded first), refusing under the lock what the check before refused. */
async function recordHandOut(
  c: pg.Client,
  record: AdministrationRecord,
  h: { id: string; until: string; madeBy: string },
): Promise<HandOutInfo> {
  const adm = formatAdminNumber(record.number);
  // An administration of an older kluis gets the hand-out tables and the guard first.
  await migrate(c, adminMigrations, record.databaseName);
  await c.query('begin');
  try {
    await refuseHandOut(c, adm);
    const r = await c.query<HandOutRow>(
      `insert into hand_outs (id, until, side, status, made_by) values ($1, $2, 'client', 'outstanding', $3)
       returning ${handOutColumns}`,
      [h.id, h.until, h.madeBy],
    );
    // The row is its own record (who, when); no audit row, so a hand-out undone leaves the books exactly as they were.
    await c.query('commit');
    return infoOf(r.rows[0]!);
  } catch (err) {
    await c.query('rollback').catch(() => undefined);
    throw err;
  }
}

/**
 * Withdraws the outstanding hand-out of the client's books: its status
 * becomes cancelled (the guard lets every date through again), with who and
 * when, and an audit log row. Needs the administration's number typed as
 * confirmation; a change package answering it is refused from then on.
 */
export async function cancelHandOut(ctx: KluisContext, input: CancelHandOutInput): Promise<CancelHandOutResult> {
  const by = input.by ?? thisAccount();
  return withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), async (sys) => {
    const record = await findAdministration(sys, input.adm);
    const adm = formatAdminNumber(record.number);
    await assertAvailable(sys, record.number);
    const outstanding = await withAdminClient(ctx, record, async (c) => {
      await refuseAccountantSide(c, adm);
      return outstandingOf(c);
    });
    if (!outstanding) throw new ToolError('HAND_OUT_NONE', { adm });
    // No number is a question still to ask; another number is a wrong answer (as admin delete).
    if (input.confirm === undefined)
      throw new ToolError('CONFIRMATION_REQUIRED', {
        what: {
          nl: `Het intrekken van de uitlevering van administratie ${adm} "${record.name}"`,
          en: `Withdrawing the hand-out of administration ${adm} "${record.name}"`,
        },
        flag: `--confirm ${adm}`,
      });
    if (input.confirm !== record.number) throw new ToolError('CONFIRMATION_MISMATCH', { expected: adm });
    const handOut = await withOperation(sys, 'hand-out-cancel', record.number, { handOut: outstanding.id }, () =>
      withAdminClient(ctx, record, async (c) => {
        await c.query('begin');
        try {
          await refuseAccountantSide(c, adm);
          const r = await c.query<HandOutRow>(
            `update hand_outs set status = 'cancelled', closed_at = now(), closed_by = $2
              where id = $1 and status = 'outstanding' returning ${handOutColumns}`,
            [outstanding.id, by],
          );
          // Another process withdrew it (or its package was applied) between the look and the lock.
          if (!r.rows[0]) throw new ToolError('HAND_OUT_NONE', { adm });
          await c.query(
            `insert into audit_log (user_name, action, object, details) values ($1, 'hand-out.cancelled', 'administration', $2)`,
            [by, JSON.stringify({ handOut: outstanding.id, until: outstanding.until, madeAt: outstanding.madeAt })],
          );
          await c.query('commit');
          return infoOf(r.rows[0]);
        } catch (err) {
          await c.query('rollback').catch(() => undefined);
          throw err;
        }
      }),
    );
    return { adm, name: record.name, handOut };
  });
}
export { type HandOutInfo, readHandOut, removeHandOut } from '../admin-db/hand-outs.js';
export { parseHandOutDate };
