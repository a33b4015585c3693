/** kluis recover [--list] */
import * as core from '../../core/index.js';
import { type CommandSpec, l } from '../command.js';
import { contextFor } from './context.js';

export const recoverCommand: CommandSpec = {
  words: ['recover'],
  summary: l(
    'herstelt na een afgebroken back-up, terugzetting of andere bewerking',
    'recovers after an interrupted backup, restore or other operation',
  ),
  description: l(
    'Heeft alleen werk als een bewerking niet is afgemaakt (crash, stroomstoring, afgebroken proces, verbroken verbinding). Elke getroffen administratie wordt teruggebracht naar precies hoe ze was, of naar hoe ze zou zijn als de bewerking was afgemaakt. Ook registraties zonder database en databases die niet correct gekoppeld zijn worden hersteld. Opnieuw uitvoeren is veilig.',
    'Only has work when an operation did not finish (crash, power loss, killed process, lost connection). Every affected administration is brought back to exactly how it was, or to how it would be had the operation finished. Registrations without a database and databases that are not correctly attached are repaired too. Running it again is safe.',
  ),
  options: {
    list: { type: 'boolean', help: l('toon alleen wat er hersteld zou worden', 'only show what would be recovered') },
  },
  async run({ options, global, out }) {
    const ctx = contextFor(global);
    const items = options['list'] ? await core.listRecovery(ctx) : (await core.recover(ctx)).done;
    out.data({ items, performed: !options['list'] });
    if (items.length === 0) {
      out.line(out.t(l('Er is niets te herstellen.', 'There is nothing to recover.')));
      return 0;
    }
    out.line(options['list'] ? out.t(l('Herstellen zal:', 'Recovery will:')) : out.t(l('Hersteld:', 'Recovered:')));
    for (const item of items) {
      const when = item.operation
        ? ` (${item.operation.kind}, ${out.t(l('fase', 'phase'))} ${item.operation.phase}, ${item.operation.startedAt.slice(0, 19).replace('T', ' ')})`
        : '';
      out.line(`  - ${out.t(item.description)}${when}`);
    }
    return 0;
  },
};
