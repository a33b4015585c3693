/** kluis client hand-out <adm> --until DATE [-o FILE] [--recipient age1…] | --cancel [--confirm N] */
import * as core from '../../core/index.js';
import { phrase, ToolError } from '../../errors/index.js';
import { l } from '../command.js';
import { confirmByTyping } from '../confirm-overwrite.js';
import { operationCommand } from '../operation-command.js';
import type { Output } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { canPrompt } from '../prompt.js';
import { newBackupEncryption } from './backup.js';
import { contextFor } from './context.js';

const op = core.operations['client-hand-out'];
const command = op.words.join(' ');

type Values = core.ValuesOf<typeof op>;

async function cancel(values: Values, global: Parameters<typeof contextFor>[0], out: Output): Promise<number> {
  if (values.until !== undefined || values.output !== undefined || values['new-passphrase-file'] !== undefined)
    throw new ToolError('USAGE_BAD_ARGUMENTS', { command, reason: phrase('HAND_OUT_CANCEL_ALONE') });
  if (values.recipient.length)
    throw new ToolError('USAGE_BAD_ARGUMENTS', { command, reason: phrase('HAND_OUT_CANCEL_ALONE') });
  const ctx = contextFor(global);
  const confirm = values['hand-out-confirm'];
  // Who withdrew it: the core names this computer's account, as for a hand-out.
  const attempt = (number: number | undefined) => core.cancelHandOut(ctx, { adm: values.adm, confirm: number });
  let result: core.CancelHandOutResult;
  try {
    result = await attempt(confirm !== undefined ? core.parseAdminNumber(confirm) : undefined);
  } catch (err) {
    if (!(err instanceof ToolError && err.code === 'CONFIRMATION_REQUIRED' && canPrompt())) throw err;
    // Asked on a terminal: what is withdrawn, then the number typed.
    const h = await core.handOutStatus(ctx, values.adm);
    const d = await core.showAdministration(ctx, values.adm);
    const until = h ? out.t(core.dayInBoth(h.until)) : '?';
    await confirmByTyping(
      out.t(
        l(
          `De uitlevering van administratie ${d.number} "${d.name}" tot en met ${until} wordt ingetrokken: alle datums zijn weer te boeken, en wijzigingen van de accountant voor deze uitlevering worden geweigerd.\nTyp ${d.number} om te bevestigen: `,
          `The hand-out of administration ${d.number} "${d.name}" up to and including ${until} will be withdrawn: every date can be booked again, and the accountant's changes for this hand-out will be refused.\nType ${d.number} to confirm: `,
        ),
      ),
      Number(d.number),
    );
    result = await attempt(Number(d.number));
  }
  out.data(core.resultOf(op, { adm: result.adm, name: result.name, handOut: result.handOut, cancelled: true }));
  const until = out.t(core.dayInBoth(result.handOut.until));
  out.line(
    out.t(
      l(
        `De uitlevering van administratie ${result.adm} "${result.name}" tot en met ${until} is ingetrokken; alle datums zijn weer te boeken.`,
        `The hand-out of administration ${result.adm} "${result.name}" up to and including ${until} was withdrawn; every date can be booked again.`,
      ),
    ),
  );
  return 0;
}

export const handOutCommand = operationCommand(op, async ({ values, global, out }) => {
  if (values.cancel) return cancel(values, global, out);
  if (values['hand-out-confirm'] !== undefined)
    throw new ToolError('USAGE_MISSING_ARGUMENT', { command, argument: '--cancel' });
  if (values.until === undefined)
    throw new ToolError('USAGE_MISSING_ARGUMENT', { command, argument: { nl: '--until DATUM', en: '--until DATE' } });
  const ctx = contextFor(global);
  const encryption = await newBackupEncryption(values, out, command);
  const toStdout = values.output === '-';
  const result = await core.handOut(ctx, {
    adm: values.adm,
    until: values.until,
    ...(values.output !== undefined ? { output: values.output } : {}),
    ...(toStdout ? { stream: process.stdout } : {}),
    ...(encryption ? { encryption } : {}),
    onProgress: progressBar(out, op),
  });
  out.status(undefined);
  const summary = core.resultOf(op, {
    adm: result.adm,
    name: result.name,
    handOut: result.handOut,
    location: result.location,
    sizeBytes: result.sizeBytes,
    seconds: result.seconds,
    transactions: result.manifest.counts.transactions,
    documents: result.manifest.counts.documents,
    cancelled: false,
  });
  if (toStdout && global.json) {
    // Standard output is the file: the report goes to standard error.
    process.stderr.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  // Standard output is the file: the report goes to standard error, for the books are locked up to the date from now.
  const say = toStdout ? (text: string) => process.stderr.write(`${text}\n`) : (text: string) => out.line(text);
  if (!toStdout) out.data(summary);
  const until = out.t(core.dayInBoth(result.handOut.until));
  const where = toStdout ? out.t(l('standaarduitvoer', 'standard output')) : result.location;
  say(
    out.t(
      l(
        `Administratie ${result.adm} "${result.name}" is uitgeleverd aan de accountant tot en met ${until}: ${where} (${out.bytes(result.sizeBytes)}, ${out.seconds(result.seconds)}).`,
        `Administration ${result.adm} "${result.name}" was handed out to the accountant up to and including ${until}: ${where} (${out.bytes(result.sizeBytes)}, ${out.seconds(result.seconds)}).`,
      ),
    ),
  );
  say(
    out.t(
      l(
        `Boekingen tot en met ${until} worden nu geweigerd; daarna boekt u gewoon door. Verwerk de wijzigingen van de accountant met "kluis client apply <bestand> --to ${result.adm}", of trek de uitlevering in met "kluis client hand-out ${result.adm} --cancel".`,
        `Entries up to and including ${until} are refused now; after it you keep booking. Apply the accountant's changes with "kluis client apply <file> --to ${result.adm}", or withdraw the hand-out with "kluis client hand-out ${result.adm} --cancel".`,
      ),
    ),
  );
  return 0;
});
