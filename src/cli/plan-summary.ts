/**
 * The summary a command prints before it changes anything (client install,
 * xaf import): the same head and the same way of naming a licence and users,
 * as the wizard's summary screen shows them.
 */
import * as core from '../core/index.js';
import type { Localized } from '../errors/index.js';
import type { Output } from './output.js';

export type PlanRow = (label: string, value: string) => void;

/** Prints the action, the server and the administration made or overwritten; returns the printer of the rows after. */
export function printPlanHead(
  out: Output,
  action: Localized,
  server: string,
  target: { readonly number: number; readonly name: string; readonly overwrites: { readonly name: string } | null },
): PlanRow {
  const nl = out.lang === 'nl';
  const row: PlanRow = (label, value) => out.line(`${label.padEnd(20)} ${value}`);
  const adm = `${core.formatAdminNumber(target.number)} "${target.name}"`;
  row(nl ? 'Actie' : 'Action', out.t(action));
  row('Server', server);
  row(
    nl ? 'Administratie' : 'Administration',
    target.overwrites
      ? `${adm} (${nl ? 'overschrijft' : 'overwrites'} "${target.overwrites.name}")`
      : `${adm} (${nl ? 'nieuw' : 'new'})`,
  );
  return row;
}

/** The licence the new administration runs under, with its registered user. */
export function licenceText(
  out: Output,
  licence: { readonly number: string; readonly holder: string; readonly registeredUser: string },
): string {
  return `${licence.number} ${licence.holder} (${out.lang === 'nl' ? 'gebruiker' : 'user'} ${licence.registeredUser})`;
}

export function usersText(users: readonly { readonly userName: string; readonly role: string }[]): string {
  return users.map((u) => `${u.userName} (${u.role})`).join(', ');
}
