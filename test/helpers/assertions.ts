/** Assertion helpers shared by the tests. */
import assert from 'node:assert/strict';
import { type ErrorCode, type Lang, renderError, ToolError } from '../../src/errors/index.js';

/** Awaits `promise` and asserts it fails with a ToolError of `code`; returns the error. */
export async function rejectsWithCode(
  promise: Promise<unknown> | (() => unknown),
  code: ErrorCode,
): Promise<ToolError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    assert.ok(err instanceof ToolError, `expected ToolError ${code}, got ${(err as Error)?.stack ?? err}`);
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    return err;
  }
  assert.fail(`expected ToolError ${code}, but nothing was thrown`);
}

export function message(err: ToolError, lang: Lang): string {
  return renderError(err, lang).message;
}
