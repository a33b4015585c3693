/**
 * The retention policy (src/core/retention/policy.ts) without files: restic's
 * keep-* rules, the bewaarplicht, what is always kept, the clock, and
 * properties over random sets of backups (seeded, so a failure replays).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addYears, dayKey, dayOf, isoWeekKey } from '../../../src/core/retention/calendar.js';
import {
  type BackupFacts,
  type Decision,
  decideRetention,
  type FiscalYearFact,
  type KeepReason,
} from '../../../src/core/retention/policy.js';
import type { RetentionPolicy } from '../../../src/schema/config.js';
import { random } from '../../helpers/fuzz.js';

const zone = 'Europe/Amsterdam';
const now = new Date('2026-12-01T12:00:00Z');

/** A backup with fiscal-year facts (none closed unless given). */
function backup(name: string, moment: string, group = 'a', fiscalYears: FiscalYearFact[] = []): BackupFacts {
  return { name, state: 'good', group, moment: new Date(moment), fiscalYears };
}

/** A backup from a kluis that did not record fiscal years. */
function factless(name: string, moment: string, group = 'a'): BackupFacts {
  return { name, state: 'good', group, moment: new Date(moment), fiscalYears: undefined };
}

const kept = (decisions: readonly Decision[]) =>
  decisions
    .filter((d) => d.keep)
    .map((d) => d.name)
    .sort();
const reasonsOf = (decisions: readonly Decision[], name: string): readonly KeepReason[] =>
  decisions.find((d) => d.name === name)!.reasons;

function decide(backups: BackupFacts[], policy: RetentionPolicy, at = now) {
  return decideRetention(backups, policy, { now: at, timeZone: zone });
}

// Three days with a backup: 28 (three), 29 (two), 30 November (one).
const days = [
  backup('a1', '2026-11-28T08:00:00Z'),
  backup('a2', '2026-11-28T12:00:00Z'),
  backup('a3', '2026-11-28T16:00:00Z'),
  backup('b1', '2026-11-29T08:00:00Z'),
  backup('b2', '2026-11-29T12:00:00Z'),
  backup('c1', '2026-11-30T08:00:00Z'),
];

test('keep-last N keeps the N newest, each with its place', () => {
  const { decisions } = decide(days, { keepLast: 3 });
  assert.deepEqual(kept(decisions), ['b1', 'b2', 'c1']);
  assert.deepEqual(reasonsOf(decisions, 'c1'), [{ rule: 'newest' }, { rule: 'last', nth: 1 }]);
  assert.deepEqual(reasonsOf(decisions, 'b1'), [{ rule: 'last', nth: 3 }]);
  assert.deepEqual(reasonsOf(decisions, 'a3'), []);
});

test('keep-daily N keeps the newest backup of each of the N newest days that have one', () => {
  const { decisions } = decide(days, { keepDaily: 2 });
  assert.deepEqual(kept(decisions), ['b2', 'c1']);
  assert.deepEqual(reasonsOf(decisions, 'b2'), [{ rule: 'daily', period: '2026-11-29' }]);
});

test('while a rule has counts left the oldest backup is kept too (restic)', () => {
  const { decisions } = decide(days, { keepDaily: 5 });
  // c1, b2, a3 use three counts; a1, the oldest, takes a fourth.
  assert.deepEqual(kept(decisions), ['a1', 'a3', 'b2', 'c1']);
  assert.deepEqual(reasonsOf(decisions, 'a1'), [{ rule: 'daily', period: '2026-11-28' }]);
});

test('days are counted in the office time zone', () => {
  // 23:30 UTC on 30 November is 1 December in Amsterdam: two days, not one.
  const late = [backup('x', '2026-11-30T22:00:00Z'), backup('y', '2026-11-30T23:30:00Z')];
  assert.deepEqual(kept(decide(late, { keepDaily: 1 }).decisions), ['y']);
  assert.deepEqual(kept(decideRetention(late, { keepDaily: 2 }, { now, timeZone: 'UTC' }).decisions), ['x', 'y']);
  assert.deepEqual(kept(decide(late, { keepDaily: 2 }).decisions), ['x', 'y']);
  assert.equal(dayOf(new Date('2026-11-30T23:30:00Z'), zone).day, 1);
});

test('weeks are ISO weeks, as restic counts them, also around New Year', () => {
  assert.equal(isoWeekKey({ year: 2026, month: 12, day: 31 }), '2026-W53');
  assert.equal(isoWeekKey({ year: 2027, month: 1, day: 1 }), '2026-W53');
  assert.equal(isoWeekKey({ year: 2027, month: 1, day: 4 }), '2027-W01');
  assert.equal(isoWeekKey({ year: 2024, month: 12, day: 30 }), '2025-W01');
  const around = [
    backup('thu', '2026-12-31T10:00:00Z'),
    backup('fri', '2027-01-01T10:00:00Z'),
    backup('mon', '2027-01-04T10:00:00Z'),
  ];
  const { decisions } = decide(around, { keepWeekly: 2 }, new Date('2027-01-05T00:00:00Z'));
  assert.deepEqual(kept(decisions), ['fri', 'mon']);
  assert.deepEqual(reasonsOf(decisions, 'fri'), [{ rule: 'weekly', period: '2026-W53' }]);
});

test('monthly and yearly keep the newest of each month and year, the rules together', () => {
  const list = [
    backup('2025-06', '2025-06-15T10:00:00Z'),
    backup('2025-12', '2025-12-15T10:00:00Z'),
    backup('2026-10a', '2026-10-01T10:00:00Z'),
    backup('2026-10b', '2026-10-20T10:00:00Z'),
    backup('2026-11', '2026-11-20T10:00:00Z'),
  ];
  const { decisions } = decide(list, { keepMonthly: 2, keepYearly: 2 });
  assert.deepEqual(kept(decisions), ['2025-12', '2026-10b', '2026-11']);
  assert.deepEqual(reasonsOf(decisions, '2026-11'), [
    { rule: 'newest' },
    { rule: 'monthly', period: '2026-11' },
    { rule: 'yearly', period: '2026' },
  ]);
  assert.deepEqual(reasonsOf(decisions, '2025-12'), [{ rule: 'yearly', period: '2025' }]);
});

test('each administration has its own counts, and its newest is always kept', () => {
  const list = [
    ...days,
    backup('other-old', '2026-01-01T10:00:00Z', 'b'),
    backup('other-new', '2026-02-01T10:00:00Z', 'b'),
  ];
  const { decisions } = decide(list, { keepLast: 1 });
  assert.deepEqual(kept(decisions), ['c1', 'other-new']);
});

test('without any keep rule everything is kept (restic: the policy is empty)', () => {
  const { decisions } = decide(days, { fiscalYears: 7 });
  assert.deepEqual(kept(decisions), days.map((d) => d.name).sort());
  assert.deepEqual(reasonsOf(decisions, 'a1'), [{ rule: 'no-policy' }]);
});

test('a file whose manifest was not read, or that is damaged, is always kept and never counted', () => {
  const list: BackupFacts[] = [
    ...days,
    { name: 'secret.ebu', state: 'unreadable' },
    { name: 'cut.ebu', state: 'damaged' },
  ];
  const { decisions } = decide(list, { keepLast: 1 });
  assert.deepEqual(kept(decisions), ['c1', 'cut.ebu', 'secret.ebu']);
  assert.deepEqual(reasonsOf(decisions, 'secret.ebu'), [{ rule: 'unreadable' }]);
  assert.deepEqual(reasonsOf(decisions, 'cut.ebu'), [{ rule: 'damaged' }]);
});

const open2025: FiscalYearFact = { year: 2025, closed: false, end: '2025-12-31' };
const closed2025: FiscalYearFact = { year: 2025, closed: true, end: '2025-12-31' };
const open2026: FiscalYearFact = { year: 2026, closed: false, end: '2026-12-31' };

test('bewaarplicht: the first backup after a year was closed is kept for 7 years after the year ends', () => {
  const list = [
    backup('jan', '2026-01-31T10:00:00Z', 'a', [open2025, open2026]),
    backup('mar', '2026-03-31T10:00:00Z', 'a', [closed2025, open2026]),
    backup('apr', '2026-04-30T10:00:00Z', 'a', [closed2025, open2026]),
    backup('nov', '2026-11-30T10:00:00Z', 'a', [closed2025, open2026]),
  ];
  const { decisions } = decide(list, { keepLast: 1 });
  assert.deepEqual(kept(decisions), ['mar', 'nov']);
  assert.deepEqual(reasonsOf(decisions, 'mar'), [{ rule: 'fiscal-year', year: 2025, until: '2032-12-31' }]);
  // The last day of the seventh year it is still kept; the day after, the rules decide alone.
  const later = [...list, backup('last-day', '2032-12-31T10:00:00Z', 'a', [closed2025])];
  assert.ok(kept(decide(later, { keepLast: 1 }, new Date('2033-01-01')).decisions).includes('mar'));
  const after = [...list, backup('day-after', '2033-01-01T10:00:00Z', 'a', [closed2025])];
  assert.deepEqual(kept(decide(after, { keepLast: 1 }, new Date('2033-01-02')).decisions), ['day-after']);
  // fiscalYears is the number of years.
  assert.deepEqual(reasonsOf(decide(list, { keepLast: 1, fiscalYears: 10 }).decisions, 'mar'), [
    { rule: 'fiscal-year', year: 2025, until: '2035-12-31' },
  ]);
});

test('bewaarplicht: a year reopened and closed again keeps both closing states', () => {
  const list = [
    backup('closed', '2026-03-01T10:00:00Z', 'a', [closed2025]),
    backup('reopened', '2026-04-01T10:00:00Z', 'a', [open2025]),
    backup('closed-again', '2026-05-01T10:00:00Z', 'a', [closed2025]),
    backup('newest', '2026-06-01T10:00:00Z', 'a', [closed2025]),
  ];
  assert.deepEqual(kept(decide(list, { keepLast: 1 }).decisions), ['closed', 'closed-again', 'newest']);
});

test('a year already closed in the first backup with facts is kept in that one', () => {
  const list = [
    backup('first', '2026-03-01T10:00:00Z', 'a', [closed2025]),
    backup('second', '2026-04-01T10:00:00Z', 'a', [closed2025]),
    backup('third', '2026-05-01T10:00:00Z', 'a', [closed2025]),
  ];
  assert.deepEqual(kept(decide(list, { keepLast: 1 }).decisions), ['first', 'third']);
});

test('files without fiscal-year facts are kept for 7 years, until a newer backup has the facts', () => {
  const old = [factless('old1', '2026-01-10T10:00:00Z'), factless('old2', '2026-02-10T10:00:00Z')];
  const onlyOld = decide([...old, factless('old3', '2026-03-10T10:00:00Z')], { keepLast: 1 });
  assert.deepEqual(kept(onlyOld.decisions), ['old1', 'old2', 'old3']);
  assert.deepEqual(reasonsOf(onlyOld.decisions, 'old1'), [{ rule: 'no-fiscal-facts', until: '2033-01-10' }]);
  const withFacts = decide([...old, backup('new', '2026-03-10T10:00:00Z', 'a', [open2026])], { keepLast: 1 });
  assert.deepEqual(kept(withFacts.decisions), ['new']);
  // The facts of one administration say nothing about another's files.
  const otherAdmin = decide([...old, backup('b-new', '2026-03-10T10:00:00Z', 'b', [open2026])], { keepLast: 1 });
  assert.deepEqual(kept(otherAdmin.decisions), ['b-new', 'old1', 'old2']);
});

test('the clock: a backup dated in the future is reported; a clock far ahead expires nothing', () => {
  const list = [
    backup('mar', '2026-03-31T10:00:00Z', 'a', [closed2025]),
    backup('nov', '2026-11-30T10:00:00Z', 'a', [closed2025]),
  ];
  const behind = decide(list, { keepLast: 1 }, new Date('2026-06-01T00:00:00Z'));
  assert.deepEqual(behind.inFuture, ['nov']);
  // Within the tolerance (a few minutes between two computers' clocks) is not the future.
  assert.deepEqual(decide(list, { keepLast: 1 }, new Date('2026-11-30T09:58:00Z')).inFuture, []);
  const ahead = decide(list, { keepLast: 1 }, new Date('2045-01-01T00:00:00Z'));
  assert.deepEqual(ahead.inFuture, []);
  assert.deepEqual(ahead.reference, new Date('2026-11-30T10:00:00Z'));
  assert.deepEqual(kept(ahead.decisions), ['mar', 'nov']);
});

test('addYears counts calendar years; 29 February goes to 28 February', () => {
  assert.equal(addYears('2025-12-31', 7), '2032-12-31');
  assert.equal(addYears('2024-02-29', 1), '2025-02-28');
  assert.equal(addYears('2024-02-29', 4), '2028-02-29');
  assert.equal(addYears('2025-06-30', 0), '2025-06-30');
});

// --- properties over random sets of backups ---

type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);

function randomSet(rng: Rng): BackupFacts[] {
  const list: BackupFacts[] = [];
  const count = 1 + int(rng, 40);
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    const name = `f${i}.ebu`;
    const roll = rng();
    if (roll < 0.05) {
      list.push({ name, state: rng() < 0.5 ? 'unreadable' : 'damaged' });
      continue;
    }
    // Clustered moments: several on one day, days close together, now and then years apart.
    const moment = new Date(start + int(rng, 3 * 365) * 86_400_000 + int(rng, 4) * 6 * 3_600_000);
    const group = `adm${int(rng, 3)}`;
    const facts =
      rng() < 0.2 ? undefined : [2023, 2024, 2025].map((year) => ({ year, closed: rng() < 0.5, end: `${year}-12-31` }));
    list.push(backup(name, moment.toISOString(), group, facts));
  }
  return list;
}

function randomPolicy(rng: Rng): RetentionPolicy {
  const n = () => (rng() < 0.4 ? undefined : int(rng, 6));
  return {
    keepLast: n(),
    keepDaily: n(),
    keepWeekly: n(),
    keepMonthly: n(),
    keepYearly: n(),
    fiscalYears: int(rng, 9),
  };
}

function shuffled<T>(rng: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(rng, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

type Good = Extract<BackupFacts, { state: 'good' }>;
const goodOf = (list: readonly BackupFacts[]) => list.filter((b): b is Good => b.state === 'good');
const newestFirst = (a: Good, b: Good) => b.moment.getTime() - a.moment.getTime() || (a.name < b.name ? 1 : -1);

/** The daily rule written out another way: the newest of each of the first N days, and the oldest while days ran short. */
function dailyOracle(group: readonly Good[], n: number): Set<string> {
  const sorted = [...group].sort(newestFirst);
  const seen = new Map<string, string>();
  for (const b of sorted) {
    const d = dayOf(b.moment, zone);
    const key = `${d.year}-${d.month}-${d.day}`;
    if (!seen.has(key)) seen.set(key, b.name);
  }
  const firstN = [...seen.values()].slice(0, n);
  const out = new Set(firstN);
  if (seen.size < n && sorted.length) out.add(sorted.at(-1)!.name);
  return out;
}

test('properties hold for 400 random sets of backups and policies', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const rng = random(seed);
    const list = randomSet(rng);
    const policy = randomPolicy(rng);
    const at = new Date(Date.UTC(2027, int(rng, 12), 1 + int(rng, 28)));
    const outcome = decideRetention(list, policy, { now: at, timeZone: zone });
    const where = `seed ${seed}`;
    const byName = new Map(outcome.decisions.map((d) => [d.name, d]));
    assert.equal(byName.size, list.length, where);
    for (const d of outcome.decisions) assert.equal(d.keep, d.reasons.length > 0, `${where}: ${d.name}`);
    for (const b of list) if (b.state !== 'good') assert.ok(byName.get(b.name)!.keep, `${where}: ${b.name} not read`);
    const groups = new Map<string, Good[]>();
    for (const b of goodOf(list)) groups.set(b.group, [...(groups.get(b.group) ?? []), b]);
    for (const [group, members] of groups) {
      const newest = [...members].sort(newestFirst)[0]!;
      assert.ok(byName.get(newest.name)!.keep, `${where}: newest of ${group}`);
      // The daily rule agrees with the oracle.
      if ((policy.keepDaily ?? 0) > 0) {
        const daily = members.filter((b) => byName.get(b.name)!.reasons.some((r) => r.rule === 'daily'));
        assert.deepEqual(new Set(daily.map((b) => b.name)), dailyOracle(members, policy.keepDaily!), `${where}: daily`);
      }
      // Every closed year whose bewaarplicht still runs is held closed by a kept backup of the administration.
      const refDay = dayKey(dayOf(outcome.reference!, zone));
      for (const b of members)
        for (const fy of b.fiscalYears ?? []) {
          if (!fy.closed || addYears(fy.end, policy.fiscalYears ?? 7) < refDay) continue;
          const holder = members.some(
            (m) => byName.get(m.name)!.keep && m.fiscalYears?.some((f) => f.year === fy.year && f.closed),
          );
          assert.ok(holder, `${where}: ${group} year ${fy.year}`);
        }
    }
    // Deterministic, whatever order the files were listed in.
    const again = decideRetention(shuffled(rng, list), policy, { now: at, timeZone: zone });
    assert.deepEqual(again, outcome, `${where}: order`);
  }
});
