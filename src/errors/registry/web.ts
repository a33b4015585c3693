/** The wizard in both shells and the web server: access, fields, confirmations, stops. */
import { defineErrors, ExitCode } from '../definition.js';

export const webErrors = defineErrors({
  SIGN_IN_FAILED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Aanmelden bij administratie {adm} is niet gelukt: gebruikersnaam of wachtwoord klopt niet, of de gebruiker is niet actief.',
      en: 'Signing in to administration {adm} failed: the user name or password is wrong, or the user is not active.',
    },
    hints: [
      {
        nl: 'Controleer gebruikersnaam en wachtwoord; een beheerder van de administratie kan een gebruiker activeren.',
        en: 'Check the user name and password; an administrator of the administration can activate a user.',
      },
    ],
  },
  ADMIN_NOT_ADMITTED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Gebruiker "{user}" staat niet in de gebruikers van administratie {adm} en mag haar niet openen.',
      en: 'User "{user}" is not among the users of administration {adm} and may not open it.',
    },
    hints: [
      {
        nl: 'Meld u aan bij een administratie waarin u gebruiker bent, of vraag een beheerder u toe te voegen.',
        en: 'Sign in to an administration you are a user of, or ask an administrator to add you.',
      },
    ],
  },
  WIZARD_ACTION_UNAVAILABLE: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'De actie "{action}" is nu niet beschikbaar: {reason}',
      en: 'The action "{action}" is not available now: {reason}',
    },
  },
  FIELD_NOT_A_CHOICE: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: '"{value}" staat niet in de keuzes voor "{field}".',
      en: '"{value}" is not one of the choices for "{field}".',
    },
    hints: [{ nl: 'Kies uit de lijst.', en: 'Choose from the list.' }],
  },
  PATH_NOT_ABSOLUTE: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: '"{path}" is geen volledig pad.', en: '"{path}" is not a full path.' },
    hints: [
      {
        nl: 'Geef het volledige pad, beginnend bij de hoofdmap, bijvoorbeeld {example}.',
        en: 'Give the full path, starting from the root, for example {example}.',
      },
    ],
  },
  SECRET_KEY_INVALID: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Dit is geen geldige geheime sleutel: die begint met AGE-SECRET-KEY-1 en is één regel.',
      en: 'This is not a valid secret key: it starts with AGE-SECRET-KEY-1 and is one line.',
    },
    hints: [
      {
        nl: 'Kopieer de regel uit het sleutelbestand dat "kluis key generate" maakte; de openbare sleutel (age1…) opent niets.',
        en: 'Copy the line from the key file "kluis key generate" made; the public key (age1…) opens nothing.',
        web: {
          nl: 'Kopieer de regel uit uw sleutelbestand; de openbare sleutel (age1…) opent niets.',
          en: 'Copy the line from your key file; the public key (age1…) opens nothing.',
        },
      },
    ],
  },
  FIELD_REQUIRED: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: 'Vul "{field}" in.', en: 'Fill in "{field}".' },
    hints: [
      {
        nl: 'In de terminal kan het ook met {flag}.',
        en: 'In a terminal it can also be given with {flag}.',
        web: null,
      },
    ],
  },
  CONFIRMATION_MISMATCH: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Typ precies "{expected}" om te bevestigen; er is niets gewijzigd.',
      en: 'Type exactly "{expected}" to confirm; nothing was changed.',
    },
  },
  PASSPHRASE_TOO_SHORT: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Het wachtwoord is te kort: gebruik minstens {min} tekens.',
      en: 'The passphrase is too short: use at least {min} characters.',
    },
  },
  PASSPHRASES_DIFFER: {
    exit: ExitCode.usage,
    category: 'usage',
    message: { nl: 'De twee wachtwoorden zijn niet gelijk.', en: 'The two passphrases are not the same.' },
    hints: [{ nl: 'Typ hetzelfde wachtwoord twee keer.', en: 'Type the same passphrase twice.' }],
  },
  NO_ADMINISTRATIONS: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Op server "{server}" staan nog geen administraties.',
      en: 'There are no administrations on server "{server}" yet.',
    },
    hints: [
      {
        nl: 'Maak de demo met "kluis demo", of zet een back-up terug met "kluis backup restore".',
        en: 'Make the demo with "kluis demo", or restore a backup with "kluis backup restore".',
        web: {
          nl: 'Maak de demo-omgeving om de wizard te proberen.',
          en: 'Make the demo environment to try the wizard.',
        },
      },
    ],
  },
  WEB_ACCESS_DENIED: {
    exit: ExitCode.licenceRefused,
    category: 'user',
    message: {
      nl: 'Geen toegang: open de wizard via de link die "kluis start" liet zien.',
      en: 'No access: open the wizard with the link that "kluis start" printed.',
    },
    hints: [
      {
        nl: 'De link bevat een toegangssleutel die bij elke start nieuw is.',
        en: 'The link holds an access token that is new at every start.',
      },
    ],
  },
  WEB_REQUEST_REFUSED: {
    exit: ExitCode.usage,
    category: 'user',
    message: {
      nl: 'Dit verzoek is geweigerd ({reason}); er is niets gewijzigd.',
      en: 'This request was refused ({reason}); nothing was changed.',
    },
    hints: [{ nl: 'Laad de pagina opnieuw en probeer het nog eens.', en: 'Reload the page and try again.' }],
  },
  WEB_REQUEST_TOO_LARGE: {
    exit: ExitCode.usage,
    category: 'user',
    message: {
      nl: 'Dit verzoek is groter dan {limit} en is geweigerd; er is niets gewijzigd.',
      en: 'This request is larger than {limit} and was refused; nothing was changed.',
    },
    hints: [
      {
        nl: 'Een back-upbestand gaat met "Of kies een bestand van deze computer", niet in een tekstveld.',
        en: 'A backup file goes through "Or choose a file from this computer", not into a text field.',
      },
    ],
  },
  WEB_PORT_IN_USE: {
    exit: ExitCode.environment,
    category: 'environment',
    message: { nl: 'Poort {port} op {host} is al in gebruik.', en: 'Port {port} on {host} is already in use.' },
    hints: [
      {
        nl: 'Kies een andere poort met --port, of laat --port weg voor een vrije poort.',
        en: 'Choose another port with --port, or leave --port out for a free one.',
        web: null,
      },
    ],
  },
  WEB_UNEXPECTED: {
    exit: ExitCode.internal,
    category: 'internal',
    message: {
      nl: 'Dit is gestopt op een probleem dat kluis niet voorzag; de details staan in het venster waarin "kluis start" draait.',
      en: 'This stopped on a problem kluis did not foresee; the details are in the window where "kluis start" runs.',
    },
    hints: [
      {
        nl: 'De wizard draait door. Biedt hij Herstellen aan, voer dat dan uit; probeer het daarna opnieuw en meld de fout met die details.',
        en: 'The wizard keeps running. If it offers Recover, run that; then try again, and report the error with those details.',
      },
    ],
  },
  CANCELLED: {
    exit: ExitCode.cancelled,
    category: 'user',
    message: { nl: 'Afgebroken; er is niets gewijzigd.', en: 'Cancelled; nothing was changed.' },
  },
  STOPPED_AT_ONCE: {
    exit: ExitCode.cancelled,
    category: 'user',
    message: {
      nl: 'Direct gestopt (tweede Ctrl-C) terwijl een bewerking liep.',
      en: 'Stopped at once (a second Ctrl-C) while an operation was running.',
    },
    hints: [
      {
        nl: 'Voer "kluis recover" uit: dat maakt het begonnen werk ongedaan of af.',
        en: 'Run "kluis recover": it undoes or finishes what was begun.',
        web: null,
      },
    ],
  },
});
