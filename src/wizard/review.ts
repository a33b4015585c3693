/**
 * The review of an apply (issue 22) as both wizards show it, on the summary
 * before Finish (the dry run) and on the result (what was done): the same
 * groups as `kluis client apply` prints — the entries per period, ledger
 * accounts, relations, VAT codes, fiscal years and their closings, the
 * balance per account before and after, and each conflict with the rule
 * that settled it — as tables in words a bookkeeper reads (no column
 * names of the database). Imported by the command line directly (not
 * through index.ts) so a command does not load the wizard.
 */
import * as core from '../core/index.js';
import { type Lang, type Localized, l } from '../errors/index.js';
import type { Table } from './model.js';

/** Words in both languages, each made when it is read: a review of thousands of entries is shown in one. */
function inBoth(text: (lang: Lang) => string): Localized {
  return {
    get nl() {
      return text('nl');
    },
    get en() {
      return text('en');
    },
  };
}

/** Numeric text ("-1250.5") as an amount: "-1.250,50" / "-1,250.50". */
export function amountOf(text: string): Localized {
  return inBoth((lang) => core.formatAmount(text, lang));
}

const opWords: Record<core.ChangeOp, Localized> = {
  added: l('toegevoegd', 'added'),
  changed: l('gewijzigd', 'changed'),
  removed: l('verwijderd', 'removed'),
  restored: l('teruggezet', 'put back'),
};

/** What the apply does with a change, when it is not simply the accountant's. */
const outcomeWords: Record<core.ChangeOutcome, Localized | undefined> = {
  applied: undefined,
  merged: l('samengevoegd', 'merged'),
  kept: l('uw versie blijft', 'your version stays'),
  none: l('had u al', 'you had it already'),
};

function changeText(op: core.ChangeOp, outcome: core.ChangeOutcome): Localized {
  const how = outcomeWords[outcome];
  return inBoth((lang) => (how ? `${opWords[op][lang]} (${how[lang]})` : opWords[op][lang]));
}

function fieldsText(fields: readonly string[]): Localized {
  return inBoth((lang) => fields.map((f) => core.changeFieldLabel(f)[lang]).join(', ') || '-');
}

/** "Relatie 000001": the kind of object (the catalog's word, capitalized) and its key. */
function objectText(c: core.ChangeConflict): Localized {
  const word = core.changeObjectLabels[c.object];
  const capital = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);
  return inBoth((lang) => `${capital(word[lang])} ${c.key}${c.newKey ? ` → ${c.newKey}` : ''}`);
}

function periodTable(p: core.PeriodChanges): Table {
  const entries = [...p.added, ...p.changed, ...p.removed];
  return {
    caption: l(`Boekjaar ${p.fiscalYear}, periode ${p.period}`, `Fiscal year ${p.fiscalYear}, period ${p.period}`),
    columns: [
      l('Wijziging', 'Change'),
      l('Boeking', 'Entry'),
      l('Datum', 'Date'),
      l('Omschrijving', 'Description'),
      l('Bedrag', 'Amount'),
    ],
    figures: [4],
    rows: entries.map((e) => ({
      cells: [
        changeText(e.op, e.outcome),
        e.newNumber ? `${e.key} → ${e.journal}/${e.newNumber}` : e.key,
        inBoth((lang) => core.formatDay(e.date, lang)),
        e.description.replace(/\s+/g, ' ').trim() || '-',
        amountOf(e.amount),
      ],
    })),
    empty: l('Geen boekingen gewijzigd.', 'No entries changed.'),
  };
}

function objectTable(caption: Localized, list: readonly core.ObjectChange[]): Table {
  return {
    caption,
    columns: [l('Wijziging', 'Change'), l('Code', 'Code'), l('Naam', 'Name'), l('Velden', 'Fields')],
    figures: [],
    rows: list.map((o) => ({ cells: [changeText(o.op, o.outcome), o.key, o.name || '-', fieldsText(o.fields)] })),
    empty: l('Geen wijzigingen.', 'No changes.'),
  };
}

const closedWords = (closed: boolean | null): Localized =>
  closed === null ? l('-', '-') : closed ? l('afgesloten', 'closed') : l('open', 'open');

/** The review's tables, in the order `kluis client apply` prints its groups; an empty group is left out, the balances never. */
export function reviewTables(review: core.ChangeReview): Table[] {
  const years = review.fiscalYears.filter((y) => y.fields.some((f) => f !== 'closed'));
  return [
    ...review.periods.map(periodTable),
    ...(review.journals.length ? [objectTable(l('Dagboeken', 'Journals'), review.journals)] : []),
    ...(review.accounts.length ? [objectTable(l('Grootboekrekeningen', 'Ledger accounts'), review.accounts)] : []),
    ...(review.relations.length ? [objectTable(l('Relaties', 'Relations'), review.relations)] : []),
    ...(review.vatCodes.length ? [objectTable(l('Btw-codes', 'VAT codes'), review.vatCodes)] : []),
    ...(years.length ? [objectTable(l('Boekjaren', 'Fiscal years'), years)] : []),
    ...(review.periodClosings.length
      ? [
          {
            caption: l('Periodeafsluitingen', 'Period closings'),
            columns: [l('Boekjaar', 'Fiscal year'), l('Ervoor', 'Before'), l('Erna', 'After')],
            figures: [],
            rows: review.periodClosings.map((y) => ({
              cells: [String(y.year), closedWords(y.before), closedWords(y.after)],
            })),
            empty: l('Geen periodeafsluitingen.', 'No period closings.'),
          },
        ]
      : []),
    {
      caption: l('Saldo per rekening (debet − credit)', 'Balance per account (debit − credit)'),
      columns: [l('Rekening', 'Account'), l('Naam', 'Name'), l('Ervoor', 'Before'), l('Erna', 'After')],
      figures: [2, 3],
      rows: review.balances.map((b) => ({ cells: [b.account, b.name || '-', amountOf(b.before), amountOf(b.after)] })),
      empty: l('Geen saldo verandert.', 'No balance changes.'),
    },
    ...(review.conflicts.length
      ? [
          {
            caption: l('Conflicten', 'Conflicts'),
            columns: [l('Wat', 'What'), l('Regel', 'Rule')],
            figures: [],
            rows: review.conflicts.map((c) => ({
              cells: [objectText(c), core.conflictRuleLabel(c.rule, c.object)],
            })),
            empty: l('Geen conflicten.', 'No conflicts.'),
          },
        ]
      : []),
  ];
}

/** The review counted in one line, in the words a package's counts are said everywhere (core.changeCountsText). */
export function reviewCounts(review: core.ChangeReview): Localized {
  const entries = (key: 'added' | 'changed' | 'removed') => review.periods.reduce((n, p) => n + p[key].length, 0);
  const ops = (list: readonly core.ObjectChange[]) => ({
    added: list.filter((o) => o.op === 'added' || o.op === 'restored').length,
    changed: list.filter((o) => o.op === 'changed').length,
    removed: list.filter((o) => o.op === 'removed').length,
  });
  return core.changeCountsText({
    entries: { added: entries('added'), changed: entries('changed'), removed: entries('removed') },
    accounts: ops(review.accounts),
    relations: ops(review.relations),
    vatCodes: ops(review.vatCodes),
    fiscalYears: ops(review.fiscalYears),
  });
}

/** The conflicts as a note to read before Finish; undefined when there are none. */
export function conflictsNote(review: core.ChangeReview): Localized | undefined {
  const n = review.conflicts.length;
  if (n === 0) return undefined;
  return inBoth((lang) =>
    n === 1
      ? lang === 'nl'
        ? 'één conflict: de accountant en u wijzigden hetzelfde. Het staat in de tabel Conflicten, met de regel die het beslist.'
        : 'one conflict: the accountant and you changed the same thing. It is in the Conflicts table, with the rule that settles it.'
      : lang === 'nl'
        ? `${core.formatCount(n, lang)} conflicten: de accountant en u wijzigden hetzelfde. Elk staat in de tabel Conflicten, met de regel die het beslist.`
        : `${core.formatCount(n, lang)} conflicts: the accountant and you changed the same thing. Each is in the Conflicts table, with the rule that settles it.`,
  );
}
