/**
 * What a value from outside (an argument, a file, a server's answer) looks
 * like once it is put into a message: invisible and direction-changing
 * characters shown as escapes, so a newline or U+202E cannot forge a line or
 * reorder what a person reads, and a value longer than a line cut short with
 * its length, so 120,000 characters of --to do not flood the terminal.
 */

/** C0 and C1 controls, DEL, and the Unicode bidi controls, marks and isolates, line/paragraph separators. */
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(ch: string): string {
  return named[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
}

/** Longest value shown whole: a name or number is short, a path can be longer, a reason is a sentence. */
const longest = { value: 80, path: 160, prose: 240 } as const;
const pathKeys = new Set(['path', 'home', 'dir', 'directory', 'log', 'serverFolder', 'target', 'element', 'example']);
const proseKeys = new Set([
  'reason',
  'first',
  'detail',
  'hint',
  'what',
  'who',
  'files',
  'trusted',
  'allowed',
  'columns',
  'object',
]);

/**
 * How many characters of the message parameter `key` are shown before it is
 * cut short. A value in both languages is a phrase kluis composed: prose.
 */
export function longestShown(key: string, composed = false): number {
  if (composed || proseKeys.has(key)) return longest.prose;
  return pathKeys.has(key) ? longest.path : longest.value;
}

/**
 * The value as it may be shown: escaped, and when longer than `max`
 * characters its start, an ellipsis and its length.
 */
export function shownValue(value: string, max: number = longest.value, lang: 'nl' | 'en' = 'en'): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value.replace(unsafe, escapeChar);
  const head = chars.slice(0, max).join('').replace(unsafe, escapeChar);
  return `${head}… (${chars.length} ${lang === 'nl' ? 'tekens' : 'characters'})`;
}
