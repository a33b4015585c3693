/** Wizard action 6: copy an administration, on the same server or to another one. */
import * as core from '../../core/index.js';
import { ToolError } from '../../errors/index.js';
import { type Answers, l, type StepDefinition, text, type WizardAction, type WizardEnv } from '../model.js';
import { administrationShown, copyMethodText, countOf, secondsOf } from '../results.js';
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

/**
 * The administration to copy; its name with "(kopie)" is what the name step
 * proposes for the copy (with " (2)" … when that is taken too).
 */
const chooseSource = administrationStep(
  l('Kies de administratie die u kopieert.', 'Choose the administration to copy.'),
);
const copySourceStep: StepDefinition = {
  ...chooseSource,
  async check(answers, env) {
    await chooseSource.check?.(answers, env);
    const records = await core.listAdministrations(env.context(env.open.server));
    const source = records.find((r) => r.number === text(answers, 'adm'));
    if (source) answers['fromName'] = `${source.name} (${env.lang === 'nl' ? 'kopie' : 'copy'})`;
    else delete answers['fromName'];
  },
};

export const copyAction: WizardAction = {
  id: 'copy',
  title: l('Administratie kopiëren', 'Copy an administration'),
  explanation: l(
    'Maakt een volledige kopie onder een nieuw nummer en een nieuwe naam, op deze of een andere server.',
    'Makes a complete copy under a new number and name, on this server or another one.',
  ),
  available: async () => true,
  steps: [
    copySourceStep,
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
              nl: `Kopiëren over administratie ${existing.number} "${existing.name}" (${core.formatCount(details.counts.transactions, 'nl')} transacties, ${core.formatCount(details.counts.documents, 'nl')} documenten gaan verloren)`,
              en: `Copying over administration ${existing.number} "${existing.name}" (${core.formatCount(details.counts.transactions, 'en')} transactions and ${core.formatCount(details.counts.documents, 'en')} documents will be lost)`,
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
    const targetCtx = env.context(targetServer(answers, env));
    const ref = core.parseAdminRef(text(answers, 'to'));
    // A name becomes a new administration under the next free number: the summary names that number.
    const free = ref.kind === 'name' ? await core.nextFreeAdministrationNumber(targetCtx) : undefined;
    return core.declaredRows(core.operations.copy, {
      action: copyAction.title,
      source: {
        nl: `${source.number} "${source.name}" (${inLanguage(serverShown(env.open.server), 'nl')})`,
        en: `${source.number} "${source.name}" (${inLanguage(serverShown(env.open.server), 'en')})`,
      },
      server: serverShown(targetServer(answers, env)),
      target: overwrites
        ? { nl: `${overwrites} (wordt overschreven)`, en: `${overwrites} (will be overwritten)` }
        : free !== undefined && ref.kind === 'name'
          ? l(`${administrationShown(free, ref.name)} (nieuw)`, `${administrationShown(free, ref.name)} (new)`)
          : text(answers, 'to'),
      identity: l('nieuw: de kopie is een eigen administratie', 'new: the copy is an administration of its own'),
    });
  },
  async run(answers, env, { onProgress }) {
    const ctx = env.context(env.open.server);
    await core.requireAdmitted(ctx, text(answers, 'adm'), env.open.userName);
    const source = await core.showAdministration(ctx, text(answers, 'adm'));
    const server = targetServer(answers, env);
    const r = await core.copyAdministration(ctx, {
      ...copyInput(answers, env, await requireMayOverwrite(answers, env)),
      onProgress,
    });
    const copy = administrationShown(r.number, r.name);
    return {
      title: l(`Gekopieerd naar administratie ${copy}`, `Copied to administration ${copy}`),
      rows: [
        { label: l('Van', 'From'), value: administrationShown(source.number, source.name) },
        { label: l('Naar', 'To'), value: copy },
        { label: l('Server', 'Server'), value: serverShown(server) },
        { label: l('Transacties', 'Transactions'), value: countOf(source.counts.transactions) },
        { label: l('Documenten', 'Documents'), value: countOf(source.counts.documents) },
        { label: l('Werkwijze', 'How'), value: copyMethodText(r.method) },
        { label: l('Duur', 'Time'), value: secondsOf(r.seconds) },
      ],
      next: [
        l(
          `De kopie is een eigen administratie, met dezelfde licentie en gebruikers als ${administrationShown(source.number, source.name)}: wat u in de een boekt, staat niet in de ander.`,
          `The copy is an administration of its own, with the same licence and users as ${administrationShown(source.number, source.name)}: what you book in one is not in the other.`,
        ),
      ],
    };
  },
};
