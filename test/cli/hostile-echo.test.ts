/**
 * Issue 18, defect 17: what a user typed comes back in an error quoted,
 * escaped and bounded. A 120,000-character value, a raw newline, U+202E
 * (right-to-left override) and a terminal escape, given as --to, an
 * administration name, a server name and a path, never reach the terminal
 * raw, and the error stays a few lines long.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runKluis } from '../helpers/cli.js';

/** Control characters other than the newline that ends a line, and the bidi controls. */
const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** One value with all of it: a forged line, a right-to-left override, terminal escapes, a tab, a carriage return, and 120,000 characters. */
const values = [`regel een\nkluis: vervalst\u202etxt.exe\u001b[2J\u001b[31m\ttab\r${'x'.repeat(120_000)}`];

const commands: ReadonlyArray<(v: string) => string[]> = [
  (v) => ['admin', 'copy', '1', '--to', v],
  (v) => ['backup', 'restore', '/nonexistent/kluis.ebu', '--to', v],
  (v) => ['admin', 'copy', v, '--to', 'Kopie'],
  (v) => ['backup', 'inspect', v],
  (v) => ['admin', 'list', '--server', v],
  (v) => ['server', 'add', v, 'host=localhost'],
];

describe('hostile values are echoed quoted and short (issue 18, defect 17)', () => {
  const home = mkdtempSync(join(tmpdir(), 'kluis-echo-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  test('no raw control or bidi character reaches the terminal, and errors stay short', async () => {
    const runs = commands.flatMap((command) => values.map((value) => ({ args: command(value), value })));
    const results = await Promise.all(
      runs.map(async ({ args, value }) => ({ args, value, run: await runKluis(args, { KLUIS_HOME: home }) })),
    );
    for (const { args, value, run } of results) {
      const label = `${args.map((a) => a.slice(0, 20)).join(' ')}`;
      const shown = run.stdout + run.stderr;
      assert.notEqual(run.code, 0, label);
      assert.match(run.stderr, /^kluis: /, label);
      assert.doesNotMatch(shown, unsafe, `${label}: ${JSON.stringify(shown.slice(0, 300))}`);
      assert.ok(shown.length < 2000, `${label}: ${shown.length} characters`);
      if (value.includes('\n')) assert.doesNotMatch(shown, /^kluis: vervalst/m, label);
    }
  });
});
