/**
 * Change packages (kluis client changes, kluis client apply): the
 * accountant's changes to a handed-out administration, and the client's
 * apply of them. Every refusal of an apply says that nothing was changed:
 * the apply is one transaction, and a refusal comes before it.
 */
import { defineErrors, ExitCode } from '../definition.js';

export const changesErrors = defineErrors({
  CHANGES_NO_HAND_OUT: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Administratie {adm} is geen uitgeleverde administratie van een klant: er zijn geen wijzigingen om terug te sturen.',
      en: "Administration {adm} is not a client's handed-out administration: there are no changes to send back.",
    },
    hints: [
      {
        nl: 'Een wijzigingenpakket wordt gemaakt van de administratie die u installeerde uit de uitlevering van een klant ("kluis client hand-out" bij de klant, dan "kluis client install"). Stuur anders de hele administratie terug met "kluis backup create {adm}".',
        en: 'A change package is made of the administration you installed from a client\'s hand-out ("kluis client hand-out" at the client\'s, then "kluis client install"). Otherwise send the whole administration back with "kluis backup create {adm}".',
        web: {
          nl: 'Een wijzigingenpakket wordt gemaakt van de administratie die u installeerde uit de uitlevering van een klant. Stuur anders een back-up van de hele administratie terug.',
          en: "A change package is made of the administration you installed from a client's hand-out. Otherwise send a backup of the whole administration back.",
        },
      },
    ],
  },
  CHANGES_IS_PACKAGE: {
    exit: ExitCode.usage,
    category: 'user',
    message: {
      nl: '"{path}" is een wijzigingenpakket van de accountant voor administratie "{name}", geen back-up: het wordt niet teruggezet of geïnstalleerd maar verwerkt in de administratie van de klant.',
      en: '"{path}" is an accountant\'s change package for administration "{name}", not a backup: it is not restored or installed but applied to the client\'s administration.',
    },
    hints: [
      {
        nl: 'Verwerk het met "kluis client apply {path} --to <administratie>" (eerst bekijken: --dry-run). Er is niets gewijzigd.',
        en: 'Apply it with "kluis client apply {path} --to <administration>" (to look first: --dry-run). Nothing was changed.',
        web: {
          nl: 'Kies "Wijzigingen van de accountant verwerken". Er is niets gewijzigd.',
          en: 'Choose "Apply the accountant\'s changes". Nothing was changed.',
        },
      },
    ],
  },
  CHANGES_NOT_A_PACKAGE: {
    exit: ExitCode.usage,
    category: 'user',
    message: {
      nl: '"{path}" is een back-up van een hele administratie ("{name}"), geen wijzigingenpakket; er is niets gewijzigd.',
      en: '"{path}" is a backup of a whole administration ("{name}"), not a change package; nothing was changed.',
    },
    hints: [
      {
        nl: 'Een hele administratie zet u terug met "kluis backup restore"; een wijzigingenpakket maakt de accountant met "kluis client changes".',
        en: 'A whole administration is restored with "kluis backup restore"; the accountant makes a change package with "kluis client changes".',
        web: {
          nl: 'Een hele administratie zet u terug met "Lees back-up terug".',
          en: 'A whole administration is restored with "Restore backup".',
        },
      },
    ],
  },
  CHANGES_PACKAGE_UNREADABLE: {
    exit: ExitCode.unsupportedVersion,
    category: 'user',
    message: {
      nl: 'Wijzigingenpakket "{path}" is gemaakt met een kluis die het anders opschrijft (schemaversie {found}, deze administratie {supported}); er is niets gewijzigd.',
      en: 'Change package "{path}" was made by a kluis that writes it differently (schema version {found}, this administration {supported}); nothing was changed.',
    },
    hints: [
      {
        nl: 'Werk kluis aan beide kanten bij naar dezelfde versie, en laat de accountant het pakket opnieuw maken.',
        en: 'Bring kluis on both sides to the same version, and have the accountant make the package again.',
      },
    ],
  },
  CHANGES_OTHER_ADMINISTRATION: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Wijzigingenpakket "{path}" hoort bij een andere administratie ("{name}", identiteit {package}) dan {adm} (identiteit {identity}); er is niets gewijzigd.',
      en: 'Change package "{path}" belongs to another administration ("{name}", identity {package}) than {adm} (identity {identity}); nothing was changed.',
    },
    hints: [
      {
        nl: 'Kies met --to de administratie die u aan de accountant uitleverde.',
        en: 'Choose with --to the administration you handed out to the accountant.',
        web: {
          nl: 'Kies de administratie die u aan de accountant uitleverde.',
          en: 'Choose the administration you handed out to the accountant.',
        },
      },
    ],
  },
  CHANGES_HAND_OUT_UNKNOWN: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Wijzigingenpakket "{path}" beantwoordt een uitlevering van {madeAt} die administratie {adm} niet kent; er is niets gewijzigd.',
      en: 'Change package "{path}" answers a hand-out of {madeAt} that administration {adm} does not know; nothing was changed.',
    },
    hints: [
      {
        nl: 'Is de administratie sindsdien teruggezet uit een oudere back-up? Dan hoort het pakket bij boeken die er niet meer zijn; vraag de accountant om de hele administratie.',
        en: 'Was the administration restored from an older backup since? Then the package belongs to books that are gone; ask the accountant for the whole administration.',
      },
    ],
  },
  CHANGES_BOOKS_BUSY: {
    exit: ExitCode.inUse,
    category: 'user',
    message: {
      nl: 'De boeken van administratie {adm} kwamen niet binnen {seconds} seconden vrij: een andere verbinding ({who}) is ze aan het wijzigen; er is niets verwerkt.',
      en: 'The books of administration {adm} did not come free within {seconds} seconds: another connection ({who}) is changing them; nothing was applied.',
    },
    hints: [
      {
        nl: 'Laat die boeking afronden (of sluit de boekhoudtoepassing die haar openhoudt) en probeer het opnieuw.',
        en: 'Let that booking finish (or close the bookkeeping application that holds it open) and try again.',
      },
    ],
  },
  CHANGES_ACCOUNTANT_COPY: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Administratie {adm} is de kopie bij de accountant die dit wijzigingenpakket maakte, niet de administratie van de klant; er is niets gewijzigd.',
      en: "Administration {adm} is the accountant's copy this change package was made from, not the client's administration; nothing was changed.",
    },
    hints: [
      {
        nl: 'Stuur het pakket naar de klant; die verwerkt het met "kluis client apply".',
        en: 'Send the package to the client, who applies it with "kluis client apply".',
        web: { nl: 'Stuur het pakket naar de klant.', en: 'Send the package to the client.' },
      },
    ],
  },
  CHANGES_HAND_OUT_CANCELLED: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'De uitlevering van administratie {adm} waar wijzigingenpakket "{path}" op antwoordt, is ingetrokken (op {closedAt} door {closedBy}); er is niets gewijzigd.',
      en: 'The hand-out of administration {adm} that change package "{path}" answers was withdrawn (on {closedAt} by {closedBy}); nothing was changed.',
    },
    hints: [
      {
        nl: 'Na het intrekken boekte u zelf verder in die periode; lever opnieuw uit als de accountant er toch aan moet werken.',
        en: 'After the withdrawal you went on booking in that period yourself; hand out again if the accountant is to work on it after all.',
      },
    ],
  },
  CHANGES_HAND_OUT_RETURNED: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'De uitlevering van administratie {adm} waar wijzigingenpakket "{path}" op antwoordt, is al afgesloten met de hele administratie van de accountant (op {closedAt}); er is niets gewijzigd.',
      en: 'The hand-out of administration {adm} that change package "{path}" answers was already closed with the accountant\'s whole administration (on {closedAt}); nothing was changed.',
    },
  },
  CHANGES_ALREADY_APPLIED: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Wijzigingenpakket {sequence} van deze uitlevering is al verwerkt in administratie {adm} (op {closedAt} door {closedBy}); er is niets gewijzigd.',
      en: 'Change package {sequence} of this hand-out was already applied to administration {adm} (on {closedAt} by {closedBy}); nothing was changed.',
    },
  },
  CHANGES_NEWER_HAND_OUT: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Wijzigingenpakket "{path}" hoort bij de uitlevering van {madeAt}, maar administratie {adm} is daarna opnieuw uitgeleverd ({newerMadeAt}, tot en met {newerUntil}); er is niets gewijzigd.',
      en: 'Change package "{path}" answers the hand-out of {madeAt}, but administration {adm} was handed out again since ({newerMadeAt}, up to and including {newerUntil}); nothing was changed.',
    },
    hints: [
      {
        nl: 'Vraag de accountant om het wijzigingenpakket van de nieuwste uitlevering (gemaakt van de administratie die met die uitlevering is geïnstalleerd).',
        en: 'Ask the accountant for the change package of the newest hand-out (made from the administration installed from that hand-out).',
      },
    ],
  },
  CHANGES_OLDER_PACKAGE: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Wijzigingenpakket {sequence} is ouder dan pakket {applied}, dat al verwerkt is in administratie {adm}; er is niets gewijzigd.',
      en: 'Change package {sequence} is older than package {applied}, which was already applied to administration {adm}; nothing was changed.',
    },
    hints: [
      {
        nl: 'Elk pakket bevat alle wijzigingen sinds de uitlevering: het nieuwste is genoeg.',
        en: 'Every package holds all changes since the hand-out: the newest is enough.',
      },
    ],
  },
});
