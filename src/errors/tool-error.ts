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
  const reason = err instanceof Error ? err.message : String(err);
  return new ToolError('INTERNAL', { reason }, { cause: err });
}
