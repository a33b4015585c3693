/** Wizard action 4: install a client's database under the accountant's licence and users. */
import * as core from '../../core/index.js';
import type { Localized } from '../../errors/index.js';
import { inputField } from '../fields.js';
import {
  type Answers,
  l,
  list,
  type Outcome,
  type SummaryRow,
  text,
  type WizardAction,
  type WizardEnv,
} from '../model.js';
import { administrationShown, bytesOf, countOf, namesOf, secondsOf, signInNext } from '../results.js';
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
import { importPreview, inLanguage, installPreview, serverShown, usersWithRolesText } from './rows.js';

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
  return (await withSource(env.home, input.path, (source) =>
    core.importXaf(env.context(targetServer(answers, env)), { ...input, source, dryRun: true }),
  )) as core.XafImportPlan;
}

async function plan(answers: Answers, env: WizardEnv, replace = replaceOf(answers)): Promise<core.InstallPlan> {
  const input = installInput(answers, env, replace);
  return (await withSource(env.home, input.path, (source) =>
    core.installClient(env.context(targetServer(answers, env)), { ...input, source, dryRun: true }),
  )) as core.InstallPlan;
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
      home: env.home,
    });
  },
  async run(answers, env, { onProgress }) {
    if (isAuditfile(answers)) return runImport(answers, env, onProgress);
    const input = installInput(answers, env, await requireMayOverwrite(answers, env));
    const server = targetServer(answers, env);
    const r = (await withSource(env.home, input.path, (source) =>
      core.installClient(env.context(server), { ...input, source, onProgress }),
    )) as core.InstallResult;
    return installedOutcome(r, server);
  },
};

/** The staff given access (with their roles), then the client's own users who stay. */
function whoCanSignIn(staff: core.InstallResult['addedUsers'], clientUsers: readonly string[]): Localized {
  const own = usersWithRolesText(staff);
  const theirs = namesOf(clientUsers);
  const line = (lang: 'nl' | 'en') =>
    clientUsers.length === 0
      ? own[lang]
      : lang === 'nl'
        ? `${own.nl}; van de klant: ${inLanguage(theirs, 'nl')}`
        : `${own.en}; the client's: ${inLanguage(theirs, 'en')}`;
  return { nl: line('nl'), en: line('en') };
}

/**
 * What a client install did, with its counts, and what comes next: the
 * accountant's staff sign in, and a backup of the administration is the
 * hand-back (it carries the client's licence and users again).
 */
export function installedOutcome(r: core.InstallResult, server: string): Outcome {
  const adm = administrationShown(r.number, r.name);
  const staff = r.addedUsers.map((u) => u.userName);
  const clientUsers = r.clientUsersStaying ?? [];
  const installed = staff.length + clientUsers.length;
  const signIn = signInNext(r.number, r.name, staff);
  return {
    title: l(`Geïnstalleerd als administratie ${adm}`, `Installed as administration ${adm}`),
    rows: [
      ...installedWhere(adm, server, r.activeLicence),
      {
        label: l('Licentie van de klant', "The client's licence"),
        value: l(
          `${r.clientLicence.number} ${r.clientLicence.holder} (bewaard voor de teruglevering)`,
          `${r.clientLicence.number} ${r.clientLicence.holder} (kept for the hand-back)`,
        ),
      },
      { label: l('Transacties', 'Transactions'), value: countOf(r.manifest.counts.transactions) },
      { label: l('Documenten', 'Documents'), value: countOf(r.manifest.counts.documents) },
      {
        label: l('Gebruikers', 'Users'),
        value: l(
          `${installed}: ${staff.length} van uw medewerkers, ${clientUsers.length} van de klant`,
          `${installed}: ${staff.length} of your staff, ${clientUsers.length} of the client's`,
        ),
      },
      { label: l('Kunnen nu aanmelden', 'Can sign in now'), value: whoCanSignIn(r.addedUsers, clientUsers) },
      ...(r.clientUsersSetAside.length
        ? [
            {
              label: l('Apart gezet tot de teruglevering', 'Set aside until the hand-back'),
              value: namesOf(r.clientUsersSetAside),
            },
          ]
        : []),
      { label: l('Duur', 'Time'), value: secondsOf(r.seconds) },
    ],
    next: [
      ...(signIn ? [signIn] : []),
      l(
        'Klaar met de boeken? Maak een back-up van deze administratie; die draagt de licentie en gebruikers van de klant, zonder uw medewerkers, en is de teruglevering.',
        "Done with the books? Make a backup of this administration; it carries the client's licence and users, without your staff, and is the hand-back.",
      ),
    ],
  };
}

/** The first rows of an install's result: where it went, and under which licence. */
function installedWhere(
  adm: string,
  server: string,
  licence: { readonly number: string; readonly holder: string },
): SummaryRow[] {
  return [
    { label: l('Administratie', 'Administration'), value: adm },
    { label: l('Server', 'Server'), value: serverShown(server) },
    {
      label: l('Licentie', 'Licence'),
      value: l(
        `${licence.number} ${licence.holder} (uw licentie)`,
        `${licence.number} ${licence.holder} (your licence)`,
      ),
    },
  ];
}

async function importSummary(answers: Answers, env: WizardEnv): Promise<SummaryRow[]> {
  return importPreview(await planImport(answers, env), {
    action: {
      nl: `${clientInstallAction.title.nl}, uit een auditfile`,
      en: `${clientInstallAction.title.en}, from an auditfile`,
    },
    server: targetServer(answers, env),
    file: text(answers, 'file'),
    home: env.home,
  });
}

async function runImport(answers: Answers, env: WizardEnv, onProgress: core.ProgressListener): Promise<Outcome> {
  const input = importInput(answers, env, await requireMayOverwrite(answers, env));
  const server = targetServer(answers, env);
  const r = (await withSource(env.home, input.path, (source) =>
    core.importXaf(env.context(server), { ...input, source, onProgress }),
  )) as core.XafImportResult;
  const adm = administrationShown(r.number, r.name);
  const c = r.counts;
  const count = (n: number, lang: 'nl' | 'en') => core.formatCount(n, lang);
  const signIn = signInNext(
    r.number,
    r.name,
    r.users.map((u) => u.userName),
  );
  return {
    title: l(`Ingelezen als administratie ${adm}`, `Imported as administration ${adm}`),
    rows: [
      ...installedWhere(adm, server, r.activeLicence),
      {
        label: l('Inhoud', 'Contents'),
        value: {
          nl: `${count(c.accounts, 'nl')} rekeningen, ${count(c.relations, 'nl')} relaties, ${count(c.transactions, 'nl')} boekingen, ${count(c.lines, 'nl')} regels`,
          en: `${count(c.accounts, 'en')} accounts, ${count(c.relations, 'en')} relations, ${count(c.transactions, 'en')} entries, ${count(c.lines, 'en')} lines`,
        },
      },
      { label: l('Kunnen nu aanmelden', 'Can sign in now'), value: usersWithRolesText(r.users) },
      { label: l('Grootte', 'Size'), value: bytesOf(r.bytes) },
      { label: l('Duur', 'Time'), value: secondsOf(r.seconds) },
    ],
    ...(signIn ? { next: [signIn] } : {}),
  };
}
