/** What became of a user after a change, in one sentence for a person (the CLI's line, the Users page's message). */
import { type Localized, l } from '../../errors/index.js';
import { roleLabel } from '../users/user.js';
import type { UserChangeResult } from './manage-users.js';

export function userChangeSentence(r: UserChangeResult): Localized {
  return r.changed ? doneSentence(r) : unchangedSentence(r);
}

function doneSentence({ user, adm, change, role }: UserChangeResult): Localized {
  switch (change) {
    case 'add':
      return l(
        `Gebruiker ${user} is toegevoegd aan administratie ${adm} en kan zich aanmelden.`,
        `User ${user} was added to administration ${adm} and can sign in.`,
      );
    case 'activate':
      return l(
        `Gebruiker ${user} is weer actief in administratie ${adm}.`,
        `User ${user} is active again in administration ${adm}.`,
      );
    case 'deactivate':
      return l(
        `Gebruiker ${user} is inactief in administratie ${adm} en kan zich niet meer aanmelden.`,
        `User ${user} is inactive in administration ${adm} and can no longer sign in.`,
      );
    case 'password':
      return l(
        `Gebruiker ${user} heeft een nieuw wachtwoord in administratie ${adm}.`,
        `User ${user} has a new password in administration ${adm}.`,
      );
    case 'role': {
      const now = roleLabel(role ?? '');
      return l(
        `Gebruiker ${user} is nu ${now.nl} in administratie ${adm}.`,
        `User ${user} is now ${now.en} in administration ${adm}.`,
      );
    }
    case 'remove':
      return l(
        `Gebruiker ${user} is verwijderd uit administratie ${adm}.`,
        `User ${user} was removed from administration ${adm}.`,
      );
  }
}

/** Only activate, deactivate and a role the user already has change nothing. */
function unchangedSentence({ user, change }: UserChangeResult): Localized {
  if (change === 'activate')
    return l(`Er veranderde niets: ${user} was al actief.`, `Nothing changed: ${user} was already active.`);
  if (change === 'deactivate')
    return l(`Er veranderde niets: ${user} was al inactief.`, `Nothing changed: ${user} was already inactive.`);
  return l(`Er veranderde niets: ${user} had die rol al.`, `Nothing changed: ${user} already had that role.`);
}
