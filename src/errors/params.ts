/**
 * The parameters an error code needs, read from its own messages: every
 * `{name}` in the Dutch or English message or in a hint is a parameter the
 * code requires. A ToolError built without one, or with a misspelt one, does
 * not compile (test/errors-types.test.ts keeps that true).
 */
import type { Phrase } from './phrase.js';
import type { ErrorCode, errorRegistry, Localized } from './registry.js';

/** The `{name}` placeholders in a text, as a union of names. */
export type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

type TextOf<L> = L extends { readonly nl: infer N extends string; readonly en: infer E extends string } ? N | E : never;

type TextsOfDefinition<D> =
  | (D extends { readonly message: infer M } ? TextOf<M> : never)
  | (D extends { readonly hints: readonly (infer H)[] } ? TextOf<H> : never)
  | (D extends { readonly hints: readonly (infer H)[] }
      ? H extends { readonly web: infer W }
        ? TextOf<W>
        : never
      : never);

/** The names of the parameters `C`'s messages and hints use. */
export type ParamName<C extends ErrorCode> = Placeholders<TextsOfDefinition<(typeof errorRegistry)[C]>>;

/** A value for a placeholder: plain text or a number, or a phrase kluis composed in both languages. */
export type ParamValue = string | number | Localized;

/** A `{reason}` is a typed sub-reason: a phrase from the registry, never free text (which could be a server's or a stack's). */
type ValueOf<K extends string> = K extends 'reason' ? Phrase : ParamValue;

/** Exactly the parameters `C` needs. */
export type ParamsOf<C extends ErrorCode> = { readonly [K in ParamName<C>]: ValueOf<K> };
