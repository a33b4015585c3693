/**
 * Command-line parsing driven by the command declarations: find the command
 * words (global flags may come anywhere), then parse the rest strictly with
 * node:util parseArgs so unknown flags are errors, not silently ignored.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { phrase, ToolError } from '../errors/index.js';
import type { CommandSpec, OptionSpec, OptionsOf } from './command.js';
import { l, optionValues } from './command.js';

const globals = {
  home: {
    type: 'string',
    path: 'home',
    value: 'DIR',
    help: l('kluis-map (of KLUIS_HOME)', 'kluis home folder (or KLUIS_HOME)'),
  },
  server: {
    type: 'string',
    value: 'NAME',
    help: l(
      'server om mee te werken (standaard local = Mijn computer)',
      'server to work with (default local = My computer)',
    ),
  },
  json: { type: 'boolean', help: l('uitvoer als JSON', 'output as JSON') },
  lang: { type: 'string', value: 'nl|en', help: l('taal van meldingen', 'language of messages') },
  debug: { type: 'boolean', help: l('toon technische details bij fouten', 'show technical details on errors') },
  help: { type: 'boolean', short: 'h', help: l('deze hulp', 'this help') },
  version: { type: 'boolean', short: 'V', help: l('versie van kluis', 'kluis version') },
} satisfies Readonly<Record<string, OptionSpec>>;

/** The options every command takes. */
export const globalOptions: Readonly<Record<string, OptionSpec>> = globals;

/** The global options' values, typed. */
export function globalValues(raw: Parsed['options']): OptionsOf<typeof globals> {
  return optionValues(globals, raw);
}

/**
 * Node's parseArgs messages are English only and show its own notation
 * ("-o, --output <value>"); say the same in both languages, naming the
 * option by its long name as the help shows it.
 */
function describeParseError(err: Error & { code?: string }, options: Readonly<Record<string, OptionSpec>>) {
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '?';
  const typed = quoted
    .replace(/ <value>$/, '')
    .split(', ')
    .pop()!;
  const short = Object.entries(options).find(([, o]) => o.short !== undefined && `-${o.short}` === typed)?.[0];
  const option = short ? `--${short}` : typed;
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      // No command takes a password as a value: say why, not just that the option is unknown.
      return option === '--password' ? phrase('PASSWORD_NOT_AN_ARGUMENT') : phrase('OPTION_UNKNOWN', { option });
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(err.message)) return phrase('OPTION_NEEDS_VALUE', { option });
      // The next word starts with a dash: a forgotten value, or one that is meant to start with "-".
      if (/ambiguous/.test(err.message)) return phrase('OPTION_NEEDS_VALUE_DASH', { option });
      return phrase('OPTION_TAKES_NO_VALUE', { option });
    default:
      // parseArgs's own sentence is English and names its internals: --debug has it.
      return phrase('ARGUMENTS_NOT_UNDERSTOOD');
  }
}

export interface Parsed {
  readonly command: CommandSpec | undefined;
  /** Words typed that match no command (for "unknown command"). */
  readonly unknownWords: readonly string[];
  readonly args: Record<string, string | undefined>;
  readonly options: Record<string, string | boolean | string[] | undefined>;
}

function takesValue(token: string, options: Readonly<Record<string, OptionSpec>>): boolean {
  if (token.includes('=')) return false;
  const name = token.startsWith('--')
    ? token.slice(2)
    : Object.entries(options).find(([, o]) => o.short === token.slice(1))?.[0];
  return name !== undefined && options[name]?.type === 'string';
}

/** Indexes of the leading non-flag words, skipping global flags and their values. */
function wordPositions(argv: readonly string[]): number[] {
  const positions: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') break;
    if (token.startsWith('-') && token !== '-') {
      if (takesValue(token, globalOptions)) i++;
      continue;
    }
    positions.push(i);
  }
  return positions;
}

export function parseCommandLine(argv: readonly string[], commands: readonly CommandSpec[]): Parsed {
  const positions = wordPositions(argv);
  const words = positions.map((i) => argv[i]!);
  // Longest declared command whose words start the typed words.
  const command = [...commands]
    .sort((a, b) => b.words.length - a.words.length)
    .find((c) => c.words.every((w, i) => words[i] === w));
  const used = new Set(command ? positions.slice(0, command.words.length) : []);
  const rest = argv.filter((_, i) => !used.has(i));
  const options = { ...globalOptions, ...(command?.options ?? {}) };
  const config: ParseArgsConfig = {
    args: rest,
    allowPositionals: true,
    strict: true,
    options: Object.fromEntries(
      Object.entries(options).map(([name, o]) => [
        name,
        { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
      ]),
    ),
  };
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    const result = parseArgs(config);
    values = result.values as Record<string, string | boolean | string[] | undefined>;
    positionals = result.positionals;
  } catch (err) {
    const name = command ? command.words.join(' ') : 'kluis';
    throw new ToolError('USAGE_BAD_ARGUMENTS', {
      command: name,
      reason: describeParseError(err as Error & { code?: string }, options),
    });
  }
  if (!command) return { command: undefined, unknownWords: words, args: {}, options: values };
  const specs = command.args ?? [];
  if (positionals.length > specs.length && !values['help']) {
    const extra = positionals[specs.length];
    throw new ToolError('USAGE_BAD_ARGUMENTS', {
      command: command.words.join(' '),
      reason: phrase('ARGUMENT_UNEXPECTED', { argument: String(extra) }),
    });
  }
  const args: Record<string, string | undefined> = {};
  for (const [i, spec] of specs.entries()) args[spec.name] = positionals[i];
  return { command, unknownWords: [], args, options: values };
}
