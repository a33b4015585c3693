/** Wizard action 1: create a backup. */

import { basename, dirname } from 'node:path';
import * as core from '../../core/index.js';
import type { Localized } from '../../errors/index.js';
import { checkEncryption, encryptionFields, encryptionOf, encryptionText } from '../encryption.js';
import { inputField } from '../fields.js';
import { type Answers, l, type Outcome, type SummaryRow, text, type WizardAction, type WizardEnv } from '../model.js';
import { administrationShown, bytesOf, countOf, secondsOf } from '../results.js';
import { administrationStep, atField, requireAbsolute } from '../steps.js';
import { fileShown, licenceText, serverShown, userNamesText } from './rows.js';

function backupInput(answers: Answers) {
  const output = text(answers, 'output');
  return { adm: text(answers, 'adm'), ...(output ? { output } : {}) };
}

async function plan(answers: Answers, env: WizardEnv): Promise<core.BackupPlan> {
  const ctx = env.context(env.open.server);
  await core.requireAdmitted(ctx, text(answers, 'adm'), env.open.userName);
  return core.planBackup(ctx, backupInput(answers));
}

export const backupAction: WizardAction = {
  id: 'backup',
  title: l('Aanmaken back-up', 'Create backup'),
  explanation: l(
    'Maakt een back-up van een administratie terwijl iedereen door kan werken, en zet hem in de historie.',
    'Makes a backup of an administration while everyone keeps working, and records it in the history.',
  ),
  available: async () => true,
  steps: [
    administrationStep(
      l(
        'Kies de administratie waarvan u een back-up maakt. U ziet de administraties waarin u gebruiker bent.',
        'Choose the administration to back up. You see the administrations you are a user of.',
      ),
    ),
    {
      id: 'output',
      inputs: ['output', 'encrypt', 'new-passphrase-file', 'recipient'],
      async screen(_answers, env) {
        const folder = env.context(env.open.server).paths.backupsDir;
        return {
          title: l('Bestand', 'File'),
          intro: {
            nl: `Een bestaande map (de naam wordt dan datum-versie-PG-naam.ebu) of een volledige bestandsnaam. Leeg: de standaard back-upmap ${folder}`,
            en: `An existing folder (the name then becomes date-version-PG-name.ebu) or a full file name. Empty: the default backup folder ${folder}`,
          },
          fields: [
            inputField('output', { optional: true }),
            ...encryptionFields(l('wie de back-up krijgt', 'whoever gets the backup')),
          ],
        };
      },
      async check(answers, env) {
        await checkEncryption(answers);
        requireAbsolute(answers, ['output'], env.context(env.open.server).paths.backupsDir);
        await atField('output', () => plan(answers, env));
      },
    },
  ],
  async summary(answers, env): Promise<SummaryRow[]> {
    const p = await plan(answers, env);
    const handBack = p.handBack;
    return core.declaredRows(core.operations['create-backup'], {
      action: backupAction.title,
      server: serverShown(env.open.server),
      administration: `${core.formatAdminNumber(p.number)} "${p.name}"`,
      backup: fileShown(p.location),
      encrypted: encryptionText(answers),
      handBack: handBack
        ? {
            nl: `de back-up draagt de licentie van de klant ${handBack.client}, niet die van ${handBack.accountant}`,
            en: `the backup carries the client's licence of ${handBack.client}, not that of ${handBack.accountant}`,
          }
        : null,
      licence: handBack
        ? licenceText(p.licence, l('van de klant, weer actief', "the client's, active again"))
        : licenceText(p.licence, l('gaat mee', 'included')),
      usersIncluded: handBack ? null : userNamesText(p.users),
      clientUsers: handBack ? userNamesText(p.users) : null,
      usersLeftOut: handBack ? handBack.removedUsers.join(', ') || '-' : null,
    });
  },
  async run(answers, env, { onProgress }) {
    const ctx = env.context(env.open.server);
    await core.requireAdmitted(ctx, text(answers, 'adm'), env.open.userName);
    const keys = encryptionOf(answers);
    const r = await core.createBackup(ctx, {
      ...backupInput(answers),
      ...(keys ? { encryption: keys } : {}),
      onProgress,
    });
    return backedUpOutcome(r, encryptionText(answers), keys?.passphrase !== undefined);
  },
};

/** What a backup made: the file, its folder and size, the counts; for a hand-back, that it goes to the client. */
function backedUpOutcome(r: core.BackupResult, encrypted: Localized, byPassphrase: boolean): Outcome {
  const m = r.manifest;
  const adm = administrationShown(Number(m.administration.number), m.administration.name);
  const handBack = m.handBack;
  return {
    title: l(`Back-up gemaakt van ${adm}`, `Backup made of ${adm}`),
    rows: [
      { label: l('Bestand', 'File'), value: basename(r.location) },
      { label: l('Map', 'Folder'), value: dirname(r.location) },
      { label: l('Grootte', 'Size'), value: bytesOf(r.sizeBytes) },
      { label: l('Transacties', 'Transactions'), value: countOf(m.counts.transactions) },
      { label: l('Documenten', 'Documents'), value: countOf(m.counts.documents) },
      { label: l('Versleuteld', 'Encrypted'), value: encrypted },
      ...(handBack
        ? [
            {
              label: l('Teruglevering', 'Hand-back'),
              value: l(
                `voor ${handBack.client}: licentie ${m.licence.number} en de gebruikers van de klant; niet mee: ${handBack.removedUsers.join(', ') || '-'}`,
                `for ${handBack.client}: licence ${m.licence.number} and the client's users; left out: ${handBack.removedUsers.join(', ') || '-'}`,
              ),
            },
          ]
        : []),
      { label: l('Duur', 'Time'), value: secondsOf(r.seconds) },
    ],
    next: [
      handBack
        ? l(
            'Stuur dit bestand naar de klant: het draagt de licentie en gebruikers van de klant, zonder uw medewerkers.',
            "Send this file to the client: it carries the client's licence and users, without your staff.",
          )
        : l(
            'De back-up staat in de historie; met "Lees back-up terug" zet u hem terug.',
            'The backup is in the history; "Restore backup" puts it back.',
          ),
      ...(byPassphrase
        ? [
            l(
              'Bewaar de wachtwoordzin goed: zonder die is de back-up niet terug te zetten.',
              'Keep the passphrase safe: without it the backup cannot be restored.',
            ),
          ]
        : []),
    ],
    file: r.location,
  };
}
