/**
 * The path defects of issue 18, each as it was found, through the real kluis
 * process (the matrix in paths.test.ts closes the class around them):
 *
 *  2. a backup (or auditfile) to a place that cannot be written hung for ever
 *     with its sessions in COPY and the administration left for recover;
 *  8. /dev/zero (or a huge file) as a licence, key, passphrase or password
 *     grew the process to GiBs; the same for the files in kluis's home;
 *  9. a folder where a file was meant ended in INTERNAL "EISDIR", and an
 *     output folder that does not exist (written with a final /) became a file;
 * 11. an empty or one-letter passphrase made an "encrypted" backup.
 *
 * The refusals of a test run two kluis processes at a time (a process per
 * core): each is refused before it takes a lock or writes anything, so they
 * cannot meet; the results are judged in the order they are listed.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { type ErrorCode, errorRegistry } from '../../src/errors/index.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { kluisBin } from '../helpers/cli.js';
import { type CliInstallation, cliInstallation, dropDatabasesWithPrefix, selectedEngines } from '../helpers/engines.js';
import { inPool } from '../helpers/pool.js';

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly stdout: string;
  readonly peakMiB: number;
  readonly seconds: number;
}

/** kluis with --json; standard input from `stdin` (a path) or empty; its peak memory polled from /proc. */
function kluis(
  args: string[],
  env: Record<string, string>,
  options: { stdin?: string; closeStdoutAfter?: number } = {},
): Promise<Run> {
  return new Promise((done) => {
    const started = Date.now();
    const input = options.stdin ? openSync(options.stdin, 'r') : 'pipe';
    const child = spawn(process.execPath, [kluisBin, ...args, '--json'], {
      env: { ...process.env, LANG: 'C', KLUIS_LANG: '', ...env },
      stdio: [input, 'pipe', 'pipe'],
    });
    if (!options.stdin) child.stdin!.end();
    let stdout = '';
    let stderr = '';
    let taken = 0;
    child.stdout!.on('data', (d: Buffer) => {
      taken += d.length;
      if (options.closeStdoutAfter !== undefined && taken >= options.closeStdoutAfter)
        child.stdout!.destroy(); // the reader goes away
      else if (options.closeStdoutAfter === undefined) stdout += d;
    });
    child.stderr!.on('data', (d) => (stderr += d));
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]));
        if (peak > 1024 * 1024) child.kill('SIGKILL'); // far past the limit: spare the machine
      } catch {
        // gone
      }
    }, 5);
    const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(limit);
      done({ code, stderr, stdout, peakMiB: Math.round(peak / 1024), seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** A run that ended in `code`, with its documented exit code, in seconds, with little memory. */
function assertRefused(run: Run, code: ErrorCode, label: string): string {
  assert.notEqual(run.code, null, `${label}: still running after 60 s, or far past its memory (killed)`);
  assert.ok(run.stderr.includes('{'), `${label}: expected ${code}, but it ended with exit ${run.code} and no error`);
  const error = (JSON.parse(run.stderr.slice(run.stderr.indexOf('{'))) as { error: { code: string; message: string } })
    .error;
  assert.equal(error.code, code, `${label}: ${error.message}`);
  assert.equal(run.code, errorRegistry[code].exit, label);
  assert.ok(run.peakMiB < 200, `${label}: peak memory ${run.peakMiB} MiB`);
  return error.message;
}

describe('the path defects of issue 18', { skip: !selectedEngines().includes('embedded') }, () => {
  let inst: CliInstallation;
  let k: (args: string[], options?: Parameters<typeof kluis>[2]) => Promise<Run>;
  const scratch = mkdtempSync(join(tmpdir(), 'kluis-pathdef-'));
  const readOnly = join(scratch, 'alleen-lezen');
  let mounted = false;
  const year = String(new Date().getUTCFullYear());
  let backup: string;
  let licence: string;
  let passwordFile: string;

  before(async () => {
    inst = await cliInstallation('embedded', 'pdef');
    await core.createDemo(inst.ctx);
    k = (args, options) => kluis([...inst.cli.args, ...args], inst.cli.env, options);
    backup = join(scratch, 'klant.ebu');
    await core.createBackup(inst.ctx, { adm: '002', output: backup });
    licence = join(scratch, 'licentie.json');
    writeFileSync(licence, JSON.stringify(core.issueDemoLicence({ holder: 'Defect B.V.', registeredUser: 'defect' })));
    passwordFile = join(scratch, 'wachtwoord.txt');
    writeFileSync(passwordFile, `${core.demoPassword}\n`);
    mkdirSync(readOnly);
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', readOnly]).status === 0;
  });
  after(async () => {
    if (mounted) spawnSync('umount', [readOnly]);
    await dropDatabasesWithPrefix(inst.ctx.engine, inst.ctx.systemDatabase);
    rmSync(scratch, { recursive: true, force: true });
  });

  test('2: a backup or auditfile to a read-only mount or /proc is refused before anything is read, and nothing is left to recover', async (t) => {
    if (!mounted) t.diagnostic('no read-only mount here (needs root): only /proc is tried');
    const targets = [...(mounted ? [`${readOnly}/`, join(readOnly, 'x.ebu')] : []), '/proc/x.ebu', '/proc/'];
    const runs = await inPool(
      targets.flatMap((target) => [
        () => k(['backup', 'create', '002', '-o', target]),
        () => k(['xaf', 'export', '002', '--year', year, '-o', target.replace('.ebu', '.xaf')]),
      ]),
      2,
    );
    for (const [i, target] of targets.entries()) {
      const message = assertRefused(runs[2 * i]!, 'FOLDER_NOT_WRITABLE', `backup create -o ${target}`);
      assert.match(message, /read-only|cannot be created there/);
      assertRefused(runs[2 * i + 1]!, 'FOLDER_NOT_WRITABLE', `xaf export -o ${target}`);
    }
    assert.deepEqual(await core.listRecovery(inst.ctx), [], 'no journal row was started: nothing to recover');
    const again = await k(['backup', 'create', '002', '-o', scratch]);
    assert.equal(again.code, 0, `002 is not left locked\n${again.stderr}`);
  });

  test('2: a reader of standard output that goes away ends the backup at once as BACKUP_PIPE_CLOSED, with no session left', async () => {
    const run = await k(['backup', 'create', '002', '-o', '-'], { closeStdoutAfter: 1 });
    const message = assertRefused(run, 'BACKUP_PIPE_CLOSED', 'backup create -o - | head -c 1');
    assert.match(message, /standard output/);
    assert.deepEqual(await core.listRecovery(inst.ctx), []);
    const c = await inst.ctx.engine.connect('postgres');
    try {
      const database = (await core.listAdministrations(inst.ctx)).find((a) => a.number === '002')!.database;
      const n = (
        await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [database])
      ).rows[0]!.n;
      assert.equal(n, 0, 'no session of the backup is left on 002');
    } finally {
      await c.end();
    }
  });

  test('8: /dev/zero on standard input, or a file larger than its kind, as any small file: FILE_TOO_LARGE with little memory', async () => {
    const fromZero: Array<[string, string[]]> = [
      ['licence show -', ['licence', 'show', '-']],
      ['backup create --passphrase-file -', ['backup', 'create', '002', '--passphrase-file', '-', '-o', scratch]],
      ['backup verify --identity -', ['backup', 'verify', backup, '--identity', '-']],
      ['admin create --password-file -', ['admin', 'create', 'Nul', '--licence', licence, '--password-file', '-']],
      ['admin create --licence -', ['admin', 'create', 'Nul', '--licence', '-', '--password-file', passwordFile]],
      [
        'server add --password-file -',
        [
          '--home',
          join(scratch, 'thuis-nul-server'),
          'server',
          'add',
          'nul',
          'host=127.0.0.1 port=1',
          '--no-check',
          '--password-file',
          '-',
        ],
      ],
      ['licence install -', ['--home', join(scratch, 'thuis-nul-licentie'), 'licence', 'install', '-']],
      ['licence import-client 001 -', ['licence', 'import-client', '001', '-']],
      ['wizard --password-file -', ['wizard', '--open', '001', '--user', 'devries', '--password-file', '-']],
    ];
    const huge = join(scratch, 'groot.json');
    writeFileSync(huge, Buffer.alloc(3 * 1024 * 1024, 0x20));
    const notRegular: Array<[string, string[]]> = [
      ['licence show /dev/zero', ['licence', 'show', '/dev/zero']],
      [
        'backup create --passphrase-file /dev/zero',
        ['backup', 'create', '002', '--passphrase-file', '/dev/zero', '-o', scratch],
      ],
      [
        'admin create --licence /dev/zero',
        ['admin', 'create', 'Nul', '--licence', '/dev/zero', '--password-file', passwordFile],
      ],
    ];
    const runs = await inPool(
      [
        ...fromZero.map(
          ([, args]) =>
            () =>
              args[0] === '--home'
                ? kluis(args, inst.cli.env, { stdin: '/dev/zero' })
                : k(args, { stdin: '/dev/zero' }),
        ),
        () => k(['licence', 'show', huge]),
        ...notRegular.map(
          ([, args]) =>
            () =>
              k(args),
        ),
      ],
      2,
    );
    for (const [i, [label]] of fromZero.entries())
      assert.match(assertRefused(runs[i]!, 'FILE_TOO_LARGE', `${label} < /dev/zero`), /standard input/);
    assertRefused(runs[fromZero.length]!, 'FILE_TOO_LARGE', 'a 3 MiB licence');
    for (const [i, [label]] of notRegular.entries())
      assertRefused(runs[fromZero.length + 1 + i]!, 'FILE_NOT_REGULAR', label);
  });

  test('8: the files kluis reads in its home (config.json, the default licence) as /dev/zero, a FIFO or a folder: a coded error, never a hang', async () => {
    const homes: Array<[string, (home: string) => void, string[], ErrorCode]> = [
      [
        'config.json → /dev/zero',
        (h) => symlinkSync('/dev/zero', join(h, 'config.json')),
        ['server', 'list'],
        'FILE_NOT_REGULAR',
      ],
      [
        'config.json a FIFO',
        (h) => void spawnSync('mkfifo', [join(h, 'config.json')]),
        ['server', 'list'],
        'FILE_NOT_REGULAR',
      ],
      ['config.json a folder', (h) => mkdirSync(join(h, 'config.json')), ['server', 'list'], 'FILE_IS_FOLDER'],
      [
        'config.json of 3 MiB',
        (h) => writeFileSync(join(h, 'config.json'), Buffer.alloc(3 * 1024 * 1024, 0x20)),
        ['server', 'list'],
        'FILE_TOO_LARGE',
      ],
      [
        'licence.json → /dev/zero',
        (h) => symlinkSync('/dev/zero', join(h, 'licence.json')),
        ['admin', 'create', 'Nul', '--password-file', passwordFile],
        'FILE_NOT_REGULAR',
      ],
      [
        'the home itself a file',
        (h) => {
          rmSync(h, { recursive: true });
          writeFileSync(h, 'x');
        },
        ['server', 'list'],
        'NOT_A_FOLDER',
      ],
    ];
    const runs = await inPool(
      homes.map(([, make, args]) => () => {
        const home = mkdtempSync(join(scratch, 'thuis-'));
        make(home);
        return kluis(['--home', home, ...args], {});
      }),
      2,
    );
    for (const [i, [label, , , code]] of homes.entries()) assertRefused(runs[i]!, code, label);
  });

  test('9: a folder where a file is meant is FILE_IS_FOLDER (never INTERNAL "EISDIR"); an auditfile goes into an existing folder', async () => {
    const folder = join(scratch, 'een-map');
    mkdirSync(folder);
    const commands = [
      ['backup', 'verify', folder],
      ['backup', 'inspect', folder],
      ['backup', 'restore', folder, '--to', 'Map'],
      ['xaf', 'import', folder, '--open', '001', '--to', 'Map', '--users', 'anna'],
      ['client', 'install', folder, '--open', '001', '--to', 'Map', '--users', 'anna'],
    ];
    const runs = await inPool(
      commands.map((args) => () => k(args)),
      2,
    );
    for (const [i, args] of commands.entries()) {
      const message = assertRefused(runs[i]!, 'FILE_IS_FOLDER', args.slice(0, 2).join(' '));
      assert.doesNotMatch(message, /EISDIR/);
    }
    const exported = await k(['xaf', 'export', '002', '--year', year, '-o', folder]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.deepEqual(readdirSync(folder), [`002-${year}.xaf`]);
  });

  test('9: an output that names a device or a FIFO is refused and never replaced (found by the path matrix: xaf export renamed its file over /dev/zero)', async () => {
    const device = join(scratch, 'apparaat');
    assert.equal(spawnSync('mknod', ['-m', '666', device, 'c', '1', '3']).status, 0, 'mknod (a /dev/null of our own)');
    const fifo = join(scratch, 'pijp');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const commands = [device, fifo].flatMap((target) => [
      ['xaf', 'export', '002', '--year', year, '-o', target],
      ['backup', 'create', '002', '-o', target],
      ['key', 'generate', '-o', target],
      ['licence', 'demo', '--holder', 'Apparaat', '--user', 'apparaat', '-o', target],
    ]);
    const runs = await inPool(
      commands.map((args) => () => k(args)),
      2,
    );
    for (const [i, args] of commands.entries())
      assertRefused(runs[i]!, 'FILE_NOT_REGULAR', `${args.slice(0, 2).join(' ')} -o ${args.at(-1)}`);
    assert.ok(statSync(device).isCharacterDevice(), 'the device is still a device');
    assert.ok(statSync(fifo).isFIFO(), 'the FIFO is still a FIFO');
  });

  test('9: an output folder that does not exist, written with a final /, is DIRECTORY_MISSING and never becomes a file', async () => {
    const nowhere = `${join(scratch, 'nergens')}/`;
    await rejectsWithCode(core.planBackup(inst.ctx, { adm: '002', output: nowhere }), 'DIRECTORY_MISSING');
    await rejectsWithCode(core.createBackup(inst.ctx, { adm: '002', output: nowhere }), 'DIRECTORY_MISSING');
    const [backup, xaf, wizard] = await inPool(
      [
        () => k(['backup', 'create', '002', '-o', nowhere]),
        () => k(['xaf', 'export', '002', '--year', year, '-o', nowhere]),
        () =>
          k([
            'wizard',
            '--open',
            '001',
            '--user',
            'devries',
            '--password-file',
            passwordFile,
            '--action',
            'backup',
            '--adm',
            '001',
            '--encrypt',
            'no',
            '--output',
            nowhere,
            '--yes',
          ]),
      ],
      2,
    );
    assertRefused(backup!, 'DIRECTORY_MISSING', 'backup create -o nergens/');
    assertRefused(xaf!, 'DIRECTORY_MISSING', 'xaf export -o nergens/');
    assertRefused(wizard!, 'DIRECTORY_MISSING', 'wizard --output nergens/');
    assert.equal(existsSync(join(scratch, 'nergens')), false, 'no file (or folder) named "nergens" was made');
  });

  test('11: an empty or one-letter passphrase is refused from a file, standard input, the wizard and the core alike', async () => {
    const out = mkdtempSync(join(scratch, 'uit-'));
    const one = join(scratch, 'een-teken.txt');
    writeFileSync(one, 'x');
    const empty = join(scratch, 'leeg.txt');
    writeFileSync(empty, '');
    const historyBefore = (await core.backupHistory(inst.ctx)).entries.length;
    const [oneLetter, emptyFile, emptyInput, devNull, wizard] = await inPool(
      [
        () => k(['backup', 'create', '002', '--passphrase-file', one, '-o', out]),
        () => k(['backup', 'create', '002', '--passphrase-file', empty, '-o', out]),
        () => k(['backup', 'create', '002', '--passphrase-file', '-', '-o', out], { stdin: '/dev/null' }),
        () => k(['backup', 'create', '002', '--passphrase-file', '/dev/null', '-o', out]),
        () =>
          k([
            'wizard',
            '--open',
            '001',
            '--user',
            'devries',
            '--password-file',
            passwordFile,
            '--action',
            'backup',
            '--adm',
            '001',
            '--encrypt',
            'passphrase',
            '--new-passphrase-file',
            one,
            '--output',
            out,
            '--yes',
          ]),
      ],
      2,
    );
    assertRefused(oneLetter!, 'PASSPHRASE_TOO_SHORT', 'a one-letter file');
    assertRefused(emptyFile!, 'PASSPHRASE_TOO_SHORT', 'an empty file');
    assertRefused(emptyInput!, 'PASSPHRASE_TOO_SHORT', 'empty standard input');
    assertRefused(devNull!, 'FILE_NOT_REGULAR', '/dev/null');
    assertRefused(wizard!, 'PASSPHRASE_TOO_SHORT', 'wizard --new-passphrase-file');
    await rejectsWithCode(
      core.createBackup(inst.ctx, { adm: '002', output: out, encryption: { passphrase: 'kort' } }),
      'PASSPHRASE_TOO_SHORT',
    );
    assert.deepEqual(readdirSync(out), [], 'no backup was written');
    assert.equal((await core.backupHistory(inst.ctx)).entries.length, historyBefore, 'nothing in the history');
  });
});
