/** kluis client install, and kluis licence import-client */
import * as core from '../../core/index.js';
import { phrase, ToolError } from '../../errors/index.js';
import { clientInstallAction, installPreview } from '../../wizard/index.js';
import { type CommandSpec, l } from '../command.js';
import { withOverwriteConfirmation } from '../confirm-overwrite.js';
import { operationCommand } from '../operation-command.js';
import { printPlanRows } from '../plan-summary.js';
import { progressBar } from '../progress-bar.js';
import { decryptionKeys, ensureReadable, openInput } from './backup.js';
import { contextFor } from './context.js';
import { handOutCommand } from './hand-out.js';

/** What installing a client's books takes, from a backup (client install) or an auditfile (xaf import). */
type InstallValues = Pick<
  core.ValuesOf<(typeof core.operations)['client-install']>,
  'open' | 'to' | 'users' | 'all-users' | 'replace' | 'database-dir' | 'server-folder' | 'dry-run'
>;

/** The core's install input from the values; `replace` is applied per attempt (a terminal may ask for it). */
export function installArguments(values: InstallValues, command: string) {
  // "*" is every user, as the wizard's --users takes it.
  const all = values['all-users'] || (values.users.length === 1 && values.users[0] === '*');
  const users = all && !values['all-users'] ? [] : values.users;
  if (users.length && all)
    throw new ToolError('USAGE_BAD_ARGUMENTS', {
      command,
      reason: phrase('USERS_OR_ALL_USERS'),
    });
  const replace = values.replace !== undefined ? core.parseAdminNumber(values.replace) : undefined;
  return {
    replace,
    input: {
      open: values.open,
      to: values.to,
      ...(users.length ? { users } : {}),
      allUsers: all,
      ...(values['database-dir'] ? { databaseDir: values['database-dir'] } : {}),
      ...(values['server-folder'] ? { serverFolder: values['server-folder'] } : {}),
      dryRun: values['dry-run'],
    },
  };
}

const installCommand = operationCommand(core.operations['client-install'], async ({ values, global, out }) => {
  const ctx = contextFor(global);
  const file = values.file;
  const { replace, input } = installArguments(values, 'client install');
  ensureReadable(file);
  const keys = await decryptionKeys(values, out);
  const attempt = async (replace: number | undefined) =>
    core.installClient(ctx, {
      ...input,
      source: (await openInput(global, file)).stream,
      path: file,
      ...(replace !== undefined ? { replace } : {}),
      ...(keys ? { keys } : {}),
      onPlan: (plan) => {
        // The wizard's summary screen for the same plan, as text.
        if (!global.json)
          printPlanRows(
            out,
            installPreview(plan, { action: clientInstallAction.title, server: ctx.engine.name, file }),
          );
      },
      onProgress: progressBar(out, core.operations['client-install']),
    });
  const result = await withOverwriteConfirmation(out, input.to, file, replace, attempt);
  out.status(undefined);
  const { manifest, ...rest } = result;
  out.data(
    core.resultOf(core.operations['client-install'], {
      ...rest,
      administration: manifest.administration,
      number: core.formatAdminNumber(result.number),
      dryRun: !('footer' in result),
    }),
  );
  out.line();
  const adm = core.formatAdminNumber(result.number);
  if (!('footer' in result)) out.line(out.t(l('Proefrun: er is niets gewijzigd.', 'Dry run: nothing was changed.')));
  else
    out.line(
      out.t(
        l(
          `Geïnstalleerd als administratie ${adm} "${result.name}" (${out.seconds(result.seconds)}).`,
          `Installed as administration ${adm} "${result.name}" (${out.seconds(result.seconds)}).`,
        ),
      ),
    );
  // The client's hand-out (issue 22): what the accountant may do in it, and how the work goes back.
  const handOut = manifest.handOut;
  if (handOut)
    out.line(
      out.t(
        l(
          `De klant leverde de administratie uit tot en met ${out.date(handOut.until)}: ${'footer' in result ? 'uw wijzigingen worden' : 'wijzigingen worden dan'} bijgehouden en boekingen na die datum geweigerd (die doet de klant). Stuur alleen uw wijzigingen terug met "kluis client changes ${adm}".`,
          `The client handed the administration out up to and including ${out.date(handOut.until)}: your changes ${'footer' in result ? 'are' : 'will be'} tracked and entries after that date refused (those are the client's). Send back only your changes with "kluis client changes ${adm}".`,
        ),
      ),
    );
  return 0;
});

export const clientCommands: CommandSpec[] = [
  installCommand,
  handOutCommand,
  operationCommand(core.operations['licence-import'], async ({ values, global, out }) => {
    const ctx = contextFor(global);
    const licence = core.readLicenceFile(values['client-licence'], ctx);
    const r = await core.importClientLicence(ctx, values.adm, licence.document, values['client-users']);
    out.data(core.resultOf(core.operations['licence-import'], r));
    out.line(
      out.t(
        l(
          `Administratie ${r.adm} draagt voortaan bij een back-up de licentie ${r.clientLicence.number} van ${r.clientLicence.holder}, met gebruiker(s) ${r.clientUsers.join(', ')}; niet mee: ${r.accountantUsers.join(', ') || '-'}.`,
          `From now on, backups of administration ${r.adm} carry licence ${r.clientLicence.number} of ${r.clientLicence.holder}, with user(s) ${r.clientUsers.join(', ')}; left out: ${r.accountantUsers.join(', ') || '-'}.`,
        ),
      ),
    );
    return 0;
  }),
];
