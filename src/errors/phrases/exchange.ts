/** What an auditfile breaks beyond its schema, and what an export had to change (src/core/exchange). */
import { definePhrases } from '../definition.js';

export const exchangePhrases = definePhrases({
  // XAF_CHECK_FAILED's and XAF_BEYOND_KLUIS's {reason}
  AMOUNT_TOO_LARGE: {
    nl: 'het bedrag {amount} is groter dan kluis bewaart (16 cijfers voor de komma)',
    en: 'the amount {amount} is larger than kluis keeps (16 digits before the point)',
  },
  TRANSACTION_TOO_MANY_LINES: {
    nl: 'transactie {transaction} heeft meer dan 32767 regels',
    en: 'transaction {transaction} has more than 32767 lines',
  },
  KEY_TWICE: { nl: '{kind} {key} staat twee keer in de auditfile', en: '{kind} {key} appears twice in the auditfile' },
  ACCOUNT_UNKNOWN: {
    nl: '{kind} {key} staat niet in het grootboek van de auditfile',
    en: "{kind} {key} is not in the auditfile's general ledger",
  },
  KEY_UNKNOWN: {
    nl: '{kind} {key} staat niet bij {among} van de auditfile',
    en: "{kind} {key} is not among the auditfile's {among}",
  },
  // the kinds of key an auditfile declares, and the lists they are declared in
  KEY_JOURNAL: { nl: 'dagboek', en: 'journal' },
  KEY_RELATION: { nl: 'relatie', en: 'relation' },
  KEY_ACCOUNT: { nl: 'grootboekrekening', en: 'ledger account' },
  KEY_VAT_CODE: { nl: 'btw-code', en: 'VAT code' },
  KEY_PERIOD: { nl: 'periode', en: 'period' },
  AMONG_JOURNALS: { nl: 'de dagboeken', en: 'journals' },
  AMONG_RELATIONS: { nl: 'de relaties', en: 'relations' },
  AMONG_ACCOUNTS: { nl: 'het grootboek', en: 'general ledger' },
  AMONG_VAT_CODES: { nl: 'de btw-codes', en: 'VAT codes' },
  AMONG_PERIODS: { nl: 'de perioden', en: 'periods' },
  PERIOD_ENDS_BEFORE_START: {
    nl: 'periode {number} eindigt vóór ze begint',
    en: 'period {number} ends before it starts',
  },
  LINES_COUNT_WRONG: {
    nl: 'linesCount zegt {said}, er zijn {lines} regels',
    en: 'linesCount says {said}, there are {lines} lines',
  },
  TOTAL_DEBIT_WRONG: {
    nl: 'totalDebit zegt {said}, de regels tellen op tot {sum}',
    en: 'totalDebit says {said}, the lines add up to {sum}',
  },
  TOTAL_CREDIT_WRONG: {
    nl: 'totalCredit zegt {said}, de regels tellen op tot {sum}',
    en: 'totalCredit says {said}, the lines add up to {sum}',
  },
  TRANSACTION_UNBALANCED: {
    nl: 'transactie {transaction} in dagboek {journal} is niet in balans: debet {debit}, credit {credit}',
    en: 'transaction {transaction} in journal {journal} does not balance: debit {debit}, credit {credit}',
  },
  TRANSACTION_TWICE: {
    nl: 'transactie {transaction} staat twee keer in dagboek {journal}',
    en: 'transaction {transaction} appears twice in journal {journal}',
  },
  FISCAL_YEAR_ORDER: {
    nl: 'de einddatum van het boekjaar ligt niet na de begindatum',
    en: 'the fiscal year does not end after it starts',
  },
  ENDS_BEFORE_COMPANY_NAME: {
    nl: 'het bestand houdt op vóór de bedrijfsnaam',
    en: 'the file ends before the company name',
  },
  // what an export changed to make the auditfile valid (its warnings)
  EXPORT_SHORTENED: {
    nl: '{what}: {element} ingekort tot {max} tekens',
    en: '{what}: {element} shortened to {max} characters',
  },
  EXPORT_LEFT_OUT: { nl: '{what}: {element} weggelaten ({reason})', en: '{what}: {element} left out ({reason})' },
});
