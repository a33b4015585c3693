#!/usr/bin/env node
// The kluis command. The code lives in dist/ (built by `npm install` via the
// prepare script); this file only loads it so `npx kluis` works in a checkout.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

// A password typed into connection settings (password=…, or user:password@
// in a URI) would show in every user's process list for as long as kluis
// runs: hide it before anything else happens. --password-file and
// --ask-password keep it off the command line altogether.
const masked = process.argv
  .slice(2)
  .map((a) => a.replace(/(password\s*=\s*)('[^']*'|\S+)/gi, '$1***').replace(/(:\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@'));
if (masked.some((a, i) => a !== process.argv[i + 2])) process.title = ['kluis', ...masked].join(' ');

// Ctrl-C while kluis is still loading: noted, and answered as soon as it can speak.
let interrupted = false;
const early = () => (interrupted = true);
process.on('SIGINT', early);
process.on('SIGTERM', early);

// One file (scripts/bundle.js) loads faster than the modules it was made from; it is used only when it is
// at least as new as the build it was made from, so a build that did not bundle never runs old code.
const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
const bundled = fileURLToPath(new URL('../dist/src/bundle/kluis.cjs', import.meta.url));
function freshBundle() {
  try {
    return statSync(bundled).mtimeMs >= statSync(compiled).mtimeMs;
  } catch {
    return false;
  }
}

/**
 * The bundle is compiled with the code cache the build made beside it
 * (V8's own compiled form of it: compiling the 1.9 MB file took a fifth of
 * a small command's CPU). The cache starts with the SHA-256 of the source
 * it was made from: V8 itself compares only the source's length, so a
 * cache of another build could otherwise run that build's code. V8 checks
 * the Node version and flags; a cache that does not fit is ignored and the
 * source is compiled as without it.
 */
function loadBundle() {
  const source = readFileSync(bundled, 'utf8');
  let cachedData;
  try {
    const cache = readFileSync(`${bundled}.cache`);
    const ofSource = createHash('sha256').update(source).digest();
    if (cache.subarray(0, 32).equals(ofSource)) cachedData = cache.subarray(32);
  } catch {
    // no cache: compiled from the source
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundled,
    cachedData,
  });
  const module = { exports: {} };
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(bundled), module, bundled, dirname(bundled));
  return module.exports;
}

void (freshBundle() ? Promise.resolve().then(loadBundle) : import(compiled.href)).then((m) => {
  process.off('SIGINT', early);
  process.off('SIGTERM', early);
  return m.main(process.argv.slice(2), { interrupted });
});
