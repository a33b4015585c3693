/** kluis client changes (the accountant's change package) and kluis client apply (the client's review and apply) */
import * as core from '../../core/index.js';
import { phrase, ToolError } from '../../errors/index.js';
import { type CommandSpec, l } from '../command.js';
import { operationCommand } from '../operation-command.js';
import { type Output, table } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { decryptionKeys, ensureReadable, openInput, passphraseOption } from './backup.js';
import { contextFor } from './context.js';

/** Numeric text ("-1250.50") as an amount in the person's language: "-1.250,50" / "-1,250.50". */
function money(out: Output, text: string): string {
  return new Intl.NumberFormat(out.lang === 'nl' ? 'nl-NL' : 'en-GB', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(Number(text));
}

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

const opWords = (out: Output, op: core.ChangeOp): string => {
  const nl = out.lang === 'nl';
  switch (op) {
    case 'added':
      return nl ? 'toegevoegd' : 'added';
    case 'changed':
      return nl ? 'gewijzigd' : 'changed';
    case 'removed':
      return nl ? 'verwijderd' : 'removed';
    case 'restored':
      return nl ? 'teruggezet' : 'put back';
  }
};

const outcomeWords = (out: Output, outcome: core.ChangeOutcome): string => {
  const nl = out.lang === 'nl';
  switch (outcome) {
    case 'applied':
      return '';
    case 'merged':
      return nl ? ' (samengevoegd)' : ' (merged)';
    case 'kept':
      return nl ? ' (uw versie blijft)' : ' (your version stays)';
    case 'none':
      return nl ? ' (had u al)' : ' (you had it already)';
  }
};

/** The review as text: per period, accounts, relations, VAT codes, period closings, balances, conflicts. */
export function printReview(out: Output, review: core.ChangeReview): void {
  const nl = out.lang === 'nl';
  const heading = (text: string) => {
    out.line();
    out.line(text);
  };
  if (review.periods.length === 0) heading(nl ? 'Boekingen: geen wijzigingen' : 'Entries: no changes');
  for (const p of review.periods) {
    heading(nl ? `Boekjaar ${p.fiscalYear}, periode ${p.period}` : `Fiscal year ${p.fiscalYear}, period ${p.period}`);
    const rows: string[][] = [];
    for (const [what, list] of [
      ['added', p.added],
      ['changed', p.changed],
      ['removed', p.removed],
    ] as const)
      for (const e of list)
        rows.push([
          opWords(out, e.op === 'restored' ? 'restored' : what) + outcomeWords(out, e.outcome),
          e.newNumber ? `${e.key} → ${e.journal}/${e.newNumber}` : e.key,
          out.date(e.date),
          e.description.replace(/\s+/g, ' ').slice(0, 50),
          money(out, e.amount),
        ]);
    out.line(
      table(
        nl
          ? ['Wijziging', 'Boeking', 'Datum', 'Omschrijving', 'Bedrag']
          : ['Change', 'Entry', 'Date', 'Description', 'Amount'],
        rows,
      ),
    );
  }
  const objects = (title: string, list: readonly core.ObjectChange[]) => {
    if (list.length === 0) return;
    heading(title);
    out.line(
      table(
        nl ? ['Wijziging', 'Code', 'Naam', 'Velden'] : ['Change', 'Code', 'Name', 'Fields'],
        list.map((o) => [
          opWords(out, o.op) + outcomeWords(out, o.outcome),
          o.key,
          o.name,
          o.fields.map((f) => out.t(core.changeFieldLabel(f))).join(', '),
        ]),
      ),
    );
  };
  objects(nl ? 'Dagboeken' : 'Journals', review.journals);
  objects(nl ? 'Grootboekrekeningen' : 'Ledger accounts', review.accounts);
  objects(nl ? 'Relaties' : 'Relations', review.relations);
  objects(nl ? 'Btw-codes' : 'VAT codes', review.vatCodes);
  objects(
    nl ? 'Boekjaren' : 'Fiscal years',
    review.fiscalYears.filter((y) => y.fields.some((f) => f !== 'closed')),
  );
  if (review.periodClosings.length) {
    heading(nl ? 'Periodeafsluitingen' : 'Period closings');
    const state = (closed: boolean | null) =>
      closed === null ? '-' : closed ? (nl ? 'afgesloten' : 'closed') : nl ? 'open' : 'open';
    for (const y of review.periodClosings)
      out.line(`  ${nl ? 'Boekjaar' : 'Fiscal year'} ${y.year}: ${state(y.before)} → ${state(y.after)}`);
  }
  heading(nl ? 'Saldo per rekening (debet − credit)' : 'Balance per account (debit − credit)');
  if (review.balances.length === 0) out.line(nl ? '  geen saldo verandert' : '  no balance changes');
  else
    out.line(
      table(
        nl ? ['Rekening', 'Naam', 'Ervoor', 'Erna'] : ['Account', 'Name', 'Before', 'After'],
        review.balances.map((b) => [b.account, b.name, money(out, b.before), money(out, b.after)]),
      ),
    );
  heading(nl ? `Conflicten: ${review.conflicts.length}` : `Conflicts: ${review.conflicts.length}`);
  for (const c of review.conflicts) {
    const renumbered = c.newKey ? ` → ${c.newKey}` : '';
    out.line(
      `  ${out.t(core.changeObjectLabels[c.object])} ${c.key}${renumbered}: ${out.t(core.conflictRuleLabel(c.rule, c.object))}`,
    );
  }
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
