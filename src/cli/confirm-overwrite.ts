/**
 * Overwriting or deleting an administration needs its number repeated.
 * Scripts pass --replace N (--confirm N to delete); on a terminal kluis asks
 * for the number to be typed and tries again (a file can be opened twice;
 * standard input cannot, so it needs --replace).
 */
import * as core from '../core/index.js';
import { renderMessage, ToolError } from '../errors/index.js';
import { l } from './command.js';
import type { Output } from './output.js';
import { ask, canPrompt } from './prompt.js';

/**
 * Asks for administration `number` to be typed. Resolves when it was (as 002,
 * 02 or 2); an empty answer, Ctrl-C or Ctrl-D is CANCELLED, anything else
 * CONFIRMATION_MISMATCH. Either way nothing has been changed yet.
 */
export async function confirmByTyping(question: string, number: number): Promise<void> {
  const answer = (await ask(question)).trim();
  if (answer === '') throw new ToolError('CANCELLED');
  if (!/^\d{1,3}$/.test(answer) || Number(answer) !== number)
    throw new ToolError('CONFIRMATION_MISMATCH', { expected: core.formatAdminNumber(number) });
}

/** Runs `attempt(replace)`; on CONFIRMATION_REQUIRED at a terminal, asks and runs it again with the typed number. */
export async function withOverwriteConfirmation<T>(
  out: Output,
  to: string,
  file: string,
  replace: number | undefined,
  attempt: (replace: number | undefined) => Promise<T>,
): Promise<T> {
  try {
    return await attempt(replace);
  } catch (err) {
    const ref = core.parseAdminRef(to);
    if (
      !(
        err instanceof ToolError &&
        err.code === 'CONFIRMATION_REQUIRED' &&
        canPrompt() &&
        file !== '-' &&
        ref.kind === 'number'
      )
    )
      throw err;
    const adm = core.formatAdminNumber(ref.number);
    out.warn(renderMessage(err, out.lang));
    await confirmByTyping(out.t(l(`Typ ${adm} om te overschrijven: `, `Type ${adm} to overwrite: `)), ref.number);
    return attempt(ref.number);
  }
}
