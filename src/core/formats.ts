/**
 * Numbers, sizes, durations and dates as a person reads them in their
 * language: 19.965 / 3,0 MiB / 1,3 s / 3 december 2026 14:05 in Dutch,
 * 19,965 / 3.0 MiB / 1.3 s / 3 December 2026 14:05 in English. Here and not
 * in a shell because the command line and both wizards show the same
 * figures of the same operations; `--json` output never comes through here
 * (it keeps raw numbers and ISO dates).
 */
import type { Lang } from '../errors/index.js';

const locales: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

// Intl formatters are costly to make and cheap to reuse.
const made = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(lang: Lang, decimals: number): Intl.NumberFormat {
  const key = `n${lang}${decimals}`;
  let f = made.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locales[lang], { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    made.set(key, f);
  }
  return f;
}

/** The separators of nl-NL and en-GB numbers: grouping of three digits (also of four), and the decimal sign. */
const separators: Record<Lang, { readonly group: string; readonly decimal: string }> = {
  nl: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

/**
 * A number with `decimals` fixed decimals, exactly as Intl.NumberFormat
 * writes it for nl-NL and en-GB (test/unit/core/formats.test.ts compares
 * them), without Intl: the first Intl formatter of a process loads ICU's
 * locale data, 30–160 ms of CPU that every command printing a count paid.
 */
function formatNumber(n: number, lang: Lang, decimals: number): string {
  // JavaScript's shortest decimal form of the number, as ICU rounds it (0.15 is "0.15" and rounds to 0.2,
  // where toFixed rounds the binary value below it to 0.1).
  const shortest = String(Math.abs(n));
  // Far beyond any count or size, or written with an exponent: Intl's own words.
  if (!Number.isFinite(n) || shortest.includes('e') || Math.abs(n) >= 1e15)
    return numberFormat(lang, decimals).format(n);
  const [whole = '0', fraction = ''] = shortest.split('.');
  let digits = whole + fraction.slice(0, decimals).padEnd(decimals, '0');
  // Half away from zero, as Intl rounds.
  if ((fraction[decimals] ?? '0') >= '5') digits = (BigInt(digits) + 1n).toString().padStart(decimals + 1, '0');
  const { group, decimal } = separators[lang];
  const integer = digits.slice(0, digits.length - decimals).replace(/\B(?=(\d{3})+$)/g, group);
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return `${sign}${integer}${decimals > 0 ? decimal + digits.slice(digits.length - decimals) : ''}`;
}

function dateFormat(lang: Lang, part: 'date' | 'time'): Intl.DateTimeFormat {
  const key = `d${lang}${part}`;
  let f = made.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(
      locales[lang],
      part === 'date' ? { day: 'numeric', month: 'long', year: 'numeric' } : { hour: '2-digit', minute: '2-digit' },
    );
    made.set(key, f);
  }
  return f;
}

/** A count in both languages at once, for a phrase's value: { nl: '19.965', en: '19,965' }. */
export function countInBoth(n: number): { readonly nl: string; readonly en: string } {
  return { nl: formatCount(n, 'nl'), en: formatCount(n, 'en') };
}

/** A count: 19.965 (nl), 19,965 (en). */
export function formatCount(n: number, lang: Lang): string {
  return formatNumber(n, lang, 0);
}

/** A size in binary units, one decimal above a KiB: 3,0 MiB (nl), 3.0 MiB (en); 512 B. */
export function formatBytes(n: number, lang: Lang): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${formatNumber(v, lang, u === 0 ? 0 : 1)} ${units[u]}`;
}

/**
 * How long something took: 1,3 s under a minute (one decimal), then whole
 * minutes and seconds (2 min 5 s), then hours and minutes (1 u 2 min in
 * Dutch, 1 h 2 min in English).
 */
export function formatSeconds(seconds: number, lang: Lang): string {
  if (seconds < 59.95) return `${formatNumber(seconds, lang, 1)} s`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const min = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return `${h} ${lang === 'nl' ? 'u' : 'h'}${min > 0 ? ` ${min} min` : ''}`;
  return `${min} min${s > 0 ? ` ${s} s` : ''}`;
}

/** A time still to go: whole seconds under a minute, at least 1 (12 s, 3 min 5 s). */
export function formatRemaining(seconds: number, lang: Lang): string {
  return seconds < 59.5 ? `${Math.max(1, Math.round(seconds))} s` : formatSeconds(seconds, lang);
}

/** Time still to go, in a sentence's words: "nog 12 s" / "12 s left". */
export function formatTimeLeft(seconds: number, lang: Lang): string {
  const shown = formatRemaining(seconds, lang);
  return lang === 'nl' ? `nog ${shown}` : `${shown} left`;
}

/** Names in a sentence: "anna, bram en carla" / "anna, bram and carla"; with `or`: "anna, bram of carla". */
export function formatList(items: readonly string[], lang: Lang, kind: 'and' | 'or' = 'and'): string {
  return new Intl.ListFormat(locales[lang], { type: kind === 'and' ? 'conjunction' : 'disjunction' }).format(items);
}

/** A moment in the machine's time zone: 3 december 2026 14:05 (nl), 3 December 2026 14:05 (en). */
export function formatDateTime(moment: Date | string, lang: Lang): string {
  // A calendar day has no time of day: "30 June 2026", not "30 June 2026 00:00".
  if (typeof moment === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(moment)) return formatDay(moment, lang);
  const d = typeof moment === 'string' ? new Date(moment) : moment;
  if (Number.isNaN(d.getTime())) return String(moment);
  return `${dateFormat(lang, 'date').format(d)} ${dateFormat(lang, 'time').format(d)}`;
}

/** A span from one moment to another: "3 december 2026 02:31 – 02:45", the day said once when it is the same. */
export function formatSpan(from: Date | string, to: Date | string, lang: Lang): string {
  const end = typeof to === 'string' ? new Date(to) : to;
  const sameDay = formatDate(from, lang) === formatDate(end, lang);
  const endText =
    sameDay && !Number.isNaN(end.getTime()) ? dateFormat(lang, 'time').format(end) : formatDateTime(end, lang);
  return `${formatDateTime(from, lang)} – ${endText}`;
}

/** An amount of money as numeric text ("-1250.5"): -1.250,50 (nl), -1,250.50 (en). */
export function formatAmount(text: string, lang: Lang): string {
  return formatNumber(Number(text), lang, 2);
}

/** A day in the machine's time zone: 3 december 2026 (nl), 3 December 2026 (en). */
export function formatDate(moment: Date | string, lang: Lang): string {
  const d = typeof moment === 'string' ? new Date(moment) : moment;
  if (Number.isNaN(d.getTime())) return String(moment);
  return dateFormat(lang, 'date').format(d);
}

/** A calendar day (YYYY-MM-DD, no time zone): 30 juni 2026 (nl), 30 June 2026 (en). */
export function formatDay(day: string, lang: Lang): string {
  // Read as a local day: no time zone moves it.
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? formatDate(`${day}T00:00:00`, lang) : day;
}

/** A calendar day in both languages, for a sentence's parameter. */
export function dayInBoth(day: string): { readonly nl: string; readonly en: string } {
  return { nl: formatDay(day, 'nl'), en: formatDay(day, 'en') };
}
