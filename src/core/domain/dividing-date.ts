/**
 * The dividing date (*afsluitdatum*) of a hand-out to the accountant, as a
 * person types it: YYYY-MM-DD, or DD-MM-YYYY as a Dutch bookkeeper writes it
 * (30-6-2026, 30/06/2026 and 30.06.2026 are read too).
 */
import { ToolError } from '../../errors/index.js';

/** The date as YYYY-MM-DD; a text that is no day that exists is HAND_OUT_DATE_INVALID. */
export function parseHandOutDate(text: string): string {
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
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
