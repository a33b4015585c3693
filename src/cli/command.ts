/**
 * How a CLI command is declared: its words, arguments, options and help in
 * both languages, and the function that runs it. The parser, the help
 * screens and the dispatcher are all driven by these declarations.
 */
import type { PathUse } from '../core/index.js';
import type { Lang, Localized } from '../errors/index.js';
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

export interface CommandInput {
  readonly args: Record<string, string | undefined>;
  readonly options: Record<string, string | boolean | string[] | undefined>;
  readonly global: GlobalOptions;
  readonly out: Output;
}

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

export { l } from '../errors/index.js';
