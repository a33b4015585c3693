/**
 * The wizard's first screen (the source: "In het welkomstscherm van de
 * backup wizard kiest u voor 'Volgende'"): what the wizard does, which
 * administration is open, the actions it offers now, and an operation that
 * was interrupted. The web page and the terminal say the same.
 */
import * as core from '../core/index.js';
import type { Localized } from '../errors/index.js';
import { availableActions } from './actions/index.js';
import { recoverAction } from './actions/recover.js';
import { l, type WizardEnv } from './model.js';

export interface Welcome {
  readonly title: Localized;
  readonly intro: Localized;
  /** "001 Accountantskantoor De Vries". */
  readonly open: string;
  /** The titles of the actions offered now, in the source's order. */
  readonly actions: readonly Localized[];
  /** Said when an earlier operation did not finish: Recover is then offered. */
  readonly interrupted?: Localized;
}

export async function welcome(env: WizardEnv): Promise<Welcome> {
  const actions = await availableActions(env);
  const interrupted = actions.includes(recoverAction)
    ? {
        nl: `Een eerdere actie is niet afgemaakt. Kies "${recoverAction.title.nl}" om elke betrokken administratie terug te brengen in een consistente staat.`,
        en: `An earlier operation did not finish. Choose "${recoverAction.title.en}" to bring every administration involved back to a consistent state.`,
      }
    : undefined;
  return {
    title: l('Welkom bij de back-upwizard', 'Welcome to the backup wizard'),
    intro: l(
      'Met deze wizard maakt u back-ups, zet u ze terug, herstelt u een mislukte actie, installeert u de database van een klant, maakt u een gemigreerde clouddatabase gereed en kopieert u een administratie.',
      "With this wizard you make backups, restore them, recover from a failed operation, install a client's database, make a migrated cloud database ready and copy an administration.",
    ),
    open: `${core.formatAdminNumber(env.open.number)} ${env.open.name}`,
    actions: actions.map((a) => a.title),
    ...(interrupted ? { interrupted } : {}),
  };
}
