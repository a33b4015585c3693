/**
 * How kluis's records and XAF 3.2's elements correspond, in one place for the
 * export and the import, so that the two stay each other's inverse.
 * docs/XAF.md has the table for people.
 */

export const accountKindToXaf = { balance: 'B', profit_loss: 'P', mixed: 'M' } as const;
export const accountKindFromXaf: Record<string, keyof typeof accountKindToXaf> = {
  B: 'balance',
  P: 'profit_loss',
  M: 'mixed',
};

export const relationKindToXaf = { customer: 'C', supplier: 'S', both: 'B', other: 'O' } as const;
export const relationKindFromXaf: Record<string, keyof typeof relationKindToXaf> = {
  C: 'customer',
  S: 'supplier',
  B: 'both',
  O: 'other',
};

/** kluis's five journal types; the standard's other letters are kept beside the journal (xaf.jrnTp). */
export const journalTypeToXaf = { bank: 'B', cash: 'C', sales: 'S', purchase: 'P', general: 'M' } as const;
export const journalTypeFromXaf: Record<string, keyof typeof journalTypeToXaf> = {
  B: 'bank',
  C: 'cash',
  S: 'sales',
  P: 'purchase',
  M: 'general',
};

/** An amount of the schema's Amount2decimals as cents. */
export function toCents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const digits = amount.replace(/^[+-]/, '');
  const [whole = '', fraction = ''] = digits.split('.');
  const cents = BigInt(whole || '0') * 100n + BigInt(`${fraction}00`.slice(0, 2));
  return negative ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const s = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return negative ? `-${s}` : s;
}

/** A percentage (Decimal8, three decimals) as thousandths. */
export function toMilli(percentage: string): bigint {
  const [whole = '', fraction = ''] = percentage.replace(/^\+/, '').split('.');
  return BigInt(whole || '0') * 1000n + BigInt(`${fraction}000`.slice(0, 3));
}

export function fromMilli(milli: bigint): string {
  return `${milli / 1000n}.${String(milli % 1000n).padStart(3, '0')}`;
}

/** The VAT on a (non-negative) amount at a percentage, rounded half away from zero to cents. */
export function vatAmount(amountCents: bigint, percentageMilli: bigint): bigint {
  return (amountCents * percentageMilli * 2n + 100_000n) / 200_000n;
}

export interface Period {
  readonly number: number;
  readonly start: string;
  readonly end: string;
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

function dayBefore(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

/** A fiscal year's periods when none were recorded: its months, counted from its first day. */
export function monthlyPeriods(start: string, end: string): Period[] {
  const periods: Period[] = [];
  for (let n = 1; ; n++) {
    const from = addMonths(start, n - 1);
    if (from > end) break;
    const next = dayBefore(addMonths(start, n));
    periods.push({ number: n, start: from, end: next < end ? next : end });
  }
  return periods;
}

/** The period a date falls in; a date outside every period gets the nearest one. */
export function periodOf(periods: readonly Period[], date: string): number {
  for (const p of periods) if (date >= p.start && date <= p.end) return p.number;
  if (periods.length === 0) return 0;
  return date < periods[0]!.start ? periods[0]!.number : periods[periods.length - 1]!.number;
}
