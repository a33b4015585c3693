/**
 * What a lock file says about its holder (storage/lock-file.ts). The schema
 * is the type; a holder that does not pass it is read as no holder, which
 * the lock treats as a half-written file.
 */
import type * as V from 'valibot';
import { lazySchema, type Valibot } from './valibot.js';

function declareLockHolder(v: Valibot) {
  const text = v.pipe(v.string(), v.maxLength(1000));
  return v.object({
    host: text,
    pid: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
    processStart: v.optional(text),
    operation: text,
    since: text,
  });
}

export const lockHolderSchema = lazySchema(declareLockHolder);

export type LockHolder = Readonly<V.InferOutput<ReturnType<typeof declareLockHolder>>>;
