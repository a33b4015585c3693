#!/usr/bin/env node
// Runs the whole test suite (compiled to dist/test by `npm run build`) with
// Node's test runner, then stops the embedded server the tests shared.
// Extra arguments are passed to the runner (e.g. a single test file).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const files = process.argv.slice(2);
// Test files at a time. Two even on a two-core machine (the runner's own default would be one): most
// files wait on the database server or on kluis processes they started, and each file works in
// databases and folders of its own. KLUIS_TEST_CONCURRENCY=1 runs them one by one.
const concurrency = [`--test-concurrency=${process.env.KLUIS_TEST_CONCURRENCY ?? 2}`];
const args = ['--test', '--test-timeout=600000', ...concurrency, ...(files.length ? files : ['dist/test/'])];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });

const { EmbeddedEngine } = await import('../dist/src/engines/index.js');
const { testHome } = await import('../dist/test/helpers/engines.js');
if (existsSync(testHome)) await new EmbeddedEngine({ name: 'local', home: testHome }).stop().catch(() => undefined);

process.exit(result.status ?? 1);
