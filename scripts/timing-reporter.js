// A test reporter that adds, after the run, how long each test file took (its own process, from
// start to exit), slowest first, so that the files worth making faster are plain to see. It adds
// to the usual reporter (scripts/run-tests.js runs both); KLUIS_TEST_TIMING=<n> shows n files
// (default 15, 0 for all), KLUIS_TEST_TIMING_FILE=<path> also writes every file's time as TSV.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export default async function* timingReporter(source) {
  const files = new Map();
  for await (const event of source) {
    // Each file runs in a process of its own; its completion is reported as a test named by its path.
    if (event.type !== 'test:complete' || event.data.nesting !== 0) continue;
    const { name, file, details } = event.data;
    if (name === file && typeof details?.duration_ms === 'number') files.set(relative(process.cwd(), file), details);
  }
  if (files.size === 0) return;
  const rows = [...files].sort((a, b) => b[1].duration_ms - a[1].duration_ms);
  const total = rows.reduce((sum, [, d]) => sum + d.duration_ms, 0);
  const wanted = Number(process.env.KLUIS_TEST_TIMING ?? 15);
  const shown = wanted > 0 ? rows.slice(0, wanted) : rows;
  const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);
  if (process.env.KLUIS_TEST_TIMING_FILE) {
    const tsv = rows.map(([f, d]) => `${(d.duration_ms / 1000).toFixed(1)}\t${d.passed ? 'ok' : 'failed'}\t${f}`);
    writeFileSync(process.env.KLUIS_TEST_TIMING_FILE, `${tsv.join('\n')}\n`);
  }
  yield `# time per test file (${files.size} file${files.size === 1 ? '' : 's'}, ${(total / 1000).toFixed(1)} s in all${shown.length < rows.length ? `, slowest ${shown.length}` : ''}):\n`;
  for (const [f, d] of shown) yield `# ${seconds(d.duration_ms)} s  ${f}${d.passed ? '' : '  (failed)'}\n`;
}
