/** What cloud prepare did to a migrated administration, and what it could not put right (src/core/cloud). */
import { definePhrases } from '../definition.js';

export const cloudPhrases = definePhrases({
  // what was done (the report's actions)
  SCHEMA_UPGRADED: {
    nl: 'schema bijgewerkt van versie {found} naar {latest}',
    en: 'schema upgraded from version {found} to {latest}',
  },
  NUMBER_SET: {
    nl: 'nummer in de administratie gezet op {number}',
    en: 'number in the administration set to {number}',
  },
  OBJECTS_TAKEN_OVER: {
    nl: '{count} object(en) overgenomen door rol {role}',
    en: '{count} object(s) taken over by role {role}',
  },
  SEQUENCES_MOVED: {
    nl: 'reeksen bijgezet tot na de gegevens: {columns}',
    en: 'sequences moved past the data: {columns}',
  },
  CONSTRAINT_VALIDATED: { nl: 'beperking {constraint} gecontroleerd', en: 'constraint {constraint} validated' },
  COUNTERS_RECOMPUTED: {
    nl: 'tellers (transacties, documenten) herberekend',
    en: 'counters (transactions, documents) recomputed',
  },
  SYSTEM_DATABASE_CREATED: { nl: 'systeemdatabase {database} aangemaakt', en: 'system database {database} created' },
  REGISTERED_AS: {
    nl: 'geregistreerd als administratie {number} "{name}"',
    en: 'registered as administration {number} "{name}"',
  },
  // what could not be put right (the report's problems, CLOUD_NOT_OWNER's and CLOUD_INTEGRITY's {first})
  CANNOT_TAKE_OVER: {
    nl: '{name} is van rol {owner} en {role} kan dat niet overnemen; laat de beheerder uitvoeren: ALTER {kind} {object} OWNER TO {quotedRole}',
    en: '{name} belongs to role {owner} and {role} cannot take it over; ask the administrator to run: ALTER {kind} {object} OWNER TO {quotedRole}',
  },
  ENTRY_UNBALANCED_AND_MAYBE_MORE: {
    nl: 'boeking {entry} (en mogelijk meer) is niet in balans',
    en: 'entry {entry} (and maybe more) does not balance',
  },
  CONSTRAINT_DOES_NOT_HOLD: { nl: 'beperking {constraint} klopt niet', en: 'constraint {constraint} does not hold' },
});
