/** Wizard action 1: create a backup. */

import { basename, dirname } from 'node:path';
import * as core from '../../core/index.js';
import type { Localized } from '../../errors/index.js';
import { checkEncryption, encryptionFields, encryptionOf, encryptionText } from '../encryption.js';
import { inputField } from '../fields.js';
import { handOutSentence, untilText } from '../hand-outs.js';
import { type Answers, l, type Outcome, type SummaryRow, text, type WizardAction, type WizardEnv } from '../model.js';
import { administrationShown, bytesOf, countOf, secondsOf } from '../results.js';
import { administrationStep, atField, requireAbsolute } from '../steps.js';
import { fileShown, licenceText, serverShown, userNamesText } from './rows.js';

function backupInput(answers: Answers) {
  const output = text(answers, 'output');
  return { adm: text(answers, 'adm'), ...(output ? { output } : {}) };
}

/**
 * The client's hand-out this administration was installed from, outstanding
 * on the accountant's side (issue 22), as the adm step found it: then the
 * hand-back may be only the accountant's changes.
 */
function received(answers: Answers): core.HandOutInfo | undefined {
  const found = text(answers, 'received');
  return found ? (JSON.parse(found) as core.HandOutInfo) : undefined;
}

/** Only the accountant's changes go back (a change package, kluis client changes), not a backup. */
const onlyChanges = (answers: Answers) => received(answers) !== undefined && answers['handBack'] !== 'whole';

async function plan(answers: Answers, env: WizardEnv): Promise<core.BackupPlan> {
  const ctx = env.context(env.open.server);
  await core.requireAdmitted(ctx, text(answers, 'adm'), env.open.userName);
  return core.planBackup(ctx, {
    ...backupInput(answers),
    ...(onlyChanges(answers) ? { fileName: core.changesFileName } : {}),
  });
}

export const backupAction: WizardAction = {
  id: 'backup',
  title: l('Aanmaken back-up', 'Create backup'),
  explanation: l(
    'Maakt een back-up van een administratie terwijl iedereen door kan werken, en zet hem in de historie. Van de uitgeleverde administratie van een klant stuurt u hier ook alleen uw wijzigingen terug.',
    "Makes a backup of an administration while everyone keeps working, and records it in the history. Of a client's handed-out administration you send back only your changes here too.",
  ),
  available: async () => true,
  // Only the changes: the change package is written (kluis client changes), and its progress named so.
  performs: (answers) => (onlyChanges(answers) ? 'client-changes' : 'create-backup'),
  steps: [
    {
      ...administrationStep(
        l(
          'Kies de administratie waarvan u een back-up maakt. U ziet de administraties waarin u gebruiker bent.',
          'Choose the administration to back up. You see the administrations you are a user of.',
        ),
      ),
      async check(answers, env) {
        const ctx = env.context(env.open.server);
        delete answers['received'];
        await atField('adm', async () => {
          const record = await core.requireAdmitted(ctx, text(answers, 'adm'), env.open.userName);
          const h = await core.handOutStatus(ctx, String(record.number));
          if (h?.status === 'outstanding' && h.side === 'accountant') answers['received'] = JSON.stringify(h);
        });
      },
    },
    {
      id: 'hand-back',
      inputs: ['hand-back'],
      when: (answers) => received(answers) !== undefined,
      async screen(answers, env) {
        const until = untilText(received(answers)!);
        const left = core.notCarriedText(await core.notCarriedIn(env.context(env.open.server), text(answers, 'adm')));
        return {
          title: l('Terug naar de klant', 'Back to the client'),
          intro: {
            nl: `De klant leverde deze administratie uit tot en met ${until.nl} en boekt intussen zelf door. Alleen uw wijzigingen: een wijzigingenpakket dat de klant in de eigen boeken verwerkt, na een overzicht. De hele administratie: een back-up die de administratie van de klant vervangt; wat de klant na de uitlevering boekte, is dan weg.`,
            en: `The client handed this administration out up to and including ${until.en} and keeps booking meanwhile. Only your changes: a change package the client applies to their own books, after a review. The whole administration: a backup that replaces the client's administration; what the client booked after the hand-out is then lost.`,
          },
          notices: [
            { tone: 'info', text: handOutSentence(received(answers))! },
            ...(left ? [{ tone: 'warning' as const, text: left }] : []),
          ],
          fields: [inputField('hand-back')],
        };
      },
    },
    {
      id: 'output',
      inputs: ['output', 'encrypt', 'new-passphrase-file', 'recipient'],
      async screen(answers, env) {
        const folder = env.context(env.open.server).paths.backupsDir;
        const changes = onlyChanges(answers);
        const name = changes ? 'datum-versie-PG-naam-wijzigingen.ebu' : 'datum-versie-PG-naam.ebu';
        const nameEn = changes ? 'date-version-PG-name-wijzigingen.ebu' : 'date-version-PG-name.ebu';
        return {
          title: changes ? l('Bestand met uw wijzigingen', 'File with your changes') : l('Bestand', 'File'),
          intro: {
            nl: `Een bestaande map (de naam wordt dan ${name}) of een volledige bestandsnaam. Leeg: de standaard back-upmap ${folder}`,
            en: `An existing folder (the name then becomes ${nameEn}) or a full file name. Empty: the default backup folder ${folder}`,
          },
          fields: [
            inputField('output', { optional: true }),
            ...encryptionFields(
              received(answers) ? l('de klant', 'the client') : l('wie de back-up krijgt', 'whoever gets the backup'),
            ),
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
    const h = received(answers);
    const common = {
      action: backupAction.title,
      server: serverShown(env.open.server),
      administration: `${core.formatAdminNumber(p.number)} "${p.name}"`,
      encrypted: encryptionText(answers),
    };
    if (h && onlyChanges(answers)) {
      const until = untilText(h);
      return core.declaredRows(core.operations['create-backup'], {
        ...common,
        backup: null,
        package: fileShown(p.location),
        contents: l(
          `alleen uw wijzigingen sinds de uitlevering tot en met ${until.nl} (een wijzigingenpakket)`,
          `only your changes since the hand-out up to and including ${until.en} (a change package)`,
        ),
        handBack: null,
        licence: null,
        usersIncluded: null,
        clientUsers: null,
        usersLeftOut: null,
        atClient: l(
          'de klant verwerkt het pakket met "Wijzigingen van de accountant verwerken", na een overzicht, en boekt gewoon door; u kunt hier verder werken en later een nieuw pakket maken (elk pakket bevat alle wijzigingen sinds de uitlevering)',
          'the client applies the package with "Apply the accountant\'s changes", after a review, and keeps booking; you can keep working here and make a new package later (every package holds all changes since the hand-out)',
        ),
      });
    }
    const handBack = p.handBack;
    return core.declaredRows(core.operations['create-backup'], {
      ...common,
      backup: fileShown(p.location),
      package: null,
      contents: h ? l('de hele administratie', 'the whole administration') : null,
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
      atClient: h
        ? l(
            'de back-up vervangt de administratie van de klant: wat de klant na de uitlevering boekte, is dan weg',
            "the backup replaces the client's administration: what the client booked after the hand-out is then lost",
          )
        : null,
    });
  },
  async run(answers, env, { onProgress }) {
    const ctx = env.context(env.open.server);
    await core.requireAdmitted(ctx, text(answers, 'adm'), env.open.userName);
    const keys = encryptionOf(answers);
    if (onlyChanges(answers)) {
      const r = await core.writeChanges(ctx, {
        ...backupInput(answers),
        ...(keys ? { encryption: keys } : {}),
        onProgress,
      });
      return changesOutcome(r, encryptionText(answers), keys?.passphrase !== undefined);
    }
    const r = await core.createBackup(ctx, {
      ...backupInput(answers),
      ...(keys ? { encryption: keys } : {}),
      onProgress,
    });
    return backedUpOutcome(r, encryptionText(answers), keys?.passphrase !== undefined);
  },
};

/** What writing the accountant's changes made: the package, for the client to apply. */
function changesOutcome(r: core.ChangesResult, encrypted: Localized, byPassphrase: boolean): Outcome {
  const m = r.manifest;
  const adm = administrationShown(Number(m.administration.number), m.administration.name);
  const until = untilText(r.handOut);
  const left = core.notCarriedText(r.notCarried);
  return {
    title: l(`Wijzigingenpakket gemaakt van ${adm}`, `Change package made of ${adm}`),
    rows: [
      { label: l('Bestand', 'File'), value: basename(r.location) },
      { label: l('Map', 'Folder'), value: dirname(r.location) },
      { label: l('Grootte', 'Size'), value: bytesOf(r.sizeBytes) },
      {
        label: l('Wijzigingenpakket', 'Change package'),
        value: l(
          `nr. ${r.sequence} voor de uitlevering tot en met ${until.nl}`,
          `no. ${r.sequence} for the hand-out up to and including ${until.en}`,
        ),
      },
      { label: l('Wijzigingen', 'Changes'), value: core.changeCountsText(r.counts) },
      ...(left ? [{ label: l('Niet mee', 'Left out'), value: left }] : []),
      { label: l('Versleuteld', 'Encrypted'), value: encrypted },
      { label: l('Duur', 'Time'), value: secondsOf(r.seconds) },
    ],
    next: [
      l(
        'Stuur dit bestand naar de klant; die verwerkt het met "Wijzigingen van de accountant verwerken", na een overzicht.',
        'Send this file to the client, who applies it with "Apply the accountant\'s changes", after a review.',
      ),
      l(
        'Werkt u hierna nog verder, maak dan een nieuw pakket: het bevat alle wijzigingen sinds de uitlevering, en de klant heeft alleen het nieuwste nodig.',
        'When you keep working after this, make a new package: it holds all changes since the hand-out, and the client needs only the newest.',
      ),
      ...(byPassphrase
        ? [
            l(
              'Geef de klant het wachtwoord apart, niet in hetzelfde bericht als het bestand.',
              'Give the client the passphrase separately, not in the same message as the file.',
            ),
          ]
        : []),
    ],
    file: r.location,
    fileLabel: l('Wijzigingenpakket downloaden', 'Download the change package'),
  };
}

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
