/** kluis client changes (the accountant's change package) and kluis client apply (the client's review and apply) */
import * as core from '../../core/index.js';
import { phrase, ToolError } from '../../errors/index.js';
import { conflictsNote, reviewTables } from '../../wizard/review.js';
import { type CommandSpec, l } from '../command.js';
import { operationCommand } from '../operation-command.js';
import type { Output } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { tableLines } from '../table-text.js';
import { decryptionKeys, ensureReadable, openInput, passphraseOption } from './backup.js';
import { contextFor } from './context.js';

/** The counts of a package in words: "boekingen: 3 toegevoegd, 5 gewijzigd, 1 verwijderd; 2 rekeningen; …". */
function countsText(out: Output, counts: core.ChangesResult['counts']): string {
  return out.t(core.changeCountsText(counts));
}

const changesCommand = operationCommand(core.operations['client-changes'], async ({ values, global, out }) => {
  const ctx = contextFor(global);
  const passFile = values['new-passphrase-file'];
  const recipients = values.recipient.map(core.validateRecipient);
  if (passFile !== undefined && recipients.length)
    throw new ToolError('USAGE_BAD_ARGUMENTS', {
      command: 'client changes',
      reason: phrase('PASSPHRASE_OR_RECIPIENTS'),
    });
  const encryption =
    passFile !== undefined
      ? { passphrase: await passphraseOption(passFile, out) }
      : recipients.length
        ? { recipients }
        : undefined;
  const output = values['changes-output'];
  const toStdout = output === '-';
  const result = await core.writeChanges(ctx, {
    adm: values.adm,
    ...(output !== undefined ? { output } : {}),
    ...(toStdout ? { stream: process.stdout } : {}),
    ...(encryption ? { encryption } : {}),
    onProgress: progressBar(out, core.operations['client-changes']),
  });
  out.status(undefined);
  const summary = core.resultOf(core.operations['client-changes'], {
    adm: core.formatAdminNumber(result.manifest.administration.number),
    location: result.location,
    sizeBytes: result.sizeBytes,
    sequence: result.sequence,
    handOut: result.handOut,
    counts: result.counts,
    notCarried: result.notCarried,
    seconds: result.seconds,
  });
  if (toStdout) {
    if (global.json) process.stderr.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  out.data(summary);
  out.line(
    out.t(
      l(
        `Wijzigingenpakket ${result.sequence} gemaakt: ${result.location} (${out.bytes(result.sizeBytes)}, ${out.seconds(result.seconds)}).`,
        `Change package ${result.sequence} written: ${result.location} (${out.bytes(result.sizeBytes)}, ${out.seconds(result.seconds)}).`,
      ),
    ),
  );
  out.line(`  ${countsText(out, result.counts)}`);
  const left = core.notCarriedText(result.notCarried, `kluis backup create ${summary['adm']}`);
  if (left) out.line(`  ${out.t(left)}`);
  out.line(
    out.t(
      l(
        `Voor de uitlevering tot en met ${out.date(result.handOut.until)}; de klant verwerkt het met "kluis client apply".`,
        `For the hand-out up to and including ${out.date(result.handOut.until)}; the client applies it with "kluis client apply".`,
      ),
    ),
  );
  return 0;
});

/** The review as the wizards show it (wizard/review.ts), as text: its tables, then what the conflicts mean. */
export function printReview(out: Output, review: core.ChangeReview): void {
  for (const tb of reviewTables(review)) {
    out.line();
    for (const line of tableLines(tb, out.lang, (v) => (typeof v === 'string' ? v : out.t(v)))) out.line(line);
  }
  const note = conflictsNote(review);
  out.line();
  out.line(note ? out.t(note) : out.t(l('Geen conflicten.', 'No conflicts.')));
}

const applyCommand = operationCommand(core.operations['client-apply'], async ({ values, global, out }) => {
  const ctx = contextFor(global);
  const file = values['changes-file'];
  ensureReadable(file);
  const keys = await decryptionKeys(values, out);
  const result = await core.applyChanges(ctx, {
    source: (await openInput(global, file)).stream,
    path: file,
    to: values['changes-to'],
    dryRun: values['dry-run'],
    ...(keys ? { keys } : {}),
    onProgress: progressBar(out, core.operations['client-apply']),
  });
  out.status(undefined);
  out.data(core.resultOf(core.operations['client-apply'], result));
  const p = result.package;
  out.line(
    out.t(
      l(
        `Wijzigingenpakket ${p.sequence} van ${p.accountant || 'de accountant'} (gemaakt ${out.date(p.madeAt)}) voor administratie ${result.adm} "${result.name}", uitgeleverd tot en met ${out.date(p.until)}.`,
        `Change package ${p.sequence} from ${p.accountant || 'the accountant'} (made ${out.date(p.madeAt)}) for administration ${result.adm} "${result.name}", handed out up to and including ${out.date(p.until)}.`,
      ),
    ),
  );
  printReview(out, result.review);
  out.line();
  if (result.dryRun) out.line(out.t(l('Proefrun: er is niets gewijzigd.', 'Dry run: nothing was changed.')));
  else
    out.line(
      out.t(
        l(
          `Verwerkt in administratie ${result.adm} (${out.seconds(result.seconds)}); de uitgeleverde periode is weer open.`,
          `Applied to administration ${result.adm} (${out.seconds(result.seconds)}); the handed-out period is open again.`,
        ),
      ),
    );
  return 0;
});

export const changesCommands: CommandSpec[] = [changesCommand, applyCommand];
