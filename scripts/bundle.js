#!/usr/bin/env node
// Bundles the compiled command (dist/src/cli/main.js and the ~230 modules it
// imports) into one file, dist/src/bundle/kluis.js, which bin/kluis.js loads.
//
// Why: Node's ES module loader pays per module (open, stat, URL resolution,
// compile), about 0.27 s of a 0.42 s `kluis --version` on this machine; one
// file cuts it (docs/ARCHITECTURE.md, "Start-up"). Dependencies stay outside
// (`packages: 'external'`): they load from node_modules as before.
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
  packages: 'external',
  // Files found next to a module (the XAF schema, package.json, the codec worker) are named from
  // one folder below dist/src/, which the bundle also is: their URLs hold in both places.
  logLevel: 'warning',
});
