/**
 * The two languages' catalogues, and the checks a screen in one language
 * must pass: none of the other language's texts, no internal identifier, no
 * CLI advice where there is no terminal, no raw error text.
 *
 * The catalogue is every text kluis has in both languages: each `l(nl, en)`
 * and `{ nl, en }` pair in src/ (read from the sources, so a text added
 * anywhere is in it without a list to keep), and the error and phrase
 * registries. A text with placeholders counts by its fixed pieces.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errorRegistry, type Lang, type Localized } from '../../src/errors/index.js';
import { phraseRegistry } from '../../src/errors/phrases.js';

const srcRoot = new URL('../../../src/', import.meta.url).pathname;

const literal = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\`(?:[^\`\\]|\\.)*\``;
const pairPatterns = [
  new RegExp(String.raw`\bl\(\s*(${literal})\s*,\s*(${literal})\s*,?\s*\)`, 'g'),
  new RegExp(String.raw`\bnl:\s*(${literal})\s*,\s*en:\s*(${literal})`, 'g'),
];

function unquote(token: string): string {
  return token
    .slice(1, -1)
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\n/g, '\n')
    .replace(/\\(.)/g, '$1');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every text pair of the sources and the registries. */
export function textPairs(): Localized[] {
  const pairs: Localized[] = [];
  for (const file of sourceFiles(srcRoot)) {
    const source = readFileSync(file, 'utf8');
    for (const pattern of pairPatterns)
      for (const m of source.matchAll(pattern)) pairs.push({ nl: unquote(m[1]!), en: unquote(m[2]!) });
  }
  for (const def of Object.values(errorRegistry) as Array<{ message: Localized; hints?: readonly Localized[] }>)
    pairs.push(def.message, ...(def.hints ?? []));
  pairs.push(...(Object.values(phraseRegistry) as Localized[]));
  return pairs;
}

/** The fixed pieces of a text: what is left between its placeholders ({name}, ${expression}). */
function pieces(text: string): string[] {
  return text
    .split(/\$\{[^}]*\}|\{\w+\}|\n/)
    .map((p) => p.trim().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
    .filter((p) => p.replace(/[^\p{L}]/gu, '').length >= 4);
}

const words = (text: string) => text.toLowerCase().match(/\p{L}+/gu) ?? [];

/**
 * What a page in `lang` must not contain: the pieces of the other language's
 * texts that say something only that language says (a piece all of whose
 * words the page's own language also uses, such as "Server" or "kluis", is
 * no evidence).
 */
export function foreignPieces(lang: Lang): string[] {
  const pairs = textPairs();
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  const own = new Set(pairs.flatMap((p) => words(p[lang])));
  const found = new Set<string>();
  for (const pair of pairs) {
    if (pair.nl === pair.en) continue;
    for (const piece of pieces(pair[other])) if (words(piece).some((w) => !own.has(w))) found.add(piece);
  }
  return [...found].sort((a, b) => b.length - a.length);
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const matchers = new WeakMap<readonly string[], RegExp>();

/** The pieces of the other language that `text` contains, as whole words (one pattern for all, made once). */
export function foreignIn(text: string, foreign: readonly string[]): string[] {
  let pattern = matchers.get(foreign);
  if (!pattern) {
    const alternatives = foreign.map(escaped).join('|');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}_-])(?:${alternatives})(?![\\p{L}\\p{N}_-])`, 'gu');
    matchers.set(foreign, pattern);
  }
  return [...new Set([...text.matchAll(pattern)].map((m) => m[0]))];
}

/** Names kluis uses inside that must never reach a person, and how to spot them. */
export const internalNames: ReadonlyArray<readonly [string, RegExp]> = [
  ['the embedded server\'s id "local"', /(?<![\p{L}-])local(?![\p{L}-])/u],
  ['a discovery kind', /\blocal-socket\b|\bpg-service\b|\benvironment\b(?= *[:(])/],
  ['a home= setting', /\bhome=/],
  ['a staging name', /\bstaging\b/],
  ['a snake_case identifier', /\b[a-z][a-z0-9]*_[a-z0-9_]+\b/],
  ['a camelCase identifier', /\b[a-z]+[A-Z][a-zA-Z]*\b/],
  ['an error code', /\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/],
];

/** Words kluis stores in English, which a Dutch page must say in Dutch (an English page may use them as words). */
export const storedEnglishWords: ReadonlyArray<readonly [string, RegExp]> = [
  ['a stored role', /\b(?:bookkeeper|administrator|read-only|readonly)\b/],
  ['a stored status', /\b(?:ready|creating|deleting|interrupted|failed|running)\b/],
  ['an operation kind', /\b(?:restore|backup|copy|client-install|cloud-prepare|xaf-import)\b/],
];

/** Advice only a terminal can follow. */
export const cliAdvice: ReadonlyArray<readonly [string, RegExp]> = [
  ['a command-line flag', /(?<![\p{L}\p{N}-])--[a-z][a-z-]+/u],
  ['a kluis command', /"kluis (?:-|server|admin|backup|recover|demo|licence|client|xaf|key|wizard|user)/],
  ['a setting of the environment', /\bPG[A-Z]{3,}\b|~\/\.pgpass|\bKLUIS_[A-Z]+/],
  ['a terminal habit', /\bterminal\b|huidige map|current folder|\bchmod\b/i],
];

/** What a library or the system says, never meant for a person. */
export const rawErrors: ReadonlyArray<readonly [string, RegExp]> = [
  ['a resolver error', /getaddrinfo|EAI_AGAIN|ENOTFOUND/],
  ['an errno', /\bE(?:CONNREFUSED|CONNRESET|ACCES|NOENT|PERM|PIPE|EXIST|ISDIR|NOTDIR|TIMEDOUT)\b/],
  ['a stack frame', /\n\s+at \S|\(\S+\.js:\d+:\d+\)/],
  ['an exception name', /\b(?:TypeError|RangeError|SyntaxError|Error):/],
];

export interface Finding {
  readonly kind: string;
  readonly text: string;
}

/** Everything `text` (a screen in `lang`) should not say; `allowed` lists values this screen shows on purpose. */
export function findings(
  text: string,
  foreign: readonly string[],
  checks: ReadonlyArray<ReadonlyArray<readonly [string, RegExp]>>,
  allowed: readonly string[] = [],
): Finding[] {
  let shown = text;
  for (const value of allowed) shown = shown.split(value).join(' ');
  const out: Finding[] = foreignIn(shown, foreign).map((piece) => ({ kind: 'other language', text: piece }));
  for (const group of checks)
    for (const [kind, pattern] of group) {
      const m = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
      for (const hit of shown.matchAll(m)) out.push({ kind, text: contextOf(shown, hit.index ?? 0, hit[0]) });
    }
  return out;
}

function contextOf(text: string, at: number, hit: string): string {
  return `${hit} (in "…${text.slice(Math.max(0, at - 40), at + hit.length + 40).replace(/\s+/g, ' ')}…")`;
}
