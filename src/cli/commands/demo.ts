/** kluis demo */
import * as core from '../../core/index.js';
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
    const result = await core.createDemo(ctx, (step) =>
      out.note(
        step === 'accountant'
          ? l('Accountantsadministratie aanmaken…', "Creating the accountant's administration…")
          : l('Klantadministratie met boekingen aanmaken…', "Creating the client's administration with books…"),
      ),
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    out.data({ ...result, seconds: Number(seconds) });
    const a = `${core.formatAdminNumber(result.accountant.number)} "${result.accountant.name}"`;
    const c = `${core.formatAdminNumber(result.client.number)} "${result.client.name}"`;
    // One language chosen per line; lines without words are the same in both.
    const t = (nl: string, en: string) => out.t(l(nl, en));
    const made = (created: boolean) => (created ? t('aangemaakt', 'created') : t('bestond al', 'already there'));
    const lines = [
      t(
        `Demo klaar in ${seconds} s op server "${ctx.engine.name}".`,
        `Demo ready in ${seconds} s on server "${ctx.engine.name}".`,
      ),
      '',
      t(
        `  Accountant: ${a} (${made(result.accountant.created)}), licentie met E-Accountancy`,
        `  Accountant: ${a} (${made(result.accountant.created)}), licence with E-Accountancy`,
      ),
      t(
        `              gebruikers ${result.users.accountant.join(', ')}`,
        `              users ${result.users.accountant.join(', ')}`,
      ),
      t(`  Klant:      ${c} (${made(result.client.created)})`, `  Client:     ${c} (${made(result.client.created)})`),
      t(
        `              gebruikers ${result.users.client.join(', ')}`,
        `              users ${result.users.client.join(', ')}`,
      ),
      t(
        `  Wachtwoord van alle demogebruikers: ${result.password}`,
        `  Password of every demo user: ${result.password}`,
      ),
      t(`  Licentiebestanden: ${result.licenceFiles.accountant}`, `  Licence files: ${result.licenceFiles.accountant}`),
      `                     ${result.licenceFiles.client}`,
      '',
      t('Probeer nu:', 'Try next:'),
      '  kluis admin list',
      `  kluis admin show ${core.formatAdminNumber(result.client.number)}`,
      `  kluis admin show "${result.accountant.name}"`,
    ];
    for (const line of lines) out.line(line);
    return 0;
  },
});
