/**
 * How a CLI command is declared: its words, arguments, options and help in
 * both languages, and the function that runs it. The parser, the help
 * screens and the dispatcher are all driven by these declarations.
 */
import { argumentShown, type PathUse } from '../core/index.js';
import { type Lang, type Localized, ToolError } from '../errors/index.js';
import type { Output } from './output.js';

export type { PathUse } from '../core/index.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** Set when the value is a path. */
  readonly path?: PathUse;
  readonly short?: string;
  /** May be given more than once; the value is then a list. */
  readonly multiple?: boolean;
  /** Placeholder in help, e.g. FILE. */
  readonly value?: string;
  readonly help: Localized;
  /** An old name that keeps working; not shown in help. */
  readonly hidden?: boolean;
}

export interface ArgumentSpec {
  readonly name: string;
  /** Set when the argument is a path. */
  readonly path?: PathUse;
  readonly required: boolean;
  readonly help: Localized;
}

export interface GlobalOptions {
  readonly home: string | undefined;
  readonly server: string | undefined;
  readonly json: boolean;
  readonly lang: Lang;
  readonly debug: boolean;
}

/** What the parser collected for a command, by name; `command()` and `operationCommand()` type it. */
export interface CommandInput {
  readonly args: Record<string, string | undefined>;
  readonly options: Record<string, string | boolean | string[] | undefined>;
  readonly global: GlobalOptions;
  readonly out: Output;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** An option's value as its declaration says: a list when it may repeat, a boolean for a flag, else a string if given. */
export type OptionValue<O extends OptionSpec> = O extends { readonly multiple: true }
  ? string[]
  : O extends { readonly type: 'boolean' }
    ? boolean
    : string | undefined;

export type OptionsOf<R extends OptionSpecs> = { readonly [K in keyof R]: OptionValue<R[K]> };

/** The arguments by name; a required one is always there (the dispatcher refuses the command without it). */
export type ArgsOf<A extends readonly ArgumentSpec[]> = {
  readonly [E in A[number] as E['name']]: E extends { readonly required: true } ? string : string | undefined;
};

export interface CommandSpec {
  /** e.g. ['admin', 'list'] */
  readonly words: readonly string[];
  readonly summary: Localized;
  /** Longer explanation shown by --help. */
  readonly description?: Localized;
  readonly args?: readonly ArgumentSpec[];
  readonly options?: Readonly<Record<string, OptionSpec>>;
  readonly examples?: readonly string[];
  /** Handles Ctrl-C itself (the web wizard's server); otherwise Ctrl-C stops the command's operations at a safe point. */
  readonly ownsSignals?: boolean;
  /** Returns the exit code (0 when done). */
  run(input: CommandInput): Promise<number>;
}

/** A command whose run function gets its arguments and options typed from their declarations. */
export interface TypedCommandSpec<O extends OptionSpecs, A extends readonly ArgumentSpec[]>
  extends Omit<CommandSpec, 'args' | 'options' | 'run'> {
  readonly args?: A;
  readonly options?: O;
  run(input: {
    readonly args: ArgsOf<A>;
    readonly options: OptionsOf<O>;
    readonly global: GlobalOptions;
    readonly out: Output;
  }): Promise<number>;
}

/**
 * The values of `specs` in what the parser collected, each of its declared
 * type: an option not given is undefined, a flag not given false, a list not
 * given empty.
 */
export function optionValues<O extends OptionSpecs>(specs: O | undefined, raw: CommandInput['options']): OptionsOf<O> {
  const values: Record<string, string | boolean | string[] | undefined> = {};
  for (const [name, spec] of Object.entries(specs ?? {})) {
    const value = raw[name];
    if (spec.multiple) values[name] = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    else if (spec.type === 'boolean') values[name] = value === true;
    else values[name] = typeof value === 'string' ? value : undefined;
  }
  return values as OptionsOf<O>;
}

/** The arguments of `specs` in what the parser collected; a required one missing is USAGE_MISSING_ARGUMENT. */
export function argumentValues<A extends readonly ArgumentSpec[]>(
  words: readonly string[],
  specs: A | undefined,
  raw: CommandInput['args'],
): ArgsOf<A> {
  const values: Record<string, string | undefined> = {};
  for (const spec of specs ?? []) {
    const value = raw[spec.name];
    if (value === undefined && spec.required)
      throw new ToolError('USAGE_MISSING_ARGUMENT', { command: words.join(' '), argument: argumentShown(spec.name) });
    values[spec.name] = value;
  }
  return values as ArgsOf<A>;
}

/** Declares a command whose options and arguments reach `run` typed (no casts in the command). */
export function command<
  const O extends OptionSpecs = Record<never, OptionSpec>,
  const A extends readonly ArgumentSpec[] = [],
>(spec: TypedCommandSpec<O, A>): CommandSpec {
  const { run, ...rest } = spec;
  return {
    ...rest,
    run: ({ args, options, global, out }) =>
      run({
        args: argumentValues(spec.words, spec.args, args),
        options: optionValues(spec.options, options),
        global,
        out,
      }),
  };
}

export { l } from '../errors/index.js';
