/** kluis recover [--list] */
import * as core from '../../core/index.js';
import { type CommandSpec, l } from '../command.js';
import { operationCommand } from '../operation-command.js';
import { contextFor } from './context.js';

export const recoverCommand: CommandSpec = operationCommand(
  core.operations.recover,
  async ({ values, global, out }) => {
    const ctx = contextFor(global);
    const items = values.list ? await core.listRecovery(ctx) : (await core.recover(ctx)).done;
    out.data(core.resultOf(core.operations.recover, { items, performed: !values.list }));
    if (items.length === 0) {
      out.line(out.t(l('Er is niets te herstellen.', 'There is nothing to recover.')));
      return 0;
    }
    out.line(values.list ? out.t(l('Herstellen zal:', 'Recovery will:')) : out.t(l('Hersteld:', 'Recovered:')));
    for (const item of items) {
      // When it was interrupted (the description names what); its phase, an internal name, stays in --json.
      const when = item.operation
        ? ` (${out.t(l('begonnen', 'started'))} ${core.formatDateTime(item.operation.startedAt, out.lang)})`
        : '';
      out.line(`  - ${out.t(item.description)}${when}`);
    }
    return 0;
  },
);
