/** kluis admin list | show | create | delete | generate */
import * as core from '../../core/index.js';
import { type Lang, type Localized, phrase, ToolError } from '../../errors/index.js';
import { inLanguage, serverShown } from '../../wizard/actions/rows.js';
import { copyMethodText } from '../../wizard/results.js';
import { type CommandSpec, command, l } from '../command.js';
import { confirmByTyping, withOverwriteConfirmation } from '../confirm-overwrite.js';
import { operationCommand } from '../operation-command.js';
import { type Output, table } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { askPassword, canPrompt, readSecretOption } from '../prompt.js';
import { contextFor } from './context.js';

/** An administration's registry status, as a person reads it (`--json` keeps the stored word). */
const statusLabels: Record<core.AdministrationSummary['status'], Localized> = {
  creating: l('wordt aangemaakt', 'being created'),
  ready: l('klaar', 'ready'),
  deleting: l('wordt verwijderd', 'being deleted'),
};

/** Recover is offered only when there is something to recover. */
export async function recoveryHint(ctx: core.KluisContext, out: Output): Promise<void> {
  const items = await core.listRecovery(ctx);
  const n = items.length;
  if (n)
    out.warn(
      l(
        `Er is een bewerking afgebroken (${n} ${n === 1 ? 'punt' : 'punten'} te herstellen). Voer "kluis recover" uit; "kluis recover --list" laat zien wat er gebeurt.`,
        `An operation was interrupted (${n} ${n === 1 ? 'item' : 'items'} to recover). Run "kluis recover"; "kluis recover --list" shows what it will do.`,
      ),
    );
}

async function readPassword(file: string | undefined, out: Output, user: string): Promise<string> {
  if (file !== undefined)
    return readSecretOption(file, out.t(l(`Wachtwoord voor ${user}: `, `Password for ${user}: `)));
  if (!canPrompt()) throw new ToolError('PASSWORD_REQUIRED', { user });
  const first = await askPassword(out.t(l(`Wachtwoord voor ${user}: `, `Password for ${user}: `)));
  const again = await askPassword(out.t(l('Nogmaals: ', 'Again: ')));
  if (first !== again)
    throw new ToolError('USAGE_BAD_ARGUMENTS', {
      command: 'admin create',
      reason: phrase('PASSWORDS_DIFFER'),
    });
  return first;
}

/** A licence's day (YYYY-MM-DD) as the reader writes it; read as a day here, so no time zone moves it. */
function licenceDay(day: string, lang: Lang): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? core.formatDate(`${day}T00:00:00`, lang) : day;
}

const createCommand = operationCommand(core.operations['admin-create'], async ({ values, global, out }) => {
  const ctx = contextFor(global);
  const { name, number } = values;
  const licence = values.licence ? core.readLicenceFile(values.licence, ctx) : core.defaultLicence(ctx);
  if (!licence) throw new ToolError('LICENCE_REQUIRED');
  const userName = licence.document.licence.registeredUser;
  // Everything that can be wrong in the input is reported before a password is asked (readValues checked the rest).
  const password = await readPassword(values['first-password-file'], out, userName);
  const record = await core.createAdministration(ctx, {
    name,
    ...(number !== undefined ? { number } : {}),
    licence: licence.document,
    users: [{ userName, fullName: values['full-name'] ?? userName, role: 'administrator', password }],
  });
  const adm = core.formatAdminNumber(record.number);
  out.data(
    core.resultOf(core.operations['admin-create'], {
      number: adm,
      name: record.name,
      database: record.databaseName,
      identity: record.identity,
      user: userName,
    }),
  );
  out.line(
    out.t(
      l(
        `Administratie ${adm} "${record.name}" is aangemaakt; gebruiker ${userName} kan zich aanmelden.`,
        `Administration ${adm} "${record.name}" was created; user ${userName} can sign in.`,
      ),
    ),
  );
  return 0;
});

const deleteCommand = operationCommand(core.operations['admin-delete'], async ({ values, global, out }) => {
  const ctx = contextFor(global);
  let confirm = values.confirm !== undefined ? core.parseAdminNumber(values.confirm) : undefined;
  if (confirm === undefined && canPrompt()) {
    const d = await core.showAdministration(ctx, values.adm);
    await confirmByTyping(
      out.t(
        l(
          `Administratie ${d.number} "${d.name}" met ${d.counts.transactions} transacties en ${d.counts.documents} documenten wordt verwijderd.\nTyp ${d.number} om te bevestigen: `,
          `Administration ${d.number} "${d.name}" with ${d.counts.transactions} transactions and ${d.counts.documents} documents will be deleted.\nType ${d.number} to confirm: `,
        ),
      ),
      Number(d.number),
    );
    confirm = Number(d.number);
  }
  const record = await core.deleteAdministration(ctx, values.adm, confirm);
  const adm = core.formatAdminNumber(record.number);
  out.data(core.resultOf(core.operations['admin-delete'], { deleted: adm, name: record.name }));
  out.line(
    out.t(
      l(`Administratie ${adm} "${record.name}" is verwijderd.`, `Administration ${adm} "${record.name}" was deleted.`),
    ),
  );
  return 0;
});

const copyCommand = operationCommand(core.operations.copy, async ({ values, global, out }) => {
  const ctx = contextFor(global);
  const { adm, to } = values;
  const replace = values.replace !== undefined ? core.parseAdminNumber(values.replace) : undefined;
  const toServer = values['target-server'];
  const target = toServer ? contextFor({ ...global, server: toServer }) : undefined;
  const result = await withOverwriteConfirmation(out, to, 'admin', replace, (replace) =>
    core.copyAdministration(ctx, {
      adm,
      to,
      ...(replace !== undefined ? { replace } : {}),
      ...(target ? { target } : {}),
      onProgress: progressBar(out, core.operations.copy),
    }),
  );
  out.status(undefined);
  const number = core.formatAdminNumber(result.number);
  out.data(core.resultOf(core.operations.copy, { ...result, number }));
  out.line(
    out.t(
      l(
        `Gekopieerd naar administratie ${number} "${result.name}" in ${out.seconds(result.seconds)}: ${copyMethodText(result.method).nl}.`,
        `Copied to administration ${number} "${result.name}" in ${out.seconds(result.seconds)}: ${copyMethodText(result.method).en}.`,
      ),
    ),
  );
  return 0;
});

export const adminCommands: CommandSpec[] = [
  command({
    words: ['admin', 'list'],
    summary: l('toont de administraties op de server', 'lists the administrations on the server'),
    async run({ global, out }) {
      const ctx = contextFor(global);
      const listed = await core.listAdministrations(ctx);
      // Whether each has a recent good backup (kluis check's rule): the flag a firm's administrator looks for.
      const fresh = new Map((await core.assessBackups(ctx)).map((a) => [a.number, a]));
      // An outstanding hand-out to the accountant (kluis client hand-out), on either side.
      const handOuts = await core.outstandingHandOuts(ctx);
      const handOutOf = (number: string) => handOuts.get(Number(number));
      const admins = listed.map((a) => {
        const f = fresh.get(a.number);
        const h = handOutOf(a.number);
        return {
          ...a,
          ...(f ? { backup: { state: f.state, scopes: f.scopes } } : {}),
          ...(h ? { handOut: h } : {}),
        };
      });
      out.data(admins);
      await recoveryHint(ctx, out);
      if (admins.length === 0) {
        out.line(
          out.t(
            l(
              `Er zijn nog geen administraties op server "${ctx.engine.name}". Probeer "kluis demo".`,
              `There are no administrations on server "${ctx.engine.name}" yet. Try "kluis demo".`,
            ),
          ),
        );
        return 0;
      }
      // The hand-out column only when one is outstanding somewhere: the usual list stays as it was.
      const withHandOuts = handOuts.size > 0;
      const headers = [
        ...(out.lang === 'nl'
          ? ['Nr', 'Naam', 'Status', 'Aangemaakt', 'Back-up']
          : ['No', 'Name', 'Status', 'Created', 'Backup']),
        ...(withHandOuts ? [out.t(l('Uitlevering', 'Hand-out'))] : []),
      ];
      const handOutCell = (number: string) => {
        const h = handOutOf(number);
        return h ? out.t(core.handOutFlag(h)) : '';
      };
      const backupText = (number: string) => {
        const f = fresh.get(number);
        if (!f) return '';
        return `${f.state === 'ok' ? '' : '!! '}${out.t(core.freshnessText(f))}`;
      };
      out.line(
        table(
          headers,
          admins.map((a) => [
            a.number,
            a.name,
            out.t(statusLabels[a.status]),
            core.formatDate(a.createdAt, out.lang),
            backupText(a.number),
            ...(withHandOuts ? [handOutCell(a.number)] : []),
          ]),
        ),
      );
      return 0;
    },
  }),
  command({
    words: ['admin', 'show'],
    summary: l(
      'toont één administratie: licentie, gebruikers, aantallen',
      'shows one administration: licence, users, counts',
    ),
    args: [
      {
        name: 'adm',
        required: true,
        help: l('administratienummer (001–999) of -naam', 'administration number (001–999) or name'),
      },
    ],
    async run({ args, global, out }) {
      const ctx = contextFor(global);
      const d = await core.showAdministration(ctx, args.adm);
      out.data(d);
      const nl = out.lang === 'nl';
      const row = (label: string, value: string) => out.line(`${label.padEnd(16)} ${value}`);
      row(nl ? 'Administratie' : 'Administration', `${d.number} ${d.name}`);
      row('Server', inLanguage(serverShown(d.server), out.lang));
      row('Status', out.t(statusLabels[d.status]));
      row(nl ? 'Identiteit' : 'Identity', d.identity);
      row(nl ? 'Database' : 'Database', `${d.database} (${out.bytes(d.sizeBytes)}, schema ${d.schemaVersion})`);
      row(nl ? 'Transacties' : 'Transactions', out.count(d.counts.transactions));
      row(nl ? 'Documenten' : 'Documents', out.count(d.counts.documents));
      if (d.licence) {
        const lic = d.licence;
        const state =
          lic.state === 'demo'
            ? nl
              ? ' (demolicentie)'
              : ' (demo licence)'
            : lic.state === 'valid'
              ? ''
              : ` (${nl ? 'geweigerd' : 'refused'})`;
        row(nl ? 'Licentie' : 'Licence', `${lic.number} ${lic.holder}${state}`);
        if (lic.refusal) row(nl ? 'Waarom' : 'Why', out.t(lic.refusal));
        row(nl ? 'Geregistreerd' : 'Registered user', lic.registeredUser);
        row(nl ? 'Artikelen' : 'Articles', lic.articles.join(', '));
        row(
          nl ? 'Geldig' : 'Valid',
          `${licenceDay(lic.validFrom, out.lang)} – ${licenceDay(lic.validUntil, out.lang)}, max ${lic.maxUsers} ${nl ? 'gebruikers' : 'users'}`,
        );
      }
      if (d.clientLicence)
        row(nl ? 'Klantlicentie' : 'Client licence', `${d.clientLicence.number} ${d.clientLicence.holder}`);
      if (d.handOut) {
        row(out.t(l('Uitlevering', 'Hand-out')), out.t(core.handOutText(d.handOut)));
      }
      out.line();
      const headers = nl ? ['Gebruiker', 'Naam', 'Rol', 'Actief'] : ['User', 'Name', 'Role', 'Active'];
      out.line(
        table(
          headers,
          d.users.map((u) => [
            u.userName,
            u.fullName,
            out.t(core.roleLabel(u.role)),
            u.active ? (nl ? 'ja' : 'yes') : nl ? 'nee' : 'no',
          ]),
        ),
      );
      // What it shows may be half an operation (a hand-out that did not finish, its books refused up to the date).
      await recoveryHint(ctx, out);
      return 0;
    },
  }),
  createCommand,
  deleteCommand,
  copyCommand,
  command({
    words: ['admin', 'generate'],
    summary: l(
      'maakt een administratie met gegenereerde boekhouding (voor proeven en metingen)',
      'creates an administration with generated books (for trials and benchmarks)',
    ),
    description: l(
      'Maten: xs (1.000 boekingen), demo (5.000), s (50.000 boekingen, 5.000 documenten), l (1 miljoen boekingen, 4 miljoen transacties, 50.000 documenten). Dezelfde seed geeft steeds dezelfde gegevens. Licentie en gebruiker komen van de demo-uitgever; het wachtwoord is "demo-wachtwoord".',
      'Sizes: xs (1,000 entries), demo (5,000), s (50,000 entries, 5,000 documents), l (1 million entries, 4 million transactions, 50,000 documents). The same seed always gives the same data. Licence and user come from the demo issuer; the password is "demo-wachtwoord".',
    ),
    args: [
      { name: 'name', required: true, help: l('naam van de nieuwe administratie', 'name of the new administration') },
    ],
    options: {
      size: { type: 'string', value: 'xs|demo|s|l', help: l('omvang (standaard demo)', 'size (default demo)') },
      seed: {
        type: 'string',
        value: 'TEXT',
        help: l('seed voor de gegevens (standaard: de naam)', 'seed for the data (default: the name)'),
      },
      number: { type: 'string', value: 'N', help: l('administratienummer 001–999', 'administration number 001–999') },
    },
    async run({ args, options, global, out }) {
      const ctx = contextFor(global);
      const sizeName = (options.size ?? 'demo').toLowerCase();
      if (!(sizeName in core.generatorSizes))
        throw new ToolError('USAGE_BAD_ARGUMENTS', {
          command: 'admin generate',
          reason: phrase('SIZE_UNKNOWN', { size: sizeName }),
        });
      const name = core.validateAdminName(args.name);
      const started = Date.now();
      out.note(l(`Gegevens genereren (${sizeName})…`, `Generating data (${sizeName})…`));
      const licence = core.issueDemoLicence({ holder: name, registeredUser: 'eigenaar' });
      const number = options.number !== undefined ? core.parseAdminNumber(options.number) : undefined;
      const record = await core.generateAdministration(ctx, {
        name,
        ...(number !== undefined ? { number } : {}),
        size: core.generatorSizes[sizeName as core.GeneratorSizeName],
        seed: options.seed ?? name,
        licence,
        users: [{ userName: 'eigenaar', fullName: 'Eigenaar', role: 'administrator', password: core.demoPassword }],
        onProgress: (p) => {
          if (p.step === 'indexes')
            return out.status(
              out.t(l('Sleutels, indexen en controles opbouwen…', 'Building keys, indexes and checks…')),
            );
          const what = p.step === 'journal' ? l('boekingen', 'entries') : l('documenten', 'documents');
          out.status(
            `${Math.floor((100 * p.done) / p.total)}% ${out.count(p.done)}/${out.count(p.total)} ${out.t(what)}`,
          );
        },
      });
      out.status(undefined);
      const adm = core.formatAdminNumber(record.number);
      const seconds = (Date.now() - started) / 1000;
      out.data({ number: adm, name: record.name, size: sizeName, seconds: Number(seconds.toFixed(1)) });
      out.line(
        out.t(
          l(
            `Administratie ${adm} "${record.name}" is gegenereerd in ${out.seconds(seconds)}.`,
            `Administration ${adm} "${record.name}" was generated in ${out.seconds(seconds)}.`,
          ),
        ),
      );
      return 0;
    },
  }),
];
