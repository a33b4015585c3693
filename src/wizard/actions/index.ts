/** The wizard's actions in the order of the source's second screen; the hand-out with a dividing date (issue 22) after the client install. */
import type { ActionId, WizardAction, WizardEnv } from '../model.js';
import { backupAction } from './backup.js';
import { clientApplyAction } from './client-apply.js';
import { clientInstallAction } from './client-install.js';
import { cloudAction } from './cloud.js';
import { copyAction } from './copy.js';
import { handOutAction } from './hand-out.js';
import { recoverAction } from './recover.js';
import { restoreAction } from './restore.js';

export const allActions: readonly WizardAction[] = [
  backupAction,
  restoreAction,
  recoverAction,
  clientInstallAction,
  handOutAction,
  clientApplyAction,
  cloudAction,
  copyAction,
];

/** Exactly the actions that apply now: Recover only after a failure, client install only with E-Accountancy. */
export async function availableActions(env: WizardEnv): Promise<WizardAction[]> {
  const offered: WizardAction[] = [];
  for (const action of allActions) if (await action.available(env)) offered.push(action);
  return offered;
}

export function actionById(id: string): WizardAction | undefined {
  return allActions.find((a) => a.id === (id as ActionId));
}
