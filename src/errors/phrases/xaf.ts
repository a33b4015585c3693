/** Why an auditfile does not validate against XAF 3.2 (XAF_INVALID's {reason}, src/xaf). */
import { definePhrases } from '../definition.js';

export const xafPhrases = definePhrases({
  XML_NOT_WELL_FORMED: { nl: 'geen geldige XML: {detail}', en: 'not well-formed XML: {detail}' },
  XML_DOCTYPE: {
    nl: 'een DOCTYPE is niet toegestaan in een auditfile',
    en: 'a DOCTYPE is not allowed in an auditfile',
  },
  XML_TEXT_OUTSIDE_ROOT: { nl: 'tekst buiten het element auditfile', en: 'text outside the auditfile element' },
  XML_TEXT_NOT_ALLOWED: { nl: 'tekst is hier niet toegestaan ("{text}")', en: 'text is not allowed here ("{text}")' },
  XML_ATTRIBUTE_UNKNOWN: {
    nl: 'het attribuut "{name}" hoort niet in een auditfile',
    en: 'the attribute "{name}" does not belong in an auditfile',
  },
  XML_TOO_MANY: { nl: '{name} mag hier hoogstens {max} keer staan', en: '{name} may occur at most {max} times here' },
  XML_OUT_OF_ORDER: {
    nl: '{name} staat niet op de juiste plaats in {parent}',
    en: '{name} is out of order in {parent}',
  },
  XML_NO_SUCH_ELEMENT: { nl: '{parent} heeft geen element {name}', en: '{parent} has no element {name}' },
  XML_MISSING: { nl: '{name} ontbreekt in {parent}', en: '{name} is missing from {parent}' },
  XML_MISSING_BEFORE: { nl: '{name} ontbreekt vóór {found}', en: '{name} is missing before {found}' },
  XML_WRONG_NAMESPACE: {
    nl: 'het element {name} hoort niet in de XAF 3.2-namespace ({namespace})',
    en: 'the element {name} is not in the XAF 3.2 namespace ({namespace})',
  },
  XML_ROOT_NOT_AUDITFILE: {
    nl: 'het buitenste element moet auditfile zijn',
    en: 'the outermost element must be auditfile',
  },
  XML_TEXT_ONLY: { nl: '{name} bevat alleen tekst, geen elementen', en: '{name} holds text only, no elements' },
  XML_ENCODING_MISMATCH: {
    nl: 'de bytes passen niet bij de codering van het bestand',
    en: "the bytes do not match the file's encoding",
  },
  XML_NO_AUDITFILE: { nl: 'het bestand bevat geen auditfile', en: 'the file holds no auditfile' },
  // a value that does not fit its XAF type
  VALUE_NOT_DATE: { nl: '"{value}" is geen datum (JJJJ-MM-DD)', en: '"{value}" is not a date (YYYY-MM-DD)' },
  VALUE_NOT_TIME: { nl: '"{value}" is geen tijd (uu:mm:ss)', en: '"{value}" is not a time (hh:mm:ss)' },
  VALUE_NOT_DATE_TIME: { nl: '"{value}" is geen datum en tijd', en: '"{value}" is not a date and time' },
  VALUE_NOT_NUMBER: { nl: '"{value}" is geen getal', en: '"{value}" is not a number' },
  VALUE_NOT_WHOLE_NUMBER: { nl: '"{value}" is geen geheel getal', en: '"{value}" is not a whole number' },
  VALUE_TOO_MANY_DECIMALS: {
    nl: '"{value}" heeft meer dan {max} decimalen',
    en: '"{value}" has more than {max} decimals',
  },
  VALUE_TOO_MANY_DIGITS: { nl: '"{value}" heeft meer dan {max} cijfers', en: '"{value}" has more than {max} digits' },
  VALUE_TOO_SMALL: { nl: '"{value}" is kleiner dan {min}', en: '"{value}" is less than {min}' },
  VALUE_NOT_ALLOWED: {
    nl: '"{value}" is geen toegestane waarde ({allowed})',
    en: '"{value}" is not an allowed value ({allowed})',
  },
  VALUE_TOO_LONG: {
    nl: 'de waarde is {length} tekens lang, het maximum is {max}',
    en: 'the value is {length} characters long, the maximum is {max}',
  },
  VALUE_LENGTH_WRONG: {
    nl: 'de waarde moet {length} tekens lang zijn',
    en: 'the value must be {length} characters long',
  },
});
