/**
 * Exporting one fiscal year of an administration as an XAF 3.2 auditfile.
 *
 * Everything is read in one read-only snapshot, with the administration
 * locked (journaled as "xaf-export") as a backup locks it. The small parts (company,
 * relations, accounts, VAT codes, periods, opening balance) are read whole;
 * the transaction lines, the bulk, come as one COPY in journal, entry and
 * line order and are written as they arrive, so memory stays flat however
 * large the year. The totals the standard puts before the lines are one
 * aggregate query first.
 *
 * This file takes the lock and writes the file (an AtomicFile: hidden
 * temporary name, fsync, linked into place); year-export.ts writes the parts
 * in order, with opening.ts, transactions.ts and line-stream.ts.
 *
 * Values the standard cannot hold are never silently broken: an identifier
 * longer than the standard allows stops the export naming it; a descriptive
 * text that is too long is shortened and reported in the result's warnings.
 */
import { once } from 'node:events';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { dropConnection } from '../../../engines/index.js';
import {
  errnoOf,
  fileErrorReason,
  fromPostgresError,
  type Localized,
  phrase,
  ToolError,
} from '../../../errors/index.js';
import { AtomicFile, atomicTempPath } from '../../../storage/atomic-write.js';
import { checkOutputTarget, newFileTarget } from '../../../storage/folders.js';
import { XafWriter } from '../../../xaf/index.js';
import { findAdministration, withSystemDb } from '../../administrations/find-administration.js';
import type { KluisContext } from '../../context.js';
import { formatAdminNumber } from '../../domain/administration-ref.js';
import { withOperation } from '../../journal/operation-journal.js';
import type { ProgressListener } from '../../progress.js';
import { type AdministrationRecord, SystemDb } from '../../system-db/system-db.js';
import { Conformer } from './conform.js';
import { exportYear } from './year-export.js';

export interface XafExportInput {
  /** Administration number or name. */
  readonly adm: string;
  readonly year: number;
  /** A file (written under a temporary name beside it and linked into place when complete) or a stream (standard output). */
  readonly output: { readonly path: string } | { readonly stream: Writable };
  /** The header's creation date; today by default. */
  readonly dateCreated?: string;
  readonly onProgress?: ProgressListener;
}

export interface XafExportResult {
  readonly adm: string;
  readonly name: string;
  readonly year: number;
  readonly path: string | null;
  readonly bytes: number;
  readonly transactions: number;
  readonly lines: number;
  readonly seconds: number;
  /** Texts shortened to fit the standard, and similar; empty when nothing was changed. */
  readonly warnings: readonly Localized[];
}

/**
 * Writes to a stream, waiting when it asks to. The stream's own failure (a
 * full disk, a reader that went away) is kept, so that it ends the export as
 * "cannot write" and is never an unhandled 'error' event.
 */
function streamSink(stream: Writable) {
  let bytes = 0;
  let failure: Error | undefined;
  stream.on('error', (err: Error) => (failure ??= err));
  return {
    get bytes() {
      return bytes;
    },
    get failure() {
      return failure;
    },
    async write(text: string): Promise<void> {
      if (failure) throw failure;
      const buffer = Buffer.from(text, 'utf8');
      bytes += buffer.length;
      if (!stream.write(buffer)) await once(stream, 'drain');
    },
  };
}

/**
 * The file to write: an existing folder, or a name ending in "/", gets
 * <number>-<year>.xaf in it. Proved writable, and refused when a file of
 * that name exists, before anything is read.
 */
function targetFile(output: XafExportInput['output'], adm: string, year: number): string | null {
  return 'path' in output ? newFileTarget(output.path, (folder) => join(folder, `${adm}-${year}.xaf`)) : null;
}

export async function exportXaf(ctx: KluisContext, input: XafExportInput): Promise<XafExportResult> {
  // An output that cannot be written is said before the server is even asked (the name in a folder needs it).
  if ('path' in input.output) checkOutputTarget(input.output.path);
  return withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), async (sys) => {
    const record = await findAdministration(sys, input.adm);
    const target = targetFile(input.output, formatAdminNumber(record.number), input.year);
    const temp = target ? atomicTempPath(target) : null;
    // Locked like a backup: nothing replaces or removes the administration while its year is read.
    return withOperation(sys, 'xaf-export', record.number, { location: target ?? '-', partial: temp }, () =>
      writeAuditfile(ctx, record, input, target, temp),
    );
  });
}

async function writeAuditfile(
  ctx: KluisContext,
  record: AdministrationRecord,
  input: XafExportInput,
  target: string | null,
  temp: string | null,
): Promise<XafExportResult> {
  const started = Date.now();
  const adm = formatAdminNumber(record.number);
  // Written under the journaled temporary name and linked into place when complete, never over a file made meanwhile.
  const file = target && temp ? AtomicFile.create(target, { replace: false, temp }) : undefined;
  const stream = file ? file.stream() : (input.output as { stream: Writable }).stream;
  const sink = streamSink(stream);
  let client: pg.Client | undefined;
  let done = false;
  try {
    client = await ctx.engine.connect(record.databaseName);
    await client.query('begin isolation level repeatable read read only');
    await client.query(`set local work_mem = '256MB'`);
    const w = new XafWriter(sink);
    const counts = await exportYear({
      c: client,
      w,
      adm,
      input,
      conformer: new Conformer(w),
      relationCodes: new Map(),
      vatPercentages: new Map(),
      periods: [],
    });
    await client.query('commit');
    await file?.commit();
    done = true;
    return {
      adm,
      name: record.name,
      year: input.year,
      path: target,
      bytes: sink.bytes,
      ...counts,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (err) {
    const written =
      sink.failure ?? (errnoOf(err) && (err as NodeJS.ErrnoException).path !== undefined ? err : undefined);
    if (written && !(err instanceof ToolError)) {
      throw new ToolError(
        'XAF_WRITE_FAILED',
        { path: target ?? phrase('STANDARD_OUTPUT'), reason: fileErrorReason(written) },
        { cause: written },
      );
    }
    throw err instanceof ToolError
      ? err
      : fromPostgresError(err, ctx.engine.name, ctx.engine.describe().target, 'query');
  } finally {
    // A COPY whose output failed is still sending: only dropping the connection ends its session.
    if (client) {
      if (done) await client.end().catch(() => undefined);
      else dropConnection(client);
    }
    if (!done) file?.abort();
  }
}
