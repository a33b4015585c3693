/**
 * An operation's values, typed from its declaration: a required input is a
 * string, an optional one string | undefined, a boolean a boolean and a
 * list (multi, or an option given more than once) a string[]. One function
 * reads them from what a shell collected, by name.
 */
import { ToolError } from '../../errors/index.js';
import { flagOf, type InputId, type InputTable, inputOf } from './inputs.js';
import { argumentShown } from './placeholders.js';
import type { OperationDeclaration, OperationInput } from './types.js';

type ValueOf<D, E> = D extends { readonly kind: 'boolean' }
  ? boolean
  : D extends { readonly kind: 'multi' } | { readonly repeat: true }
    ? string[]
    : E extends { readonly required: true }
      ? string
      : string | undefined;

interface TypedInput extends OperationInput {
  readonly input: InputId;
}

/** An operation, or a command that takes some of the catalog's inputs (backup verify takes the keys). */
export type Declared = Pick<OperationDeclaration, 'words'> & { readonly inputs: readonly TypedInput[] };

/** The values of an operation's inputs the command line takes, by input id. */
export type ValuesOf<O extends { readonly inputs: readonly TypedInput[] }> = {
  readonly [E in O['inputs'][number] as E extends { readonly only: 'wizard' } ? never : E['input']]: ValueOf<
    InputTable[E['input']],
    E
  >;
};

/** What a shell collected: by command-line name (an alias too); a list for an option given more than once. */
export type RawValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

function rawValue(raw: RawValues, names: readonly string[]): string | boolean | readonly string[] | undefined {
  for (const name of names) if (raw[name] !== undefined) return raw[name];
  return undefined;
}

function asList(value: string | boolean | readonly string[] | undefined): string[] {
  if (value === undefined || typeof value === 'boolean') return [];
  const parts = typeof value === 'string' ? [value] : value;
  return parts
    .flatMap((p) => p.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The names an input of an operation is known by on the command line: its flag first, then old names. */
export function namesOf(entry: OperationInput): string[] {
  const input = inputOf(entry.input as InputId);
  return [flagOf(input), ...(input.aliases ?? []), ...(entry.aliases ?? [])];
}

/**
 * Reads and checks the values of `op`'s command-line inputs, in the order
 * declared: a missing required one is USAGE_MISSING_ARGUMENT naming it as the
 * help does; a wrong one the input's own coded error.
 */
export function readValues<O extends Declared>(op: O, raw: RawValues): ValuesOf<O> {
  const values: Record<string, string | boolean | string[] | undefined> = {};
  for (const entry of op.inputs) {
    if (entry.only === 'wizard') continue;
    const input = inputOf(entry.input);
    const given = rawValue(raw, namesOf(entry));
    if (input.kind === 'boolean') {
      values[input.id] = given === true;
      continue;
    }
    if (input.kind === 'multi' || input.repeat) {
      const list = input.repeat ? [...((given as readonly string[] | undefined) ?? [])] : asList(given);
      if (given !== undefined && list.length === 0 && input.emptyList) throw input.emptyList();
      if (input.validate) for (const v of list) input.validate(v);
      values[input.id] = list;
      continue;
    }
    const value = typeof given === 'string' ? given : undefined;
    if (value === undefined && entry.required) {
      const flag = flagOf(input);
      throw new ToolError('USAGE_MISSING_ARGUMENT', {
        command: op.words.join(' '),
        argument: entry.positional ? argumentShown(flag) : `--${flag}`,
      });
    }
    if (value !== undefined) input.validate?.(value);
    values[input.id] = value;
  }
  return values as ValuesOf<O>;
}
