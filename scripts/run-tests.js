#!/usr/bin/env node
// Runs the test suite (compiled to dist/test by `npm run build`) with Node's
// test runner, in two tiers, then stops the embedded server the tests shared.
//
//   node scripts/run-tests.js                 unit tier, then (when it passed) the integration tier
//   node scripts/run-tests.js --unit          the unit tier only (dist/test/unit/ and dist/test/*.test.js)
//   node scripts/run-tests.js --integration   everything else
//   node scripts/run-tests.js dist/test/core/ a file or folder of either tier
//
// Other arguments starting with "-" go to the runner (e.g. --test-name-pattern=…, --test-reporter=spec).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const tier = argv.includes('--unit') ? 'unit' : argv.includes('--integration') ? 'integration' : 'both';
// Runner options that take their value as the next word (--test-name-pattern foo) as well as after "=".
const valued = new Set([
  '--test-name-pattern',
  '--test-skip-pattern',
  '--test-reporter',
  '--test-reporter-destination',
]);
const runnerOptions = [];
const paths = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--unit' || a === '--integration') continue;
  if (!a.startsWith('-')) paths.push(a);
  else if (valued.has(a) && i + 1 < argv.length) runnerOptions.push(a, argv[++i]);
  else runnerOptions.push(a);
}

const testRoot = 'dist/test';
function testFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? testFiles(p) : p.endsWith('.test.js') ? [p] : [];
    });
}
// The unit tier: test/unit/ and the checks of the tree itself at the top of test/ (architecture, errors).
const isUnit = (file) => file.startsWith(`${testRoot}/unit/`) || !file.slice(testRoot.length + 1).includes('/');
const all = testFiles(testRoot);
const unitFiles = all.filter(isUnit);
// The longest files start first: two at a time, a long one started last would run on alone at the end
// (the longest took 60-130 s in CI, the median under 10 s; KLUIS_TEST_TIMING_FILE lists them all).
const longest = [
  'crash/concurrency',
  'crash/crash',
  'web/wizard',
  'web/every-screen',
  'core/xaf',
  'core/client-install',
  'perf/memory',
  'cli/terminal',
  'format/fuzz',
  'cli/cli',
  'cli/paths',
  'web/injection',
  'web/keyboard',
  'core/backup-restore',
  'core/change-package-kill',
  'core/change-package-property',
].map((f) => `${testRoot}/${f}.test.js`);
const rank = (f) => (longest.includes(f) ? longest.indexOf(f) : longest.length);
const integrationFiles = all.filter((f) => !isUnit(f)).sort((a, b) => rank(a) - rank(b));

// Test files at a time: KLUIS_TEST_CONCURRENCY, else one fewer than the cores but at least two. A file
// spends much of its time waiting on its kluis processes and the database server: one at a time left the
// two-core CI machine 30% idle (vmstat), two at a time 5%, and the integration tier took 1,100 s instead
// of 1,248 s (fresh clones of the same main, one after the other). Each file works in databases and folders
// of its own.
const concurrency = [
  `--test-concurrency=${process.env.KLUIS_TEST_CONCURRENCY || Math.max(2, availableParallelism() - 1)}`,
];

// The runner's usual report, followed by the time each file took (scripts/timing-reporter.js),
// unless the caller chose reporters of its own.
const reporters = runnerOptions.some((o) => o.startsWith('--test-reporter'))
  ? []
  : [
      `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
      '--test-reporter-destination=stdout',
      `--test-reporter=${new URL('./timing-reporter.js', import.meta.url).href}`,
      '--test-reporter-destination=stdout',
    ];

// A file's own time limit: the crash test kills kluis and the server at every point on two engines.
function run(files, env = process.env) {
  const args = ['--test', '--test-timeout=1800000', ...concurrency, ...reporters, ...runnerOptions, ...files];
  return spawnSync(process.execPath, args, { stdio: 'inherit', env }).status ?? 1;
}

// Unit tests need no server: with PG* pointing at a closed port, one that reaches for a server fails loudly.
const nowhere = { ...process.env, PGHOST: '127.0.0.1', PGPORT: '1', PGUSER: 'nobody', PGDATABASE: 'nowhere' };

// The kluis processes the tests start load the bundle (bin/kluis.js); after a bare `tsc` it is older than the
// build and they would load the slower modules instead: bundle again first (half a second).
const bundle = 'dist/src/bundle/kluis.cjs';
if (!existsSync(bundle) || statSync(bundle).mtimeMs < statSync('dist/src/cli/main.js').mtimeMs)
  spawnSync(process.execPath, [new URL('./bundle.js', import.meta.url).pathname], { stdio: 'inherit' });

// What a complete run leaves in the temp folder besides the shared test server's home (kluis-test-…) is a
// test that did not clean up: said at the end, and a failure in CI, which runs alone on its machine.
const tmp = tmpdir();
const ours = () => readdirSync(tmp).filter((n) => n.startsWith('kluis-') && !n.startsWith('kluis-test-'));
const foundBefore = paths.length === 0 ? new Set(ours()) : undefined;

let status = 0;
if (paths.length > 0) status = run(paths);
else {
  const started = Date.now();
  if (tier !== 'integration') {
    status = run(unitFiles, nowhere);
    console.log(`# unit tier: ${unitFiles.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (status === 0 && tier !== 'unit') status = run(integrationFiles);
}

if (tier !== 'unit') {
  const { EmbeddedEngine } = await import('../dist/src/engines/index.js');
  const { testHome } = await import('../dist/test/helpers/engines.js');
  if (existsSync(testHome)) await new EmbeddedEngine({ name: 'local', home: testHome }).stop().catch(() => undefined);
}

if (foundBefore && status === 0) {
  const left = ours().filter((n) => !foundBefore.has(n));
  if (left.length > 0) {
    console.log(`# left in ${tmp} by the tests: ${left.join(', ')}`);
    if (process.env.CI) status = 1;
  }
}

process.exit(status);
