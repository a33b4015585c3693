/** Something is busy: an administration in use, a lock held, an operation under way. */
import { defineErrors, ExitCode } from '../definition.js';

export const inUseErrors = defineErrors({
  ADMIN_IN_USE: {
    exit: ExitCode.inUse,
    category: 'user',
    message: {
      nl: 'Administratie {adm} is in gebruik door {holder}.',
      en: 'Administration {adm} is in use by {holder}.',
    },
    hints: [
      {
        nl: 'Wacht tot die bewerking klaar is en probeer het opnieuw.',
        en: 'Wait until that operation has finished and try again.',
      },
    ],
  },
  ADMIN_HAS_CONNECTIONS: {
    exit: ExitCode.inUse,
    category: 'user',
    message: {
      nl: 'Administratie {adm} is nog geopend door {count} andere verbinding(en) ({who}).',
      en: 'Administration {adm} is still open in {count} other connection(s) ({who}).',
    },
    hints: [
      {
        nl: 'Laat de gebruikers de administratie sluiten en probeer het opnieuw.',
        en: 'Ask the users to close the administration and try again.',
      },
    ],
  },
  ADMIN_IS_OPEN: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Administratie {adm} is de geopende administratie en kan niet vanuit zichzelf overschreven worden: haar licentie ({holder}) en gebruikers gaan dan verloren en niemand kan er nog bij aanmelden.',
      en: 'Administration {adm} is the open administration and cannot be overwritten from inside itself: its licence ({holder}) and users would be lost and nobody could sign in to it again.',
    },
    hints: [
      {
        nl: 'Kies een ander nummer of een naam voor de nieuwe administratie.',
        en: 'Choose another number, or a name for a new administration.',
      },
      {
        nl: 'Moet {adm} zelf vervangen worden, meld u dan aan bij (of open met --open) een andere administratie.',
        en: 'If {adm} itself must be replaced, sign in to (or open with --open) another administration.',
        web: {
          nl: 'Moet {adm} zelf vervangen worden, meld u dan af en aan bij een andere administratie.',
          en: 'If {adm} itself must be replaced, sign out and sign in to another administration.',
        },
      },
    ],
  },
  RECOVERY_NEEDED: {
    exit: ExitCode.inUse,
    category: 'user',
    message: {
      nl: 'Administratie {adm} moet eerst hersteld worden: {what} is afgebroken.',
      en: 'Administration {adm} needs recovery first: {what} was interrupted.',
    },
    hints: [
      {
        nl: 'Voer "kluis recover" uit; "kluis recover --list" laat zien wat er gebeurt.',
        en: 'Run "kluis recover"; "kluis recover --list" shows what it will do.',
        web: {
          nl: 'Kies bij de acties "Herstellen van gefaalde back-up/terugzetten": het laat eerst zien wat het gaat doen.',
          en: 'Choose "Recover a failed backup/restore" among the actions: it first shows what it will do.',
        },
      },
    ],
  },
  OPERATION_INTERRUPTED: {
    exit: ExitCode.connection,
    category: 'environment',
    message: {
      nl: 'De verbinding met server "{server}" ging verloren tijdens {what} ({adm}), en kluis kon het niet afmaken of ongedaan maken.',
      en: 'The connection to server "{server}" was lost during {what} ({adm}), and kluis could not finish or undo it.',
    },
    hints: [
      {
        nl: 'Voer "kluis recover" uit zodra de server weer bereikbaar is: dat maakt het af of zet alles terug zoals het was.',
        en: 'Run "kluis recover" once the server is reachable again: it finishes the work or puts everything back as it was.',
        web: {
          nl: 'Kies bij de acties "Herstellen van gefaalde back-up/terugzetten" zodra de server weer bereikbaar is: dat maakt het af of zet alles terug zoals het was.',
          en: 'Choose "Recover a failed backup/restore" among the actions once the server is reachable again: it finishes the work or puts everything back as it was.',
        },
      },
    ],
  },
  EMBEDDED_BUSY: {
    exit: ExitCode.inUse,
    category: 'environment',
    message: {
      nl: 'De ingebouwde server in {home} wordt door een ander proces gestart of gestopt ({holder}).',
      en: 'The embedded server in {home} is being started or stopped by another process ({holder}).',
    },
    hints: [{ nl: 'Probeer het over een paar seconden opnieuw.', en: 'Try again in a few seconds.' }],
  },
});
