/** Wizard action 4: install a client's database under the accountant's licence and users. */
import * as core from '../../core/index.js';
import { inputField } from '../fields.js';
import { type Answers, l, list, type SummaryRow, text, type WizardAction, type WizardEnv } from '../model.js';
import { secondsOf } from '../results.js';
import {
  clientFileStep,
  confirmOverwriteStep,
  keysOf,
  passphraseStep,
  placementOf,
  placementStep,
  replaceOf,
  requireMayOverwrite,
  serverStep,
  targetServer,
  targetStep,
  withSource,
} from '../steps.js';
import { importPreview, installPreview } from './rows.js';

function installInput(answers: Answers, env: WizardEnv, replace: number | undefined) {
  const keys = keysOf(answers);
  return {
    path: text(answers, 'file'),
    open: core.formatAdminNumber(env.open.number),
    openContext: env.context(env.open.server),
    to: text(answers, 'to'),
    users: list(answers, 'users'),
    ...(replace !== undefined ? { replace } : {}),
    ...(keys ? { keys } : {}),
    ...placementOf(answers),
  };
}

const isAuditfile = (answers: Answers) => answers['kind'] === 'xaf';

/** An auditfile from another package: installed by importing it (core/exchange/import/). */
function importInput(answers: Answers, env: WizardEnv, replace: number | undefined) {
  const { keys: _keys, ...input } = installInput(answers, env, replace);
  return { ...input, size: core.checkOrdinaryFile(input.path) ?? 0 };
}

async function planImport(answers: Answers, env: WizardEnv, replace = replaceOf(answers)): Promise<core.XafImportPlan> {
  const input = importInput(answers, env, replace);
  return (await withSource(input.path, (source) =>
    core.importXaf(env.context(targetServer(answers, env)), { ...input, source, dryRun: true }),
  )) as core.XafImportPlan;
}

async function plan(answers: Answers, env: WizardEnv, replace = replaceOf(answers)): Promise<core.InstallPlan> {
  const input = installInput(answers, env, replace);
  const source = core.openBackupFile(input.path);
  try {
    return (await core.installClient(env.context(targetServer(answers, env)), {
      ...input,
      source,
      dryRun: true,
    })) as core.InstallPlan;
  } finally {
    source.destroy();
  }
}

export const clientInstallAction: WizardAction = {
  id: 'client-install',
  title: l('Database van een klant installeren', "Install a client's database"),
  explanation: l(
    'Zet de back-up van een klant terug onder uw accountantslicentie, met de medewerkers die u kiest; een latere back-up draagt weer de licentie en gebruikers van de klant. Werkt de klant met een ander pakket, dan kan het ook met een XAF 3.2-auditfile.',
    "Restores a client's backup under your accountant's licence, with the staff you choose; a later backup carries the client's licence and users again. When the client uses another package, an XAF 3.2 auditfile works too.",
  ),
  // The licence article the operation declares (core/catalog).
  available: async (env) => env.open.articles.includes(core.operations['client-install'].article),
  steps: [
    clientFileStep,
    passphraseStep,
    serverStep(),
    targetStep(
      l(
        'Geef de naam (bijvoorbeeld die van de klant) of het nummer van de administratie na het installeren.',
        "Give the name (for example the client's) or number the administration will have after the install.",
      ),
      async (answers, env) =>
        void (await (isAuditfile(answers) ? planImport(answers, env, undefined) : plan(answers, env, undefined))),
    ),
    confirmOverwriteStep,
    placementStep,
    {
      id: 'users',
      inputs: ['users'],
      async screen(_answers, env) {
        const ctx = env.context(env.open.server);
        const details = await core.showAdministration(ctx, String(env.open.number));
        const users = details.users.filter((u) => u.active);
        return {
          title: l('Gebruikers', 'Users'),
          intro: {
            nl: `Gebruikers van de geopende administratie ${core.formatAdminNumber(env.open.number)} "${env.open.name}" die toegang krijgen. Ze worden bij een latere back-up weer weggelaten. De geregistreerde gebruiker van uw licentie gaat altijd mee.`,
            en: `Users of the open administration ${core.formatAdminNumber(env.open.number)} "${env.open.name}" who get access. A later backup leaves them out again. The registered user of your licence always comes along.`,
          },
          fields: [
            inputField('users', {
              choices: users.map((u) => {
                const role = core.roleLabel(u.role);
                const registered = u.userName === details.licence?.registeredUser;
                return {
                  value: u.userName,
                  label: `${u.userName} — ${u.fullName}`,
                  hint: registered
                    ? {
                        nl: `${role.nl}; geregistreerde gebruiker, gaat altijd mee`,
                        en: `${role.en}; registered user, always comes along`,
                      }
                    : role,
                  ...(registered ? { fixed: true } : {}),
                };
              }),
              suggestion: [env.open.userName],
            }),
          ],
        };
      },
    },
  ],
  async summary(answers, env): Promise<SummaryRow[]> {
    if (isAuditfile(answers)) return importSummary(answers, env);
    const p = await plan(answers, env);
    return installPreview(p, {
      action: clientInstallAction.title,
      server: targetServer(answers, env),
      file: text(answers, 'file'),
    });
  },
  async run(answers, env, { onProgress }) {
    if (isAuditfile(answers)) return runImport(answers, env, onProgress);
    const input = installInput(answers, env, await requireMayOverwrite(answers, env));
    const r = (await withSource(input.path, (source) =>
      core.installClient(env.context(targetServer(answers, env)), { ...input, source, onProgress }),
    )) as core.InstallResult;
    return {
      title: {
        nl: `Geïnstalleerd als administratie ${core.formatAdminNumber(r.number)} "${r.name}"`,
        en: `Installed as administration ${core.formatAdminNumber(r.number)} "${r.name}"`,
      },
      rows: [
        { label: l('Licentie', 'Licence'), value: `${r.activeLicence.number} ${r.activeLicence.holder}` },
        { label: l('Gebruikers toegevoegd', 'Users added'), value: r.addedUsers.map((u) => u.userName).join(', ') },
        { label: l('Duur', 'Time'), value: secondsOf(r.seconds) },
      ],
    };
  },
};

async function importSummary(answers: Answers, env: WizardEnv): Promise<SummaryRow[]> {
  return importPreview(await planImport(answers, env), {
    action: {
      nl: `${clientInstallAction.title.nl}, uit een auditfile`,
      en: `${clientInstallAction.title.en}, from an auditfile`,
    },
    server: targetServer(answers, env),
    file: text(answers, 'file'),
  });
}

async function runImport(answers: Answers, env: WizardEnv, onProgress: core.ProgressListener) {
  const input = importInput(answers, env, await requireMayOverwrite(answers, env));
  const r = (await withSource(input.path, (source) =>
    core.importXaf(env.context(targetServer(answers, env)), { ...input, source, onProgress }),
  )) as core.XafImportResult;
  return {
    title: {
      nl: `Ingelezen als administratie ${core.formatAdminNumber(r.number)} "${r.name}"`,
      en: `Imported as administration ${core.formatAdminNumber(r.number)} "${r.name}"`,
    },
    rows: [
      { label: l('Licentie', 'Licence'), value: `${r.activeLicence.number} ${r.activeLicence.holder}` },
      {
        label: l('Inhoud', 'Contents'),
        value: {
          nl: `${r.counts.accounts} rekeningen, ${r.counts.relations} relaties, ${r.counts.transactions} boekingen, ${r.counts.lines} regels`,
          en: `${r.counts.accounts} accounts, ${r.counts.relations} relations, ${r.counts.transactions} entries, ${r.counts.lines} lines`,
        },
      },
      { label: l('Duur', 'Time'), value: secondsOf(r.seconds) },
    ],
  };
}
