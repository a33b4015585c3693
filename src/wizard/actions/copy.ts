/** Wizard action 6: copy an administration, on the same server or to another one. */
import * as core from '../../core/index.js';
import { ToolError } from '../../errors/index.js';
import { type Answers, l, text, type WizardAction, type WizardEnv } from '../model.js';
import { secondsOf } from '../results.js';
import {
  administrationStep,
  confirmOverwriteStep,
  requireMayOverwrite,
  serverStep,
  targetServer,
  targetStep,
} from '../steps.js';
import { inLanguage, serverShown } from './rows.js';

function copyInput(answers: Answers, env: WizardEnv, replace: number | undefined): core.CopyInput {
  const server = targetServer(answers, env);
  return {
    adm: text(answers, 'adm'),
    to: text(answers, 'to'),
    ...(replace !== undefined ? { replace } : {}),
    ...(server !== env.open.server ? { target: env.context(server) } : {}),
  };
}

export const copyAction: WizardAction = {
  id: 'copy',
  title: l('Administratie kopiëren', 'Copy an administration'),
  explanation: l(
    'Maakt een volledige kopie onder een nieuw nummer en een nieuwe naam, op deze of een andere server.',
    'Makes a complete copy under a new number and name, on this server or another one.',
  ),
  available: async () => true,
  steps: [
    administrationStep(l('Kies de administratie die u kopieert.', 'Choose the administration to copy.')),
    serverStep(l('Server voor de kopie', 'Server for the copy')),
    targetStep(
      l(
        'Geef de naam of het nummer van de kopie. Een bestaand nummer wordt overschreven, na bevestiging.',
        'Give the name or number of the copy. An existing number is overwritten, after confirmation.',
      ),
      async (answers, env) => {
        // A copy has no dry run of its own: check what a restore to that target would refuse.
        const ref = core.parseAdminRef(text(answers, 'to'));
        const ctx = env.context(targetServer(answers, env));
        if (ref.kind === 'name') {
          const taken = (await core.listAdministrations(ctx)).find(
            (r) => r.name.toLowerCase() === ref.name.toLowerCase(),
          );
          if (taken) throw new ToolError('ADMIN_NAME_TAKEN', { name: taken.name, number: taken.number });
          return;
        }
        const existing = (await core.listAdministrations(ctx)).find(
          (r) => r.number === core.formatAdminNumber(ref.number),
        );
        if (existing) {
          const details = await core.showAdministration(ctx, existing.number);
          throw new ToolError('CONFIRMATION_REQUIRED', {
            what: {
              nl: `Kopiëren over administratie ${existing.number} "${existing.name}" (${details.counts.transactions} transacties, ${details.counts.documents} documenten gaan verloren)`,
              en: `Copying over administration ${existing.number} "${existing.name}" (${details.counts.transactions} transactions and ${details.counts.documents} documents will be lost)`,
            },
            flag: `--replace ${existing.number}`,
          });
        }
      },
    ),
    confirmOverwriteStep,
  ],
  async summary(answers, env) {
    const source = await core.showAdministration(env.context(env.open.server), text(answers, 'adm'));
    const overwrites = answers['overwrites']
      ? (JSON.parse(text(answers, 'overwrites')) as { number: string }).number
      : undefined;
    return core.declaredRows(core.operations.copy, {
      action: copyAction.title,
      source: {
        nl: `${source.number} "${source.name}" (${inLanguage(serverShown(env.open.server), 'nl')})`,
        en: `${source.number} "${source.name}" (${inLanguage(serverShown(env.open.server), 'en')})`,
      },
      server: serverShown(targetServer(answers, env)),
      target: overwrites
        ? { nl: `${overwrites} (wordt overschreven)`, en: `${overwrites} (will be overwritten)` }
        : text(answers, 'to'),
      identity: l('nieuw: de kopie is een eigen administratie', 'new: the copy is an administration of its own'),
    });
  },
  async run(answers, env, { onProgress }) {
    await core.requireAdmitted(env.context(env.open.server), text(answers, 'adm'), env.open.userName);
    const r = await core.copyAdministration(env.context(env.open.server), {
      ...copyInput(answers, env, await requireMayOverwrite(answers, env)),
      onProgress,
    });
    return {
      title: {
        nl: `Gekopieerd naar administratie ${core.formatAdminNumber(r.number)} "${r.name}"`,
        en: `Copied to administration ${core.formatAdminNumber(r.number)} "${r.name}"`,
      },
      rows: [
        {
          label: l('Methode', 'Method'),
          value:
            r.method === 'template'
              ? l('bestandskopie op de server', 'file copy on the server')
              : l('gestreamde momentopname', 'streamed snapshot'),
        },
        { label: l('Duur', 'Time'), value: secondsOf(r.seconds) },
      ],
    };
  },
};
