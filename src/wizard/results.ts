/**
 * Result sentences that the wizards and the kluis command both show, so the
 * two say the same thing in the same words. Imported by the command line
 * directly (not through index.ts) so a command does not load the wizard.
 */
import { formatAdminNumber } from '../core/index.js';
import { type Localized, l } from '../errors/index.js';

export function restoredAs(number: number, name: string): Localized {
  const adm = formatAdminNumber(number);
  return l(`Teruggezet als administratie ${adm} "${name}"`, `Restored as administration ${adm} "${name}"`);
}
