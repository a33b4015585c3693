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

export const serverRow = { label: l('Server', 'Server'), from: 'server' } as const;
/** The administration made or overwritten: number, name and, when it replaces one, which. */
export const targetRow = {
  label: l('Administratie', 'Administration'),
  from: 'plan.number plan.name plan.overwrites',
} as const;
export const usersRow = { label: l('Gebruikers', 'Users'), from: 'plan.users' } as const;

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
