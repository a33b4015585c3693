/**
 * The one-file bundle that `kluis` loads (scripts/bundle.js): bin/kluis.js
 * takes it only when it is at least as new as the build, and it answers
 * exactly as the modules it was made from, including what it finds next to
 * itself (the version in package.json, the codec worker of a verify).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { kluisBin } from '../helpers/cli.js';

const root = new URL('../../../', import.meta.url).pathname;
const bundle = join(root, 'dist/src/bundle/kluis.cjs');
const modules = join(root, 'dist/src/cli/main.js');
const fixture = join(root, 'test/fixtures/format/v1/valid/plain.ebu');

function node(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `kluis <args>` through the modules, as bin/kluis.js ran it before there was a bundle (a file: workers refuse `-e`'s flags). */
function viaModules(scratch: string, args: string[]) {
  const runner = join(scratch, 'via-modules.mjs');
  writeFileSync(
    runner,
    `const m = await import(${JSON.stringify(modules)});\nawait m.main(process.argv.slice(2), { interrupted: false });\n`,
  );
  return node([runner, ...args]);
}

describe('the bundle', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'kluis-bundle-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('bin/kluis.js loads the bundle only when it is at least as new as the build, else the modules', () => {
    // A checkout of stubs: each entry point says which one was loaded.
    mkdirSync(join(scratch, 'bin'));
    mkdirSync(join(scratch, 'dist/src/cli'), { recursive: true });
    mkdirSync(join(scratch, 'dist/src/bundle'), { recursive: true });
    copyFileSync(kluisBin, join(scratch, 'bin/kluis.js'));
    writeFileSync(join(scratch, 'package.json'), '{"type":"module"}');
    const stub = (what: string) => `export async function main() { process.stdout.write(${JSON.stringify(what)}); }\n`;
    const main = join(scratch, 'dist/src/cli/main.js');
    const bundled = join(scratch, 'dist/src/bundle/kluis.cjs');
    writeFileSync(main, stub('modules'));
    const run = () => node([join(scratch, 'bin/kluis.js')]).stdout;

    assert.equal(run(), 'modules', 'no bundle: the modules');
    writeFileSync(bundled, `exports.main = async function () { process.stdout.write('bundle'); };\n`);
    const built = new Date(Date.now() - 60_000);
    utimesSync(main, built, built);
    assert.equal(run(), 'bundle', 'a bundle made after the build');
    utimesSync(bundled, built, built);
    assert.equal(run(), 'bundle', 'a bundle made in the same moment as the build');
    // A code cache that is not this source's (another build's, a damaged one) is ignored by V8, never run.
    writeFileSync(`${bundled}.cache`, readFileSync(`${bundle}.cache`));
    assert.equal(run(), 'bundle', "another bundle's code cache");
    writeFileSync(`${bundled}.cache`, Buffer.alloc(4096, 7));
    assert.equal(run(), 'bundle', 'a damaged code cache');
    const rebuilt = new Date();
    utimesSync(main, rebuilt, rebuilt);
    assert.equal(run(), 'modules', 'a build after the bundle (tsc alone): never the old code');
  });

  test('the build made the code cache of the bundle beside it, marked with the hash of its source', () => {
    const ofSource = createHash('sha256').update(readFileSync(bundle)).digest();
    assert.ok(readFileSync(`${bundle}.cache`).subarray(0, 32).equals(ofSource), 'kluis.cjs.cache is of this bundle');
  });

  test('the bundle answers as the modules do: version, help in both languages, inspect, a verify on its worker threads', () => {
    assert.ok(
      statSync(bundle).mtimeMs >= statSync(modules).mtimeMs,
      'the bundle is as new as the build (npm run build)',
    );
    for (const args of [
      ['--version'],
      ['--help'],
      ['--help', '--lang', 'nl'],
      ['backup', 'restore', '--help', '--lang', 'nl'],
      ['backup', 'inspect', fixture, '--json'],
      ['backup', 'verify', fixture, '--json'],
      ['frobnicate'],
    ]) {
      const a = node([kluisBin, ...args]);
      const b = viaModules(scratch, args);
      const label = `kluis ${args.join(' ')}`;
      assert.equal(a.status, b.status, `${label}: exit status`);
      // A verify says how long it took; the rest is the same.
      const timeless = (s: string) => s.replace(/"seconds":\s*[\d.]+/g, '"seconds":0');
      assert.equal(timeless(a.stdout), timeless(b.stdout), `${label}: output`);
      assert.equal(a.stderr, b.stderr, `${label}: errors`);
    }
    const verified = JSON.parse(node([kluisBin, 'backup', 'verify', fixture, '--json']).stdout) as { rows?: number };
    assert.equal(verified.rows, 121, 'the verify read every row through the codec worker');
  });
});
