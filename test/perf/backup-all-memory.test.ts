/**
 * Memory of `backup all` stays flat in the number of administrations: the
 * real kluis process backs up 20 and then 80 administrations (two jobs),
 * and its peak resident memory (VmHWM, read from /proc while it runs) may
 * not grow with their number. A ratio within one run, never a fixed figure:
 * administrations are streamed one after another through the same bounded
 * buffers, and nothing is kept per administration but a line of its report.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kluisBin } from '../helpers/cli.js';
import {
  type CliInstallation,
  cliInstallation,
  dropDatabasesWithPrefix,
  selectedEngines,
  testHome,
} from '../helpers/engines.js';
import { manyAdministrations } from '../helpers/many-administrations.js';

/** Runs kluis and returns its peak resident memory in MiB, read from /proc while it runs. */
function peakRss(inst: CliInstallation, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [kluisBin, ...inst.cli.args, ...args], {
      env: { ...process.env, ...inst.cli.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let peak = 0;
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        peak = Math.max(peak, Number(hwm ?? 0));
      } catch {
        // it ended between two looks
      }
    }, 10);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`kluis ${args.join(' ')} failed (${code}): ${stderr}`));
      else resolve(peak / 1024);
    });
  });
}

describe('backup all: memory flat in the number of administrations', {
  skip: existsSync('/proc/self/status') ? false : 'reads peak memory from /proc (Linux)',
}, () => {
  let inst: CliInstallation;
  let dir: string;

  before(async () => {
    inst = await cliInstallation(selectedEngines()[0]!, 'allmem');
    dir = mkdtempSync(join(tmpdir(), 'kluis-allmem-'));
    await manyAdministrations(inst.ctx, 80);
  });

  after(async () => {
    await dropDatabasesWithPrefix(inst.ctx.engine, inst.ctx.systemDatabase);
    rmSync(dir, { recursive: true, force: true });
    if (inst.home !== testHome) rmSync(inst.home, { recursive: true, force: true });
  });

  test('80 administrations take no more than 1.2× the peak memory of 20', async (t) => {
    const peaks: Record<number, number> = {};
    for (const count of [20, 80]) {
      const to = join(dir, String(count));
      mkdirSync(to);
      const only = Array.from({ length: count }, (_, i) => String(i + 1)).join(',');
      peaks[count] = await peakRss(inst, ['backup', 'all', '--only', only, '--jobs', '2', '--to', to]);
      assert.equal(readdirSync(to).filter((f) => f.endsWith('.ebu')).length, count);
    }
    const detail = JSON.stringify(peaks);
    t.diagnostic(`peak RSS MiB by number of administrations: ${detail}`);
    assert.ok(peaks[80]! <= 1.2 * peaks[20]!, `peak memory grew with the number of administrations: ${detail}`);
  });
});
