/** What several operations declare alike: the overwrite confirmation and the summary rows they share. */

import { l } from '../../../errors/index.js';

/** Overwriting an existing administration asks for its number, typed (restore, client install, copy, XAF import). */
export const overwriteConfirmation = {
  input: 'replace',
  asks: l(
    'een bestaande administratie wordt alleen overschreven na het getypte nummer (--replace N)',
    'an existing administration is only overwritten after its number is typed (--replace N)',
  ),
} as const;

/** What is about to happen, in the words of the shell that asks (the wizard action's title, the command). */
export const actionRow = { label: l('Actie', 'Action'), from: 'action' } as const;
export const serverRow = { label: l('Server', 'Server'), from: 'server' } as const;
/** The administration made or overwritten: number, name and new, or which one it replaces. */
export const targetRow = { label: l('Administratie', 'Administration'), from: 'administration' } as const;
/** The licence the administration runs under afterwards, with its registered user and what becomes of it. */
export const licenceRow = { label: l('Licentie', 'Licence'), from: 'licence' } as const;
/** The client's own users (a hand-back backup, a client install). */
export const clientUsersRow = { label: l('Gebruikers van de klant', "Client's users"), from: 'clientUsers' } as const;

/** What restore and client install both ask after the target: confirmation, placement, a dry run and the keys. */
export const restoreTailInputs = [
  { input: 'replace' },
  { input: 'database-dir' },
  { input: 'server-folder' },
  // The wizard always shows its summary first.
  { input: 'dry-run', only: 'cli' },
  { input: 'passphrase-file' },
  // The wizard opens a backup encrypted with a passphrase only.
  { input: 'identity-file', only: 'cli' },
] as const;
