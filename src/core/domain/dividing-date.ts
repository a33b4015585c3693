/**
 * The dividing date (*afsluitdatum*) of a hand-out to the accountant, as a
 * person types it: YYYY-MM-DD, or DD-MM-YYYY as a Dutch bookkeeper writes it
 * (30-6-2026, 30/06/2026 and 30.06.2026 are read too).
 */
import { ToolError } from '../../errors/index.js';
import { dayInBoth } from '../formats.js';

/**
 * The date as YYYY-MM-DD; a text that is no day that exists is
 * HAND_OUT_DATE_INVALID, a day after this year's last HAND_OUT_DATE_LATER_YEAR.
 */
export function parseHandOutDate(text: string, today: Date = new Date()): string {
  const value = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const dutch = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dutch ? [dutch[3], dutch[2], dutch[1]] : [];
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    !y ||
    year < 1000 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    throw new ToolError('HAND_OUT_DATE_INVALID', { value: text });
  const dividing = `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // The client cannot book on or before the date while the books are out: a date in a later year would
  // lock the present (a typing error such as 2099, or 2062 for 2026).
  const lastDay = `${today.getFullYear()}-12-31`;
  if (dividing > lastDay)
    throw new ToolError('HAND_OUT_DATE_LATER_YEAR', { until: dayInBoth(dividing), lastDay: dayInBoth(lastDay) });
  return dividing;
}
