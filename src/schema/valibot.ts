/**
 * valibot, loaded on first use. The schema modules declare their schemas
 * inside functions that run on the first parse, and valibot itself is only
 * required then, so a command that reads no outside JSON (`kluis --version`,
 * `--help`) loads none of it. Synchronous on purpose: config, secret-store
 * and lock-file readers are synchronous. The CommonJS build is the same code
 * as the ES module one; the types come from the package as usual.
 */
import { createRequire } from 'node:module';
import type * as V from 'valibot';

export type Valibot = typeof V;

let loaded: Valibot | undefined;

export function valibot(): Valibot {
  loaded ??= createRequire(import.meta.url)('valibot') as Valibot;
  return loaded;
}

/**
 * What code sees of an object with these entries: its known fields. The
 * schemas that parse are loose objects (unknown fields kept, untyped); this
 * is their type without the index signature.
 */
export type Known<E extends V.ObjectEntries> = Readonly<V.InferOutput<V.ObjectSchema<E, undefined>>>;

/** A schema declared on its first use (see above), the same object afterwards. */
export function lazySchema<S>(declare: (v: Valibot) => S): () => S {
  let schema: S | undefined;
  return () => {
    schema ??= declare(valibot());
    return schema;
  };
}
