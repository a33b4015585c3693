/**
 * Errors in the two shells: the terminal keeps every hint as written
 * (commands and flags included), the web wizard never shows a command, a
 * flag or a terminal habit, in any error of the registry.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ErrorCode,
  type ErrorDefinition,
  errorRegistry,
  type Hint,
  phrase,
  renderError,
  ToolError,
} from '../src/errors/index.js';
import { cliAdvice } from './helpers/catalogue.js';

const entries = Object.entries(errorRegistry) as Array<[ErrorCode, ErrorDefinition]>;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
const terminalAdvice = (text: string) => cliAdvice.filter(([, pattern]) => pattern.test(text)).map(([kind]) => kind);

/** An error of `code` with every placeholder of its texts filled. */
function sample(code: ErrorCode): ToolError {
  const def = errorRegistry[code] as ErrorDefinition;
  const texts = [def.message, ...(def.hints ?? []), ...(def.hints ?? []).flatMap((h) => (h.web ? [h.web] : []))];
  const params = Object.fromEntries(
    texts.flatMap((t) => [...placeholders(t.nl), ...placeholders(t.en)]).map((p) => [p, 'x']),
  );
  return new ToolError(code, params as never);
}

test('no message names a command, a flag or a terminal habit: a message is said the same in every shell', () => {
  for (const [code, def] of entries)
    for (const lang of ['nl', 'en'] as const)
      assert.deepEqual(terminalAdvice(def.message[lang].replace(/"kluis start"/g, '')), [], `${code} (${lang})`);
});

test('a hint that names a command, a flag or a terminal habit has a form for the web, in both languages, without one', () => {
  for (const [code, def] of entries)
    for (const hint of (def.hints ?? []) as Hint[]) {
      if (terminalAdvice(hint.nl).length === 0 && terminalAdvice(hint.en).length === 0) continue;
      assert.ok(hint.web !== undefined, `${code}: "${hint.en}" needs what the web says instead (or web: null)`);
      if (!hint.web) continue;
      for (const lang of ['nl', 'en'] as const) {
        assert.deepEqual(terminalAdvice(hint.web[lang]), [], `${code} (${lang}): "${hint.web[lang]}"`);
        for (const p of placeholders(hint.web[lang]))
          assert.ok(
            placeholders(hint[lang]).includes(p),
            `${code}: the web's hint uses {${p}}, which the hint does not`,
          );
      }
      assert.notEqual(hint.web.nl, hint.web.en, `${code}: the web's hint is not translated`);
      assert.deepEqual(
        placeholders(hint.web.nl).sort(),
        placeholders(hint.web.en).sort(),
        `${code}: placeholders differ`,
      );
    }
});

test('rendered for the web, no error of the registry gives terminal advice; rendered for a terminal, every hint is kept', () => {
  for (const [code, def] of entries) {
    const err = sample(code);
    for (const lang of ['nl', 'en'] as const) {
      const web = renderError(err, lang, 'web');
      for (const hint of web.hints)
        assert.deepEqual(terminalAdvice(hint), [], `${code} (${lang}) on the web: "${hint}"`);
      assert.equal(renderError(err, lang).hints.length, def.hints?.length ?? 0, `${code} in a terminal`);
    }
  }
  // The one the issue saw: a field left empty is not told about a flag on the page, and is in the terminal wizard.
  const empty = new ToolError('FIELD_REQUIRED', { field: 'Bestand', flag: '--file' });
  assert.deepEqual(renderError(empty, 'nl', 'web').hints, []);
  assert.deepEqual(renderError(empty, 'nl').hints, ['In de terminal kan het ook met --file.']);
  const unreachable = new ToolError('SERVER_UNREACHABLE', {
    server: 'kantoor',
    target: 'db:5432',
    reason: phrase('CONNECT_FAILED'),
  });
  assert.deepEqual(renderError(unreachable, 'en', 'web').hints, [
    'Check that the server is running and that its login settings are right (Advanced).',
  ]);
});
