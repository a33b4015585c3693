/**
 * The calendar a retention policy counts in: a moment's day, ISO week,
 * month and year in one time zone (the office's, by default this
 * computer's), so "keep 7 daily" means seven days as the office lives them,
 * not seven UTC days. Pure: the same moment and zone give the same answer.
 */

export interface CalendarDay {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hourCycle: 'h23',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The time zone of this process (TZ, else the system's). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The day `moment` falls on in `timeZone`. */
export function dayOf(moment: Date, timeZone: string): CalendarDay {
  const parts = formatIn(timeZone).formatToParts(moment);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 2026-11-30 */
export function dayKey(d: CalendarDay): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** 2026-11 */
export function monthKey(d: CalendarDay): string {
  return `${pad(d.year, 4)}-${pad(d.month)}`;
}

/** 2026 */
export function yearKey(d: CalendarDay): string {
  return pad(d.year, 4);
}

/**
 * 2026-W49: the ISO 8601 week (weeks start on Monday; week 1 holds the
 * year's first Thursday), as Go's time.ISOWeek that restic uses. The year is
 * the week's own, which differs from the calendar year around New Year.
 */
export function isoWeekKey(d: CalendarDay): string {
  const date = new Date(Date.UTC(d.year, d.month - 1, d.day));
  const weekday = date.getUTCDay() || 7; // Monday 1 … Sunday 7
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week
  const weekYear = date.getUTCFullYear();
  const week = Math.floor((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 / 7) + 1;
  return `${pad(weekYear, 4)}-W${pad(week)}`;
}

/**
 * The day `years` whole years after `date` (YYYY-MM-DD), as a calendar
 * counts it: 29 February goes to 28 February in a year without it.
 */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return dayKey({ year, month: m, day: Math.min(d, last) });
}
