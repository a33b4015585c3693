/**
 * The unit tier stays fast and self-contained: no file under test/unit
 * reaches (itself or through a test helper) for the helpers that start a
 * database server, a kluis process, a terminal or a browser, nor for the
 * PostgreSQL driver or the browser driver. npm test runs this tier with the
 * PG* variables pointing nowhere, so a test that still reaches a server fails.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const testRoot = resolve(new URL('../../../test', import.meta.url).pathname);
const unitRoot = join(testRoot, 'unit');

/** Helpers that start or reach a server, a process, a terminal or a browser. */
const outsideHelpers = ['engines', 'web', 'web-client', 'cli', 'pty', 'pty-listener-probe', 'tls-server'].map((h) =>
  join(testRoot, 'helpers', `${h}.ts`),
);
const outsidePackages = ['pg', 'pg-copy-streams', 'playwright-core'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** What a file imports: test files and helpers by full path (.js → .ts), packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => (s.startsWith('.') ? resolve(join(file, '..'), s).replace(/\.js$/, '.ts') : s));
}

test('unit tests import no server, process, terminal or browser helper, not even through another helper', () => {
  const violations: string[] = [];
  for (const file of files(unitRoot)) {
    const seen = new Set<string>();
    const pending = [file];
    while (pending.length > 0) {
      const at = pending.pop()!;
      for (const target of importsOf(at)) {
        if (outsideHelpers.includes(target) || outsidePackages.includes(target))
          violations.push(`${relative(testRoot, file)} → ${relative(testRoot, at)} imports ${target}`);
        // Follow test helpers only: src is checked by the running tier itself (PG* point nowhere).
        else if (target.startsWith(testRoot) && !seen.has(target)) {
          seen.add(target);
          pending.push(target);
        }
      }
    }
  }
  assert.deepEqual(violations, []);
});
