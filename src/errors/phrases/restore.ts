/** Why a restored administration failed its checks, and what replacing an administration will lose (src/core). */
import { definePhrases } from '../definition.js';

export const restorePhrases = definePhrases({
  // RESTORE_CHECK_FAILED's {reason}
  TABLE_ROWS_DIFFER: {
    nl: 'tabel {table} kreeg {rows} rijen, de back-up noemt {expected}',
    en: 'table {table} got {rows} rows, the backup says {expected}',
  },
  COUNTS_DIFFER: {
    nl: 'de aantallen transacties en documenten wijken af van de back-up',
    en: 'the numbers of transactions and documents differ from the backup',
  },
  LICENCE_NOT_THE_NAMED_ONE: {
    nl: 'de licentie in de gegevens is niet de licentie die de back-up noemt',
    en: 'the licence in the data is not the one the backup names',
  },
  LICENCE_BOUND_ELSEWHERE: {
    nl: 'de licentie van {holder} hoort bij een andere administratie ({bound})',
    en: 'the licence of {holder} belongs to another administration ({bound})',
  },
  ENTRY_UNBALANCED: { nl: 'boeking {entry} is niet in balans', en: 'entry {entry} does not balance' },
  // what is about to be replaced (CONFIRMATION_REQUIRED's {what})
  REPLACE_BY_RESTORE: {
    nl: 'Terugzetten over administratie {number} "{name}" ({transactions} transacties, {documents} documenten gaan verloren)',
    en: 'Restoring over administration {number} "{name}" ({transactions} transactions and {documents} documents will be lost)',
  },
  REPLACE_OTHER_BY_RESTORE: {
    nl: 'Terugzetten over administratie {number} "{name}" ({transactions} transacties, {documents} documenten gaan verloren; het is een ándere administratie dan die in de back-up)',
    en: 'Restoring over administration {number} "{name}" ({transactions} transactions and {documents} documents will be lost; it is a different administration from the one in the backup)',
  },
  // at most 240 characters with a name of 60 (longestShown: a longer {what} is cut short)
  REPLACE_HANDED_OUT_BY_RESTORE: {
    nl: 'Terugzetten over administratie {number} "{name}" ({transactions} transacties, {documents} documenten gaan verloren, ook wat u boekte sinds de uitlevering aan de accountant tot en met {until})',
    en: 'Restoring over administration {number} "{name}" ({transactions} transactions and {documents} documents will be lost, also what you booked since the hand-out to the accountant up to {until})',
  },
  REPLACE_BY_XAF_IMPORT: {
    nl: 'De auditfile inlezen over administratie {number} "{name}" ({transactions} transacties, {documents} documenten gaan verloren)',
    en: 'Importing the auditfile over administration {number} "{name}" ({transactions} transactions and {documents} documents will be lost)',
  },
  REPLACE_BY_COPY: {
    nl: 'Kopiëren over administratie {number} "{name}" (die verloren gaat)',
    en: 'Copying over administration {number} "{name}" (which will be lost)',
  },
});
