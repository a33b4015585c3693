/**
 * Fuzzing a JSON document that crosses a trust boundary: valid documents
 * mutated field by field and at random (seeded, so a failure replays),
 * and the check that whatever is refused is refused with kluis's own typed
 * error, never valibot's words.
 */
import assert from 'node:assert/strict';
import { type ErrorCode, renderError, ToolError } from '../../src/errors/index.js';

/** A small seeded generator, so a failure can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An object nested `levels` deep, built without recursion. */
export function deep(levels: number): Json {
  let value: Json = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** What a value is replaced with; `levels` deep nesting (files are written with JSON.stringify, which recurses). */
const replacementsFor = (levels: number): ReadonlyArray<[string, () => Json]> => [
  ['null', () => null],
  ['zero', () => 0],
  ['negative', () => -1],
  ['fraction', () => 1.5],
  ['huge number', () => 2 ** 60],
  ['empty text', () => ''],
  ['text', () => 'x'],
  ['true', () => true],
  ['empty list', () => []],
  ['empty object', () => ({})],
  ['huge text', () => 'A'.repeat(1_000_000)],
  ['control character', () => 'a\u0007b'],
  ['bidirectional override', () => 'a\u202eb'],
  ['deep nesting', () => deep(levels)],
  ['list of lists', () => [[[['x']]]]],
];

/** Every path to a value inside `doc` (the document itself excluded), down to 12 levels. */
export function paths(doc: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (doc === null || typeof doc !== 'object' || prefix.length >= 12) return [];
  const keys: Array<string | number> = Array.isArray(doc) ? doc.map((_, i) => i) : Object.keys(doc);
  return keys.flatMap((k) => {
    const child = (doc as Record<string | number, Json>)[k]!;
    return [[...prefix, k], ...paths(child, [...prefix, k])];
  });
}

/** A copy of `doc` with the value at `path` replaced, or removed when `value` is undefined. */
export function changed(doc: Json, path: ReadonlyArray<string | number>, value: Json | undefined): Json {
  const copy = structuredClone(doc);
  let parent = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (value !== undefined) parent[last] = value;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

/** Field by field (dropped, then each replacement), then `randomCount` documents with one to three random changes. */
export function* mutations(doc: Json, seed: number, levels = 100_000, randomCount = 150): Generator<[string, Json]> {
  const replacements = replacementsFor(levels);
  const all = paths(doc);
  for (const path of all) {
    yield [`${path.join('.')} dropped`, changed(doc, path, undefined)];
    for (const [name, make] of replacements) yield [`${path.join('.')} ${name}`, changed(doc, path, make())];
  }
  const rand = random(seed);
  for (let i = 0; i < randomCount; i++) {
    let mutated = doc;
    const labels: string[] = [];
    for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
      const here = paths(mutated);
      if (here.length === 0) break;
      const path = here[Math.floor(rand() * here.length)]!;
      const pick = Math.floor(rand() * (replacements.length + 2));
      if (pick >= replacements.length) {
        labels.push(`${path.join('.')} ${pick === replacements.length ? 'dropped' : 'extra field'}`);
        const target = path.reduce<Json>((x, k) => (x as Record<string | number, Json>)[k]!, mutated);
        const isObject = typeof target === 'object' && target !== null && !Array.isArray(target);
        mutated =
          pick === replacements.length || !isObject
            ? changed(mutated, path, undefined)
            : changed(mutated, [...path, 'extra'], 'x');
      } else {
        const [name, make] = replacements[pick]!;
        labels.push(`${path.join('.')} ${name}`);
        mutated = changed(mutated, path, make());
        if (name === 'deep nesting') break; // the last change: structuredClone recurses too
      }
    }
    yield [`random ${i}: ${labels.join(', ')}`, mutated];
  }
}

/** valibot's own words, which must never reach a person. */
export const valibotWords = /Invalid (type|key|length|value|format)|Expected|Received/;

/**
 * Runs `attempt` on each mutation of `doc`: it either passes or throws a
 * ToolError of `code` whose sentences are ours; anything else fails the test.
 */
export function fuzz(
  doc: Json,
  code: ErrorCode,
  attempt: (x: Json) => unknown,
  seed: number,
  levels = 100_000,
): { refused: number } {
  let refused = 0;
  for (const [label, mutated] of mutations(doc, seed, levels)) {
    try {
      attempt(mutated);
    } catch (err) {
      assert.ok(err instanceof ToolError, `${label}: not a ToolError: ${(err as Error)?.stack ?? err}`);
      assert.equal(err.code, code, `${label}: ${err.code} ${err.message}`);
      for (const lang of ['en', 'nl'] as const) {
        const text = renderError(err, lang).message;
        assert.doesNotMatch(text, valibotWords, `${label}: ${text}`);
        assert.doesNotMatch(text, /\{\w+\}/, `${label}: a placeholder left: ${text}`);
      }
      refused++;
    }
  }
  return { refused };
}
