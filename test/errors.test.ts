/** The error registry: complete in both languages, and docs/errors.md in step with it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderErrorsDoc } from '../scripts/render-errors-doc.js';
import {
  asToolError,
  type ErrorDefinition,
  ExitCode,
  errorRegistry,
  phrase,
  renderMessage,
  ToolError,
} from '../src/errors/index.js';
import { phraseAreas, phraseRegistry } from '../src/errors/phrases.js';
import { errorAreas } from '../src/errors/registry.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every error has a message and hints in Dutch and English with the same placeholders', () => {
  for (const [code, def] of Object.entries(errorRegistry) as Array<[string, ErrorDefinition]>) {
    assert.match(code, /^[A-Z][A-Z0-9_]+$/);
    for (const text of [def.message, ...(def.hints ?? [])]) {
      assert.ok(text.nl.trim() && text.en.trim(), code);
      assert.notEqual(text.nl, text.en, `${code} is not translated`);
      assert.deepEqual(placeholders(text.nl), placeholders(text.en), `${code}: placeholders differ`);
    }
    assert.match(def.message.en, /[.:]$|\}$/, `${code}: a message is a sentence`);
    assert.ok((Object.values(ExitCode) as number[]).includes(def.exit), code);
  }
});

test('every placeholder is a plain name, so the type of its parameter and the filling agree', () => {
  for (const [code, def] of Object.entries(errorRegistry) as Array<[string, ErrorDefinition]>) {
    for (const text of [def.message, ...(def.hints ?? [])]) {
      for (const lang of ['nl', 'en'] as const) {
        const braces = [...text[lang].matchAll(/\{([^}]*)\}?/g)].map((m) => m[0]);
        for (const brace of braces) assert.match(brace, /^\{\w+\}$/, `${code} (${lang}): ${brace}`);
      }
    }
  }
});

test('every code is declared in exactly one area of the registry', () => {
  const declared = errorAreas.flatMap((area) => Object.keys(area));
  assert.equal(declared.length, new Set(declared).size, 'a code is declared twice');
  assert.equal(declared.length, Object.keys(errorRegistry).length);
});

test('every phrase has Dutch and English with the same plain placeholders, and one code', () => {
  for (const [code, text] of Object.entries(phraseRegistry) as Array<[string, { nl: string; en: string }]>) {
    assert.match(code, /^[A-Z][A-Z0-9_]+$/);
    assert.ok(text.nl.trim() && text.en.trim(), code);
    assert.deepEqual(placeholders(text.nl), placeholders(text.en), `${code}: placeholders differ`);
    for (const lang of ['nl', 'en'] as const)
      for (const brace of text[lang].match(/\{[^}]*\}?/g) ?? []) assert.match(brace, /^\{\w+\}$/, `${code}: ${brace}`);
  }
  const declared = phraseAreas.flatMap((area) => Object.keys(area));
  assert.equal(declared.length, new Set(declared).size, 'a phrase is declared twice');
});

test('a phrase fills its placeholders, escaped like any parameter', () => {
  const reason = phrase('TABLES_MISSING', { tables: 'a\nb' });
  assert.deepEqual({ ...reason }, { nl: 'tabellen a\\nb ontbreken', en: 'tables a\\nb are missing' });
});

test('an unforeseen error shows its kind, never its message, SQL or stack', () => {
  const sql = Object.assign(new Error('relation "secret_table" does not exist'), { code: '42P01' });
  for (const lang of ['nl', 'en'] as const) {
    const shown = renderMessage(asToolError(sql), lang);
    assert.doesNotMatch(shown, /secret_table|relation|\n\s+at /);
    assert.match(shown, /Error \(42P01\)$/);
  }
  assert.match(
    renderMessage(asToolError(new TypeError("Cannot read properties of undefined (reading 'x')")), 'en'),
    /: TypeError$/,
  );
});

test('a message is filled from exactly the parameters its code declares', () => {
  const err = new ToolError('FILE_NOT_FOUND', { path: '/tmp/x' });
  assert.doesNotMatch(err.message, /\{\w+\}/);
});

/**
 * Never called: compiled by `npm run build`, which fails when one of these
 * stops being a type error (an unused @ts-expect-error is itself an error).
 */
export function typeLevelChecks(): ToolError[] {
  return [
    // @ts-expect-error a missing parameter does not compile
    new ToolError('FILE_NOT_FOUND', {}),
    // @ts-expect-error a misspelt parameter does not compile
    new ToolError('FILE_NOT_FOUND', { pad: '/tmp/x' }),
    // @ts-expect-error a code without placeholders takes no parameters
    new ToolError('CANCELLED', { reason: 'x' }),
    // @ts-expect-error an unknown code does not compile
    new ToolError('NO_SUCH_CODE', {}),
    // @ts-expect-error a phrase's missing parameter does not compile
    new ToolError('BACKUP_DAMAGED', { path: '/x', reason: phrase('TABLES_MISSING', {}) }),
    // @ts-expect-error an unknown phrase does not compile
    new ToolError('BACKUP_DAMAGED', { path: '/x', reason: phrase('NO_SUCH_PHRASE') }),
    // @ts-expect-error a reason is a phrase, never free text (a server's or a stack's words)
    new ToolError('FILE_NOT_READABLE', { path: '/x', reason: 'EACCES: permission denied' }),
    // @ts-expect-error nor text in both languages made outside src/errors
    new ToolError('FILE_NOT_READABLE', { path: '/x', reason: { nl: 'geweigerd', en: 'refused' } }),
    new ToolError('FILE_NOT_FOUND', { path: '/tmp/x' }),
    new ToolError('CANCELLED'),
  ];
}

test('exit codes are distinct for the cases the spec names', () => {
  const codes = [
    ExitCode.usage,
    ExitCode.notFound,
    ExitCode.inUse,
    ExitCode.wrongPassphrase,
    ExitCode.damagedFile,
    ExitCode.unsupportedVersion,
    ExitCode.licenceRefused,
  ];
  assert.equal(new Set(codes).size, codes.length);
});

test('docs/errors.md is generated from the registry (run npm run docs:errors after changing it)', () => {
  const onDisk = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  assert.equal(onDisk, renderErrorsDoc());
});
