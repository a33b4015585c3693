/**
 * ToolError: the one error type that crosses layer boundaries. It carries a
 * stable code from the registry, the values its message needs, and, for
 * errors from PostgreSQL, the server's SQLSTATE, detail and hint.
 */

import { fill } from './fill.js';
import type { ParamName, ParamsOf, ParamValue } from './params.js';
import { type ErrorCode, type ErrorDefinition, errorRegistry } from './registry.js';

/** Values for a message's placeholders; a Localized value is shown in the reader's language. */
export type ErrorParams = Readonly<Record<string, ParamValue>>;

export interface ToolErrorOptions {
  readonly cause?: unknown;
  readonly postgres?: PostgresDetails;
}

/** A code without placeholders takes no parameters; any other takes exactly its own. */
export type ToolErrorArgs<C extends ErrorCode> = [ParamName<C>] extends [never]
  ? [params?: Record<string, never>, options?: ToolErrorOptions]
  : [params: ParamsOf<C>, options?: ToolErrorOptions];

export interface PostgresDetails {
  readonly sqlstate?: string;
  readonly detail?: string;
  readonly hint?: string;
}

export { fill };

export class ToolError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly params: ErrorParams;
  readonly postgres: PostgresDetails | undefined;

  constructor(code: C, ...[params = {}, options = {}]: NoInfer<ToolErrorArgs<C>>) {
    super(`${code}: ${fill(errorRegistry[code].message.en, params, 'en')}`, { cause: options.cause });
    this.name = 'ToolError';
    this.code = code;
    this.params = params;
    this.postgres = options.postgres;
  }

  get definition(): ErrorDefinition {
    return errorRegistry[this.code];
  }

  get exitCode(): number {
    return this.definition.exit;
  }
}

/** True when `err` is a ToolError with one of the given codes. */
export function isToolError(err: unknown, ...codes: ErrorCode[]): err is ToolError {
  return err instanceof ToolError && (codes.length === 0 || codes.includes(err.code));
}

/** Wraps anything unexpected as INTERNAL so that every error that reaches the user has a code. */
export function asToolError(err: unknown): ToolError {
  if (err instanceof ToolError) return err;
  return new ToolError('INTERNAL', { detail: internalDetail(err) }, { cause: err });
}

/**
 * What INTERNAL shows of an unforeseen error: its kind and its errno or
 * SQLSTATE, never its message (which may quote SQL, a path or a stack);
 * --debug prints the whole of it for a bug report.
 */
export function internalDetail(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  const code = (err as { code?: unknown }).code;
  const coded = typeof code === 'string' && /^(E[A-Z0-9_]+|[0-9A-Z]{5})$/.test(code) ? ` (${code})` : '';
  return `${err.name}${coded}`;
}
