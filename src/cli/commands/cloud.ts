/** kluis cloud prepare */
import * as core from '../../core/index.js';
import type { CommandSpec } from '../command.js';
import { operationCommand } from '../operation-command.js';
import { contextFor } from './context.js';

export const cloudCommands: CommandSpec[] = [
  operationCommand(core.operations['cloud-prepare'], async ({ values, global, out }) => {
    const r = await core.prepareCloudDatabase(contextFor(global), {
      database: values.database,
      ...(values['register-number'] !== undefined ? { number: values['register-number'] } : {}),
    });
    out.data(core.resultOf(core.operations['cloud-prepare'], r));
    const nl = out.lang === 'nl';
    out.line(
      `${nl ? 'Database' : 'Database'} ${r.database} (${nl ? 'rol' : 'role'} ${r.role}): ${nl ? 'administratie' : 'administration'} ${r.administration.number} "${r.administration.name}", schema ${r.schema.found} → ${r.schema.now}`,
    );
    out.line(
      `${nl ? 'Controles' : 'Checks'}: ${r.checks.counts.transactions} ${nl ? 'transacties' : 'transactions'}, ${r.checks.counts.documents} ${nl ? 'documenten' : 'documents'}, ${nl ? 'alle boekingen in balans, sleutels in orde' : 'every entry balances, keys in order'}`,
    );
    if (r.actions.length === 0)
      out.line(
        nl ? 'Alles was al gereed; er is niets gewijzigd.' : 'Everything was ready already; nothing was changed.',
      );
    else for (const a of r.actions) out.line(`  - ${out.t(a)}`);
    return 0;
  }),
];
