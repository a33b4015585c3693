/**
 * Overwriting an administration needs its number repeated. Scripts pass
 * --replace N; on a terminal kluis asks for the number to be typed and tries
 * again (a file can be opened twice; standard input cannot, so it needs
 * --replace).
 */
import * as core from '../core/index.js';
import { renderMessage, ToolError } from '../errors/index.js';
import { l } from './command.js';
import type { Output } from './output.js';
import { ask, canPrompt } from './prompt.js';

/** Runs `attempt(replace)`; on CONFIRMATION_REQUIRED at a terminal, asks and runs it again with the typed number. */
export async function withOverwriteConfirmation<T>(out: Output, to: string, file: string, replace: number | undefined, attempt: (replace: number | undefined) => Promise<T>): Promise<T> {
  try {
    return await attempt(replace);
  } catch (err) {
    const ref = core.parseAdminRef(to);
    if (!(err instanceof ToolError && err.code === 'CONFIRMATION_REQUIRED' && canPrompt() && file !== '-' && ref.kind === 'number')) throw err;
    const adm = core.formatAdminNumber(ref.number);
    out.warn(renderMessage(err, out.lang));
    const answer = (await ask(out.t(l(`Typ ${adm} om te overschrijven: `, `Type ${adm} to overwrite: `)))).trim();
    if (answer !== adm && answer !== String(ref.number)) throw new ToolError('CANCELLED');
    return attempt(ref.number);
  }
}
