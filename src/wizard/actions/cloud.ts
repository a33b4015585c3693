/** Wizard action 5: make a database migrated to a (cloud) PostgreSQL server ready for use. */
import * as core from '../../core/index.js';
import { inputField } from '../fields.js';
import { type Answers, l, text, type WizardAction } from '../model.js';
import { administrationShown, countOf } from '../results.js';
import { serverStep } from '../steps.js';
import { inLanguage, serverShown } from './rows.js';

function prepareInput(answers: Answers): core.PrepareInput {
  const number = text(answers, 'number');
  return { database: text(answers, 'database'), ...(number ? { number } : {}) };
}

export const cloudAction: WizardAction = {
  id: 'cloud',
  title: l('Gemigreerde clouddatabase gereed maken', 'Make a migrated cloud database ready'),
  explanation: l(
    'Maakt een administratiedatabase die op een andere manier naar een (cloud)server is overgezet bruikbaar: eigenaar, schema, reeksen, controles en registratie.',
    'Makes an administration database that reached a (cloud) server by other means usable: ownership, schema, sequences, checks and registration.',
  ),
  available: async () => true,
  steps: [
    serverStep(l('Server met de gemigreerde database', 'Server with the migrated database')),
    {
      id: 'database',
      inputs: ['database', 'register-number'],
      async screen() {
        return {
          title: l('Database', 'Database'),
          intro: l(
            'De naam van de database op die server, zoals de migratie hem heeft aangemaakt.',
            'The name of the database on that server, as the migration created it.',
          ),
          fields: [inputField('database'), inputField('register-number', { optional: true })],
        };
      },
      async check(answers) {
        const number = text(answers, 'number');
        if (number) core.parseAdminNumber(number);
      },
    },
  ],
  async summary(answers) {
    return core.declaredRows(core.operations['cloud-prepare'], {
      action: cloudAction.title,
      server: serverShown(text(answers, 'server')),
      database: text(answers, 'database'),
      number: text(answers, 'number') || l('zoals in de database', 'as in the database'),
      whatHappens: l(
        'controleren dat het een kluis-administratie is, schema bijwerken, eigendom overnemen, reeksen bijzetten, debet = credit en sleutels controleren, registreren',
        'check it is a kluis administration, upgrade the schema, take ownership, move sequences on, check debits = credits and keys, register',
      ),
    });
  },
  async run(answers, env, { onProgress }) {
    const r = await core.prepareCloudDatabase(env.context(text(answers, 'server')), prepareInput(answers));
    onProgress({ step: 'cloud', done: 1, total: 1 });
    const adm = administrationShown(r.administration.number, r.administration.name);
    const server = serverShown(text(answers, 'server'));
    return {
      title: l(`Administratie ${adm} is gereed voor gebruik`, `Administration ${adm} is ready for use`),
      rows: [
        { label: l('Administratie', 'Administration'), value: adm },
        { label: l('Server', 'Server'), value: server },
        { label: l('Database', 'Database'), value: r.database },
        { label: l('Schema', 'Schema'), value: `${r.schema.found} → ${r.schema.now}` },
        ...r.actions.map((a) => ({ label: l('Gedaan', 'Done'), value: a })),
        { label: l('Transacties', 'Transactions'), value: countOf(r.checks.counts.transactions) },
        { label: l('Documenten', 'Documents'), value: countOf(r.checks.counts.documents) },
        // What kluis found but could not fix itself is read before anything else.
        ...r.problems.map((p) => ({ label: l('Probleem', 'Problem'), value: p, note: true as const })),
      ],
      next: [
        {
          nl: `Administratie ${adm} staat nu in de lijst van ${inLanguage(server, 'nl')}: meld u aan met een van haar gebruikers, en maak een back-up om te beginnen.`,
          en: `Administration ${adm} is now listed on ${inLanguage(server, 'en')}: sign in as one of its users, and make a backup to begin with.`,
        },
      ],
    };
  },
};
