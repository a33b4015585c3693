/** kluis demo */
import * as core from '../../core/index.js';
import type { Lang, Localized } from '../../errors/index.js';
import { inLanguage, serverShown } from '../../wizard/actions/rows.js';
import { type CommandSpec, command, l } from '../command.js';
import { contextFor } from './context.js';

export const demoCommand: CommandSpec = command({
  words: ['demo'],
  summary: l(
    'maakt een demo-omgeving: accountantsadministratie en een klantadministratie',
    "creates a demo: an accountant's administration and a client's",
  ),
  description: l(
    'Maakt op de gekozen server (standaard Mijn computer) de administratie van een accountantskantoor met een licentie met E-Accountancy en drie medewerkers, en de administratie van een klant met een jaar aan boekingen en documenten. Alles is ondertekend door de openbare demo-uitgever. Nog een keer uitvoeren laat bestaande demo-administraties staan.',
    "Creates, on the chosen server (default My computer), an accounting firm's administration with an E-Accountancy licence and three staff, and a client's administration with a year of entries and documents. Everything is signed by the public demo issuer. Running it again keeps existing demo administrations.",
  ),
  async run({ global, out }) {
    const ctx = contextFor(global);
    const started = Date.now();
    const result = await core.createDemo(ctx, (step) => out.note(stepNotes[step]));
    const seconds = (Date.now() - started) / 1000;
    out.data({ ...result, seconds: Number(seconds.toFixed(1)) });
    for (const line of demoReport(result, inLanguage(serverShown(ctx.engine.name), out.lang), seconds, out.lang))
      out.line(line);
    return 0;
  },
});

const stepNotes: Record<core.DemoStep, Localized> = {
  accountant: l('Accountantsadministratie aanmaken…', "Creating the accountant's administration…"),
  client: l('Klantadministratie met boekingen aanmaken…', "Creating the client's administration with books…"),
  'client-backup': l('Back-up van de klant maken…', "Making the client's backup…"),
};

/** What the demo made, how to sign in, and the tour's next steps, in one language. */
export function demoReport(result: core.DemoResult, server: string, seconds: number, lang: Lang): string[] {
  const nl = lang === 'nl';
  const t = (dutch: string, english: string) => (nl ? dutch : english);
  const a = core.formatAdminNumber(result.accountant.number);
  const c = core.formatAdminNumber(result.client.number);
  const made = (created: boolean) => (created ? t('aangemaakt', 'created') : t('bestond al', 'already there'));
  const file = result.clientBackup.path;
  return [
    t(
      `Demo klaar in ${core.formatSeconds(seconds, lang)} op ${server}.`,
      `Demo ready in ${core.formatSeconds(seconds, lang)} on ${server}.`,
    ),
    '',
    t(
      `  Accountant: ${a} "${result.accountant.name}" (${made(result.accountant.created)}), licentie met E-Accountancy`,
      `  Accountant: ${a} "${result.accountant.name}" (${made(result.accountant.created)}), licence with E-Accountancy`,
    ),
    t(
      `              gebruikers ${result.users.accountant.join(', ')}`,
      `              users ${result.users.accountant.join(', ')}`,
    ),
    t(
      `  Klant:      ${c} "${result.client.name}" (${made(result.client.created)})`,
      `  Client:     ${c} "${result.client.name}" (${made(result.client.created)})`,
    ),
    t(
      `              gebruikers ${result.users.client.join(', ')}`,
      `              users ${result.users.client.join(', ')}`,
    ),
    t(
      `  Back-up van de klant (alsof de klant hem stuurde, ook in de back-upgeschiedenis): ${file}`,
      `  The client's backup (as if the client sent it; in the backup history too): ${file}`,
    ),
    t(`  Licentiebestanden: ${result.licenceFiles.accountant}`, `  Licence files: ${result.licenceFiles.accountant}`),
    // The second file under the first, whatever the label's length in this language.
    `${' '.repeat(t('  Licentiebestanden: ', '  Licence files: ').length)}${result.licenceFiles.client}`,
    '',
    t(
      `Aanmelden: administratie ${a} als devries, wachtwoord ${result.password} (elke demogebruiker heeft dat wachtwoord).`,
      `Sign in: administration ${a} as devries, password ${result.password} (every demo user has that password).`,
    ),
    '',
    t('Probeer nu:', 'Try next:'),
    t(
      '  kluis start                 de wizard in uw browser',
      '  kluis start                 the wizard in your browser',
    ),
    '  kluis admin list',
    `  kluis admin show ${c}`,
    t(
      `  kluis client install "${file}" --open ${a} --to "Bakkerij Jansen (kantoor)" --users anna,bram`,
      `  kluis client install "${file}" --open ${a} --to "Bakkerij Jansen (kantoor)" --users anna,bram`,
    ),
  ];
}
