#!/usr/bin/env node
// Bundles the compiled command (dist/src/cli/main.js and the ~230 modules it
// imports) into one file, dist/src/bundle/kluis.js, which bin/kluis.js loads.
//
// Why: Node's ES module loader pays per module (open, stat, URL resolution,
// compile), about 0.27 s of a 0.42 s `kluis --version` on this machine, and
// the PostgreSQL driver's ~30 CommonJS files another 0.1 s of every command
// that connects; one file cuts both (docs/ARCHITECTURE.md, "Start-up").
// Left outside: zstd-napi (a native addon), valibot (required on the first
// parse only) and pg-native (which pg requires only when asked to).
//
// The bundle is only an accelerator: bin/kluis.js uses it when it is at least
// as new as dist/src/cli/main.js (tsc rewrites every output on each build), so
// a build without this step falls back to the modules and never runs old code.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/src/bundle/kluis.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['zstd-napi', 'valibot', 'pg-native', '@aws-sdk/*', '@smithy/*'],
  // The CommonJS packages inside (pg and its parts) call require() for Node's own modules and for what stays outside.
  banner: {
    js: "import { createRequire as kluisCreateRequire } from 'node:module'; const require = kluisCreateRequire(import.meta.url);",
  },
  // Files found next to a module (the XAF schema, package.json, the codec worker) are named from
  // one folder below dist/src/, which the bundle also is: their URLs hold in both places.
  logLevel: 'warning',
});
