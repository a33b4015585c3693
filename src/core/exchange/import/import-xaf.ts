/**
 * Importing an XAF 3.2 auditfile as an administration: the books of a client
 * on any package, installed under the accountant's licence and users, as a
 * client install does (accountantSide): staging database, journal, swap.
 *
 * One pass over the file, in phases, one file each under import/:
 * header.ts reads up to the company name, which the plan needs; the reader
 * (src/xaf) validates every element against the schema as it arrives;
 * loader.ts dispatches its events, checks each record with the pure checks
 * of checks.ts (keys, totals, balance, what kluis can hold), makes its row
 * (rows.ts) and streams it with COPY (copy-rows.ts). This file plans, takes
 * the locks and runs the load inside the staging-and-swap of
 * core/staging. The first fault stops everything and the staging database
 * is dropped: nothing is written where anyone sees it.
 *
 * What an auditfile holds that kluis does not model is kept as JSON beside
 * the record it belongs to (the xaf columns, xaf_subledgers), so an export
 * hands it out again. docs/XAF.md has the mapping.
 */
import { randomUUID } from 'node:crypto';
import { errnoOf, phrase, readFileError, ToolError } from '../../../errors/index.js';
import { readXaf } from '../../../xaf/index.js';
import { operations } from '../../catalog/index.js';
import { type Accountant, accountantSide, guardOpen } from '../../client/install-client.js';
import type { KluisContext } from '../../context.js';
import { adminDatabaseName, formatAdminNumber, parseAdminRef } from '../../domain/administration-ref.js';
import { countInBoth } from '../../formats.js';
import { onNextFreeNumber, retryWhenNumberTaken } from '../../journal/free-number.js';
import { resolveTarget } from '../../restore/target.js';
import { swapInFreshStaging } from '../../staging/fresh-staging.js';
import { checkPlacementInput } from '../../staging/tablespace.js';
import { SystemDb } from '../../system-db/system-db.js';
import { fallbackName, readHeader } from './header.js';
import { AuditfileLoader } from './loader.js';
import type { XafImportInput, XafImportPlan, XafImportResult } from './types.js';

export async function importXaf(ctx: KluisContext, input: XafImportInput): Promise<XafImportPlan | XafImportResult> {
  const started = Date.now();
  checkPlacementInput(ctx.engine, input, 'xaf import');
  const accountant = withinMaxUsers(await accountantSide(ctx, input, operations['xaf-import']));
  const locks = guardOpen(ctx, accountant, input.to);
  let bytes = 0;
  const figures = (): Record<string, number> =>
    input.size ? { bytes: Math.min(bytes, input.size), bytesTotal: input.size } : {};
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of fileErrorsCoded(input.source as AsyncIterable<Buffer>)) {
      bytes += chunk.length;
      if (input.size) {
        const done = Math.min(bytes, input.size);
        input.onProgress?.({ step: 'xaf-import', done, total: input.size, detail: figures() });
      }
      // Small pieces: the events of one piece are alive until they are loaded, and fewer of them outlive a young collection.
      for (let at = 0; at < chunk.length; at += 16 * 1024) yield chunk.subarray(at, at + 16 * 1024);
    }
  }
  const events = readXaf(counted(), { path: input.path })[Symbol.asyncIterator]();
  try {
    const { header, companyName, pending } = await readHeader(events, input.path);
    const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
    try {
      const fallback = fallbackName(companyName, header.fiscalYear);
      const target = await resolveTarget(ctx, sys, input.to, input.replace, fallback, (existing, overwrites) =>
        phrase('REPLACE_BY_XAF_IMPORT', {
          number: formatAdminNumber(existing.number),
          name: existing.name,
          transactions: countInBoth(overwrites.transactions),
          documents: countInBoth(overwrites.documents),
        }),
      );
      const l = accountant.licence.licence;
      const plan: XafImportPlan = {
        number: target.number,
        name: target.name,
        databaseName: adminDatabaseName(sys.name, target.number),
        overwrites: target.overwrites,
        header: {
          fiscalYear: header.fiscalYear,
          startDate: header.startDate,
          endDate: header.endDate,
          currency: header.curCode,
          software: header.softwareDesc
            ? `${header.softwareDesc}${header.softwareVersion ? ` ${header.softwareVersion}` : ''}`
            : null,
        },
        companyName,
        activeLicence: { number: l.number, holder: l.holder, registeredUser: l.registeredUser },
        users: accountant.users.map((u) => ({ userName: u.userName, fullName: u.fullName, role: u.role })),
      };
      await input.onPlan?.(plan);
      if (input.dryRun) return plan;
      const identity = target.existing?.identity ?? randomUUID();
      const swapInto = (plan: XafImportPlan) =>
        swapInFreshStaging(ctx, sys, {
          kind: 'xaf-import',
          file: input.path,
          target: plan,
          identity,
          placement: input,
          locks,
          async fill(staging, op) {
            // Read again now that the open administration is locked: what goes in is what it holds now.
            const current = withinMaxUsers(await accountantSide(ctx, input, operations['xaf-import']));
            const loaded = await new AuditfileLoader(ctx, staging, input.path, plan, identity, current, header).load(
              pending,
              events,
              (done, total) => input.onProgress?.({ step: 'finish', done, total, detail: figures() }),
            );
            await op.phase('data-loaded');
            return loaded;
          },
        });
      return await retryWhenNumberTaken(
        parseAdminRef(input.to).kind === 'name',
        plan,
        (taken) => onNextFreeNumber(sys, taken),
        async (plan) => {
          const counts = await swapInto(plan);
          return { ...plan, counts, bytes, seconds: (Date.now() - started) / 1000 };
        },
      );
    } finally {
      await sys.close();
    }
  } finally {
    await events.return?.(undefined).catch(() => undefined);
    input.source.destroy();
  }
}

/** The new administration runs under the accountant's licence: its users must fit in it. */
function withinMaxUsers(accountant: Accountant): Accountant {
  const l = accountant.licence.licence;
  if (accountant.users.length > l.maxUsers)
    throw new ToolError('LICENCE_MAX_USERS', { number: l.number, max: l.maxUsers });
  return accountant;
}

/** The chunks of a file stream; its own failure (the file vanished, a read error) as a coded error. */
async function* fileErrorsCoded(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* source;
  } catch (err) {
    const path = (err as { path?: unknown }).path;
    throw errnoOf(err) && typeof path === 'string' ? readFileError(err, path) : err;
  }
}
