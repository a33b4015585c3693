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
  // Where backup files are kept: a folder or S3-compatible object storage.
  repository: ['errors', 'storage', 'schema'],
  core: ['errors', 'storage', 'engines', 'format', 'xaf', 'schema', 'repository'],
  wizard: ['errors', 'core'],
  // The CLI is the process entry: `kluis start` hosts the web server.
  cli: ['errors', 'core', 'wizard', 'web'],
  web: ['errors', 'core', 'wizard', 'schema'],
};

/** Relative imports of a file, static and dynamic (`import('…')`), as paths under src. */
function importsOf(file: string): Array<{ spec: string; target: string }> {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map(([, spec]) => ({
    spec: spec!,
    target: relative(src, resolve(join(file, '..'), spec!)),
  }));
}

test('imports follow the layering, dynamic import() included', () => {
  const violations: string[] = [];
  for (const file of files(src)) {
    const layer = relative(src, file).split('/')[0]!;
    for (const { spec, target: path } of importsOf(file)) {
      const target = path.split('/')[0]!;
      if (target !== layer && !(allowed[layer] ?? []).includes(target))
        violations.push(`${relative(src, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('core uses engines and repositories only through their public entries', () => {
  const deep = files(join(src, 'core')).filter((f) =>
    /from '(\.\.\/)+(engines|repository)\/(?!index\.js')/.test(readFileSync(f, 'utf8')),
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

/** A folder of core, or a file directly in core, that a core file belongs to. */
const coreUnit = (path: string) => path.split('/').slice(1, 2).join('/');

/** The cycles among core's folders: each as the path that closes it. */
export function folderCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      cycles.push([...path.slice(at), node].join(' → '));
      return;
    }
    if (done.has(node)) return;
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of edges.keys()) visit(node, []);
  return cycles;
}

test('no import cycles between the folders of core', () => {
  const edges = new Map<string, Set<string>>();
  for (const file of files(join(src, 'core'))) {
    const from = coreUnit(relative(src, file));
    for (const { target } of importsOf(file)) {
      if (!target.startsWith('core/')) continue;
      const to = coreUnit(target);
      if (to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  assert.deepEqual(folderCycles(edges), []);
});

test('the cycle check finds a cycle', () => {
  const edges = new Map([
    ['generator', new Set(['administrations'])],
    ['administrations', new Set(['generator', 'journal'])],
    ['journal', new Set<string>()],
  ]);
  assert.deepEqual(folderCycles(edges), ['generator → administrations → generator']);
});

test('the shells (cli, web, wizard) use core only through core/index.ts', () => {
  const deep: string[] = [];
  for (const shell of ['cli', 'web', 'wizard'])
    for (const file of files(join(src, shell)))
      for (const { spec, target } of importsOf(file))
        if (target.startsWith('core/') && target !== 'core/index.js')
          deep.push(`${relative(src, file)} imports ${spec}`);
  assert.deepEqual(deep, []);
});

test('nothing in src imports core/testing.ts (exports only the tests use)', () => {
  const users = files(src).flatMap((file) =>
    importsOf(file)
      .filter(({ target }) => target === 'core/testing.js')
      .map(({ spec }) => `${relative(src, file)} imports ${spec}`),
  );
  assert.deepEqual(users, []);
});
