/** Wizard action 2: restore a backup. */
import * as core from '../../core/index.js';
import { type Answers, l, type Outcome, type SummaryRow, text, type WizardAction, type WizardEnv } from '../model.js';
import { administrationShown, countOf, restoredAs, secondsOf, signInNext } from '../results.js';
import {
  backupFileStep,
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
import { administrationText, fileShown, licenceText, restoreWarningText, serverShown, userNamesText } from './rows.js';

function restoreInput(answers: Answers, replace: number | undefined) {
  const file = text(answers, 'file');
  const keys = keysOf(answers);
  return {
    path: file,
    to: text(answers, 'to'),
    ...(replace !== undefined ? { replace } : {}),
    ...(keys ? { keys } : {}),
    ...placementOf(answers),
  };
}

async function plan(answers: Answers, env: WizardEnv, replace = replaceOf(answers)): Promise<core.RestorePlan> {
  const input = restoreInput(answers, replace);
  return (await withSource(env.home, input.path, (source) =>
    core.restoreBackup(env.context(targetServer(answers, env)), { ...input, source, dryRun: true }),
  )) as core.RestorePlan;
}

export const restoreAction: WizardAction = {
  id: 'restore',
  title: l('Lees back-up terug', 'Restore backup'),
  explanation: l(
    'Zet een back-up terug als nieuwe administratie of over een bestaand nummer; licentie en gebruikers blijven zoals in de back-up.',
    'Restores a backup as a new administration or over an existing number; licence and users stay as in the backup.',
  ),
  available: async () => true,
  steps: [
    backupFileStep,
    passphraseStep,
    serverStep(),
    targetStep(
      l(
        'Geef de naam of het nummer van de administratie na het terugzetten.',
        'Give the name or number the administration will have after the restore.',
      ),
      async (answers, env) => void (await plan(answers, env, undefined)),
    ),
    confirmOverwriteStep,
    placementStep,
  ],
  async summary(answers, env): Promise<SummaryRow[]> {
    const p = await plan(answers, env);
    return core.declaredRows(core.operations.restore, {
      action: restoreAction.title,
      server: serverShown(targetServer(answers, env)),
      administration: administrationText(p),
      backup: fileShown(text(answers, 'file'), env.home),
      licence: licenceText(p.manifest.licence, l('blijft zoals in de back-up', 'stays as in the backup')),
      usersKept: userNamesText(p.manifest.users),
      warnings: p.warnings.map(restoreWarningText),
    });
  },
  async run(answers, env, { onProgress }) {
    const input = restoreInput(answers, await requireMayOverwrite(answers, env));
    const server = targetServer(answers, env);
    const r = (await withSource(env.home, input.path, (source) =>
      core.restoreBackup(env.context(server), { ...input, source, onProgress }),
    )) as core.RestoreResult;
    return restoredOutcome(r, server, input.path);
  },
};

/** What a restore did, with its counts; who signs in now (the backup's own users); a warning stays a note. */
function restoredOutcome(r: core.RestoreResult, server: string, file: string): Outcome {
  const m = r.manifest;
  const signIn = signInNext(
    r.number,
    r.name,
    (m.users ?? []).map((u) => u.userName),
  );
  return {
    title: restoredAs(r.number, r.name),
    rows: [
      { label: l('Administratie', 'Administration'), value: administrationShown(r.number, r.name) },
      ...(r.overwrites
        ? [
            {
              label: l('Overschreven', 'Overwritten'),
              value: l(
                `de vorige inhoud (${core.formatCount(r.overwrites.transactions, 'nl')} transacties, ${core.formatCount(r.overwrites.documents, 'nl')} documenten)`,
                `the previous contents (${core.formatCount(r.overwrites.transactions, 'en')} transactions, ${core.formatCount(r.overwrites.documents, 'en')} documents)`,
              ),
            },
          ]
        : []),
      { label: l('Server', 'Server'), value: serverShown(server) },
      { label: l('Back-up', 'Backup'), value: file },
      { label: l('Licentie', 'Licence'), value: licenceText(m.licence, l('zoals in de back-up', 'as in the backup')) },
      { label: l('Transacties', 'Transactions'), value: countOf(m.counts.transactions) },
      { label: l('Documenten', 'Documents'), value: countOf(m.counts.documents) },
      { label: l('Duur', 'Time'), value: secondsOf(r.seconds) },
      ...r.warnings.map((w) => ({ label: l('Let op', 'Note'), value: restoreWarningText(w), note: true as const })),
    ],
    ...(signIn ? { next: [signIn] } : {}),
  };
}
