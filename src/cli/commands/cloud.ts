/** kluis cloud prepare */
import * as core from '../../core/index.js';
import { ToolError } from '../../errors/index.js';
import { type CommandSpec, l } from '../command.js';
import { contextFor } from './context.js';

export const cloudCommands: CommandSpec[] = [
  {
    words: ['cloud', 'prepare'],
    summary: l(
      'maakt een naar een (cloud)server gemigreerde administratie gereed voor gebruik',
      'makes an administration migrated to a (cloud) server ready for use',
    ),
    description: l(
      'Voor een administratiedatabase die op een andere manier op de server kwam (pg_dump/pg_restore van een beheerder, een migratiedienst). Controleert dat het een kluis-administratie is, werkt een ouder schema bij, neemt de objecten over voor de rol waarmee kluis verbindt (zonder superuser), zet reeksen bij, controleert debet = credit, sleutels en aantallen, en registreert de administratie. Nog een keer uitvoeren verandert niets.',
      "For an administration database that reached the server by other means (an administrator's pg_dump/pg_restore, a migration service). Checks that it is a kluis administration, upgrades an older schema, takes the objects over for the role kluis connects as (without superuser), moves sequences on, checks debits = credits, keys and counts, and registers the administration. Running it again changes nothing.",
    ),
    options: {
      database: { type: 'string', value: 'DB', help: l('de gemigreerde database', 'the migrated database') },
      number: {
        type: 'string',
        value: 'N',
        help: l(
          'registreer onder dit nummer (standaard het nummer in de administratie)',
          'register under this number (default the number in the administration)',
        ),
      },
    },
    examples: ['kluis cloud prepare --server cloud --database bakkerij_jansen'],
    async run({ options, global, out }) {
      const database = options['database'] as string | undefined;
      if (!database)
        throw new ToolError('USAGE_MISSING_ARGUMENT', { command: 'cloud prepare', argument: '--database' });
      const r = await core.prepareCloudDatabase(contextFor(global), {
        database,
        ...(options['number'] !== undefined ? { number: options['number'] as string } : {}),
      });
      out.data(r);
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
    },
  },
];
