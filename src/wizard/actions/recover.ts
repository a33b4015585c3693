/** Wizard action 3: recover from a failed operation; offered only when one failed. */
import * as core from '../../core/index.js';
import type { Localized } from '../../errors/index.js';
import { l, type WizardAction, type WizardEnv } from '../model.js';
import { serverShown } from './rows.js';

/** What recovery does to one item, in both languages. */
function what(item: core.RecoveryItem): Localized {
  return {
    nl: `${actionNames[item.action].nl}: ${item.description.nl}`,
    en: `${actionNames[item.action].en}: ${item.description.en}`,
  };
}

function items(env: WizardEnv): Promise<core.RecoveryItem[]> {
  return core.listRecovery(env.context(env.open.server));
}

const actionNames: Record<core.RecoveryAction, { nl: string; en: string }> = {
  'roll-back': l('terugdraaien', 'roll back'),
  'roll-forward': l('afmaken', 'finish'),
  settle: l('afsluiten', 'close'),
  'remove-registry-entry': l('registratie verwijderen', 'remove registration'),
  'attach-database': l('database koppelen', 'attach database'),
  'drop-leftover': l('restant opruimen', 'clean up leftover'),
  'drop-half-deleted': l('half verwijderde database opruimen', 'clean up half-dropped database'),
};

export const recoverAction: WizardAction = {
  id: 'recover',
  title: l('Herstellen van gefaalde back-up/terugzetten', 'Recover a failed backup/restore'),
  explanation: l(
    'Een eerdere actie is niet afgemaakt; dit brengt elke betrokken administratie terug in een consistente staat.',
    'An earlier operation did not finish; this brings every administration involved back to a consistent state.',
  ),
  available: async (env) => (await items(env)).length > 0,
  steps: [
    {
      id: 'list',
      inputs: [],
      async screen(_answers, env) {
        const found = await items(env);
        return {
          title: l('Wat er is onderbroken', 'What was interrupted'),
          intro: l(
            'Herstellen brengt elke administratie terug naar precies hoe ze vóór de actie was, of naar hoe ze zou zijn als de actie was afgemaakt.',
            'Recovery brings each administration back to exactly how it was before the operation, or to how it would be had the operation finished.',
          ),
          fields: [],
          table: {
            caption: l('Te herstellen', 'To recover'),
            columns: [
              l('Administratie', 'Administration'),
              l('Actie', 'Action'),
              l('Wat kluis doet', 'What kluis does'),
            ],
            rows: found.map((item) => ({
              cells: [
                item.adminNumber === null ? '-' : core.formatAdminNumber(item.adminNumber),
                item.operation ? core.operationText(item.operation.kind) : '-',
                what(item),
              ],
            })),
            empty: l('Er is niets te herstellen.', 'There is nothing to recover.'),
          },
        };
      },
    },
  ],
  async summary(_answers, env) {
    const found = await items(env);
    return core.declaredRows(core.operations.recover, {
      action: recoverAction.title,
      server: serverShown(env.open.server),
      administrationItems: found.flatMap((item) =>
        item.adminNumber === null ? [] : [{ which: core.formatAdminNumber(item.adminNumber), value: what(item) }],
      ),
      serverItems: found.filter((item) => item.adminNumber === null).map(what),
    });
  },
  async run(_answers, env, { onProgress }) {
    const report = await core.recover(env.context(env.open.server));
    onProgress({ step: 'recover', done: 1, total: 1 });
    return {
      title: report.done.length
        ? l('Hersteld', 'Recovered')
        : l('Er was niets te herstellen', 'There was nothing to recover'),
      rows: report.done.map((item) => ({
        label:
          item.adminNumber === null
            ? l('Server', 'Server')
            : {
                nl: `Administratie ${core.formatAdminNumber(item.adminNumber)}`,
                en: `Administration ${core.formatAdminNumber(item.adminNumber)}`,
              },
        value: item.description,
      })),
      ...(report.done.length
        ? {
            next: [
              l(
                'Wat mislukte is hersteld of teruggedraaid; u kunt de actie opnieuw doen.',
                'What failed is finished or undone; you may run the operation again.',
              ),
            ],
          }
        : {}),
    };
  },
};
