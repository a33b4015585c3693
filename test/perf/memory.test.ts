/**
 * Memory stays flat as the administration grows (SPEC §5): a real kluis
 * process backs up and restores S and an administration four times its size,
 * and its peak RSS may not grow with the data. A ratio within one run, never
 * a fixed number: streaming keeps whole tables out of memory, so four times
 * the rows must cost (almost) no more memory.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import {
  type CliInstallation,
  cliInstallation,
  dropDatabasesWithPrefix,
  selectedEngines,
  testHome,
} from '../helpers/engines.js';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;

/** Runs kluis and returns its peak resident memory in MiB, read from /proc while it runs. */
function peakRss(inst: CliInstallation, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...inst.cli.args, ...args], {
      env: { ...process.env, ...inst.cli.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let peak = 0;
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      try {
        peak = Math.max(
          peak,
          Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0),
        );
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

describe('memory stays flat as the administration grows', {
  skip: existsSync('/proc/self/status') ? false : 'reads peak memory from /proc (Linux)',
}, () => {
  let inst: CliInstallation;
  let dir: string;
  const sizes = {
    small: core.generatorSizes.s,
    large: {
      ...core.generatorSizes.s,
      entries: core.generatorSizes.s.entries * 4,
      documents: core.generatorSizes.s.documents * 4,
    },
  };

  before(async () => {
    inst = await cliInstallation(selectedEngines()[0]!, 'mem');
    dir = mkdtempSync(join(tmpdir(), 'kluis-mem-'));
    const licence = core.issueDemoLicence({ holder: 'Geheugen B.V.', registeredUser: 'eigenaar' });
    const users = [
      { userName: 'eigenaar', fullName: 'Eigenaar', role: 'administrator' as const, password: core.demoPassword },
    ];
    await core.generateAdministration(inst.ctx, {
      name: 'Klein',
      number: 1,
      size: sizes.small,
      seed: 'mem-small',
      licence,
      users,
    });
    await core.generateAdministration(inst.ctx, {
      name: 'Groot',
      number: 2,
      size: sizes.large,
      seed: 'mem-large',
      licence,
      users,
    });
    const office = core.issueDemoLicence({
      holder: 'Kantoor B.V.',
      registeredUser: 'eigenaar',
      articles: ['Base', core.accountancyArticle],
    });
    await core.createAdministration(inst.ctx, { name: 'Kantoor', number: 3, licence: office, users });
  });

  after(async () => {
    await dropDatabasesWithPrefix(inst.ctx.engine, inst.ctx.systemDatabase);
    rmSync(dir, { recursive: true, force: true });
    if (inst.home !== testHome) rmSync(inst.home, { recursive: true, force: true });
  });

  test('backup and restore of 4× the data use no more than 1.25× the memory', async (t) => {
    const peaks: Record<string, { backup: number; restore: number; bytes: number }> = {};
    for (const [label, number] of [
      ['small', 1],
      ['large', 2],
    ] as const) {
      const file = join(dir, `${label}.ebu`);
      const backup = await peakRss(inst, ['backup', 'create', String(number), '-o', file]);
      const restore = await peakRss(inst, ['backup', 'restore', file, '--to', String(number + 10)]);
      peaks[label] = { backup, restore, bytes: statSync(file).size };
    }
    const { small, large } = peaks as Record<'small' | 'large', { backup: number; restore: number; bytes: number }>;
    const detail = JSON.stringify(peaks);
    t.diagnostic(`peak RSS MiB and file bytes: ${detail}`);
    assert.ok(large.bytes > 3 * small.bytes, `the larger file is really larger: ${detail}`);
    assert.ok(large.backup <= 1.25 * small.backup, `backup peak memory grew with the data: ${detail}`);
    assert.ok(large.restore <= 1.25 * small.restore, `restore peak memory grew with the data: ${detail}`);
  });

  test('an XAF export and import of 4× the lines use no more than 1.25× the memory', async (t) => {
    const year = String(new Date().getUTCFullYear() - 1);
    const peaks: Record<string, { export: number; import: number; bytes: number }> = {};
    for (const [label, number] of [
      ['small', 1],
      ['large', 2],
    ] as const) {
      const file = join(dir, `${label}.xaf`);
      const exported = await peakRss(inst, ['xaf', 'export', String(number), '--year', year, '-o', file]);
      const imported = await peakRss(inst, [
        'xaf',
        'import',
        file,
        '--open',
        '3',
        '--to',
        String(number + 20),
        '--users',
        'eigenaar',
      ]);
      peaks[label] = { export: exported, import: imported, bytes: statSync(file).size };
    }
    const { small, large } = peaks as Record<'small' | 'large', { export: number; import: number; bytes: number }>;
    // One run's peak moves with when V8 happens to collect (one CI run saw 166 MiB where the rerun saw
    // 119); memory that really grows with the data does so in every run, so a second run decides.
    if (large.import > 1.25 * small.import) {
      const again = await peakRss(inst, [
        'xaf',
        'import',
        join(dir, 'large.xaf'),
        '--open',
        '3',
        '--to',
        '32',
        '--users',
        'eigenaar',
      ]);
      large.import = Math.min(large.import, again);
    }
    const detail = JSON.stringify(peaks);
    t.diagnostic(`peak RSS MiB and auditfile bytes: ${detail}`);
    assert.ok(large.bytes > 3 * small.bytes, `the larger auditfile is really larger: ${detail}`);
    assert.ok(large.export <= 1.25 * small.export, `export peak memory grew with the data: ${detail}`);
    assert.ok(large.import <= 1.25 * small.import, `import peak memory grew with the data: ${detail}`);
  });
});
