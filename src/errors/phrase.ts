/**
 * Phrases: the parts of a sentence that kluis composes, such as why a backup
 * is damaged or what recover is about to do. Each has a code and its own
 * Dutch and English text in ./phrases/, so the rest of kluis names a phrase
 * and never writes a sentence itself. A phrase is what a `{reason}` (and any
 * other composed) error parameter takes: a `Phrase` can only be made here.
 */

import type { Localized } from './definition.js';
import { type FillValue, fill } from './fill.js';
import type { Placeholders } from './params.js';
import { phraseRegistry } from './phrases.js';

declare const madeByErrorsLayer: unique symbol;

/** Text in both languages, made only by `phrase()` from the phrase registry. */
export type Phrase = Localized & { readonly [madeByErrorsLayer]: true };

export type PhraseCode = keyof typeof phraseRegistry;

type PhraseTexts<P extends PhraseCode> = (typeof phraseRegistry)[P] extends {
  readonly nl: infer N extends string;
  readonly en: infer E extends string;
}
  ? N | E
  : never;

/**
 * A value inside a phrase: plain, a number, another phrase, or a value kluis
 * wrote in each language itself (a moment: "3 december 2026" / "3 December
 * 2026"), which is no freer than a plain string.
 */
export type PhraseValue = string | number | Phrase | Localized;

export type PhraseParamsOf<P extends PhraseCode> = { readonly [K in Placeholders<PhraseTexts<P>>]: PhraseValue };

type PhraseArgs<P extends PhraseCode> = [Placeholders<PhraseTexts<P>>] extends [never]
  ? []
  : [params: PhraseParamsOf<P>];

/** A phrase without placeholders: one a table can name and `phrase(code)` makes as it stands. */
export type PlainPhraseCode = {
  [P in PhraseCode]: [Placeholders<PhraseTexts<P>>] extends [never] ? P : never;
}[PhraseCode];

/** The phrase `code` in both languages, its `{name}`s filled (escaped and bounded like any parameter). */
export function phrase<P extends PhraseCode>(code: P, ...[params]: NoInfer<PhraseArgs<P>>): Phrase {
  const text: Localized = phraseRegistry[code];
  const values: Readonly<Record<string, FillValue>> = params ?? {};
  return asPhrase({ nl: fill(text.nl, values, 'nl'), en: fill(text.en, values, 'en') });
}

/** The one place a text becomes a Phrase: after it was filled from the registry. */
function asPhrase(text: Localized): Phrase {
  return text as Phrase;
}
