/**
 * An administration's backup state in words, the same in admin list, kluis
 * check and the wizard's welcome page: "recent (5 hours old)", "too old: 30
 * hours (at most 26)", "no backup", with the repository when there are several.
 */
import type { Lang, Localized } from '../../errors/index.js';
import { formatCount } from '../formats.js';
import type { AdminFreshness, ScopeFreshness } from './freshness.js';

/** An age as a person reads it: hours up to two days, then days. */
export function ageText(hours: number, lang: Lang): string {
  if (hours >= 48) {
    const days = Math.floor(hours / 24);
    return `${formatCount(days, lang)} ${lang === 'nl' ? 'dagen' : 'days'}`;
  }
  if (hours < 1) return lang === 'nl' ? 'minder dan een uur' : 'less than an hour';
  const unit = lang === 'nl' ? 'uur' : hours === 1 ? 'hour' : 'hours';
  return `${formatCount(hours, lang)} ${unit}`;
}

function scopeText(s: ScopeFreshness, lang: Lang): string {
  const nl = lang === 'nl';
  const where = s.repository === undefined ? '' : ` in "${s.repository}"`;
  if (s.state === 'none') return nl ? `geen back-up${where}` : `no backup${where}`;
  const age = ageText(s.ageHours ?? 0, lang);
  if (s.state === 'ok') return nl ? `recent${where} (${age} oud)` : `recent${where} (${age} old)`;
  const max = ageText(s.maxAgeHours, lang);
  return nl ? `te oud${where}: ${age} (max. ${max})` : `too old${where}: ${age} (at most ${max})`;
}

/** The scope that decides the state: the worst, and among equals the oldest. */
export function decidingScope(a: AdminFreshness): ScopeFreshness | undefined {
  const order = { ok: 0, overdue: 1, none: 2 } as const;
  return [...a.scopes].sort(
    (x, y) => order[y.state] - order[x.state] || (y.ageHours ?? Infinity) - (x.ageHours ?? Infinity),
  )[0];
}

/** Every scope that is not well, or the deciding one when all are: one phrase. */
export function freshnessText(a: AdminFreshness): Localized {
  const shown = a.state === 'ok' ? [decidingScope(a)!] : a.scopes.filter((s) => s.state !== 'ok');
  const text = (lang: Lang) => shown.map((s) => scopeText(s, lang)).join('; ');
  return { nl: text('nl'), en: text('en') };
}

/** "2 administrations without a recent good backup" and/or "the last nightly run failed", for CHECK_FOUND_PROBLEMS. */
export function findingsText(flagged: number, lastRun: 'failed' | 'interrupted' | undefined): Localized {
  const parts = (lang: Lang) => {
    const nl = lang === 'nl';
    const out: string[] = [];
    if (flagged > 0)
      out.push(
        nl
          ? `${formatCount(flagged, lang)} ${flagged === 1 ? 'administratie' : 'administraties'} zonder recente goede back-up`
          : `${formatCount(flagged, lang)} ${flagged === 1 ? 'administration' : 'administrations'} without a recent good backup`,
      );
    if (lastRun === 'failed')
      out.push(nl ? 'de laatste nachtelijke back-up is mislukt' : 'the last nightly run failed');
    if (lastRun === 'interrupted')
      out.push(nl ? 'de laatste nachtelijke back-up is afgebroken' : 'the last nightly run was cut off');
    return out.join(nl ? ' en ' : ' and ');
  };
  return { nl: parts('nl'), en: parts('en') };
}
