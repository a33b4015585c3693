#!/usr/bin/env node
// Runs the whole test suite (compiled to dist/test by `npm run build`) with
// Node's test runner, then stops the embedded server the tests shared.
// Extra arguments are passed to the runner (e.g. a single test file).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const files = process.argv.slice(2);
// Test files at a time: the runner's default (one fewer than the cores) unless KLUIS_TEST_CONCURRENCY
// says otherwise. Two at a time on this two-core CI machine took as long (1,748 s against ~1,780 s):
// the files are busy with their own kluis processes and the database server, not waiting.
const concurrency = process.env.KLUIS_TEST_CONCURRENCY
  ? [`--test-concurrency=${process.env.KLUIS_TEST_CONCURRENCY}`]
  : [];
// A file's own time limit: the crash test kills kluis and the server at every point on two engines.

const args = ['--test', '--test-timeout=1800000', ...concurrency, ...(files.length ? files : ['dist/test/'])];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });

const { EmbeddedEngine } = await import('../dist/src/engines/index.js');
const { testHome } = await import('../dist/test/helpers/engines.js');
if (existsSync(testHome)) await new EmbeddedEngine({ name: 'local', home: testHome }).stop().catch(() => undefined);

process.exit(result.status ?? 1);
