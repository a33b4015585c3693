/**
 * The layering, enforced: errors, schema and storage use nothing above them; engines
 * know nothing of core; core knows nothing of the wizard, cli or web; the
 * wizard knows nothing of its two shells.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const src = resolve(new URL('../../src', import.meta.url).pathname);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Top-level folders each layer may import from (besides itself). */
const allowed: Record<string, string[]> = {
  errors: [],
  // The schemas of JSON that crosses a trust boundary; loads valibot on first use only.
  schema: ['errors'],
  storage: ['errors', 'schema'],
  engines: ['errors', 'storage'],
  format: ['errors', 'schema'],
  xaf: ['errors'],
  core: ['errors', 'storage', 'engines', 'format', 'xaf', 'schema'],
  wizard: ['errors', 'core'],
  // The CLI is the process entry: `kluis start` hosts the web server.
  cli: ['errors', 'core', 'wizard', 'web'],
  web: ['errors', 'core', 'wizard', 'schema'],
};

test('imports follow the layering', () => {
  const violations: string[] = [];
  for (const file of files(src)) {
    const layer = relative(src, file).split('/')[0]!;
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const target = relative(src, resolve(join(file, '..'), spec!)).split('/')[0]!;
      if (target !== layer && !(allowed[layer] ?? []).includes(target))
        violations.push(`${relative(src, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('core uses engines only through their public entry', () => {
  const deep = files(join(src, 'core')).filter((f) =>
    /from '(\.\.\/)+engines\/(?!index\.js')/.test(readFileSync(f, 'utf8')),
  );
  assert.deepEqual(
    deep.map((f) => relative(src, f)),
    [],
  );
});

test('only the CLI entry exits the process', () => {
  const exits = files(src)
    .filter((f) => /process\.exit\(/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(src, f));
  assert.deepEqual(exits, ['cli/main.ts']);
});
