/**
 * Wizard action: hand the books out to the accountant up to a dividing
 * date (issue 22), or withdraw the hand-out that is outstanding. One action
 * for the one command (`kluis client hand-out`, `--cancel`): an
 * administration handed out already can only be withdrawn, so after the
 * choice of administration the action asks either the date, the file and
 * its encryption, or the typed confirmation of the withdrawal.
 */
import { basename, dirname } from 'node:path';
import * as core from '../../core/index.js';
import { type Localized, ToolError } from '../../errors/index.js';
import { checkEncryption, encryptionFields, encryptionOf, encryptionText } from '../encryption.js';
import { inputField } from '../fields.js';
import { handOutSentence, untilText } from '../hand-outs.js';
import { type Answers, l, type Outcome, type SummaryRow, text, type WizardAction, type WizardEnv } from '../model.js';
import { administrationShown, bytesOf, countOf, dateOf, secondsOf } from '../results.js';
import { administrationStep, atField, requireAbsolute } from '../steps.js';
import { fileShown, serverShown } from './rows.js';

/** The administration's outstanding hand-out, as the adm step found it (JSON in the answers). */
function outstanding(answers: Answers): core.HandOutInfo | undefined {
  const found = text(answers, 'outstanding');
  return found ? (JSON.parse(found) as core.HandOutInfo) : undefined;
}

const withdrawing = (answers: Answers) => outstanding(answers) !== undefined;

/** An accountant's received copy of a client's hand-out: it refuses every hand-out and withdrawal. */
const receivedCopy = (h: core.HandOutInfo | undefined) => h?.status === 'outstanding' && h.side === 'accountant';

function admOf(answers: Answers): string {
  return text(answers, 'adm');
}

async function plan(answers: Answers, env: WizardEnv): Promise<core.BackupPlan> {
  const ctx = env.context(env.open.server);
  await core.requireAdmitted(ctx, admOf(answers), env.open.userName);
  const output = text(answers, 'output');
  return core.planBackup(ctx, { adm: admOf(answers), ...(output ? { output } : {}) });
}

export const handOutAction: WizardAction = {
  id: 'hand-out',
  title: l('Uitleveren aan de accountant', 'Hand out to the accountant'),
  explanation: l(
    'Maakt een back-up voor uw accountant tot en met een afsluitdatum. Boekingen tot die datum wachten op de wijzigingen van de accountant; daarna boekt u gewoon door. Een uitlevering die nog uitstaat, trekt u hier in.',
    "Makes a backup for your accountant up to a dividing date. Entries up to that date wait for the accountant's changes; after it you keep booking as usual. An outstanding hand-out is withdrawn here.",
  ),
  // The accountant's received copy is handed out by no one (HAND_OUT_ACCOUNTANT_SIDE): signed in to one, not offered.
  async available(env) {
    const h = await core.handOutStatus(env.context(env.open.server), String(env.open.number)).catch(() => undefined);
    return !receivedCopy(h);
  },
  steps: [
    {
      ...administrationStep(
        l(
          'Kies de administratie die u aan de accountant uitlevert. Is ze al uitgeleverd, dan kunt u die uitlevering intrekken.',
          'Choose the administration you hand out to the accountant. When it is handed out already, you can withdraw that hand-out.',
        ),
        receivedCopy,
      ),
      async check(answers, env) {
        const ctx = env.context(env.open.server);
        delete answers['outstanding'];
        await atField('adm', async () => {
          const record = await core.requireAdmitted(ctx, admOf(answers), env.open.userName);
          const adm = core.formatAdminNumber(record.number);
          const h = await core.handOutStatus(ctx, adm);
          // The accountant's installed copy is the client's books (its backup is a hand-back): only the client hands out.
          const installed = (await core.planBackup(ctx, { adm })).handBack !== undefined;
          if (installed || (h?.status === 'outstanding' && h.side === 'accountant'))
            throw new ToolError('HAND_OUT_ACCOUNTANT_SIDE', { adm });
          if (h?.status === 'outstanding') answers['outstanding'] = JSON.stringify(h);
        });
      },
    },
    {
      id: 'until',
      inputs: ['until'],
      when: (answers) => !withdrawing(answers),
      async screen() {
        return {
          title: l('Afsluitdatum', 'Dividing date'),
          intro: l(
            'Tot en met deze datum zijn de boekingen van de accountant: u kunt er niet meer op boeken tot u de wijzigingen van de accountant verwerkt (of de uitlevering intrekt). Boekingen na deze datum gaan gewoon door.',
            "Up to and including this date the entries are the accountant's: you cannot book on them until you apply the accountant's changes (or withdraw the hand-out). Entries after this date go ahead as usual.",
          ),
          fields: [
            inputField('until', {
              example: l('Bijvoorbeeld 31-12-2025 of 30-06-2026', 'For example 2025-12-31 or 2026-06-30'),
            }),
          ],
        };
      },
      async check(answers) {
        const until = await atField('until', async () => core.parseHandOutDate(text(answers, 'until')));
        answers['until'] = until;
      },
    },
    {
      id: 'output',
      inputs: ['output', 'encrypt', 'new-passphrase-file', 'recipient'],
      when: (answers) => !withdrawing(answers),
      async screen(_answers, env) {
        const folder = env.context(env.open.server).paths.backupsDir;
        return {
          title: l('Bestand voor de accountant', 'File for the accountant'),
          intro: {
            nl: `Een bestaande map (de naam wordt dan datum-versie-PG-naam.ebu) of een volledige bestandsnaam. Leeg: de standaard back-upmap ${folder}. Versleutel het bestand voor de openbare sleutel van uw accountant, dan kan alleen die het openen.`,
            en: `An existing folder (the name then becomes date-version-PG-name.ebu) or a full file name. Empty: the default backup folder ${folder}. Encrypt the file for your accountant's public key, and only they can open it.`,
          },
          fields: [
            inputField('output', { optional: true }),
            ...encryptionFields(l('uw accountant', 'your accountant')),
          ],
        };
      },
      async check(answers, env) {
        await checkEncryption(answers);
        requireAbsolute(answers, ['output'], env.context(env.open.server).paths.backupsDir);
        await atField('output', () => plan(answers, env));
      },
    },
    {
      id: 'withdraw',
      inputs: ['hand-out-confirm'],
      when: withdrawing,
      async screen(answers) {
        const h = outstanding(answers)!;
        const adm = core.formatAdminNumber(core.parseAdminNumber(admOf(answers)));
        return {
          title: l('Uitlevering intrekken', 'Withdraw the hand-out'),
          notices: [
            { tone: 'info', text: handOutSentence(h)! },
            { tone: 'warning', text: withdrawalMeans(h) },
          ],
          fields: [
            inputField('hand-out-confirm', {
              kind: 'confirm',
              expect: adm,
              label: {
                nl: `Typ ${adm} om de uitlevering van administratie ${adm} in te trekken`,
                en: `Type ${adm} to withdraw the hand-out of administration ${adm}`,
              },
            }),
          ],
        };
      },
    },
  ],
  async summary(answers, env): Promise<SummaryRow[]> {
    const h = outstanding(answers);
    if (h) {
      const r = await core.requireAdmitted(env.context(env.open.server), admOf(answers), env.open.userName);
      return core.declaredRows(core.operations['client-hand-out'], {
        server: serverShown(env.open.server),
        administration: `${core.formatAdminNumber(r.number)} "${r.name}"`,
        action: l('Uitlevering intrekken', 'Withdraw the hand-out'),
        handOut: handOutSentence(h)!,
        until: null,
        backup: null,
        encrypted: null,
        locked: withdrawalMeans(h),
      });
    }
    const p = await plan(answers, env);
    const until = untilText({ until: text(answers, 'until') });
    return core.declaredRows(core.operations['client-hand-out'], {
      server: serverShown(env.open.server),
      administration: `${core.formatAdminNumber(p.number)} "${p.name}"`,
      action: handOutAction.title,
      handOut: null,
      until: l(`tot en met ${until.nl}`, `up to and including ${until.en}`),
      backup: fileShown(p.location),
      encrypted: encryptionText(answers),
      locked: lockedText(until),
    });
  },
  async run(answers, env, { onProgress }) {
    const ctx = env.context(env.open.server);
    await core.requireAdmitted(ctx, admOf(answers), env.open.userName);
    if (withdrawing(answers)) {
      const r = await core.cancelHandOut(ctx, {
        adm: admOf(answers),
        confirm: core.parseAdminNumber(text(answers, 'handOutConfirm')),
        by: env.open.userName,
      });
      onProgress({ step: 'backup', done: 1, total: 1 });
      return withdrawnOutcome(r);
    }
    const keys = encryptionOf(answers);
    const output = text(answers, 'output');
    const r = await core.handOut(ctx, {
      adm: admOf(answers),
      until: text(answers, 'until'),
      ...(output ? { output } : {}),
      ...(keys ? { encryption: keys } : {}),
      madeBy: env.open.userName,
      onProgress,
    });
    return handedOutOutcome(r, encryptionText(answers));
  },
};

/** What the client can and cannot book once the hand-out is made. */
function lockedText(until: Localized): Localized {
  return {
    nl: `boekingen tot en met ${until.nl} kunnen niet meer tot u de wijzigingen van de accountant verwerkt of de uitlevering intrekt; na ${until.nl} boekt u gewoon door`,
    en: `entries up to and including ${until.en} cannot be made until you apply the accountant's changes or withdraw the hand-out; after ${until.en} you keep booking as usual`,
  };
}

/** What withdrawing means: every date open again, and the accountant's changes for it refused. */
function withdrawalMeans(h: core.HandOutInfo): Localized {
  const until = untilText(h);
  return {
    nl: `Na het intrekken kunt u weer boeken tot en met ${until.nl}, en weigert kluis de wijzigingen die de accountant voor deze uitlevering terugstuurt. Dit kan niet ongedaan worden gemaakt; wilt u de accountant de boeken opnieuw geven, lever dan opnieuw uit.`,
    en: `After the withdrawal you can book up to and including ${until.en} again, and kluis refuses the changes the accountant sends back for this hand-out. This cannot be undone; to give the accountant the books again, hand them out again.`,
  };
}

/** What a hand-out made: the file for the accountant, and what is locked now. */
function handedOutOutcome(r: core.HandOutResult, encrypted: Localized): Outcome {
  const adm = administrationShown(r.adm, r.name);
  const until = untilText(r.handOut);
  return {
    title: l(`Uitgeleverd aan de accountant: ${adm}`, `Handed out to the accountant: ${adm}`),
    rows: [
      {
        label: l('Afsluitdatum', 'Dividing date'),
        value: l(`tot en met ${until.nl}`, `up to and including ${until.en}`),
      },
      { label: l('Nu geblokkeerd', 'Locked now'), value: lockedText(until) },
      { label: l('Bestand', 'File'), value: basename(r.location) },
      { label: l('Map', 'Folder'), value: dirname(r.location) },
      { label: l('Grootte', 'Size'), value: bytesOf(r.sizeBytes) },
      { label: l('Transacties', 'Transactions'), value: countOf(r.manifest.counts.transactions) },
      { label: l('Versleuteld', 'Encrypted'), value: encrypted },
      { label: l('Uitgeleverd', 'Handed out'), value: dateOf(r.handOut.madeAt) },
      { label: l('Duur', 'Time'), value: secondsOf(r.seconds) },
    ],
    next: [
      l(
        'Stuur dit bestand naar uw accountant; die installeert het met "Database van een klant installeren".',
        'Send this file to your accountant, who installs it with "Install a client\'s database".',
      ),
      l(
        `Als de wijzigingen van de accountant terugkomen, kiest u "Wijzigingen van de accountant verwerken"; daarna kunt u weer boeken tot en met ${until.nl}.`,
        `When the accountant's changes come back, choose "Apply the accountant's changes"; after that you can book up to and including ${until.en} again.`,
      ),
    ],
    file: r.location,
    fileLabel: l('Bestand downloaden', 'Download the file'),
  };
}

function withdrawnOutcome(r: core.CancelHandOutResult): Outcome {
  const adm = administrationShown(r.adm, r.name);
  const until = untilText(r.handOut);
  return {
    title: l(`Uitlevering ingetrokken: ${adm}`, `Hand-out withdrawn: ${adm}`),
    rows: [
      {
        label: l('Uitlevering', 'Hand-out'),
        value: l(
          `tot en met ${until.nl}, gemaakt ${core.formatDate(r.handOut.madeAt, 'nl')} door ${r.handOut.madeBy}`,
          `up to and including ${until.en}, made ${core.formatDate(r.handOut.madeAt, 'en')} by ${r.handOut.madeBy}`,
        ),
      },
      ...(r.handOut.closedAt ? [{ label: l('Ingetrokken', 'Withdrawn'), value: dateOf(r.handOut.closedAt) }] : []),
    ],
    next: [
      l(
        `U kunt weer boeken tot en met ${until.nl}. Wijzigingen van de accountant voor deze uitlevering worden geweigerd.`,
        `You can book up to and including ${until.en} again. The accountant's changes for this hand-out are refused.`,
      ),
    ],
  };
}
