/**
 * The values of the summary rows, written the same way by every action and
 * by the command line's printed plan (client install, xaf import). The rows'
 * labels and order are the catalog's (core.declaredRows); only the texts are
 * made here.
 */
import { basename, dirname, join, resolve, sep } from 'node:path';
import * as core from '../../core/index.js';
import type { Localized } from '../../errors/index.js';
import { l, type SummaryRow } from '../model.js';

/** The administration made or overwritten: `004 "Name" (new)`, or which one it overwrites. */
export function administrationText(p: {
  readonly number: number;
  readonly name: string;
  readonly overwrites: { readonly name: string } | null;
}): Localized {
  const adm = `${core.formatAdminNumber(p.number)} "${p.name}"`;
  return p.overwrites
    ? { nl: `${adm} (overschrijft "${p.overwrites.name}")`, en: `${adm} (overwrites "${p.overwrites.name}")` }
    : { nl: `${adm} (nieuw)`, en: `${adm} (new)` };
}

type Licence = { readonly number: string; readonly holder: string; readonly registeredUser: string };

/** A licence with its registered user, and what becomes of it (`note`). */
export function licenceText(licence: Licence | null, note: Localized): Localized {
  if (!licence) return l('geen', 'none');
  return {
    nl: `${licence.number} ${licence.holder}, gebruiker ${licence.registeredUser} (${note.nl})`,
    en: `${licence.number} ${licence.holder}, user ${licence.registeredUser} (${note.en})`,
  };
}

/** The user names a backup lists (an older kluis did not list them). */
export function userNamesText(users: core.Manifest['users']): Localized | string {
  const names = users?.map((u) => u.userName).join(', ');
  return names === undefined ? l('niet vermeld in deze back-up', 'not listed in this backup') : names || '-';
}

export function usersWithRolesText(users: readonly { readonly userName: string; readonly role: string }[]): Localized {
  const text = (lang: 'nl' | 'en') =>
    users.map((u) => `${u.userName} (${core.roleLabel(u.role)[lang]})`).join(', ') || '-';
  return { nl: text('nl'), en: text('en') };
}

export function restoreWarningText(w: core.RestoreWarning): Localized {
  return w.code === 'FOREIGN_LICENCE'
    ? {
        nl: `De licentie in deze back-up is van ${w.holder} (${w.number}), niet van deze installatie. Bedoelt u "Database van een klant installeren"? Met gewoon terugzetten houdt de administratie de licentie en gebruikers van de klant.`,
        en: `The licence in this backup belongs to ${w.holder} (${w.number}), not to this installation. Did you mean "Install a client's database"? A plain restore keeps the client's licence and users.`,
      }
    : l(
        'De back-up is van een ándere administratie dan die overschreven wordt.',
        'The backup is of a different administration from the one being overwritten.',
      );
}

/**
 * A backup file as the source's summary names it ("Back-up: de directory
 * waar de back-up gelokaliseerd is"): the file, then the folder it is in.
 */
export function fileShown(path: string, home?: string): Localized {
  const name = basename(path);
  // A file the web wizard took as an upload lies in kluis's own upload folder: that folder says nothing to anyone.
  if (home !== undefined && path.startsWith(join(home, 'uploads') + sep))
    return { nl: `${name} (geüpload van deze computer)`, en: `${name} (uploaded from this computer)` };
  // A CLI path counts from the current folder; "in de map ." says nothing.
  const folder = dirname(resolve(path));
  return { nl: `${name} in de map ${folder}`, en: `${name} in the folder ${folder}` };
}

/** A server as the summaries name it: kluis's own embedded server is "My computer", as on the server step. */
export function serverShown(name: string): Localized | string {
  return name === core.localServerName ? l('Mijn computer', 'My computer') : name;
}

/** A value of a summary in one language. */
export function inLanguage(value: Localized | string, lang: 'nl' | 'en'): string {
  return typeof value === 'string' ? value : value[lang];
}

/** What the shell shows as the action, the server's name and the file, around the plan. */
export interface Shown {
  readonly action: Localized;
  readonly server: string;
  readonly file: string;
  /** kluis's home folder, where the web wizard keeps uploads (then the file is named as an upload). */
  readonly home?: string;
}

/** A client install's summary: the wizard's screen and `kluis client install`'s printed plan. */
export function installPreview(p: core.InstallPlan, shown: Shown): SummaryRow[] {
  return core.declaredRows(core.operations['client-install'], {
    action: shown.action,
    server: serverShown(shown.server),
    administration: administrationText(p),
    backup: fileShown(shown.file, shown.home),
    licence: licenceText(p.activeLicence, l('uw licentie, wordt actief', 'your licence, becomes active')),
    clientLicence: {
      nl: `${p.clientLicence.number} ${p.clientLicence.holder} (bewaard voor de teruglevering)`,
      en: `${p.clientLicence.number} ${p.clientLicence.holder} (kept for the hand-back)`,
    },
    usersAdded: usersWithRolesText(p.addedUsers),
    clientUsers:
      p.clientUsersStaying === null
        ? l('niet vermeld in deze back-up', 'not listed in this backup')
        : p.clientUsersStaying.join(', ') || '-',
    usersSetAside: p.clientUsersSetAside.length
      ? {
          nl: `${p.clientUsersSetAside.join(', ')} (zelfde naam als een toegevoegde gebruiker; terug bij de teruglevering)`,
          en: `${p.clientUsersSetAside.join(', ')} (same name as an added user; back in the hand-back)`,
        }
      : null,
  });
}

/** An XAF import's summary: the wizard's screen (a client install from an auditfile) and `kluis xaf import`'s plan. */
export function importPreview(p: core.XafImportPlan, shown: Shown): SummaryRow[] {
  return core.declaredRows(core.operations['xaf-import'], {
    action: shown.action,
    server: serverShown(shown.server),
    administration: administrationText(p),
    auditfile: fileShown(shown.file, shown.home),
    company: p.companyName,
    fiscalYear: `${p.header.fiscalYear} (${p.header.startDate} – ${p.header.endDate}, ${p.header.currency})`,
    madeWith: p.header.software || null,
    licence: licenceText(p.activeLicence, l('uw licentie', 'your licence')),
    users: usersWithRolesText(p.users),
  });
}
