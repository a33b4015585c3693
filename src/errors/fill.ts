/** Filling a message's `{name}` placeholders with its parameters, in one language. */
import type { Lang } from './lang.js';
import { longestShown, shownValue } from './shown-value.js';

/** A value as `fill` takes it: plain, or one per language. */
export type FillValue = string | number | { readonly nl: string; readonly en: string };

/**
 * Fills `{name}` placeholders; a missing value stays visible rather than
 * vanishing. Every value is shown escaped and, when long, shortened: values
 * carry what users, files and servers gave us, and this is the one place
 * they all pass on their way to a terminal or a page.
 */
export function fill(template: string, params: Readonly<Record<string, FillValue>>, lang: Lang): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    if (value === undefined) return whole;
    const composed = typeof value === 'object';
    return shownValue(composed ? value[lang] : String(value), longestShown(key, composed), lang);
  });
}
