/** Why a name, a setting or a document someone gave kluis is refused (the {reason} of the *_INVALID and usage codes). */
import { definePhrases } from '../definition.js';

export const inputPhrases = definePhrases({
  // ADMIN_NAME_INVALID
  NAME_EMPTY: { nl: 'hij is leeg', en: 'it is empty' },
  NAME_SPACE_AT_END: { nl: 'hij begint of eindigt met een spatie', en: 'it starts or ends with a space' },
  NAME_TOO_LONG: { nl: 'hij is langer dan {max} tekens', en: 'it is longer than {max} characters' },
  NAME_CONTROL_CHARACTERS: { nl: 'hij bevat stuurtekens', en: 'it contains control characters' },
  NAME_ONLY_DIGITS: {
    nl: 'een naam van alleen cijfers zou als nummer worden gelezen',
    en: 'a name of only digits would be read as a number',
  },
  // USER_NAME_INVALID
  USER_NAME_RULE: {
    nl: 'gebruik 1 tot 40 kleine letters, cijfers, ".", "_" of "-"',
    en: 'use 1 to 40 lower-case letters, digits, ".", "_" or "-"',
  },
  // LICENCE_INVALID_DOCUMENT
  LICENCE_NOT_JSON: {
    nl: 'de inhoud is geen JSON, het bestand is beschadigd of is geen licentie',
    en: 'its content is not JSON, so the file is damaged or not a licence',
  },
  LICENCE_NOT_OBJECT: { nl: 'geen JSON-object', en: 'not a JSON object' },
  LICENCE_FORMAT_WRONG: { nl: 'format moet "{format}" zijn', en: 'format must be "{format}"' },
  LICENCE_SIGNATURE_MISSING: { nl: 'de handtekening ontbreekt', en: 'signature missing' },
  LICENCE_MISSING: { nl: 'de licentie ontbreekt', en: 'licence missing' },
  LICENCE_ARTICLES_WRONG: { nl: 'articles moet een lijst van namen zijn', en: 'articles must be a list of names' },
  LICENCE_MAX_USERS_WRONG: {
    nl: 'maxUsers moet een positief geheel getal zijn',
    en: 'maxUsers must be a positive whole number',
  },
  LICENCE_FIELD_MISSING: { nl: '{field} ontbreekt', en: '{field} missing' },
  LICENCE_DATES_WRONG: {
    nl: 'validFrom/validUntil moeten datums zijn (JJJJ-MM-DD)',
    en: 'validFrom/validUntil must be dates (YYYY-MM-DD)',
  },
  LICENCE_FIELD_NOT_PRINTABLE: {
    nl: '{field} moet leesbare tekst van hoogstens 200 tekens zijn',
    en: '{field} must be printable text of at most 200 characters',
  },
  LICENCE_NESTED_TOO_DEEPLY: { nl: 'het is te diep genest', en: 'it is nested too deeply' },
  // CONFIG_DAMAGED
  CONFIG_NOT_JSON: { nl: 'de inhoud is geen JSON', en: 'its content is not JSON' },
  CONFIG_SHAPE_WRONG: {
    nl: 'de inhoud heeft niet de vorm van kluis-instellingen',
    en: 'its content does not have the shape of kluis settings',
  },
  SECRETS_SHAPE_WRONG: {
    nl: 'het is geen lijst van versleutelde wachtwoorden',
    en: 'it is not a list of encrypted passwords',
  },
  // CONNINFO_INVALID
  CONNINFO_KEYWORD_UNKNOWN: { nl: 'onbekend sleutelwoord "{keyword}"', en: 'unknown keyword "{keyword}"' },
  CONNINFO_NOT_NUMBER: { nl: '{keyword} moet een getal zijn', en: '{keyword} must be a number' },
  CONNINFO_SSLMODE_WRONG: { nl: 'sslmode moet een van {modes} zijn', en: 'sslmode must be one of {modes}' },
  CONNINFO_NO_EQUALS: { nl: 'verwacht sleutelwoord=waarde', en: 'expected keyword=value' },
  CONNINFO_QUOTE_OPEN: {
    nl: 'een waarde tussen aanhalingstekens is niet afgesloten',
    en: 'unterminated quoted value',
  },
  CONNINFO_URI_INVALID: { nl: 'geen geldige URI', en: 'not a valid URI' },
  CONNINFO_EMPTY: { nl: 'leeg', en: 'empty' },
  // USAGE_BAD_ARGUMENTS
  REGISTERED_USER_NOT_AMONG_USERS: {
    nl: 'de geregistreerde gebruiker "{user}" van de licentie moet een van de gebruikers zijn',
    en: 'the licence\'s registered user "{user}" must be one of the users',
  },
  SERVER_FOLDER_ON_MY_COMPUTER: {
    nl: '--server-folder geldt alleen bij een server; op "Mijn computer" is de databasemap (--database-dir) genoeg',
    en: '--server-folder applies to a server only; on "My computer" the database directory (--database-dir) is enough',
  },
  SERVER_FOLDER_WITHOUT_DATABASE_DIR: {
    nl: '--server-folder hoort bij --database-dir',
    en: '--server-folder goes with --database-dir',
  },
});
