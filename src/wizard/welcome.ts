/**
 * The wizard's first screen (the source: "In het welkomstscherm van de
 * backup wizard kiest u voor 'Volgende'"): what the wizard does, which
 * administration is open, the actions it offers now, and an operation that
 * was interrupted. The web page and the terminal say the same.
 */
import * as core from '../core/index.js';
import type { Localized } from '../errors/index.js';
import { backupAction } from './actions/backup.js';
import { availableActions } from './actions/index.js';
import { recoverAction } from './actions/recover.js';
import { handOutSentence } from './hand-outs.js';
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
  /** The open administration's outstanding hand-out (issue 22): handed out to the accountant, or received from the client. */
  readonly handOut?: Localized;
  /** The administrations this user may open that lack a recent good backup (kluis check's rule), in plain words. */
  readonly backups?: { readonly intro: Localized; readonly items: readonly Localized[] };
}

/**
 * Which of the administrations the signed-in user may open have no recent
 * good backup: "002 Bakkerij Jansen: geen back-up in "kantoor"". Only those
 * the user may open, so the page names no administration the user has no
 * business with. A failure to look is no reason not to show the wizard.
 */
async function backupsToMention(env: WizardEnv): Promise<Welcome['backups']> {
  try {
    const ctx = env.context(env.open.server);
    const admitted = new Set(
      (await core.admittedAdministrations(ctx, env.open.userName)).map((r) => core.formatAdminNumber(r.number)),
    );
    const behind = (await core.assessBackups(ctx)).filter((a) => a.state !== 'ok' && admitted.has(a.number));
    if (behind.length === 0) return undefined;
    const items = behind.map((a) => {
      const text = core.freshnessText(a);
      return { nl: `${a.number} ${a.name}: ${text.nl}`, en: `${a.number} ${a.name}: ${text.en}` };
    });
    const one = behind.length === 1;
    const intro = {
      nl: `${one ? 'Deze administratie heeft' : 'Deze administraties hebben'} geen recente goede back-up. Kies "${backupAction.title.nl}" om er nu een te maken.`,
      en: `${one ? 'This administration has' : 'These administrations have'} no recent good backup. Choose "${backupAction.title.en}" to make one now.`,
    };
    return { intro, items };
  } catch {
    return undefined;
  }
}

/** The open administration's outstanding hand-out in a sentence; a failure to look is no reason not to show the wizard. */
async function handOutToMention(env: WizardEnv): Promise<Localized | undefined> {
  try {
    return handOutSentence(await core.handOutStatus(env.context(env.open.server), String(env.open.number)));
  } catch {
    return undefined;
  }
}

export async function welcome(env: WizardEnv): Promise<Welcome> {
  const actions = await availableActions(env);
  const handOut = await handOutToMention(env);
  const interrupted = actions.includes(recoverAction)
    ? {
        nl: `Een eerdere actie is niet afgemaakt. Kies "${recoverAction.title.nl}" om elke betrokken administratie terug te brengen in een consistente staat.`,
        en: `An earlier operation did not finish. Choose "${recoverAction.title.en}" to bring every administration involved back to a consistent state.`,
      }
    : undefined;
  const backups = await backupsToMention(env);
  return {
    title: l('Welkom bij de back-upwizard', 'Welcome to the backup wizard'),
    intro: l(
      'Met deze wizard maakt u back-ups, zet u ze terug, herstelt u een mislukte actie, installeert u de database van een klant, levert u een administratie uit aan de accountant en verwerkt u de wijzigingen die terugkomen, maakt u een gemigreerde clouddatabase gereed en kopieert u een administratie.',
      "With this wizard you make backups, restore them, recover from a failed operation, install a client's database, hand an administration out to the accountant and apply the changes that come back, make a migrated cloud database ready and copy an administration.",
    ),
    open: `${core.formatAdminNumber(env.open.number)} ${env.open.name}`,
    actions: actions.map((a) => a.title),
    ...(interrupted ? { interrupted } : {}),
    ...(handOut ? { handOut } : {}),
    ...(backups ? { backups } : {}),
  };
}
