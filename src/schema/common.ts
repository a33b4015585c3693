/**
 * Building blocks the schemas share, and the one way to run one: `parseWith`
 * returns the typed value or the caller's own typed error. A valibot message
 * never reaches a person; the caller's error says, in nl and en, what is wrong.
 */
import type * as V from 'valibot';
import { type Valibot, valibot } from './valibot.js';

/** Nesting deeper than any kluis document has is refused before a schema walks it. */
export const maxDepth = 32;

/** Control characters and bidirectional overrides: never in words that reach terminals, lists and pages. */
export const unprintable = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/**
 * Whether every string in a JSON value (keys too) passes `ok`, with nothing
 * nested deeper than `depthLimit`. Iterative: a hostile file nested a
 * million levels deep cannot overflow the stack.
 */
export function everyString(value: unknown, ok: (s: string) => boolean, depthLimit = maxDepth): boolean {
  const todo: Array<[unknown, number]> = [[value, 0]];
  while (todo.length > 0) {
    const [x, depth] = todo.pop()!;
    if (typeof x === 'string') {
      if (!ok(x)) return false;
    } else if (typeof x === 'object' && x !== null) {
      if (depth >= depthLimit) return false;
      if (Array.isArray(x)) for (const item of x) todo.push([item, depth + 1]);
      else
        for (const [k, item] of Object.entries(x)) {
          if (!ok(k)) return false;
          todo.push([item, depth + 1]);
        }
    }
  }
  return true;
}

/** Nothing nested deeper than `depthLimit` (objects and arrays). */
export const withinDepth = (value: unknown, depthLimit = maxDepth): boolean =>
  everyString(value, () => true, depthLimit);

/**
 * The first problem found: the dotted path into the document where valibot
 * found it ('licence.maxUsers', '' for the whole), or that the document is
 * nested too deeply to be looked at.
 */
export type Problem = { readonly path: string; readonly tooDeep: boolean };

/**
 * Runs `schema` on `input`: its output, or `fail(problem)` thrown. The
 * depth bound runs first, so no schema ever walks a hostile nesting.
 */
export function parseWith<S extends V.GenericSchema>(
  schema: S,
  input: unknown,
  fail: (problem: Problem) => Error,
): V.InferOutput<S> {
  if (!withinDepth(input)) throw fail({ path: '', tooDeep: true });
  const v = valibot();
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw fail({ path: v.getDotPath(result.issues[0]) ?? '', tooDeep: false });
}

/** A whole number a file may carry: not negative, exact in a double. */
export const count = (v: Valibot) => v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** Printable text (no control characters, no bidirectional overrides) of `min`–`max` characters. */
export const printable = (v: Valibot, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.minLength(min),
    v.maxLength(max),
    v.check((s) => !unprintable.test(s)),
  );

/** Table and column names as kluis's schema has them; they are quoted in SQL all the same. */
export const sqlName = (v: Valibot) => v.pipe(v.string(), v.regex(/^[a-z_][a-z0-9_]{0,62}$/));
