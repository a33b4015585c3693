/** Summary rows that several actions show the same way. */
import * as core from '../../core/index.js';
import type { Localized } from '../../errors/index.js';
import { l, type SummaryRow } from '../model.js';

export function administrationRow(p: {
  number: number;
  name: string;
  overwrites: { name: string } | null;
}): SummaryRow {
  const adm = `${core.formatAdminNumber(p.number)} "${p.name}"`;
  return {
    label: l('Administratie', 'Administration'),
    value: p.overwrites
      ? { nl: `${adm} — overschrijft "${p.overwrites.name}"`, en: `${adm} — overwrites "${p.overwrites.name}"` }
      : { nl: `${adm} (nieuw)`, en: `${adm} (new)` },
  };
}

export function licenceRows(licence: core.Manifest['licence'], note: Localized): SummaryRow[] {
  if (!licence) return [{ label: l('Licentie', 'Licence'), value: l('geen', 'none') }];
  return [
    {
      label: l('Licentie', 'Licence'),
      value: {
        nl: `${licence.number} ${licence.holder}, gebruiker ${licence.registeredUser} (${note.nl})`,
        en: `${licence.number} ${licence.holder}, user ${licence.registeredUser} (${note.en})`,
      },
    },
  ];
}

export function usersRow(users: core.Manifest['users'], how: Localized): SummaryRow {
  const names = users?.map((u) => u.userName).join(', ');
  return {
    label: { nl: `Gebruikers ${how.nl}`, en: `Users ${how.en}` },
    value: names === undefined ? l('niet vermeld in deze back-up', 'not listed in this backup') : names || '-',
  };
}

export function restoreWarnings(warnings: readonly core.RestoreWarning[]): SummaryRow[] {
  return warnings.map((w) => ({
    label: l('Let op', 'Note'),
    value:
      w.code === 'FOREIGN_LICENCE'
        ? {
            nl: `De licentie in deze back-up is van ${w.holder} (${w.number}), niet van deze installatie. Bedoelt u "Database van een klant installeren"? Met gewoon terugzetten houdt de administratie de licentie en gebruikers van de klant.`,
            en: `The licence in this backup belongs to ${w.holder} (${w.number}), not to this installation. Did you mean "Install a client's database"? A plain restore keeps the client's licence and users.`,
          }
        : l(
            'De back-up is van een ándere administratie dan die overschreven wordt.',
            'The backup is of a different administration from the one being overwritten.',
          ),
  }));
}
