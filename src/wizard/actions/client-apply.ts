/**
 * Wizard action: apply the accountant's changes (issue 22), a thin shell
 * over core.applyChanges. The change package, its key when it is
 * encrypted (a passphrase, or the client's secret key), the administration
 * it goes into; the summary is the review of a dry run — the very
 * transaction the apply runs, rolled back — and Finish applies it.
 * Offered when the open administration was handed out to the accountant
 * (outstanding, or applied once: a newer package may follow).
 */
import * as core from '../../core/index.js';
import { ToolError } from '../../errors/index.js';
import { inputField } from '../fields.js';
import { untilText } from '../hand-outs.js';
import {
  type Answers,
  FieldError,
  l,
  type Outcome,
  type SummaryWithTables,
  text,
  type WizardAction,
  type WizardEnv,
} from '../model.js';
import { administrationShown, dateOf, secondsOf } from '../results.js';
import { conflictsNote, reviewCounts, reviewTables } from '../review.js';
import { admittedChoices, atField, inspectFile, requireAbsolute, withSource } from '../steps.js';
import { fileShown, serverShown } from './rows.js';

/** The lines of a secret key as typed or read from its file: comments and empty lines left out. */
function identitiesOf(secret: string): string[] {
  return secret
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

function keysOf(answers: Answers): core.DecryptionKeys | undefined {
  if (answers['keyKind'] === 'passphrase') {
    const passphrase = text(answers, 'passphrase');
    return passphrase ? { passphrase } : undefined;
  }
  if (answers['keyKind'] === 'keys') {
    const identities = identitiesOf(String(answers['identityFile'] ?? ''));
    return identities.length ? { identities } : undefined;
  }
  return undefined;
}

/** Reads the package's manifest (with its key) and keeps which administration it is for. */
async function readPackage(answers: Answers, env: WizardEnv, field: string): Promise<core.Manifest> {
  const path = text(answers, 'changesFile');
  const { manifest } = await atField(field, () => inspectFile(env.home, path, keysOf(answers)));
  const changes = await atField(field, async () => core.packageOf(manifest, path));
  answers['packageFor'] = changes.client;
  return manifest;
}

/** The review: the apply's own transaction, rolled back (dryRun), or the apply itself. */
async function apply(
  answers: Answers,
  env: WizardEnv,
  options: { dryRun: boolean; onProgress?: core.ProgressListener },
) {
  const ctx = env.context(env.open.server);
  const to = text(answers, 'changesTo');
  await core.requireAdmitted(ctx, to, env.open.userName);
  const path = text(answers, 'changesFile');
  const keys = keysOf(answers);
  return withSource(env.home, path, (source) =>
    core.applyChanges(ctx, {
      source,
      path,
      to,
      dryRun: options.dryRun,
      appliedBy: env.open.userName,
      ...(keys ? { keys } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }),
  );
}

/** The rows above the review: which package, from whom, for which hand-out; the changes counted; the conflicts. */
function packageRows(r: core.ApplyResult, answers: Answers, env: WizardEnv, on: 'summary' | 'result') {
  const p = r.package;
  const until = untilText(p);
  const note = conflictsNote(r.review);
  return core.declaredRows(core.operations['client-apply'], {
    // The result's title says what was done and where; the summary names the action and the server.
    action: on === 'summary' ? clientApplyAction.title : null,
    server: on === 'summary' ? serverShown(env.open.server) : null,
    administration: administrationShown(r.adm, r.name),
    package: {
      nl: `nr. ${p.sequence}, ${fileShown(text(answers, 'changesFile'), env.home).nl}`,
      en: `no. ${p.sequence}, ${fileShown(text(answers, 'changesFile'), env.home).en}`,
    },
    accountant: {
      nl: `${p.accountant || 'de accountant'}, gemaakt ${core.formatDateTime(p.madeAt, 'nl')}`,
      en: `${p.accountant || 'the accountant'}, made ${core.formatDateTime(p.madeAt, 'en')}`,
    },
    until,
    changes: reviewCounts(r.review),
    conflicts: note ?? null,
  });
}

export const clientApplyAction: WizardAction = {
  id: 'client-apply',
  title: l('Wijzigingen van de accountant verwerken', "Apply the accountant's changes"),
  explanation: l(
    'Verwerkt het wijzigingenpakket van uw accountant in uw eigen boeken, na een overzicht van elke wijziging, de saldi ervoor en erna en elk conflict. Wat u na de afsluitdatum boekte, blijft staan; daarna kunt u weer in de hele periode boeken.',
    "Applies your accountant's change package to your own books, after a review of every change, the balances before and after and every conflict. What you booked after the dividing date stays; afterwards you can book in the whole period again.",
  ),
  async available(env) {
    const h = await core.handOutStatus(env.context(env.open.server), String(env.open.number)).catch(() => undefined);
    return h?.side === 'client' && (h.status === 'outstanding' || h.status === 'applied');
  },
  steps: [
    {
      id: 'file',
      inputs: ['changes-file'],
      async screen() {
        return {
          title: l('Wijzigingenpakket', 'Change package'),
          intro: l(
            'Kies het wijzigingenpakket dat de accountant u stuurde (*.ebu): geef de naam van het bestand op de computer waarop kluis draait. Er verandert nog niets: eerst ziet u wat het pakket doet.',
            'Choose the change package the accountant sent you (*.ebu): give the name of the file on the computer kluis runs on. Nothing changes yet: first you see what the package does.',
          ),
          fields: [inputField('changes-file', { kind: 'file' })],
        };
      },
      async check(answers, env) {
        requireAbsolute(answers, ['changesFile'], '/media/usb/wijzigingen.ebu');
        const path = text(answers, 'changesFile');
        delete answers['packageFor'];
        answers['keyKind'] = await atField('changesFile', () =>
          withSource(env.home, path, (source) => core.encryptionKind(source, path)),
        );
        if (answers['keyKind'] === 'none') await readPackage(answers, env, 'changesFile');
      },
    },
    {
      id: 'key',
      inputs: ['passphrase-file', 'identity-file'],
      when: (answers) => answers['keyKind'] === 'passphrase' || answers['keyKind'] === 'keys',
      async screen(answers) {
        const byPassphrase = answers['keyKind'] === 'passphrase';
        return {
          title: byPassphrase ? l('Wachtwoord', 'Passphrase') : l('Geheime sleutel', 'Secret key'),
          intro: byPassphrase
            ? l(
                'Dit pakket is versleuteld met een wachtwoord. Geef het wachtwoord dat de accountant u gaf.',
                'This package is encrypted with a passphrase. Give the passphrase the accountant gave you.',
              )
            : l(
                'Dit pakket is versleuteld voor uw openbare sleutel. Geef uw geheime sleutel: de regel die begint met AGE-SECRET-KEY-1.',
                'This package is encrypted for your public key. Give your secret key: the line that starts with AGE-SECRET-KEY-1.',
              ),
          fields: [
            byPassphrase
              ? inputField('passphrase-file', { label: l('Wachtwoord van het pakket', 'Passphrase of the package') })
              : inputField('identity-file'),
          ],
        };
      },
      async check(answers, env) {
        const field = answers['keyKind'] === 'passphrase' ? 'passphrase' : 'identityFile';
        if (field === 'identityFile') {
          const lines = identitiesOf(String(answers['identityFile'] ?? ''));
          for (const line of lines)
            await core.validateIdentity(line, '-').catch(() => {
              throw new FieldError(field, new ToolError('SECRET_KEY_INVALID'));
            });
        }
        await readPackage(answers, env, field);
      },
    },
    {
      id: 'to',
      inputs: ['changes-to'],
      async screen(answers, env) {
        // An accountant's received copy takes no package (CHANGES_ACCOUNTANT_COPY): not offered.
        const choices = await admittedChoices(env, (h) => h?.side === 'accountant');
        const records = await core.admittedAdministrations(env.context(env.open.server), env.open.userName);
        // The administration the package was made for, when the user may open it; else the open one.
        const forPackage = records.find((r) => r.identity.toLowerCase() === text(answers, 'packageFor').toLowerCase());
        return {
          title: l('Administratie', 'Administration'),
          intro: l(
            'Kies de administratie die u aan de accountant uitleverde: daarin worden de wijzigingen verwerkt.',
            'Choose the administration you handed out to the accountant: the changes are applied to it.',
          ),
          fields: [
            inputField('changes-to', {
              kind: 'choice',
              choices,
              suggestion: core.formatAdminNumber(forPackage?.number ?? env.open.number),
            }),
          ],
        };
      },
      // A package this administration refuses (another one's, applied already, older, a withdrawn hand-out) is
      // said here, from the manifest alone; the summary's dry run then reads the package once.
      async check(answers, env) {
        const manifest = await readPackage(answers, env, 'changesTo');
        const ctx = env.context(env.open.server);
        const to = text(answers, 'changesTo');
        await atField('changesTo', async () => {
          await core.requireAdmitted(ctx, to, env.open.userName);
          await core.checkChangesFor(ctx, manifest, text(answers, 'changesFile'), to);
        });
      },
    },
  ],
  async summary(answers, env): Promise<SummaryWithTables> {
    const r = await apply(answers, env, { dryRun: true });
    return { rows: packageRows(r, answers, env, 'summary'), tables: reviewTables(r.review) };
  },
  async run(answers, env, { onProgress }) {
    const r = await apply(answers, env, { dryRun: false, onProgress });
    return appliedOutcome(r, answers, env);
  },
};

/** What the apply did: the same review, now done, and that the handed-out period is open again. */
function appliedOutcome(r: core.ApplyResult, answers: Answers, env: WizardEnv): Outcome {
  const adm = administrationShown(r.adm, r.name);
  const until = untilText(r.package);
  return {
    title: l(`Wijzigingen van de accountant verwerkt in ${adm}`, `The accountant's changes applied to ${adm}`),
    rows: [
      ...packageRows(r, answers, env, 'result'),
      { label: l('Verwerkt', 'Applied'), value: dateOf(new Date()) },
      { label: l('Duur', 'Time'), value: secondsOf(r.seconds) },
    ],
    tables: reviewTables(r.review),
    next: [
      l(
        `U kunt weer boeken tot en met ${until.nl}: de uitgeleverde periode is weer open.`,
        `You can book up to and including ${until.en} again: the handed-out period is open again.`,
      ),
      l(
        'Elke wijziging staat in het logboek van de administratie, met de accountant als auteur.',
        "Every change is in the administration's audit log, with the accountant as its author.",
      ),
      l(
        'Stuurt de accountant later een nieuwer pakket van dezelfde uitlevering, dan verwerkt u dat op dezelfde manier.',
        'When the accountant later sends a newer package of the same hand-out, apply it the same way.',
      ),
    ],
  };
}
