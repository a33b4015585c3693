/** kluis xaf export, kluis xaf import: the XML Auditfile Financieel 3.2 */
import * as core from '../../core/index.js';
import { ToolError } from '../../errors/index.js';
import { l, type CommandSpec } from '../command.js';
import { progressBar } from '../progress-bar.js';
import { withOverwriteConfirmation } from '../confirm-overwrite.js';
import { ensureReadable, openInput } from './backup.js';
import { contextFor } from './context.js';

function parseYear(value: string | undefined, command: string): number {
  if (value === undefined) throw new ToolError('USAGE_MISSING_ARGUMENT', { command, argument: '--year' });
  if (!/^\d{4}$/.test(value)) throw new ToolError('USAGE_BAD_ARGUMENTS', { command, reason: l(`"${value}" is geen boekjaar (vier cijfers, zoals 2025)`, `"${value}" is not a fiscal year (four digits, such as 2025)`) });
  return Number(value);
}

export const xafCommands: CommandSpec[] = [
  {
    words: ['xaf', 'export'],
    summary: l('maakt een XAF 3.2-auditfile van één boekjaar', 'makes an XAF 3.2 auditfile of one fiscal year'),
    description: l(
      'De standaard waarin Nederlandse boekhoudpakketten een boekjaar aan een accountant overdragen: bedrijf, relaties, grootboekrekeningen, btw-codes, perioden, beginbalans en alle boekingen van het jaar per dagboek. Het bestand wordt naast het doel geschreven en pas op zijn plaats gezet als het compleet is. Met -o - gaat de auditfile naar standaarduitvoer.',
      'The standard in which Dutch accounting packages hand a fiscal year to an accountant: company, relations, ledger accounts, VAT codes, periods, opening balance and every entry of the year by journal. The file is written beside its target and only put in place when complete. With -o - the auditfile goes to standard output.',
    ),
    args: [{ name: 'adm', required: true, help: l('administratienummer of -naam', 'administration number or name') }],
    options: {
      year: { type: 'string', value: 'YYYY', help: l('het boekjaar', 'the fiscal year') },
      output: { type: 'string', short: 'o', value: 'FILE|-', help: l('het bestand (standaard: <nummer>-<jaar>.xaf in de huidige map), of - voor standaarduitvoer', 'the file (default: <number>-<year>.xaf in the current folder), or - for standard output') },
    },
    examples: ['kluis xaf export 001 --year 2025 -o bakkerij-2025.xaf', 'kluis xaf export "Bakkerij Jansen" --year 2025 -o - | xmllint --noout -'],
    async run({ args, options, global, out }) {
      const ctx = contextFor(global);
      const year = parseYear(options['year'] as string | undefined, 'xaf export');
      const output = (options['output'] as string | undefined) ?? `${args['adm']!.replace(/[^A-Za-z0-9._-]+/g, '_')}-${year}.xaf`;
      const toStdout = output === '-';
      const result = await core.exportXaf(ctx, {
        adm: args['adm']!,
        year,
        output: toStdout ? { stream: process.stdout } : { path: output },
        ...(toStdout ? {} : { onProgress: progressBar(out, out.t(l('Auditfile maken', 'Making the auditfile'))) }),
      });
      out.status(undefined);
      if (toStdout) return 0;
      out.data(result);
      for (const w of result.warnings) out.line(out.t(w));
      out.line(out.t(l(
        `Auditfile ${result.path} gemaakt: boekjaar ${result.year} van administratie ${result.adm} "${result.name}", ${result.transactions} boekingen, ${result.lines} regels, ${(result.bytes / 1048576).toFixed(1)} MiB (${result.seconds.toFixed(1)} s).`,
        `Made auditfile ${result.path}: fiscal year ${result.year} of administration ${result.adm} "${result.name}", ${result.transactions} entries, ${result.lines} lines, ${(result.bytes / 1048576).toFixed(1)} MiB (${result.seconds.toFixed(1)} s).`,
      )));
      return 0;
    },
  },
];
