/** kluis client install, and kluis licence import-client */
import * as core from '../../core/index.js';
import { ToolError } from '../../errors/index.js';
import { type CommandSpec, l } from '../command.js';
import { withOverwriteConfirmation } from '../confirm-overwrite.js';
import type { Output } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { decryptionKeys, ensureReadable, keyOptions, openInput } from './backup.js';
import { contextFor } from './context.js';

/** The summary screen of the wizard, as text: what will happen, before it happens. */
function printInstallPlan(out: Output, plan: core.InstallPlan, server: string, file: string): void {
  const nl = out.lang === 'nl';
  const row = (label: string, value: string) => out.line(`${label.padEnd(20)} ${value}`);
  const adm = `${core.formatAdminNumber(plan.number)} "${plan.name}"`;
  row(nl ? 'Actie' : 'Action', nl ? 'Database van een klant installeren' : "Install a client's database");
  row('Server', server);
  row(
    nl ? 'Administratie' : 'Administration',
    plan.overwrites
      ? `${adm} (${nl ? 'overschrijft' : 'overwrites'} "${plan.overwrites.name}")`
      : `${adm} (${nl ? 'nieuw' : 'new'})`,
  );
  row(nl ? 'Back-up' : 'Backup', file);
  row(
    nl ? 'Actieve licentie' : 'Active licence',
    `${plan.activeLicence.number} ${plan.activeLicence.holder} (${nl ? 'gebruiker' : 'user'} ${plan.activeLicence.registeredUser})`,
  );
  row(
    nl ? 'Klantlicentie' : 'Client licence',
    `${plan.clientLicence.number} ${plan.clientLicence.holder} (${nl ? 'bewaard voor de teruglevering' : 'kept for the hand-back'})`,
  );
  row(nl ? 'Toegevoegd' : 'Users added', plan.addedUsers.map((u) => `${u.userName} (${u.role})`).join(', '));
  row(
    nl ? 'Klantgebruikers' : 'Client users',
    plan.clientUsersStaying === null
      ? nl
        ? 'niet vermeld in deze back-up'
        : 'not listed in this backup'
      : plan.clientUsersStaying.join(', ') || '-',
  );
  if (plan.clientUsersSetAside.length)
    row(
      nl ? 'Opzij gezet' : 'Set aside',
      `${plan.clientUsersSetAside.join(', ')} (${nl ? 'zelfde naam als een toegevoegde gebruiker; terug bij de teruglevering' : 'same name as an added user; back in the hand-back'})`,
    );
}

/** The options of installing a client's books, from a backup (client install) or an auditfile (xaf import). */
export const installOptions = {
  open: {
    type: 'string',
    value: 'ADM',
    help: l('uw eigen administratie (met E-Accountancy)', 'your own administration (with E-Accountancy)'),
  },
  to: {
    type: 'string',
    value: 'NAME|NUMBER',
    help: l('naam voor een nieuwe administratie, of het nummer', 'name for a new administration, or the number'),
  },
  users: {
    type: 'string',
    value: 'A,B',
    help: l(
      'gebruikers van de geopende administratie die toegang krijgen',
      'users of the open administration who get access',
    ),
  },
  'all-users': {
    type: 'boolean',
    help: l('alle actieve gebruikers van de geopende administratie', 'all active users of the open administration'),
  },
  replace: {
    type: 'string',
    value: 'N',
    help: l('bevestig dat administratie N overschreven mag worden', 'confirm that administration N may be overwritten'),
  },
  'database-dir': {
    type: 'string',
    path: 'folder',
    value: 'DIR',
    help: l('map voor de databasebestanden', 'folder for the database files'),
  },
  'server-folder': {
    type: 'string',
    path: 'server-folder',
    value: 'DIR',
    help: l('dezelfde map zoals de server hem ziet', 'the same folder as the server sees it'),
  },
  'dry-run': { type: 'boolean', help: l('toon alleen de samenvatting', 'only show the summary') },
} satisfies CommandSpec['options'];

/** Reads and checks the install options; `replace` is applied per attempt (a terminal may ask for it). */
export function installArguments(options: Record<string, unknown>, command: string) {
  const open = options['open'] as string | undefined;
  const to = options['to'] as string | undefined;
  if (!open) throw new ToolError('USAGE_MISSING_ARGUMENT', { command, argument: '--open' });
  if (!to) throw new ToolError('USAGE_MISSING_ARGUMENT', { command, argument: '--to' });
  core.parseAdminRef(to);
  const users = (options['users'] as string | undefined)
    ?.split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (users && options['all-users'])
    throw new ToolError('USAGE_BAD_ARGUMENTS', {
      command,
      reason: l('kies --users of --all-users, niet allebei', 'choose --users or --all-users, not both'),
    });
  const replace = options['replace'] !== undefined ? core.parseAdminNumber(options['replace'] as string) : undefined;
  return {
    replace,
    input: {
      open,
      to,
      ...(users ? { users } : {}),
      allUsers: options['all-users'] === true,
      ...(options['database-dir'] ? { databaseDir: options['database-dir'] as string } : {}),
      ...(options['server-folder'] ? { serverFolder: options['server-folder'] as string } : {}),
      dryRun: options['dry-run'] === true,
    },
  };
}

export const clientCommands: CommandSpec[] = [
  {
    words: ['client', 'install'],
    summary: l(
      'installeert de back-up van een klant onder uw accountantslicentie',
      "installs a client's backup under your accountant's licence",
    ),
    description: l(
      'Alleen vanuit een geopende administratie (--open) met het artikel E-Accountancy. De back-up wordt teruggezet zoals bij "backup restore" (naam of nummer, bevestiging bij overschrijven), maar draait daarna onder uw licentie en gebruikersnaam, met de gekozen gebruikers uit de geopende administratie. De licentie en gebruikers van de klant worden bewaard: een back-up van deze administratie draagt ze weer, zonder uw gebruikers. De geopende administratie zelf wordt nooit overschreven.',
      'Only from an open administration (--open) whose licence has the article E-Accountancy. The backup is restored as with "backup restore" (name or number, confirmation when overwriting), but then runs under your licence and user name, with the chosen users of the open administration. The client\'s licence and users are kept: a backup of this administration carries them again, without your users. The open administration itself is never overwritten.',
    ),
    args: [
      {
        name: 'file',
        path: 'backup',
        required: true,
        help: l('back-upbestand van de klant, of -', "the client's backup file, or -"),
      },
    ],
    options: { ...installOptions, ...keyOptions },
    examples: ['kluis client install klant.ebu --open 001 --to "Bakkerij Jansen" --users anna,bram'],
    async run({ args, options, global, out }) {
      const ctx = contextFor(global);
      const file = args['file']!;
      const { replace, input } = installArguments(options, 'client install');
      ensureReadable(file);
      const keys = await decryptionKeys(options, out);
      const attempt = (replace: number | undefined) =>
        core.installClient(ctx, {
          ...input,
          source: openInput(file),
          path: file,
          ...(replace !== undefined ? { replace } : {}),
          ...(keys ? { keys } : {}),
          onPlan: (plan) => {
            if (!global.json) printInstallPlan(out, plan, ctx.engine.name, file);
          },
          onProgress: progressBar(out, out.t(l('Installeren', 'Installing'))),
        });
      const result = await withOverwriteConfirmation(out, input.to, file, replace, attempt);
      out.status(undefined);
      const { manifest, ...rest } = result;
      out.data({
        ...rest,
        administration: manifest.administration,
        number: core.formatAdminNumber(result.number),
        dryRun: !('footer' in result),
      });
      out.line();
      if (!('footer' in result))
        out.line(out.t(l('Proefrun: er is niets gewijzigd.', 'Dry run: nothing was changed.')));
      else
        out.line(
          out.t(
            l(
              `Geïnstalleerd als administratie ${core.formatAdminNumber(result.number)} "${result.name}" (${result.seconds.toFixed(1)} s).`,
              `Installed as administration ${core.formatAdminNumber(result.number)} "${result.name}" (${result.seconds.toFixed(1)} s).`,
            ),
          ),
        );
      return 0;
    },
  },
  {
    words: ['licence', 'import-client'],
    summary: l(
      'zet de licentie van een klant in een administratie, voor de teruglevering',
      "puts a client's licence into an administration, for the hand-back",
    ),
    description: l(
      'Voor een administratie die u onder uw eigen licentie hebt opgezet: vanaf nu dragen haar back-ups de licentie van de klant. De geregistreerde gebruiker van die licentie moet in de administratie bestaan en actief zijn; die gebruiker (en wie u met --client-users noemt) gaat met de back-up mee, de anderen niet.',
      "For an administration you set up under your own licence: from now on its backups carry the client's licence. The licence's registered user must exist and be active in the administration; that user (and whoever you name with --client-users) goes with the backup, the others do not.",
    ),
    args: [
      { name: 'adm', required: true, help: l('administratienummer of -naam', 'administration number or name') },
      {
        name: 'file',
        path: 'licence',
        required: true,
        help: l('licentiebestand van de klant', "the client's licence file"),
      },
    ],
    options: {
      'client-users': {
        type: 'string',
        value: 'A,B',
        help: l('meer gebruikers die van de klant zijn', 'more users who belong to the client'),
      },
    },
    async run({ args, options, global, out }) {
      const ctx = contextFor(global);
      const licence = core.readLicenceFile(args['file']!, ctx);
      const extra =
        (options['client-users'] as string | undefined)
          ?.split(',')
          .map((u) => u.trim())
          .filter(Boolean) ?? [];
      const r = await core.importClientLicence(ctx, args['adm']!, licence.document, extra);
      out.data(r);
      out.line(
        out.t(
          l(
            `Administratie ${r.adm} draagt voortaan bij een back-up de licentie ${r.clientLicence.number} van ${r.clientLicence.holder}, met gebruiker(s) ${r.clientUsers.join(', ')}; niet mee: ${r.accountantUsers.join(', ') || '-'}.`,
            `From now on, backups of administration ${r.adm} carry licence ${r.clientLicence.number} of ${r.clientLicence.holder}, with user(s) ${r.clientUsers.join(', ')}; left out: ${r.accountantUsers.join(', ') || '-'}.`,
          ),
        ),
      );
      return 0;
    },
  },
];
