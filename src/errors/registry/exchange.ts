/** XAF auditfiles: export and import. */
import { defineErrors, ExitCode } from '../definition.js';

export const exchangeErrors = defineErrors({
  XAF_WRITE_FAILED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Kan de auditfile niet schrijven naar "{path}": {reason}.',
      en: 'Cannot write the auditfile to "{path}": {reason}.',
    },
    hints: [
      {
        nl: 'Er is geen half bestand achtergebleven. Controleer de ruimte en rechten op die plek.',
        en: 'No partial file was left behind. Check the space and permissions there.',
      },
    ],
  },
  XAF_INVALID: {
    exit: ExitCode.damagedFile,
    category: 'user',
    message: {
      nl: 'Auditfile "{path}" is niet in orde bij {element} (regel {line}): {reason}.',
      en: 'Auditfile "{path}" is not valid at {element} (line {line}): {reason}.',
    },
    hints: [
      {
        nl: 'Er is niets ingelezen. Vraag om een auditfile volgens XAF 3.2, of laat het pakket dat hem maakte de fout herstellen.',
        en: 'Nothing was imported. Ask for an auditfile that follows XAF 3.2, or have the package that made it fix the fault.',
      },
    ],
  },
  XAF_ENCODING_UNSUPPORTED: {
    exit: ExitCode.damagedFile,
    category: 'user',
    message: {
      nl: 'Auditfile "{path}" is in de codering {encoding}; kluis leest UTF-8, UTF-16 (met BOM), ISO-8859-1, ISO-8859-15 en Windows-1252.',
      en: 'Auditfile "{path}" is in the encoding {encoding}; kluis reads UTF-8, UTF-16 (with a BOM), ISO-8859-1, ISO-8859-15 and Windows-1252.',
    },
    hints: [{ nl: 'Laat de auditfile opnieuw maken in UTF-8.', en: 'Have the auditfile made again in UTF-8.' }],
  },
  XAF_VALUE_TOO_LONG: {
    exit: ExitCode.damagedFile,
    category: 'user',
    message: {
      nl: 'Auditfile "{path}" heeft bij {element} (regel {line}) een waarde van meer dan {max} tekens; zo lang neemt kluis niets over.',
      en: 'Auditfile "{path}" has a value of more than {max} characters at {element} (line {line}); kluis takes in nothing that long.',
    },
    hints: [{ nl: 'Er is niets ingelezen.', en: 'Nothing was imported.' }],
  },
  XAF_RECORD_TOO_LARGE: {
    exit: ExitCode.damagedFile,
    category: 'user',
    message: {
      nl: 'Auditfile "{path}" heeft bij {element} (regel {line}) meer dan {max} elementen in één gegeven.',
      en: 'Auditfile "{path}" has more than {max} elements in one item at {element} (line {line}).',
    },
    hints: [{ nl: 'Er is niets ingelezen.', en: 'Nothing was imported.' }],
  },
  XAF_CHECK_FAILED: {
    exit: ExitCode.damagedFile,
    category: 'user',
    message: {
      nl: 'Auditfile "{path}" klopt niet bij {element} (regel {line}): {reason}.',
      en: 'Auditfile "{path}" does not add up at {element} (line {line}): {reason}.',
    },
    hints: [
      {
        nl: 'Er is niets ingelezen; het bestand is geldig XAF, maar de inhoud is niet consistent. Vraag de klant om een nieuwe auditfile.',
        en: 'Nothing was imported; the file is valid XAF but its contents are not consistent. Ask the client for a new auditfile.',
      },
    ],
  },
  XAF_BEYOND_KLUIS: {
    exit: ExitCode.damagedFile,
    category: 'user',
    message: {
      nl: 'Auditfile "{path}" heeft bij {element} (regel {line}) iets dat kluis niet kan bewaren: {reason}.',
      en: 'Auditfile "{path}" has something at {element} (line {line}) that kluis cannot keep: {reason}.',
    },
    hints: [{ nl: 'Er is niets ingelezen.', en: 'Nothing was imported.' }],
  },
  XAF_YEAR_NOT_FOUND: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Administratie {adm} heeft geen boekjaar {year}.',
      en: 'Administration {adm} has no fiscal year {year}.',
    },
    hints: [{ nl: 'Boekjaren van deze administratie: {years}.', en: 'Fiscal years of this administration: {years}.' }],
  },
  XAF_EXPORT_UNREPRESENTABLE: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'De waarde {value} bij {element} bevat een teken dat in XML niet kan staan; er is geen auditfile gemaakt.',
      en: 'The value {value} at {element} holds a character that XML cannot carry; no auditfile was made.',
    },
    hints: [
      {
        nl: 'Verwijder het stuurteken uit die waarde in de administratie en probeer het opnieuw.',
        en: 'Remove the control character from that value in the administration and try again.',
      },
    ],
  },
  XAF_EXPORT_VALUE_TOO_LONG: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: '{what} "{value}" is langer dan de {max} tekens die XAF 3.2 toestaat bij {element}; er is geen auditfile gemaakt.',
      en: '{what} "{value}" is longer than the {max} characters XAF 3.2 allows for {element}; no auditfile was made.',
    },
    hints: [
      {
        nl: 'Kort de code in de administratie in en probeer het opnieuw.',
        en: 'Shorten the code in the administration and try again.',
      },
    ],
  },
});
