/** kluis backup all: every administration of the server, several at a time, with a live overall bar and a report. */
import * as core from '../../core/index.js';
import { l } from '../command.js';
import { operationCommand } from '../operation-command.js';
import { type Output, table } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { contextFor } from './context.js';

const op = core.operations['backup-all'];

/** The number a count option was given as (its validation already checked it). */
const countOf = (value: string | undefined) => (value === undefined ? undefined : Number(value));

function printReport(out: Output, result: core.BackupAllResult): void {
  const nl = out.lang === 'nl';
  out.line(
    out.t(
      l(
        `Server "${result.server}", naar ${result.destinations.join(' en ')}, ${result.jobs} tegelijk.`,
        `Server "${result.server}", to ${result.destinations.join(' and ')}, ${result.jobs} at a time.`,
      ),
    ),
  );
  if (result.administrations.length) {
    out.line();
    out.line(
      table(
        nl
          ? ['Nr', 'Administratie', 'Bestand', 'Grootte', 'Duur', 'Resultaat']
          : ['Nr', 'Administration', 'File', 'Size', 'Time', 'Result'],
        result.administrations.map((a) => [
          a.number,
          a.name,
          a.file ?? '-',
          a.sizeBytes === null ? '-' : out.bytes(a.sizeBytes),
          out.seconds(a.seconds),
          out.t(core.backupAllOutcomeLabel(a.result)) + (a.verified ? out.t(l(', gecontroleerd', ', verified')) : ''),
        ]),
      ),
    );
    const failures = result.administrations.filter((a) => a.error);
    if (failures.length) out.line();
    for (const a of failures) {
      out.line(`${a.number} ${a.name}: ${out.t(a.error!.message)}`);
      for (const hint of a.error!.hints) out.line(`  ${nl ? 'tip' : 'hint'}: ${out.t(hint)}`);
    }
    out.line();
  }
  out.line(out.t(core.backupAllTotalSentence(result)));
}

export const backupAllCommand = operationCommand(op, async ({ values, global, out }) => {
  const bar = progressBar(out, op);
  const jobs = countOf(values.jobs);
  const wait = countOf(values.wait);
  const result = await core.backupAll(contextFor(global), {
    only: values.only,
    to: values.destination,
    ...(jobs !== undefined ? { jobs } : {}),
    ...(wait !== undefined ? { lockWaitSeconds: wait } : {}),
    verify: values.verify,
    onProgress: bar,
    onAdministration: (a) => {
      // Each administration as it finishes, above the bar (on a terminal only).
      out.status(undefined);
      out.note(
        `${a.number} ${a.name}: ${out.t(core.backupAllOutcomeLabel(a.result))}${a.sizeBytes === null ? '' : ` (${out.bytes(a.sizeBytes)})`}`,
      );
    },
  });
  out.status(undefined);
  out.data(core.resultOf(op, result));
  printReport(out, result);
  const incomplete = core.backupAllIncomplete(result);
  if (incomplete) throw incomplete;
  return 0;
});
