/**
 * Which backup files a repository keeps, and why (pure: no files, no
 * clock of its own). The rules:
 *
 * - restic's keep-last, keep-daily, keep-weekly, keep-monthly, keep-yearly,
 *   with restic's exact meaning (internal/restic/snapshot_policy.go), per
 *   administration: newest first, keep-daily N keeps the newest backup of
 *   each of the N newest days that have a backup (weeks are ISO weeks), and
 *   while a rule still has a count left the oldest backup is kept too. No
 *   keep-* rule at all keeps everything, as restic does.
 * - The bewaarplicht: the backup that holds a closed fiscal year's final
 *   state — the first backup made after the year was closed (a closed year
 *   no longer changes, so it is the year's last state, and it stays the same
 *   file however many backups follow; a year reopened and closed again gets
 *   that state kept too) — is kept until `fiscalYears` years after the end
 *   of that fiscal year.
 * - A backup from a kluis that did not record fiscal years is kept for
 *   `fiscalYears` years after it was made, unless a newer backup of the same
 *   administration has the facts (every closed year is in that one, and the
 *   facts decide).
 * - Always kept: the newest good backup of each administration, and every
 *   file whose manifest could not be read or that is damaged (never counted
 *   as a backup by the rules, never removed).
 *
 * Time: the bewaarplicht runs against the newest backup in the repository,
 * not the wall clock, so a clock far ahead expires nothing; a backup dated
 * in the future (a clock that went back) is reported in `inFuture` and the
 * caller refuses to remove anything (prune.ts).
 */
import type { RetentionPolicy } from '../config/config-store.js';
import { addYears, type CalendarDay, dayKey, dayOf, isoWeekKey, monthKey, yearKey } from './calendar.js';

/** Years the last state of a closed fiscal year is kept when the policy does not say (article 52 AWR: 7). */
export const defaultFiscalYears = 7;

/** How far a backup may be dated after this computer's clock before the clocks are said to disagree. */
export const clockTolerance = 5 * 60_000;

export interface FiscalYearFact {
  readonly year: number;
  readonly closed: boolean;
  /** Its last day, YYYY-MM-DD. */
  readonly end: string;
}

/** A backup file as prune found it in the repository. */
export type BackupFacts =
  | {
      readonly name: string;
      /** The manifest could not be read (no key, not a backup) or the file is damaged. */
      readonly state: 'unreadable' | 'damaged';
    }
  | {
      readonly name: string;
      readonly state: 'good';
      /** The administration: its identity and number, as the manifest says. */
      readonly group: string;
      /** When the snapshot was taken (the manifest's createdAt). */
      readonly moment: Date;
      /** Undefined in files made before kluis recorded fiscal years. */
      readonly fiscalYears: readonly FiscalYearFact[] | undefined;
    };

type GoodBackup = Extract<BackupFacts, { state: 'good' }>;

export type PeriodRule = 'daily' | 'weekly' | 'monthly' | 'yearly';

export type KeepReason =
  | { readonly rule: 'no-policy' }
  | { readonly rule: 'newest' }
  | { readonly rule: 'last'; readonly nth: number }
  | { readonly rule: PeriodRule; readonly period: string }
  | { readonly rule: 'fiscal-year'; readonly year: number; readonly until: string }
  | { readonly rule: 'no-fiscal-facts'; readonly until: string }
  | { readonly rule: 'unreadable' }
  | { readonly rule: 'damaged' };

export interface Decision {
  readonly name: string;
  readonly keep: boolean;
  /** Every rule that keeps the file; empty exactly when it goes. */
  readonly reasons: readonly KeepReason[];
}

export interface RetentionOptions {
  readonly now: Date;
  /** The zone days, weeks, months and years are counted in. */
  readonly timeZone: string;
}

export interface RetentionOutcome {
  /** One per backup, ordered by administration, then newest first; unreadable and damaged files last, by name. */
  readonly decisions: readonly Decision[];
  /** Good backups dated more than `clockTolerance` after `now`: nothing may be removed while there are any. */
  readonly inFuture: readonly string[];
  /** The moment the bewaarplicht was counted at: the newest backup, or now when that is earlier. */
  readonly reference: Date | undefined;
}

/** Whether the policy has any keep-* rule; without one everything is kept (restic: "policy is empty"). */
export function hasKeepRules(policy: RetentionPolicy): boolean {
  return [policy.keepLast, policy.keepDaily, policy.keepWeekly, policy.keepMonthly, policy.keepYearly].some(
    (n) => (n ?? 0) > 0,
  );
}

/** Code-unit order, the same on every machine (no locale). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const newestFirst = (a: GoodBackup, b: GoodBackup) => b.moment.getTime() - a.moment.getTime() || byText(b.name, a.name);

/** Decides, for every backup, whether it stays and which rules keep it. Deterministic: order of input does not matter. */
export function decideRetention(
  backups: readonly BackupFacts[],
  policy: RetentionPolicy,
  options: RetentionOptions,
): RetentionOutcome {
  const good = backups.filter((b): b is GoodBackup => b.state === 'good');
  const limit = options.now.getTime() + clockTolerance;
  const inFuture = good
    .filter((b) => b.moment.getTime() > limit)
    .map((b) => b.name)
    .sort(byText);
  const newest = Math.max(...good.map((b) => b.moment.getTime()));
  const reference = good.length ? new Date(Math.min(newest, options.now.getTime())) : undefined;
  const decisions: Decision[] = [];
  for (const group of groupsOf(good))
    decisions.push(
      ...decideGroup(group, policy, options.timeZone, reference ? dayOf(reference, options.timeZone) : undefined),
    );
  const rest = backups.filter((b) => b.state !== 'good').sort((a, b) => byText(a.name, b.name));
  for (const b of rest)
    decisions.push({ name: b.name, keep: true, reasons: [{ rule: b.state as 'unreadable' | 'damaged' }] });
  return { decisions, inFuture, reference };
}

/** The backups per administration, each newest first; the groups in a fixed order. */
function groupsOf(good: readonly GoodBackup[]): GoodBackup[][] {
  const groups = new Map<string, GoodBackup[]>();
  for (const b of good) groups.set(b.group, [...(groups.get(b.group) ?? []), b]);
  return [...groups.keys()].sort(byText).map((k) => groups.get(k)!.sort(newestFirst));
}

function decideGroup(
  list: readonly GoodBackup[],
  policy: RetentionPolicy,
  timeZone: string,
  referenceDay: CalendarDay | undefined,
): Decision[] {
  const reasons = list.map((): KeepReason[] => []);
  reasons[0]?.push({ rule: 'newest' });
  if (!hasKeepRules(policy)) for (const r of reasons) r.push({ rule: 'no-policy' });
  else applyBuckets(list, policy, timeZone, reasons);
  if (referenceDay)
    applyBewaarplicht(list, policy.fiscalYears ?? defaultFiscalYears, timeZone, dayKey(referenceDay), reasons);
  return list.map((b, i) => ({ name: b.name, keep: reasons[i]!.length > 0, reasons: reasons[i]! }));
}

interface Bucket {
  count: number;
  readonly key: (day: CalendarDay, nr: number) => string;
  last: string | undefined;
  readonly reason: (period: string, nr: number) => KeepReason;
}

/** restic's ApplyPolicy, the keep-* part: newest first, one backup per new period while the count lasts. */
function applyBuckets(list: readonly GoodBackup[], policy: RetentionPolicy, timeZone: string, reasons: KeepReason[][]) {
  const period = (rule: PeriodRule) => (p: string) => ({ rule, period: p }) as const;
  const buckets: Bucket[] = [
    {
      count: policy.keepLast ?? 0,
      key: (_, nr) => String(nr),
      last: undefined,
      reason: (_, nr) => ({ rule: 'last', nth: nr + 1 }),
    },
    { count: policy.keepDaily ?? 0, key: dayKey, last: undefined, reason: period('daily') },
    { count: policy.keepWeekly ?? 0, key: isoWeekKey, last: undefined, reason: period('weekly') },
    { count: policy.keepMonthly ?? 0, key: monthKey, last: undefined, reason: period('monthly') },
    { count: policy.keepYearly ?? 0, key: yearKey, last: undefined, reason: period('yearly') },
  ];
  list.forEach((b, nr) => {
    const day = dayOf(b.moment, timeZone);
    for (const bucket of buckets) {
      if (bucket.count <= 0) continue;
      const key = bucket.key(day, nr);
      // Also the oldest backup while the rule has counts left: the longest history the counts allow (restic).
      if (key !== bucket.last || nr === list.length - 1) {
        bucket.last = key;
        bucket.count--;
        reasons[nr]!.push(bucket.reason(key, nr));
      }
    }
  });
}

/**
 * The bewaarplicht, oldest first: a backup in which a fiscal year is closed
 * while the backup with facts before it did not have it closed holds that
 * year's final state; it is kept until `years` after the year's end.
 */
function applyBewaarplicht(
  list: readonly GoodBackup[],
  years: number,
  timeZone: string,
  referenceDay: string,
  reasons: KeepReason[][],
) {
  let before: ReadonlyMap<number, boolean> | undefined;
  let newerHasFacts = false;
  for (let i = list.length - 1; i >= 0; i--) {
    const facts = list[i]!.fiscalYears;
    if (facts === undefined) continue;
    for (const fy of facts) {
      if (!fy.closed || before?.get(fy.year) === true) continue;
      const until = addYears(fy.end, years);
      if (referenceDay <= until) reasons[i]!.push({ rule: 'fiscal-year', year: fy.year, until });
    }
    before = new Map(facts.map((fy) => [fy.year, fy.closed]));
  }
  // Newest first: a file without facts matters only until a newer one has them.
  list.forEach((b, i) => {
    if (b.fiscalYears !== undefined) {
      newerHasFacts = true;
      return;
    }
    if (newerHasFacts) return;
    const until = addYears(dayKey(dayOf(b.moment, timeZone)), years);
    if (referenceDay <= until) reasons[i]!.push({ rule: 'no-fiscal-facts', until });
  });
}
