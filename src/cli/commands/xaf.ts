/** kluis xaf export, kluis xaf import: the XML Auditfile Financieel 3.2 */
import { sep } from 'node:path';
import * as core from '../../core/index.js';
import { phrase, ToolError } from '../../errors/index.js';
import { importPreview } from '../../wizard/index.js';
import { type CommandSpec, l } from '../command.js';
import { withOverwriteConfirmation } from '../confirm-overwrite.js';
import { operationCommand } from '../operation-command.js';
import { printPlanRows } from '../plan-summary.js';
import { progressBar } from '../progress-bar.js';
import { openFileInput } from './backup.js';
import { installArguments } from './client.js';
import { contextFor } from './context.js';

/** A fiscal year: four digits (readValues has refused a missing one). */
function parseYear(value: string, command: string): number {
  if (!/^\d{4}$/.test(value))
    throw new ToolError('USAGE_BAD_ARGUMENTS', {
      command,
      reason: phrase('YEAR_INVALID', { value }),
    });
  return Number(value);
}

const exportCommand = operationCommand(core.operations['xaf-export'], async ({ values, global, out }) => {
  const ctx = contextFor(global);
  const year = parseYear(values.year, 'xaf export');
  // Without -o, or with a folder, the file is <number>-<year>.xaf in that folder (the current one by default).
  const output = values['auditfile-output'] ?? `.${sep}`;
  const toStdout = output === '-';
  const result = await core.exportXaf(ctx, {
    adm: values.adm,
    year,
    output: toStdout ? { stream: process.stdout } : { path: output },
    ...(toStdout ? {} : { onProgress: progressBar(out, core.operations['xaf-export']) }),
  });
  out.status(undefined);
  if (toStdout) return 0;
  out.data(core.resultOf(core.operations['xaf-export'], result));
  for (const w of result.warnings) out.line(out.t(w));
  out.line(
    out.t(
      l(
        `Auditfile ${result.path} gemaakt: boekjaar ${result.year} van administratie ${result.adm} "${result.name}", ${out.count(result.transactions)} boekingen, ${out.count(result.lines)} regels, ${out.bytes(result.bytes)} (${out.seconds(result.seconds)}).`,
        `Made auditfile ${result.path}: fiscal year ${result.year} of administration ${result.adm} "${result.name}", ${out.count(result.transactions)} entries, ${out.count(result.lines)} lines, ${out.bytes(result.bytes)} (${out.seconds(result.seconds)}).`,
      ),
    ),
  );
  return 0;
});

const importCommand = operationCommand(core.operations['xaf-import'], async ({ values, global, out }) => {
  const ctx = contextFor(global);
  const file = values.auditfile;
  const { replace, input } = installArguments(values, 'xaf import');
  const size = core.checkOrdinaryFile(file);
  const attempt = (replace: number | undefined) =>
    core.importXaf(ctx, {
      ...input,
      source: openFileInput(file),
      path: file,
      ...(size !== undefined ? { size } : {}),
      ...(replace !== undefined ? { replace } : {}),
      onPlan: (plan) => {
        if (!global.json)
          printPlanRows(
            out,
            importPreview(plan, {
              action: l('Auditfile (XAF 3.2) inlezen', 'Import an auditfile (XAF 3.2)'),
              server: ctx.engine.name,
              file,
            }),
          );
      },
      onProgress: progressBar(out, core.operations['xaf-import']),
    });
  const result = await withOverwriteConfirmation(out, input.to, file, replace, attempt);
  out.status(undefined);
  out.data(
    core.resultOf(core.operations['xaf-import'], {
      ...result,
      number: core.formatAdminNumber(result.number),
      dryRun: !('counts' in result),
    }),
  );
  out.line();
  if (!('counts' in result)) out.line(out.t(l('Proefrun: er is niets gewijzigd.', 'Dry run: nothing was changed.')));
  else {
    const c = result.counts;
    out.line(
      out.t(
        l(
          `Ingelezen als administratie ${core.formatAdminNumber(result.number)} "${result.name}": ${out.count(c.accounts)} rekeningen, ${out.count(c.relations)} relaties, ${out.count(c.journals)} dagboeken, ${out.count(c.transactions)} boekingen met ${out.count(c.lines)} regels (${out.seconds(result.seconds)}).`,
          `Imported as administration ${core.formatAdminNumber(result.number)} "${result.name}": ${out.count(c.accounts)} accounts, ${out.count(c.relations)} relations, ${out.count(c.journals)} journals, ${out.count(c.transactions)} entries with ${out.count(c.lines)} lines (${out.seconds(result.seconds)}).`,
        ),
      ),
    );
  }
  return 0;
});

export const xafCommands: CommandSpec[] = [exportCommand, importCommand];
