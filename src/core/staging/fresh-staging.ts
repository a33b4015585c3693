/**
 * The swap of restore and XAF import: a new, empty staging database, placed
 * in the chosen database directory when there is one, filled by the
 * operation, then swapped in (swap.ts). Copy by template and client install
 * make their staging database otherwise.
 */
import type { SwapKind } from '../../schema/journal.js';
import type { KluisContext } from '../context.js';
import type { LockRequest, Operation } from '../journal/operation-journal.js';
import type { SystemDb } from '../system-db/system-db.js';
import { buildAndSwap } from './swap.js';
import { type PlacementInput, preparePlacement } from './tablespace.js';

export interface FreshStaging<T> {
  /** The journal's name for the operation. */
  readonly kind: SwapKind;
  /** The file the data comes from (journaled). */
  readonly file: string;
  readonly target: {
    readonly number: number;
    readonly name: string;
    readonly databaseName: string;
    /** What an existing administration loses, or null for a new one. */
    readonly overwrites: object | null;
  };
  readonly identity: string;
  readonly placement: PlacementInput;
  readonly locks?: LockRequest | undefined;
  /** Loads the staging database and records "data-loaded" once the data is in. */
  fill(staging: string, op: Operation<SwapKind>): Promise<T>;
}

export function swapInFreshStaging<T>(ctx: KluisContext, sys: SystemDb, build: FreshStaging<T>): Promise<T> {
  const { target } = build;
  const swapTarget = {
    number: target.number,
    name: target.name,
    databaseName: target.databaseName,
    identity: build.identity,
    overwrites: target.overwrites !== null,
  };
  return buildAndSwap(
    ctx,
    sys,
    build.kind,
    swapTarget,
    { file: build.file },
    async (staging, op) => {
      const placement = await preparePlacement(ctx.engine, build.placement);
      await op.phase('planned', { staging, tablespace: placement?.tablespace ?? null });
      await ctx.engine.createDatabase(staging, placement ? { tablespace: placement.tablespace } : {});
      await op.phase('staging-created');
      const result = await build.fill(staging, op);
      return {
        result,
        placed: { directory: placement?.directory ?? null, tablespace: placement?.tablespace ?? null },
      };
    },
    build.locks,
  );
}
