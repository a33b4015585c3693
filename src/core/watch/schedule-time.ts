/**
 * The time of the nightly run: read from `--at HH:MM`, written as systemd's
 * OnCalendar and as cron's fields, and the next moment it comes round. Pure.
 */
import { ToolError } from '../../errors/index.js';

export interface DailyTime {
  readonly hour: number;
  readonly minute: number;
}

export const defaultRunTime = '02:30';

/**
 * systemd spreads the start over this many minutes (RandomizedDelaySec), so
 * that a host's servers do not all hit the object store at 02:30 sharp.
 */
export const randomizedDelayMinutes = 30;

/** "2:30", "02:30" → 02:30; anything else is SCHEDULE_TIME_INVALID. */
export function parseDailyTime(text: string): DailyTime {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hour = m ? Number(m[1]) : Number.NaN;
  const minute = m ? Number(m[2]) : Number.NaN;
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59))
    throw new ToolError('SCHEDULE_TIME_INVALID', { input: text });
  return { hour, minute };
}

const two = (n: number) => String(n).padStart(2, '0');

export function formatDailyTime(t: DailyTime): string {
  return `${two(t.hour)}:${two(t.minute)}`;
}

/** systemd.time(7): every day at that local time. */
export function onCalendar(t: DailyTime): string {
  return `*-*-* ${formatDailyTime(t)}:00`;
}

/** crontab(5): minute, hour, day of month, month, day of week. */
export function cronFields(t: DailyTime): string {
  return `${t.minute} ${t.hour} * * *`;
}

/**
 * The next start after `now`, in local time: today at that time if it is
 * still to come, else tomorrow. (Built from the calendar date, not by adding
 * 24 hours, so a daylight-saving night does not move it an hour.)
 */
export function nextRunAfter(t: DailyTime, now: Date): Date {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate(), t.hour, t.minute, 0, 0);
  if (today.getTime() > now.getTime()) return today;
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, t.hour, t.minute, 0, 0);
}
