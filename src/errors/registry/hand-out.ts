/**
 * A hand-out with a dividing date (kluis client hand-out): the client's
 * books go to the accountant up to a date and the client keeps booking after
 * it. The refusals of the hand-out itself, and the guard's refusals
 * (SQLSTATE KL001, KL002 and KL003 from the administration's triggers) when
 * kluis meets them.
 */
import { defineErrors, ExitCode } from '../definition.js';

export const handOutErrors = defineErrors({
  HAND_OUT_DATE_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: '"{value}" is geen datum: geef de afsluitdatum als DD-MM-JJJJ of JJJJ-MM-DD, bijvoorbeeld 30-06-2026.',
      en: '"{value}" is not a date: give the dividing date as YYYY-MM-DD or DD-MM-YYYY, for example 2026-06-30.',
    },
  },
  HAND_OUT_DATE_LATER_YEAR: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'De afsluitdatum {until} ligt na {lastDay}: tot die datum zou er niet meer geboekt kunnen worden. Geef het einde van de periode die de accountant bijwerkt, bijvoorbeeld 31-12-2025.',
      en: 'The dividing date {until} is after {lastDay}: nothing could be booked up to that date. Give the end of the period the accountant works on, for example 2025-12-31.',
    },
  },
  HAND_OUT_OUTSTANDING: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Administratie {adm} is al uitgeleverd aan de accountant, tot en met {until} (op {madeAt} door {madeBy}); er is niets gewijzigd.',
      en: 'Administration {adm} is already handed out to the accountant, up to and including {until} (on {madeAt} by {madeBy}); nothing was changed.',
    },
    hints: [
      {
        nl: 'Wacht op de wijzigingen van de accountant, of trek de uitlevering eerst in met "kluis client hand-out {adm} --cancel".',
        en: 'Wait for the accountant\'s changes, or withdraw the hand-out first with "kluis client hand-out {adm} --cancel".',
        web: {
          nl: 'Wacht op de wijzigingen van de accountant, of trek de uitlevering eerst in.',
          en: "Wait for the accountant's changes, or withdraw the hand-out first.",
        },
      },
    ],
  },
  HAND_OUT_ACCOUNTANT_SIDE: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Administratie {adm} is de boekhouding van een klant, geïnstalleerd bij de accountant: alleen de klant levert de eigen administratie uit of trekt een uitlevering in; er is niets gewijzigd.',
      en: "Administration {adm} is a client's books installed at the accountant's: only the client hands out their own administration or withdraws a hand-out; nothing was changed.",
    },
    hints: [
      {
        nl: 'Stuur de klant uw wijzigingen met "kluis client changes {adm}", of de hele administratie met "kluis backup create {adm}".',
        en: 'Send the client your changes with "kluis client changes {adm}", or the whole administration with "kluis backup create {adm}".',
        web: {
          nl: 'Stuur de klant uw wijzigingen, of een back-up van de hele administratie.',
          en: 'Send the client your changes, or a backup of the whole administration.',
        },
      },
    ],
  },
  HAND_OUT_NONE: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Administratie {adm} heeft geen uitstaande uitlevering aan de accountant; er is niets ingetrokken.',
      en: 'Administration {adm} has no outstanding hand-out to the accountant; nothing was withdrawn.',
    },
  },
  HAND_OUT_LOCKED: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Een boeking op {date} kan nu niet: boekingen tot en met {until} zijn uitgeleverd aan de accountant.',
      en: 'An entry dated {date} cannot be made now: entries up to and including {until} are handed out to the accountant.',
    },
    hints: [
      {
        nl: 'Boek na {until}, of trek de uitlevering in met "kluis client hand-out <administratie> --cancel"; wijzigingen van de accountant komen terug met "kluis client apply".',
        en: 'Book after {until}, or withdraw the hand-out with "kluis client hand-out <administration> --cancel"; the accountant\'s changes come back with "kluis client apply".',
        web: {
          nl: 'Boek na {until}, of trek de uitlevering in.',
          en: 'Book after {until}, or withdraw the hand-out.',
        },
      },
    ],
  },
  HAND_OUT_AFTER_UNTIL: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Een boeking op {date} kan hier niet: deze administratie is uitgeleverd tot en met {until}, en wat daarna komt boekt de klant zelf.',
      en: 'An entry dated {date} cannot be made here: this administration was handed out up to and including {until}, and what comes after is the client’s own.',
    },
    hints: [{ nl: 'Boek op of vóór {until}.', en: 'Book on or before {until}.' }],
  },
  HAND_OUT_YEAR_AFTER_UNTIL: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Boekjaar {year} kan hier niet gewijzigd of afgesloten worden: het loopt tot {end}, na de afsluitdatum {until}, en de klant boekt erin door.',
      en: 'Fiscal year {year} cannot be changed or closed here: it runs to {end}, after the dividing date {until}, and the client books on in it.',
    },
    hints: [
      {
        nl: 'Sluit of wijzig een boekjaar dat op of vóór {until} eindigt; een later boekjaar sluit de klant zelf af.',
        en: 'Close or change a fiscal year that ends on or before {until}; the client closes a later year themselves.',
      },
    ],
  },
});
