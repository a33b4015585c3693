/**
 * An operation that makes a new administration picks the lowest free number
 * when it plans, but another operation may take that number before this one
 * locks it. Create, restore, copy and XAF import then plan again with the
 * next free number, a bounded number of times.
 */
import { ToolError } from '../../errors/index.js';
import { adminDatabaseName } from '../domain/administration-ref.js';
import type { SystemDb } from '../system-db/system-db.js';
import { freeNumberAttempts, numberTakenMeanwhile } from './operation-journal.js';

/**
 * Runs `run` on `plan`; when the number was chosen (not given) and someone
 * took it meanwhile, runs it again on `replan`'s plan.
 */
export async function retryWhenNumberTaken<P extends { readonly number: number }, R>(
  numberChosen: boolean,
  plan: P,
  replan: (taken: P) => Promise<P>,
  run: (plan: P) => Promise<R>,
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(plan);
    } catch (err) {
      if (!numberChosen || attempt >= freeNumberAttempts || !numberTakenMeanwhile(err, plan.number)) throw err;
      plan = await replan(plan);
    }
  }
}

/** The plan moved to the lowest number that is free now. */
export async function onNextFreeNumber<P extends { readonly number: number; readonly databaseName: string }>(
  sys: SystemDb,
  plan: P,
): Promise<P> {
  const free = await sys.nextFreeNumber();
  if (free === undefined) throw new ToolError('ADMIN_NUMBERS_EXHAUSTED');
  return { ...plan, number: free, databaseName: adminDatabaseName(sys.name, free) };
}
