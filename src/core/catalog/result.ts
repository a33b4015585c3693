/**
 * The object `--json` prints for an operation: the keys its declaration
 * lists, in that order. A key the declaration does not list does not
 * compile, so the printed shape and the declared one cannot drift apart.
 */
type Declares = { readonly result: readonly string[] };
type ResultKey<O extends Declares> = O['result'][number];

export function resultOf<O extends Declares, V extends Partial<Record<ResultKey<O>, unknown>>>(
  op: O,
  value: V & Record<Exclude<keyof V, ResultKey<O>>, never>,
): Record<string, unknown> {
  const shaped: Record<string, unknown> = {};
  for (const key of op.result) if (value[key as keyof V] !== undefined) shaped[key] = value[key as keyof V];
  return shaped;
}
