/**
 * The pure model of issue 22's apply: the accountant's edits applied to the
 * client's current books, with the design's conflict rules
 * (prompts/design22.md, "Merge rules"). Three pictures of the books go in —
 * B, the books at the hand-out; A, the accountant's books now; C, the
 * client's books now — and what the client's books must hold after the
 * apply comes out, with the conflicts the review must list.
 *
 * An object is the accountant's change when its picture in A differs from
 * B (an object the accountant changed and changed back is no change: the
 * package leaves it out). Per kind:
 *
 * - C equals B: the result is A.
 * - account, VAT code: field by field; a field the accountant changed takes
 *   A's value, the others keep C's; both changed it differently → A's,
 *   `both-changed`. A fiscal year likewise (its `closed` is the period
 *   closing, as the accountant left it).
 * - relation: field by field the same, but both changed → C's, `both-changed`.
 * - the accountant removed it, the client changed it → kept as C,
 *   `removed-but-changed`; the client's books still use it → kept,
 *   `removed-but-used`.
 * - the client removed it, the accountant changed it → A put back,
 *   `removed-by-client`; so is what an object the accountant changed refers
 *   to (an entry's accounts, relations, VAT codes, year; an account's VAT
 *   code; a VAT code's accounts) when the client removed it.
 * - both did the same thing: nothing to settle; an account, relation or VAT
 *   code both added under one code is merged field by field from an empty
 *   base.
 * - an entry's document link is the client's (documents are not in a
 *   package): kept where the apply writes an entry the client has, none on
 *   an entry it adds (also one it puts back).
 * - an entry the client changed anyway (its lock bypassed) → A wins,
 *   `locked-period-changed` (`removed-by-client` accepted when the client
 *   removed it).
 * - an entry the accountant added whose number the client used meanwhile →
 *   the client's stays; the accountant's is renumbered in its journal,
 *   `number-taken`.
 *
 * Where the design does not say (both sides removed the same object), the
 * result is the one both agree on and a conflict may or may not be listed.
 * Where the design is silent and the apply decided (docs/ARCHITECTURE.md,
 * "Changes and apply"), the model follows the apply's decision.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  type Books,
  balances,
  booksDiff,
  cloneBooks,
  type Entry,
  entryKey,
  type ObjectKind,
  type ObjectOf,
  objectKinds,
  unbalanced,
} from './change-books.js';

export type ConflictRule =
  | 'both-changed'
  | 'removed-but-used'
  | 'removed-but-changed'
  | 'removed-by-client'
  | 'locked-period-changed'
  | 'number-taken';

export interface ExpectedConflict {
  readonly object: ObjectKind;
  readonly key: string;
  /** The rules that settle it (any one of them, where the design allows two). */
  readonly rules: readonly ConflictRule[];
}

export interface ExpectedApply {
  /** The client's books after the apply, less the renumbered entries (whose numbers the model cannot know). */
  readonly books: Books;
  /** The accountant's entries that must appear under a new number in the same journal, as A has them otherwise. */
  readonly renumbered: ReadonlyArray<{ readonly from: string; readonly entry: Entry }>;
  /** Conflicts the review must list. */
  readonly conflicts: readonly ExpectedConflict[];
  /** Objects where a listed conflict is neither required nor wrong (the design does not say). */
  readonly mayConflict: ReadonlyArray<{ readonly object: ObjectKind; readonly key: string }>;
  /** Every object the accountant changed (the package's contents), by kind. */
  readonly changed: { readonly [K in ObjectKind]: readonly string[] };
}

/** The keys whose picture in `a` differs from `b`. */
export function changedKeys<K extends ObjectKind>(kind: K, b: Books, a: Books): string[] {
  const keys = new Set([...b[kind].keys(), ...a[kind].keys()]);
  return [...keys].filter((k) => !isDeepStrictEqual(b[kind].get(k), a[kind].get(k))).sort();
}

type Fields = Record<string, unknown>;

/** Field by field: A where the accountant changed the field, else C; `both` says whether both changed one differently. */
function fieldMerge<T>(b: T, a: T, c: T, bothWins: 'accountant' | 'client'): { value: T; both: boolean } {
  const out: Fields = { ...(c as Fields) };
  let both = false;
  for (const f of Object.keys(a as Fields)) {
    const bv = (b as Fields)[f];
    const av = (a as Fields)[f];
    const cv = (c as Fields)[f];
    if (isDeepStrictEqual(av, bv)) continue;
    if (!isDeepStrictEqual(cv, bv) && !isDeepStrictEqual(cv, av)) {
      both = true;
      out[f] = bothWins === 'accountant' ? av : cv;
    } else out[f] = av;
  }
  return { value: out as T, both };
}

/** What uses `key` of `kind` in `books` (a reason in words), or undefined. */
function usedBy(kind: ObjectKind, key: string, books: Books): string | undefined {
  if (kind === 'account') {
    for (const e of books.entry.values())
      if (e.lines.some((l) => l.account === key)) return `entry ${entryKey(e)} books on it`;
    for (const v of books.vat_code.values())
      if (v.payAccount === key || v.claimAccount === key) return `VAT code ${v.code} pays or claims on it`;
  }
  if (kind === 'relation')
    for (const e of books.entry.values())
      if (e.relation === key || e.lines.some((l) => l.relation === key)) return `entry ${entryKey(e)} names it`;
  if (kind === 'vat_code') {
    for (const e of books.entry.values()) if (e.lines.some((l) => l.vat === key)) return `entry ${entryKey(e)} uses it`;
    for (const a of books.account.values()) if (a.vatCode === key) return `account ${a.code} uses it`;
  }
  return undefined;
}

/** What the accountant's changed objects (as A has them) refer to, less what is itself a change. */
function referencesOf(
  a: Books,
  changed: { readonly [K in ObjectKind]: readonly string[] },
): Array<[ObjectKind, string]> {
  const out = new Map<string, [ObjectKind, string]>();
  const add = (kind: ObjectKind, key: string | null) => {
    if (key !== null && !changed[kind].includes(key)) out.set(`${kind} ${key}`, [kind, key]);
  };
  for (const key of changed.entry) {
    const e = a.entry.get(key);
    if (!e) continue;
    add('relation', e.relation);
    add('fiscal_year', String(e.fiscalYear));
    for (const l of e.lines) {
      add('account', l.account);
      add('relation', l.relation);
      add('vat_code', l.vat);
    }
  }
  for (const key of changed.account) add('vat_code', a.account.get(key)?.vatCode ?? null);
  for (const key of changed.vat_code) {
    const v = a.vat_code.get(key);
    add('account', v?.payAccount ?? null);
    add('account', v?.claimAccount ?? null);
  }
  return [...out.values()];
}

/**
 * The client's books after applying the accountant's changes (A against B)
 * to C, by the design's rules. `documentRelations`: relations the client's
 * documents refer to (documents are the client's, never in a package);
 * `renamed`: the accountant's entries an earlier package of the same
 * hand-out renumbered in the client's books (number-taken), their key at the
 * accountant's → their key in the client's books.
 */
export function expectedApply(
  b: Books,
  a: Books,
  c: Books,
  documentRelations: ReadonlySet<string> = new Set(),
  renamed: ReadonlyMap<string, string> = new Map(),
): ExpectedApply {
  const result = cloneBooks(c);
  const conflicts: ExpectedConflict[] = [];
  const mayConflict: Array<{ object: ObjectKind; key: string }> = [];
  const renumbered: Array<{ from: string; entry: Entry }> = [];
  const changed = Object.fromEntries(objectKinds.map((k) => [k, changedKeys(k, b, a)])) as {
    [K in ObjectKind]: string[];
  };
  const set = <K extends ObjectKind>(kind: K, key: string, value: ObjectOf[K] | undefined) => {
    if (value === undefined) result[kind].delete(key);
    else result[kind].set(key, value);
  };

  // Entries first: whether an account, relation or VAT code is still used depends on them.
  // An entry's link to its document (a scan, an invoice) is the client's: documents are not in a package.
  // An entry the apply writes keeps the client's link, one it adds has none.
  const withClientDocument = (av: Entry | undefined, cv: Entry | undefined): Entry | undefined =>
    av && { ...av, document: cv?.document ?? null };
  for (const key of changed.entry) {
    // An entry an earlier package renumbered (number-taken) is, in the client's books, under its new number.
    const at = renamed.get(key) ?? key;
    const bv = b.entry.get(key);
    const av = a.entry.get(key);
    if (at !== key) {
      const under = (e: Entry | undefined, k: string): Entry | undefined =>
        e && { ...e, number: k.slice(k.indexOf('/') + 1) };
      const cAt = c.entry.get(at);
      const cv = under(cAt, key);
      if (isDeepStrictEqual(cv, av)) continue;
      set('entry', at, under(withClientDocument(av, cAt), at));
      if (!isDeepStrictEqual(cv, bv))
        conflicts.push({ object: 'entry', key, rules: ['locked-period-changed', 'removed-by-client'] });
      continue;
    }
    const cv = c.entry.get(key);
    if (isDeepStrictEqual(cv, bv)) set('entry', key, withClientDocument(av, cv));
    else if (isDeepStrictEqual(cv, av)) {
      // Both did the same: nothing to settle.
    } else if (bv === undefined) {
      // Both booked this number: the client's stays, the accountant's moves on in its journal.
      renumbered.push({ from: key, entry: withClientDocument(av, undefined)! });
      conflicts.push({ object: 'entry', key, rules: ['number-taken'] });
    } else {
      set('entry', key, withClientDocument(av, cv));
      conflicts.push({
        object: 'entry',
        key,
        rules:
          cv === undefined && av !== undefined
            ? ['locked-period-changed', 'removed-by-client']
            : ['locked-period-changed'],
      });
    }
  }

  // Accounts, relations, VAT codes, fiscal years: removals are decided last, against the result.
  const removals: Array<{ kind: ObjectKind; key: string }> = [];
  for (const kind of ['account', 'relation', 'vat_code', 'fiscal_year'] as const) {
    for (const key of changed[kind]) {
      const bv = b[kind].get(key);
      const av = a[kind].get(key);
      const cv = c[kind].get(key);
      if (isDeepStrictEqual(cv, bv)) {
        if (av === undefined) removals.push({ kind, key });
        else set(kind, key, av);
      } else if (isDeepStrictEqual(cv, av)) {
        // Both did the same thing (also: both removed it): nothing to settle.
        if (av === undefined) mayConflict.push({ object: kind, key });
      } else if (bv === undefined) {
        // Added on both sides: field by field from an empty base (every field is a change of both).
        const m = fieldMerge({} as NonNullable<typeof av>, av!, cv!, kind === 'relation' ? 'client' : 'accountant');
        set(kind, key, m.value);
        if (m.both) conflicts.push({ object: kind, key, rules: ['both-changed'] });
      } else if (av === undefined) {
        conflicts.push({ object: kind, key, rules: ['removed-but-changed', 'removed-but-used'] });
      } else if (cv === undefined) {
        set(kind, key, av);
        conflicts.push({ object: kind, key, rules: ['removed-by-client'] });
      } else {
        const m = fieldMerge(bv, av, cv, kind === 'relation' ? 'client' : 'accountant');
        set(kind, key, m.value);
        if (m.both) conflicts.push({ object: kind, key, rules: ['both-changed'] });
      }
    }
  }
  // What the accountant's changed objects refer to and the client removed comes back as the accountant has it,
  // rather than leave an entry pointing at nothing.
  for (const [kind, key] of referencesOf(a, changed)) {
    if (c[kind].has(key) || !a[kind].has(key)) continue;
    set(kind, key, a[kind].get(key));
    conflicts.push({ object: kind, key, rules: ['removed-by-client'] });
  }
  // An accountant's removal of something the client still uses keeps it. Decided from "all removed" upwards:
  // keeping one can make another used (a VAT code by a kept account), never unused.
  const removed = new Set(removals);
  for (;;) {
    const trial = cloneBooks(result);
    for (const r of removed) trial[r.kind].delete(r.key);
    const kept = [...removed].filter(
      ({ kind, key }) => usedBy(kind, key, trial) !== undefined || (kind === 'relation' && documentRelations.has(key)),
    );
    if (kept.length === 0) {
      for (const r of removed) result[r.kind].delete(r.key);
      break;
    }
    for (const r of kept) {
      removed.delete(r);
      conflicts.push({ object: r.kind, key: r.key, rules: ['removed-but-used'] });
    }
  }
  // Renumbered entries count in the balances and the uses too, but their keys are unknown: they are kept apart.
  return { books: result, renumbered, conflicts, mayConflict, changed };
}

export interface ActualConflict {
  readonly object: string;
  readonly key: string;
  readonly rule: string;
}

/** Where the review's conflicts differ from the model's (empty when they agree). */
export function conflictsDiff(expected: ExpectedApply, actual: readonly ActualConflict[]): string[] {
  const out: string[] = [];
  const id = (o: string, k: string) => `${o} ${k}`;
  const found = new Map<string, ActualConflict[]>();
  for (const c of actual) found.set(id(c.object, c.key), [...(found.get(id(c.object, c.key)) ?? []), c]);
  const allowed = new Set(expected.mayConflict.map((m) => id(m.object, m.key)));
  for (const e of expected.conflicts) {
    const got = found.get(id(e.object, e.key)) ?? [];
    if (!got.some((g) => e.rules.includes(g.rule as ConflictRule)))
      out.push(
        `${id(e.object, e.key)}: the review should list conflict ${e.rules.join(' or ')}, it lists ${got.length ? got.map((g) => g.rule).join(', ') : 'none'}`,
      );
    allowed.add(id(e.object, e.key));
  }
  for (const c of actual)
    if (!allowed.has(id(c.object, c.key)))
      out.push(`${id(c.object, c.key)}: the review lists conflict ${c.rule}, the model none`);
  return out;
}

export interface ReviewLike {
  readonly conflicts: readonly ActualConflict[];
  readonly balances: ReadonlyArray<{ readonly account: string; readonly before: string; readonly after: string }>;
}

const centsOf = (text: string): number => Math.round(Number(text) * 100);

/**
 * Everything wrong with an apply, judged by the model (empty when it is
 * right): the client's books after it (`after`) against the model's, the
 * renumbered entries found by their content, every entry in balance, the
 * review's conflicts, and the review's balances against the books before
 * (`before`) and after. Given the dividing date, also that the client's own
 * entries (dated after it) are untouched. Fills `renumberedTo` with where
 * each renumbered entry was found (for the model of a next package).
 */
export function applyProblems(
  expected: ExpectedApply,
  before: Books,
  after: Books,
  review: ReviewLike,
  renumberedTo: Map<string, string> = new Map(),
  until?: string,
): string[] {
  const problems: string[] = [];
  // The client's own entries (dated after the dividing date, where the accountant cannot book) are the client's.
  if (until !== undefined)
    for (const [k, e] of before.entry)
      if (e.date > until && !isDeepStrictEqual(after.entry.get(k), e))
        problems.push(
          `the client's own entry ${k} (dated ${e.date}, after the dividing date) was changed or removed: ${JSON.stringify(after.entry.get(k) ?? null)}`,
        );
  const found = cloneBooks(after);
  const extra = [...found.entry.keys()].filter((k) => !expected.books.entry.has(k));
  for (const r of expected.renumbered) {
    const { number: _n, ...content } = r.entry;
    const match = extra.find((k) => {
      const { number: _m, ...other } = found.entry.get(k)!;
      return isDeepStrictEqual(other, content);
    });
    if (match === undefined)
      problems.push(`entry ${r.from} (number taken) is not found under another number in ${r.entry.journal}`);
    else {
      found.entry.delete(match);
      extra.splice(extra.indexOf(match), 1);
      renumberedTo.set(r.from, match);
    }
  }
  const expectedBooks = cloneBooks(expected.books);
  problems.push(...booksDiff(expectedBooks, found));
  for (const k of unbalanced(after)) problems.push(`entry ${k} does not balance`);
  problems.push(...conflictsDiff(expected, review.conflicts));
  const b = balances(before);
  const a = balances(after);
  const listed = new Map(review.balances.map((x) => [x.account, x]));
  for (const account of new Set([...b.keys(), ...a.keys()])) {
    const was = b.get(account) ?? 0;
    const now = a.get(account) ?? 0;
    const row = listed.get(account);
    if (was === now) {
      if (row && centsOf(row.before) !== centsOf(row.after))
        problems.push(
          `the review's balance of ${account} changes (${row.before} → ${row.after}); the books' stays ${was / 100}`,
        );
      continue;
    }
    if (!row)
      problems.push(`the review leaves out account ${account}, whose balance went from ${was / 100} to ${now / 100}`);
    else if (centsOf(row.before) !== was || centsOf(row.after) !== now)
      problems.push(
        `the review says ${account} went from ${row.before} to ${row.after}; the books: ${was / 100} → ${now / 100}`,
      );
  }
  return problems;
}
