#!/usr/bin/env node
// Bundles the compiled command (dist/src/cli/main.js and the ~230 modules it
// imports) into one file, dist/src/bundle/kluis.cjs, which bin/kluis.js loads,
// and V8's code cache of it beside it (kluis.cjs.cache).
//
// Why: Node's ES module loader pays per module (open, stat, URL resolution,
// compile), about 0.27 s of a 0.42 s `kluis --version` on this machine, and
// the PostgreSQL driver's ~30 CommonJS files another 0.1 s of every command
// that connects; one file cuts both (docs/ARCHITECTURE.md, "Start-up").
// Left outside: zstd-napi (a native addon), valibot (required on the first
// parse only) and pg-native (which pg requires only when asked to).
//
// The code cache: compiling the 1.9 MB bundle cost every command 40–70 ms of
// CPU on this machine (V8 pre-parses all of it). Node 20 keeps no compile
// cache of its own (module.enableCompileCache is Node 22) and vm.Script takes
// cached data only for a script, not an ES module: hence a CommonJS bundle.
// The cache is made here, once per build, after running the bundle's top
// level (so what every command runs first is in it), and only read at run
// time: V8 checks that it belongs to this source, Node and flags, and
// ignores it otherwise.
//
// The bundle is only an accelerator: bin/kluis.js uses it when it is at least
// as new as dist/src/cli/main.js (tsc rewrites every output on each build), so
// a build without this step falls back to the modules and never runs old code.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Script } from 'node:vm';
import { build } from 'esbuild';

const outfile = resolve('dist/src/bundle/kluis.cjs');

/**
 * pg asks whether it runs on Cloudflare Workers by making a `Response`; on
 * Node 20 (no `navigator`) that first touch of `Response` loads Node's
 * whole fetch implementation (undici), 30 ms of CPU in every command that
 * connects. The bundle is for Node only, so it answers "no" at once. When
 * pg's code no longer reads as expected the bundle is made as it is.
 */
const nodeOnlyPg = {
  name: 'node-only-pg',
  setup(b) {
    b.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const sneaky = "if (typeof Response === 'function') {";
      if (!source.includes(sneaky)) return undefined;
      return { contents: source.replace(sneaky, 'if (false) {'), loader: 'js' };
    });
  },
};

await build({
  entryPoints: ['dist/src/cli/main.js'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['zstd-napi', 'valibot', 'pg-native', '@aws-sdk/*', '@smithy/*'],
  // import() of what stays outside becomes require(): a script compiled by vm has no module loader of its own.
  supported: { 'dynamic-import': false },
  // Files found next to a module (the XAF schema, package.json, the codec worker) are named from
  // one folder below dist/src/, which the bundle also is: their URLs hold in both places.
  define: { 'import.meta.url': 'kluisBundleUrl' },
  banner: { js: "const kluisBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [nodeOnlyPg],
  logLevel: 'warning',
});

// The same wrapper bin/kluis.js compiles it in, and the source's hash first: the cache is of exactly that source.
const source = readFileSync(outfile, 'utf8');
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: outfile,
});
const module = { exports: {} };
script
  .runInThisContext()
  .call(module.exports, module.exports, createRequire(outfile), module, outfile, dirname(outfile));
const ofSource = createHash('sha256').update(source).digest();
writeFileSync(`${outfile}.cache.tmp`, Buffer.concat([ofSource, script.createCachedData()]));
renameSync(`${outfile}.cache.tmp`, `${outfile}.cache`);
