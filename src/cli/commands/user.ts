/** kluis user list | add | activate | deactivate | password | role | remove */
import { userInfo } from 'node:os';
import * as core from '../../core/index.js';
import { ToolError } from '../../errors/index.js';
import { type CommandSpec, l } from '../command.js';
import { operationCommand } from '../operation-command.js';
import { type Output, table } from '../output.js';
import { askPassword, canPrompt, readSecretOption } from '../prompt.js';
import { contextFor } from './context.js';

/** Who the audit log names for a change made on the command line: the account of this computer it runs under. */
function commandLineActor(): core.UserActor {
  let name = 'kluis';
  try {
    name = userInfo().username || name;
  } catch {
    // No account name to be had (a container without a passwd entry): the log says kluis.
  }
  return { name, via: 'cli' };
}

/** A new password: from the file, or typed twice on a terminal without being shown. */
async function newPassword(file: string | undefined, out: Output, user: string): Promise<string> {
  const question = out.t(l(`Nieuw wachtwoord voor ${user}: `, `New password for ${user}: `));
  if (file !== undefined) return readSecretOption(file, question);
  if (!canPrompt()) throw new ToolError('PASSWORD_REQUIRED', { user });
  const first = await askPassword(question);
  const again = await askPassword(out.t(l('Nogmaals: ', 'Again: ')));
  if (first !== again) throw new ToolError('USER_PASSWORDS_DIFFER', { user });
  return first;
}

const yesNo = (out: Output, yes: boolean) => out.t(yes ? l('ja', 'yes') : l('nee', 'no'));

const listCommand = operationCommand(core.operations['user-list'], async ({ values, global, out }) => {
  const list = await core.listUsers(contextFor(global), values.adm);
  out.data(core.resultOf(core.operations['user-list'], list));
  const max =
    list.maxUsers === undefined ? '' : out.t(l(` van maximaal ${list.maxUsers}`, ` of at most ${list.maxUsers}`));
  out.line(
    out.t(
      l(
        `Administratie ${list.adm} "${list.name}": ${list.activeUsers}${max} actieve gebruikers (alleen actieve tellen mee).`,
        `Administration ${list.adm} "${list.name}": ${list.activeUsers}${max} active users (only active ones count).`,
      ),
    ),
  );
  out.line();
  const headers =
    out.lang === 'nl'
      ? ['Gebruiker', 'Naam', 'Rol', 'Actief', 'Herkomst']
      : ['User', 'Name', 'Role', 'Active', 'Origin'];
  const registered = out.t(l(' (geregistreerd)', ' (registered)'));
  out.line(
    table(
      headers,
      list.users.map((u) => [
        `${u.userName}${list.registered.includes(u.userName) ? registered : ''}`,
        u.fullName,
        out.t(core.roleLabel(u.role)),
        yesNo(out, u.active),
        out.t(core.originLabel(u.origin)),
      ]),
    ),
  );
  return 0;
});

/** What a change printed: the --json result, or one sentence saying what became of the user. */
function report(
  out: Output,
  op: { readonly result: readonly (keyof core.UserChangeResult)[] },
  r: core.UserChangeResult,
) {
  out.data(core.resultOf(op, r));
  out.line(out.t(core.userChangeSentence(r)));
}

const addCommand = operationCommand(core.operations['user-add'], async ({ values, global, out }) => {
  const userName = values['user-name'];
  const role = core.parseRole(values.role);
  // Everything that can be wrong in the input is reported before a password is asked (readValues checked the rest).
  const password = await newPassword(values['user-password-file'], out, userName);
  const change = { kind: 'add', userName, fullName: values['user-full-name'] ?? userName, role, password } as const;
  report(
    out,
    core.operations['user-add'],
    await core.changeUser(contextFor(global), values.adm, change, commandLineActor()),
  );
  return 0;
});

const passwordCommand = operationCommand(core.operations['user-password'], async ({ values, global, out }) => {
  const userName = values['user-name'];
  const password = await newPassword(values['user-password-file'], out, userName);
  const change = { kind: 'password', userName, password } as const;
  report(
    out,
    core.operations['user-password'],
    await core.changeUser(contextFor(global), values.adm, change, commandLineActor()),
  );
  return 0;
});

const roleCommand = operationCommand(core.operations['user-role'], async ({ values, global, out }) => {
  const change = { kind: 'role', userName: values['user-name'], role: core.parseRole(values.role) } as const;
  report(
    out,
    core.operations['user-role'],
    await core.changeUser(contextFor(global), values.adm, change, commandLineActor()),
  );
  return 0;
});

/** activate, deactivate and remove: the administration and the user are all they take. */
function simpleCommand(
  id: 'user-activate' | 'user-deactivate' | 'user-remove',
  kind: 'activate' | 'deactivate' | 'remove',
) {
  return operationCommand(core.operations[id], async ({ values, global, out }) => {
    const change = { kind, userName: values['user-name'] };
    report(out, core.operations[id], await core.changeUser(contextFor(global), values.adm, change, commandLineActor()));
    return 0;
  });
}

export const userCommands: CommandSpec[] = [
  listCommand,
  addCommand,
  simpleCommand('user-activate', 'activate'),
  simpleCommand('user-deactivate', 'deactivate'),
  passwordCommand,
  roleCommand,
  simpleCommand('user-remove', 'remove'),
];
