#!/usr/bin/env node
// The kluis command. The code lives in dist/ (built by `npm install` via the
// prepare script); this file only loads it so `npx kluis` works in a checkout.
import { statSync } from 'node:fs';

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
const bundled = new URL('../dist/src/bundle/kluis.js', import.meta.url);
function freshBundle() {
  try {
    return statSync(bundled).mtimeMs >= statSync(compiled).mtimeMs;
  } catch {
    return false;
  }
}

void import((freshBundle() ? bundled : compiled).href).then((m) => {
  process.off('SIGINT', early);
  process.off('SIGTERM', early);
  return m.main(process.argv.slice(2), { interrupted });
});
