/** Licences: documents that are not valid, articles not granted, client licences. */
import { defineErrors, ExitCode } from '../definition.js';

export const licenceErrors = defineErrors({
  LICENCE_INVALID_DOCUMENT: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Het licentiebestand is geen geldig kluis-licentiedocument: {reason}.',
      en: 'The licence file is not a valid kluis licence document: {reason}.',
    },
  },
  LICENCE_SIGNATURE_INVALID: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Licentie {number} ({holder}) is geweigerd: de handtekening klopt niet, het document is gewijzigd of vervalst.',
      en: 'Licence {number} ({holder}) is refused: its signature does not match, so the document was altered or forged.',
    },
    hints: [{ nl: 'Vraag de uitgever om een nieuw licentiebestand.', en: 'Ask the issuer for a new licence file.' }],
  },
  LICENCE_UNTRUSTED_ISSUER: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Licentie {number} ({holder}) is geweigerd: uitgever "{issuer}" wordt door deze installatie niet vertrouwd.',
      en: 'Licence {number} ({holder}) is refused: issuer "{issuer}" is not trusted by this installation.',
    },
    hints: [{ nl: 'Vertrouwde uitgevers: {trusted}.', en: 'Trusted issuers: {trusted}.' }],
  },
  LICENCE_EXPIRED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Licentie {number} ({holder}) is verlopen op {validUntil}.',
      en: 'Licence {number} ({holder}) expired on {validUntil}.',
    },
    hints: [{ nl: 'Vraag de uitgever om een verlengde licentie.', en: 'Ask the issuer for a renewed licence.' }],
  },
  LICENCE_NOT_YET_VALID: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Licentie {number} ({holder}) is pas geldig vanaf {validFrom}.',
      en: 'Licence {number} ({holder}) is only valid from {validFrom}.',
    },
  },
  LICENCE_REQUIRED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Er is een licentie nodig om een administratie aan te maken.',
      en: 'A licence is needed to create an administration.',
    },
    hints: [
      {
        nl: 'Geef --licence met een licentiebestand, of installeer een standaardlicentie met "kluis licence install <bestand>".',
        en: 'Pass --licence with a licence file, or install a default licence with "kluis licence install <file>".',
        web: null,
      },
      {
        nl: '"kluis demo" installeert een demolicentie om mee te proberen.',
        en: '"kluis demo" installs a demo licence to try things with.',
        web: null,
      },
    ],
  },
  LICENCE_MAX_USERS: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Licentie {number} staat maximaal {max} actieve gebruikers toe.',
      en: 'Licence {number} allows at most {max} active users.',
    },
  },
  CLIENT_INSTALL_NOT_LICENSED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Database van een klant installeren kan niet vanuit administratie {adm}: de licentie ({holder}) heeft het artikel {article} niet.',
      en: "Installing a client's database is not possible from administration {adm}: its licence ({holder}) lacks the article {article}.",
    },
    hints: [
      {
        nl: 'Open de administratie van het accountantskantoor (--open), waarvan de licentie {article} bevat.',
        en: "Open the accounting firm's administration (--open), whose licence includes {article}.",
        web: {
          nl: 'Meld u aan bij de administratie van het accountantskantoor, waarvan de licentie {article} bevat.',
          en: "Sign in to the accounting firm's administration, whose licence includes {article}.",
        },
      },
    ],
  },
  CLIENT_LICENCE_SWAPPED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Administratie {adm} bevat de klantlicentie van {holder}, maar die hoort bij een andere administratie ({bound}); een back-up voor de klant zou hem andermans licentie geven.',
      en: "Administration {adm} holds the client licence of {holder}, but that licence belongs to another administration ({bound}); a backup for the client would give them someone else's licence.",
    },
    hints: [
      {
        nl: 'Lees de eigen licentie van deze klant in met "kluis licence import-client {adm} BESTAND", of installeer de back-up van de klant opnieuw. Er is niets geschreven.',
        en: 'Import this client\'s own licence with "kluis licence import-client {adm} FILE", or install the client\'s backup again. Nothing was written.',
        web: {
          nl: 'Installeer de back-up van de klant opnieuw. Er is niets geschreven.',
          en: "Install the client's backup again. Nothing was written.",
        },
      },
    ],
  },
  CLIENT_LICENCE_OTHER_CLIENT: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Administratie {adm} hoort bij klant {current}; de licentie van {holder} kan die niet vervangen.',
      en: 'Administration {adm} belongs to client {current}; the licence of {holder} cannot replace theirs.',
    },
    hints: [
      {
        nl: 'Lees een licentie van {current} in (bijvoorbeeld een verlenging), of installeer de back-up van {holder} als eigen administratie.',
        en: 'Import a licence of {current} (a renewal, say), or install the backup of {holder} as an administration of its own.',
      },
    ],
  },
  CLIENT_USER_MISSING: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'De klantlicentie van {holder} is geweigerd: haar gebruiker "{user}" bestaat niet, of is niet actief, in administratie {adm}.',
      en: 'The client licence of {holder} is refused: its user "{user}" does not exist, or is not active, in administration {adm}.',
    },
    hints: [
      {
        nl: 'Maak die gebruiker eerst aan in de administratie, of vraag de klant om de juiste licentie.',
        en: 'Create that user in the administration first, or ask the client for the right licence.',
      },
    ],
  },
});
