/**
 * A CLI command built from an operation of the catalog (core/catalog): its
 * arguments and options, their help lines and placeholders, and old option
 * names that keep working, all from the declaration; the command's run
 * function gets the values typed (ValuesOf) and checked.
 */
import * as core from '../core/index.js';
import type { Localized } from '../errors/index.js';
import type { ArgumentSpec, CommandInput, CommandSpec, OptionSpec } from './command.js';

/**
 * The help line of an input on the command line: its one help text; a
 * secret is read from a file, and "-" reads standard input where it can.
 */
export function cliHelp(
  input: core.InputDeclaration,
  stdin = input.path !== undefined && core.readsStandardInput.includes(input.path),
): Localized {
  const secret = input.kind === 'secret-file';
  // An option given more than once is the command line's own: a wizard's field takes one value.
  const text = (help: string, file: string, standardInput: string, repeat: string) =>
    `${secret ? `${file} ${help}` : help}${stdin ? ` ("-" = ${standardInput})` : ''}${input.repeat ? ` (${repeat})` : ''}`;
  return {
    nl: text(input.help.nl, 'bestand met', 'standaardinvoer', 'mag vaker'),
    en: text(input.help.en, 'file with', 'standard input', 'may repeat'),
  };
}

/** How an option is shown: an old name is hidden; the terminal wizard reads files by path only (no "-" but a secret's). */
export interface OptionStyle {
  readonly hidden?: boolean;
  readonly byPathOnly?: boolean;
}

/** The command-line option of an input. */
export function optionOf(input: core.InputDeclaration, style: OptionStyle = {}): OptionSpec {
  const short = input.short && !style.hidden && !style.byPathOnly;
  const value = style.byPathOnly ? input.value?.replace(/\|-$/, '') : input.value;
  return {
    type: input.kind === 'boolean' ? 'boolean' : 'string',
    ...(input.path ? { path: input.path } : {}),
    ...(short ? { short: input.short } : {}),
    ...(input.repeat ? { multiple: true } : {}),
    ...(value ? { value } : {}),
    help: style.byPathOnly ? cliHelp(input, input.kind === 'secret-file') : cliHelp(input),
    ...(style.hidden ? { hidden: true } : {}),
  };
}

/** The arguments and options of a declaration's command-line inputs, old names as hidden options. */
export function commandInputs(op: core.DeclaredInputs): Pick<CommandSpec, 'args' | 'options'> {
  const args: ArgumentSpec[] = [];
  const options: Record<string, OptionSpec> = {};
  for (const entry of op.inputs) {
    if (entry.only === 'wizard') continue;
    const input = core.inputOf(entry.input);
    const [name, ...aliases] = core.inputNames(entry);
    if (entry.positional) {
      args.push({
        name: name!,
        ...(input.path ? { path: input.path } : {}),
        required: entry.required === true,
        help: cliHelp(input),
      });
      continue;
    }
    options[name!] = optionOf(input);
    for (const alias of aliases) options[alias] = optionOf(input, { hidden: true });
  }
  return { ...(args.length ? { args } : {}), ...(Object.keys(options).length ? { options } : {}) };
}

/** What a command built from an operation runs with. */
export interface OperationRun<O extends core.DeclaredInputs> {
  readonly values: core.ValuesOf<O>;
  readonly global: CommandInput['global'];
  readonly out: CommandInput['out'];
}

/** The command of an operation; `run` gets the operation's values, typed and checked. */
export function operationCommand<O extends core.OperationDeclaration & core.DeclaredInputs>(
  op: O,
  run: (input: OperationRun<O>) => Promise<number>,
): CommandSpec {
  return {
    words: op.words,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...commandInputs(op),
    ...(op.examples ? { examples: op.examples } : {}),
    run: ({ args, options, global, out }) => run({ values: core.readValues(op, { ...options, ...args }), global, out }),
  };
}
