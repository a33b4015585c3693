#!/usr/bin/env node
// The kluis command. The code lives in dist/ (built by `npm install` via the
// prepare script); this file only loads it so `npx kluis` works in a checkout.
import('../dist/src/cli/main.js').then((m) => m.main(process.argv.slice(2)));
