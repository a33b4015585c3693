/** kluis backup prune: what stays and why, what goes; then it goes (not with --dry-run). */
import * as core from '../../core/index.js';
import { l } from '../command.js';
import { operationCommand } from '../operation-command.js';
import { type Output, table } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { decryptionKeys } from './backup.js';
import { contextFor } from './context.js';

const op = core.operations.prune;

/** The number a count option was given as (its validation already checked it). */
const countOf = (value: string | undefined) => (value === undefined ? undefined : Number(value));

function why(out: Output, f: core.PruneFile, policy: core.RetentionPolicy): string {
  if (!f.keep) return '-';
  const reasons = f.reasons.map((r) => out.t(core.keepReasonText(r, policy)));
  if (f.problem) reasons.push(out.t(f.problem));
  return reasons.join('; ');
}

function printFiles(out: Output, result: core.PruneResult): void {
  const nl = out.lang === 'nl';
  out.line(
    table(
      nl
        ? ['Administratie', 'Gemaakt', 'Bestand', 'Grootte', 'Besluit', 'Waarom het blijft']
        : ['Administration', 'Made', 'File', 'Size', 'Decision', 'Why it stays'],
      result.files.map((f) => [
        f.administration ? `${core.formatAdminNumber(f.administration.number)} ${f.administration.name}` : '?',
        f.createdAt ? out.date(f.createdAt) : '?',
        f.name,
        out.bytes(f.sizeBytes),
        out.t(f.keep ? l('blijft', 'stays') : result.dryRun ? l('zou gaan', 'would go') : l('verwijderd', 'removed')),
        why(out, f, result.policy),
      ]),
    ),
  );
}

function summary(out: Output, result: core.PruneResult): string {
  const gone = result.removed.length;
  const total = out.count(result.files.length);
  const staying = result.files.length - gone;
  const kept = out.count(staying);
  const stays = staying === 1 ? l('blijft', 'stays') : l('blijven', 'stay');
  const freed = out.bytes(result.freedBytes);
  const n = out.count(gone);
  if (result.dryRun)
    return out.t(
      l(
        `Proefrun: van de ${total} bestanden in ${result.repository} ${gone === 1 ? 'zou er 1' : `zouden er ${n}`} verwijderd worden (${freed}) en ${staying === 1 ? 'blijft er 1' : `blijven er ${kept}`}. Er is niets verwijderd.`,
        `Dry run: of the ${total} files in ${result.repository}, ${n} would be removed (${freed}) and ${kept} ${stays.en}. Nothing was removed.`,
      ),
    );
  return out.t(
    l(
      `Van de ${total} bestanden in ${result.repository} ${gone === 1 ? 'is er 1' : `zijn er ${n}`} verwijderd (${freed}); ${kept} ${stays.nl}.`,
      `Of the ${total} files in ${result.repository}, ${n} ${gone === 1 ? 'was' : 'were'} removed (${freed}); ${kept} ${stays.en}.`,
    ),
  );
}

export const pruneCommand = operationCommand(op, async ({ values, global, out }) => {
  const policy: core.RetentionPolicy = {
    keepLast: countOf(values['keep-last']),
    keepDaily: countOf(values['keep-daily']),
    keepWeekly: countOf(values['keep-weekly']),
    keepMonthly: countOf(values['keep-monthly']),
    keepYearly: countOf(values['keep-yearly']),
    fiscalYears: countOf(values['fiscal-years']),
  };
  const keys = await decryptionKeys(values, out);
  const result = await core.pruneRepository(contextFor(global), {
    ...(values['prune-repository'] !== undefined ? { repository: values['prune-repository'] } : {}),
    policy,
    dryRun: values['dry-run'],
    ...(keys ? { keys } : {}),
    onProgress: progressBar(out, op),
  });
  out.status(undefined);
  out.data(core.resultOf(op, result));
  if (result.settled)
    out.line(
      out.t(
        l(
          `Eerst is een afgebroken opruimactie afgemaakt (${out.count(result.settled)} bestanden op haar lijst).`,
          `An interrupted prune was finished first (${out.count(result.settled)} files on its list).`,
        ),
      ),
    );
  if (result.abortedUploads)
    out.line(
      out.t(
        l(
          `${result.abortedUploads === 1 ? 'Eén half opgeslagen back-up' : `${out.count(result.abortedUploads)} half opgeslagen back-ups`}, mislukt toen de opslag niet antwoordde, ${result.abortedUploads === 1 ? 'is' : 'zijn'} uit de opslag weggehaald.`,
          `${result.abortedUploads === 1 ? 'An unfinished upload' : `${out.count(result.abortedUploads)} unfinished uploads`} of failed backups (the store did not answer then) ${result.abortedUploads === 1 ? 'was' : 'were'} aborted.`,
        ),
      ),
    );
  if (result.files.length === 0) {
    out.line(
      out.t(l(`Er staan geen back-ups in ${result.repository}.`, `There are no backups in ${result.repository}.`)),
    );
    return 0;
  }
  if (!core.hasKeepRules(result.policy))
    out.warn(
      l(
        'Er is geen bewaarbeleid (geen --keep-regel en geen policy in config.json): alles blijft.',
        'There is no retention policy (no --keep rule and no policy in config.json): everything stays.',
      ),
    );
  printFiles(out, result);
  for (const f of result.files.filter((x) => x.problem))
    out.warn(l(`${f.name} blijft: ${f.problem!.nl}`, `${f.name} stays: ${f.problem!.en}`));
  out.line();
  out.line(summary(out, result));
  return 0;
});
