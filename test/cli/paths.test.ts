/**
 * Every path argument of every command, table-driven: each path argument the
 * commands declare (src/cli/commands/*, `path:` on an option or argument),
 * the terminal wizard's path flags and the web wizard's path fields, given
 * each kind of wrong path:
 *
 *   missing · a folder · a file where a folder is meant · /dev/zero · a FIFO ·
 *   unreadable · on a read-only mount · vanishes between summary and run ·
 *   relative
 *
 * Each case ends in what the table says: the path is taken (the command goes
 * on: it succeeds, or stops at a later, named check), or a coded error in one
 * sentence whose exit code is the documented one; never INTERNAL or an errno.
 * And for every case: the kluis process's peak memory (VmHWM, polled from
 * /proc) stays under 200 MiB, it ends within seconds, nothing is written
 * where it failed, and it leaves no running journal row, no lock and no
 * server session behind.
 *
 * "/dev/zero" is a device node of our own with its numbers (1,5): an output
 * path must never be replaced by kluis, but if a regression did, it would
 * replace that node and not the machine's /dev/zero.
 *
 * "Unreadable" runs kluis as the unprivileged user nobody (root reads
 * everything), for the paths that are checked before kluis connects to a
 * server: the embedded server's socket admits only root and its own account
 * (so it is the same run on either engine, and runs on the embedded one).
 * The terminal wizard signs in first, so there it is not run; the CLI rows
 * prove the same check. "Vanishes between summary and run" exists where there
 * is a summary: the terminal wizard (run in this process, the file removed at
 * its "Finish?") and the web wizard (removed before Finish); the CLI opens
 * a file when it checks it, so a file removed later is still read to the end.
 * The web wizard runs as the person who started it, so "unreadable" does not
 * apply there (as root it would read anything).
 *
 * The CLI and terminal wizard rows are some 250 kluis processes per engine:
 * a run takes a seventh of them on each engine (and a third of the web
 * wizard's cases), dealt by a seed along the diagonals of each row's own
 * kinds of path (7 or 8), so that each run tries every path argument with
 * one kind of path or two and every kind of path with several path arguments
 * on each engine (the test asserts it), and seven consecutive seeds all of
 * them (test/helpers/sample.ts). The size and the seed are printed;
 * KLUIS_PATHS_SEED=<seed> repeats a run, KLUIS_PATHS_FULL=1 (or
 * KLUIS_TEST_FULL=1) runs every case on every engine, and
 * KLUIS_PATHS_CASES=missing,fifo runs every case of the kinds of path named.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import type { CommandSpec, PathUse } from '../../src/cli/command.js';
import { commands } from '../../src/cli/main.js';
import { createOutput } from '../../src/cli/output.js';
import { globalOptions } from '../../src/cli/parse.js';
import type { Prompter } from '../../src/cli/wizard/prompter.js';
import { runTerminalWizard } from '../../src/cli/wizard/terminal-wizard.js';
import * as core from '../../src/core/index.js';
import { type ErrorCode, errorRegistry } from '../../src/errors/index.js';
import { inputField } from '../../src/wizard/fields.js';
import { kluisBin } from '../helpers/cli.js';
import {
  type CliInstallation,
  cliInstallation,
  dropDatabasesWithPrefix,
  type EngineName,
  selectedEngines,
} from '../helpers/engines.js';
import { inPool } from '../helpers/pool.js';
import { matrixSample } from '../helpers/sample.js';
import { type RunningWizard, startWizard } from '../helpers/web.js';
import { Client } from '../helpers/web-client.js';

type Case =
  | 'missing'
  | 'folder'
  | 'file-for-folder'
  | 'dev-zero'
  | 'fifo'
  | 'unreadable'
  | 'read-only'
  | 'vanishes'
  | 'relative';
const allCases: readonly Case[] = [
  'missing',
  'folder',
  'file-for-folder',
  'dev-zero',
  'fifo',
  'unreadable',
  'read-only',
  'vanishes',
  'relative',
];
/**
 * Into how many parts the CLI and terminal wizard rows × kinds of path are dealt on each engine (one part a run).
 * A row is dealt along the kinds of path that apply to it on that engine (7 or 8), so no more parts than that:
 * then every row draws at least one kind a run.
 */
const parts: Record<EngineName, number> = { embedded: 7, server: 7 };
/** The same for the web wizard's 4 path fields × 8 kinds of path: each field two or three kinds a run, each kind one field or two. */
const webParts = 3;
/** KLUIS_PATHS_CASES=missing,fifo runs only those kinds of path (on every engine), to look at one closely. */
const chosenCases = process.env['KLUIS_PATHS_CASES']
  ?.split(',')
  .map((c) => c.trim())
  .filter((c): c is Case => (allCases as readonly string[]).includes(c));

/** What a case must end in: the path taken, or a coded error. */
type Outcome = 'taken' | ErrorCode;
/** What a row ends in when its path is taken: exit 0, or the later check it stops at (so nothing is changed). */
type Taken = 'ok' | ErrorCode;

const readUses: readonly PathUse[] = ['secret', 'licence', 'backup', 'auditfile'];

/** The table: what each kind of path does with each kind of wrong path. */
function expected(use: PathUse, c: Case, shell: 'cli' | 'wizard' | 'web'): Outcome {
  const read = readUses.includes(use);
  switch (c) {
    case 'missing':
      return read ? 'FILE_NOT_FOUND' : use === 'home' ? 'taken' : 'DIRECTORY_MISSING';
    case 'folder':
      return read || use === 'new-file' ? 'FILE_IS_FOLDER' : 'taken';
    case 'file-for-folder':
      return read ? 'FILE_NOT_FOUND' : 'NOT_A_FOLDER';
    case 'dev-zero':
    case 'fifo':
      return read || use === 'output' || use === 'new-file' ? 'FILE_NOT_REGULAR' : 'NOT_A_FOLDER';
    case 'unreadable':
      return read || use === 'home' ? 'FILE_NOT_READABLE' : 'FOLDER_NOT_WRITABLE';
    case 'read-only':
      return read ? 'taken' : 'FOLDER_NOT_WRITABLE';
    case 'vanishes':
      return read ? 'FILE_NOT_FOUND' : 'DIRECTORY_MISSING';
    case 'relative':
      return shell === 'web' ? 'PATH_NOT_ABSOLUTE' : 'taken';
  }
}

interface Fixtures {
  readonly dir: string;
  readonly ebu: string;
  readonly encrypted: string;
  readonly xaf: string;
  readonly licence: string;
  readonly secret: string;
  readonly identity: string;
  /** The accountant's change package of 002's hand-out. */
  readonly changes: string;
  /** A backup encrypted for `identity`'s public key. */
  readonly forKey: string;
  readonly plain: string;
  readonly fifo: string;
  /** A folder (0700) of copies of the fixtures, which nobody may enter. */
  readonly privateDir: string;
  /** A folder nobody may write in (0755, root's). */
  readonly rootOnly: string;
  /** A read-only mount with copies of the fixtures. */
  readonly readOnly: string | undefined;
  /** An empty home for the runs as nobody. */
  readonly nobodyHome: string;
  /** A device node of our own that is /dev/zero (character device 1,5), when mknod may be used. */
  readonly zero: string | undefined;
}

/** One path argument: how to run its command with a path, and what a good path of its kind is. */
interface Row {
  readonly id: string;
  readonly shell: 'cli' | 'wizard';
  readonly use: PathUse;
  /** The command line (after the installation's own arguments) with `path` in place. */
  args(path: string, c: CaseEnv): string[];
  readonly taken: Taken;
  /** A good path of this kind (read uses: a fixture). */
  valid?(f: Fixtures): string;
  /** The row brings its own --home (then the installation's arguments are not used). */
  readonly ownHome?: boolean;
  /** Cases that do not apply here, with why. */
  readonly notApplicable?: Partial<Record<Case, string>>;
}

interface CaseEnv {
  readonly f: Fixtures;
  /** A folder of this case's own (outputs go here). */
  readonly dir: string;
  /** The working folder of the kluis process. */
  readonly cwd: string;
  readonly kind: EngineName;
}

const year = String(new Date().getUTCFullYear());
const nobody = { uid: 65534, gid: 65534 };

/** The rows, one per declared path argument (and the terminal wizard's path flags). */
function rows(): Row[] {
  const signIn = (c: CaseEnv) => ['wizard', '--open', '001', '--user', 'devries', '--password-file', c.f.secret];
  const clientSignIn = (c: CaseEnv) => ['wizard', '--open', '002', '--user', 'jansen', '--password-file', c.f.secret];
  const serverFolder = (p: string, c: CaseEnv) => (c.kind === 'server' ? ['--server-folder', resolve(c.cwd, p)] : []);
  const install = ['--open', '001', '--to', 'Paden', '--users', 'anna', '--dry-run'];
  return [
    {
      id: 'backup create --output',
      shell: 'cli',
      use: 'output',
      args: (p) => ['backup', 'create', '002', '-o', p],
      taken: 'ok',
    },
    {
      // 002 is handed out already (before()): a good path goes on to that refusal, which needs no file.
      id: 'client hand-out --output',
      shell: 'cli',
      use: 'output',
      args: (p) => ['client', 'hand-out', '002', '--until', '2026-06-30', '-o', p],
      taken: 'HAND_OUT_OUTSTANDING',
    },
    {
      id: 'client hand-out --new-passphrase-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p, c) => [
        'client',
        'hand-out',
        '002',
        '--until',
        '2026-06-30',
        '--new-passphrase-file',
        p,
        '-o',
        c.f.plain,
      ],
      taken: 'BACKUP_FILE_EXISTS',
    },
    {
      // 002 is the client's own books, no accountant's copy: a good path goes on to that refusal.
      id: 'client changes --output',
      shell: 'cli',
      use: 'output',
      args: (p) => ['client', 'changes', '002', '-o', p],
      taken: 'CHANGES_NO_HAND_OUT',
    },
    {
      id: 'client changes --new-passphrase-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p, c) => ['client', 'changes', '002', '--new-passphrase-file', p, '-o', c.f.plain],
      taken: 'BACKUP_FILE_EXISTS',
    },
    {
      // A backup is no change package: a good path goes on to that refusal, which changes nothing.
      id: 'client apply <file>',
      shell: 'cli',
      use: 'backup',
      valid: (f) => f.ebu,
      args: (p) => ['client', 'apply', p, '--to', '002', '--dry-run'],
      taken: 'CHANGES_NOT_A_PACKAGE',
    },
    {
      id: 'client apply --passphrase-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p, c) => ['client', 'apply', c.f.encrypted, '--to', '002', '--dry-run', '--passphrase-file', p],
      taken: 'CHANGES_NOT_A_PACKAGE',
    },
    {
      id: 'client apply --identity-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.identity,
      args: (p, c) => ['client', 'apply', c.f.ebu, '--to', '002', '--dry-run', '--identity-file', p],
      taken: 'CHANGES_NOT_A_PACKAGE',
    },
    {
      id: 'schedule install --root',
      shell: 'cli',
      use: 'folder',
      // A dry run checks the root folder as the install does, and writes nothing anywhere.
      args: (p) => ['schedule', 'install', '--root', p, '--dry-run'],
      taken: 'ok',
    },
    {
      id: 'backup create --new-passphrase-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p, c) => ['backup', 'create', '002', '--new-passphrase-file', p, '-o', c.f.plain],
      taken: 'BACKUP_FILE_EXISTS',
    },
    {
      id: 'backup restore <file>',
      shell: 'cli',
      use: 'backup',
      valid: (f) => f.ebu,
      args: (p) => ['backup', 'restore', p, '--to', 'Paden', '--dry-run'],
      taken: 'ok',
    },
    {
      id: 'backup restore --database-dir',
      shell: 'cli',
      use: 'folder',
      args: (p, c) => [
        'backup',
        'restore',
        c.f.ebu,
        '--to',
        'Paden',
        '--dry-run',
        '--database-dir',
        p,
        ...serverFolder(p, c),
      ],
      taken: 'ok',
    },
    {
      id: 'backup restore --passphrase-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p, c) => ['backup', 'restore', c.f.encrypted, '--to', 'Paden', '--dry-run', '--passphrase-file', p],
      taken: 'ok',
    },
    {
      id: 'backup restore --identity-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.identity,
      args: (p, c) => ['backup', 'restore', c.f.ebu, '--to', 'Paden', '--dry-run', '--identity-file', p],
      taken: 'ok',
    },
    {
      id: 'backup verify <file>',
      shell: 'cli',
      use: 'backup',
      valid: (f) => f.ebu,
      args: (p) => ['backup', 'verify', p],
      taken: 'ok',
    },
    {
      id: 'backup verify --passphrase-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p, c) => ['backup', 'verify', c.f.encrypted, '--passphrase-file', p],
      taken: 'ok',
    },
    {
      id: 'backup verify --identity-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.identity,
      args: (p, c) => ['backup', 'verify', c.f.ebu, '--identity-file', p],
      taken: 'ok',
    },
    {
      id: 'backup inspect <file>',
      shell: 'cli',
      use: 'backup',
      valid: (f) => f.ebu,
      args: (p) => ['backup', 'inspect', p],
      taken: 'ok',
    },
    {
      id: 'backup inspect --passphrase-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p, c) => ['backup', 'inspect', c.f.encrypted, '--passphrase-file', p],
      taken: 'ok',
    },
    {
      id: 'backup inspect --identity-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.identity,
      args: (p, c) => ['backup', 'inspect', c.f.ebu, '--identity-file', p],
      taken: 'ok',
    },
    {
      id: 'backup prune --passphrase-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      // A dry run in the case's own (empty) folder: the key files are checked before any manifest is read.
      args: (p, c) => ['backup', 'prune', c.dir, '--dry-run', '--passphrase-file', p],
      taken: 'ok',
    },
    {
      id: 'backup prune --identity-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.identity,
      args: (p, c) => ['backup', 'prune', c.dir, '--dry-run', '--identity-file', p],
      taken: 'ok',
    },
    {
      id: 'key generate --output',
      shell: 'cli',
      use: 'new-file',
      args: (p) => ['key', 'generate', '-o', p],
      taken: 'ok',
    },
    {
      id: 'admin create --licence',
      shell: 'cli',
      use: 'licence',
      valid: (f) => f.licence,
      args: (p, c) => ['admin', 'create', 'Paden', '--number', '1', '--licence', p, '--password-file', c.f.secret],
      taken: 'ADMIN_NUMBER_TAKEN',
    },
    {
      id: 'admin create --password-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p, c) => ['admin', 'create', 'Paden', '--number', '1', '--licence', c.f.licence, '--password-file', p],
      taken: 'ADMIN_NUMBER_TAKEN',
    },
    {
      id: 'user add --password-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p) => ['user', 'add', '001', 'anna', '--name', 'Anna', '--role', 'bookkeeper', '--password-file', p],
      taken: 'USER_EXISTS',
    },
    {
      id: 'user password --password-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p) => ['user', 'password', '001', 'niemand', '--password-file', p],
      taken: 'USER_NOT_FOUND',
    },
    {
      id: 'client install <file>',
      shell: 'cli',
      use: 'backup',
      valid: (f) => f.ebu,
      args: (p) => ['client', 'install', p, ...install],
      taken: 'ok',
    },
    {
      id: 'client install --database-dir',
      shell: 'cli',
      use: 'folder',
      args: (p, c) => ['client', 'install', c.f.ebu, ...install, '--database-dir', p, ...serverFolder(p, c)],
      taken: 'ok',
    },
    {
      id: 'client install --passphrase-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p, c) => ['client', 'install', c.f.encrypted, ...install, '--passphrase-file', p],
      taken: 'ok',
    },
    {
      id: 'client install --identity-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.identity,
      args: (p, c) => ['client', 'install', c.f.ebu, ...install, '--identity-file', p],
      taken: 'ok',
    },
    {
      id: 'licence show <file>',
      shell: 'cli',
      use: 'licence',
      valid: (f) => f.licence,
      args: (p) => ['licence', 'show', p],
      taken: 'ok',
    },
    {
      id: 'licence install <file>',
      shell: 'cli',
      use: 'licence',
      valid: (f) => f.licence,
      ownHome: true,
      args: (p, c) => ['--home', join(c.dir, 'home'), 'licence', 'install', p],
      taken: 'ok',
    },
    {
      id: 'licence import-client <file>',
      shell: 'cli',
      use: 'licence',
      valid: (f) => f.licence,
      args: (p) => ['licence', 'import-client', '001', p],
      taken: 'CLIENT_USER_MISSING',
    },
    {
      id: 'licence demo --output',
      shell: 'cli',
      use: 'new-file',
      args: (p) => ['licence', 'demo', '--holder', 'Paden', '--user', 'paden', '-o', p],
      taken: 'ok',
    },
    {
      id: 'server add --password-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      ownHome: true,
      args: (p, c) => [
        '--home',
        join(c.dir, 'home'),
        'server',
        'add',
        'elders',
        'host=127.0.0.1 port=1',
        '--no-check',
        '--password-file',
        p,
      ],
      taken: 'ok',
    },
    {
      // A password file is a file, but not one with two keys: read, and refused for what it holds.
      id: 'repository add --credentials-file',
      shell: 'cli',
      use: 'secret',
      valid: (f) => f.secret,
      ownHome: true,
      args: (p, c) => [
        '--home',
        join(c.dir, 'home'),
        'repository',
        'add',
        'extern',
        's3://kantoor/kluis/',
        '--credentials-file',
        p,
      ],
      taken: 'REPOSITORY_CREDENTIALS_FILE_INVALID',
    },
    {
      id: 'xaf export --output',
      shell: 'cli',
      use: 'output',
      args: (p) => ['xaf', 'export', '002', '--year', year, '-o', p],
      taken: 'ok',
    },
    {
      id: 'xaf import <file>',
      shell: 'cli',
      use: 'auditfile',
      valid: (f) => f.xaf,
      args: (p) => ['xaf', 'import', p, ...install],
      taken: 'ok',
    },
    {
      id: 'xaf import --database-dir',
      shell: 'cli',
      use: 'folder',
      args: (p, c) => ['xaf', 'import', c.f.xaf, ...install, '--database-dir', p, ...serverFolder(p, c)],
      taken: 'ok',
    },
    {
      id: '--home',
      shell: 'cli',
      use: 'home',
      ownHome: true,
      args: (p, c) => ['--home', p, 'licence', 'install', c.f.licence],
      taken: 'ok',
    },
    // The terminal wizard from flags (no terminal: a missing answer is FIELD_REQUIRED, which is where a taken path stops).
    {
      id: 'wizard --password-file',
      shell: 'wizard',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p) => ['wizard', '--open', '001', '--user', 'devries', '--password-file', p],
      taken: 'FIELD_REQUIRED',
    },
    {
      id: 'wizard --output',
      shell: 'wizard',
      use: 'output',
      args: (p, c) => [...signIn(c), '--action', 'backup', '--adm', '001', '--encrypt', 'no', '--output', p],
      taken: 'FIELD_REQUIRED',
    },
    {
      id: 'wizard --new-passphrase-file',
      shell: 'wizard',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p, c) => [
        ...signIn(c),
        '--action',
        'backup',
        '--adm',
        '001',
        '--encrypt',
        'passphrase',
        '--new-passphrase-file',
        p,
        '--output',
        c.f.plain,
      ],
      taken: 'BACKUP_FILE_EXISTS',
    },
    {
      id: 'wizard --file',
      shell: 'wizard',
      use: 'backup',
      valid: (f) => f.ebu,
      args: (p, c) => [...signIn(c), '--action', 'restore', '--file', p],
      taken: 'FIELD_REQUIRED',
    },
    {
      id: 'wizard --passphrase-file',
      shell: 'wizard',
      use: 'secret',
      valid: (f) => f.secret,
      args: (p, c) => [...signIn(c), '--action', 'restore', '--file', c.f.encrypted, '--passphrase-file', p],
      taken: 'FIELD_REQUIRED',
    },
    {
      // Signed in to the client's 002, which is handed out: the package is read, and the summary is where it stops.
      id: 'wizard --changes-file',
      shell: 'wizard',
      use: 'backup',
      valid: (f) => f.changes,
      args: (p, c) => [...clientSignIn(c), '--action', 'client-apply', '--changes-file', p],
      taken: 'FIELD_REQUIRED',
    },
    {
      // A backup encrypted for the key: asked for, read, and found to be no change package.
      id: 'wizard --identity-file',
      shell: 'wizard',
      use: 'secret',
      valid: (f) => f.identity,
      args: (p, c) => [
        ...clientSignIn(c),
        '--action',
        'client-apply',
        '--changes-file',
        c.f.forKey,
        '--identity-file',
        p,
      ],
      taken: 'CHANGES_NOT_A_PACKAGE',
    },
    {
      id: 'wizard --database-dir',
      shell: 'wizard',
      use: 'folder',
      args: (p, c) => [
        ...signIn(c),
        '--action',
        'restore',
        '--file',
        c.f.ebu,
        '--to',
        'Paden',
        '--database-dir',
        p,
        ...serverFolder(p, c),
      ],
      taken: 'FIELD_REQUIRED',
    },
  ];
}

type WebField = 'file' | 'output' | 'databaseDir' | 'changesFile';
type WebAction = 'restore' | 'backup' | 'client-apply';

/**
 * The web wizard's path fields (the client install's file field is the restore's, with auditfiles too). A
 * good path goes on to the next step, or (`taken`) to the check it stops at: the apply's package, signed in
 * to the client's 002, to the choice of administration, where the dry run finds the package empty but good.
 */
const webFields: Array<{ field: WebField; action: WebAction; use: PathUse }> = [
  { field: 'file', action: 'restore', use: 'backup' },
  { field: 'output', action: 'backup', use: 'output' },
  { field: 'databaseDir', action: 'restore', use: 'folder' },
  { field: 'changesFile', action: 'client-apply', use: 'backup' },
];

/** Declared path arguments the matrix does not run, each with why. */
const notInMatrix: Record<string, string> = {
  'backup restore --server-folder':
    'a path as the database server sees it, checked by the server (test/core/placement.test.ts)',
  'client install --server-folder':
    'a path as the database server sees it, checked by the server (test/core/placement.test.ts)',
  'xaf import --server-folder':
    'a path as the database server sees it, checked by the server (test/core/placement.test.ts)',
  'wizard --server-folder':
    'a path as the database server sees it, checked by the server (test/core/placement.test.ts)',
};

/** Every path argument the commands declare, named as the rows name them. */
function declaredPathArguments(): string[] {
  const named: string[] = [];
  for (const c of commands as readonly CommandSpec[]) {
    const words = c.words.join(' ');
    for (const a of c.args ?? []) if (a.path) named.push(`${words} <${a.name}>`);
    for (const [name, o] of Object.entries(c.options ?? {})) if (o.path && !o.hidden) named.push(`${words} --${name}`);
  }
  for (const [name, o] of Object.entries(globalOptions)) if (o.path) named.push(`--${name}`);
  return named;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly pid: number;
  readonly peakKiB: number;
  readonly ms: number;
  readonly timedOut: boolean;
}

/** Peak resident memory so far (VmHWM) of a live process, in KiB; 0 when it is gone. */
function peakOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** A kluis process, its peak memory polled from /proc while it runs; killed after `limitMs`. */
function runKluis(
  args: string[],
  options: { env: Record<string, string>; cwd: string; asNobody?: boolean; limitMs?: number },
): Promise<Run> {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [kluisBin, ...args, '--json'], {
      cwd: options.cwd,
      env: { ...process.env, LANG: 'C', KLUIS_LANG: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.asNobody ? nobody : {}),
    });
    let stdout = '';
    let stderr = '';
    let peakKiB = 0;
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      peakKiB = Math.max(peakKiB, peakOf(child.pid!));
      // Far past the limit: stop it now rather than let it take the machine's memory (the case fails on its peak).
      if (peakKiB > 1024 * 1024) child.kill('SIGKILL');
    }, 5);
    const limit = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.limitMs ?? 30_000);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(limit);
      done({ code, stdout, stderr, pid: child.pid!, peakKiB, ms: Date.now() - started, timedOut });
    });
  });
}

/** The names under a folder (recursively), for "nothing was written". */
function listing(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      out.push(prefix + e.name);
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** The error a failed kluis --json run printed. */
function errorOf(run: Run): { code: ErrorCode; message: string } | undefined {
  const text = run.stderr.trim();
  const start = text.lastIndexOf('{\n  "error"');
  if (start < 0) return undefined;
  return (JSON.parse(text.slice(start)) as { error: { code: ErrorCode; message: string } }).error;
}

const errnoWords = /\b(ENOENT|EISDIR|ENOTDIR|EACCES|EPERM|EROFS|EEXIST|ENXIO|EAGAIN|EPIPE|ENOSPC|EIO|ELOOP)\b/;

/** Checks one finished case against the table and the rules every case keeps. */
function judge(label: string, run: Run, want: Outcome, taken: Taken): string {
  assert.ok(!run.timedOut, `${label}: did not finish within 30 s\n${run.stderr}`);
  assert.ok(run.peakKiB < 200 * 1024, `${label}: peak memory ${Math.round(run.peakKiB / 1024)} MiB`);
  const error = errorOf(run);
  const result = want === 'taken' ? taken : want;
  if (result === 'ok') {
    assert.equal(run.code, 0, `${label}: expected success\n${run.stderr}`);
    return 'taken';
  }
  assert.ok(error, `${label}: expected ${result}, got exit ${run.code}\n${run.stdout}\n${run.stderr}`);
  assert.equal(error.code, result, `${label}: ${error.message}`);
  assert.equal(run.code, errorRegistry[error.code].exit, `${label}: the documented exit code of ${error.code}`);
  assert.ok(
    !/\n/.test(error.message.trim()) && !errnoWords.test(error.message),
    `${label}: one sentence, no errno: ${error.message}`,
  );
  return want === 'taken' ? 'taken' : error.code;
}

/** A Prompter for the in-process terminal wizard: at "Finish?" it first makes the path vanish. */
class VanishAtFinish implements Prompter {
  constructor(private readonly vanish: () => void) {}
  async ask(question: string): Promise<string> {
    assert.match(question, /Finish\?/, `unexpected question: ${question}`);
    this.vanish();
    return 'y';
  }
  say(): void {}
}

const sink = () => new Writable({ write: (_c, _e, done) => done() });

for (const kind of selectedEngines()) {
  describe(`every path argument × every kind of wrong path (${kind})`, () => {
    let inst: CliInstallation;
    let f: Fixtures;
    let probe: pg.Client;
    const cases = chosenCases ?? allCases;
    const sample = matrixSample('PATHS', kind, { everyEngine: true });
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-paths-'));
    let fixtureListing: string[] = [];

    before(async () => {
      inst = await cliInstallation(kind, 'paths');
      await core.createDemo(inst.ctx);
      chmodSync(scratch, 0o755);
      const dir = join(scratch, 'fixtures');
      mkdirSync(dir, { mode: 0o755 });
      const ebu = join(dir, 'klant.ebu');
      const encrypted = join(dir, 'versleuteld.ebu');
      const xaf = join(dir, 'klant.xaf');
      await core.createBackup(inst.ctx, { adm: '002', output: ebu });
      await core.createBackup(inst.ctx, {
        adm: '002',
        output: encrypted,
        encryption: { passphrase: core.demoPassword },
        scryptWorkFactor: 10,
      });
      await core.exportXaf(inst.ctx, { adm: '002', year: Number(year), output: { path: xaf } });
      // 002 handed out to the accountant: the hand-out's path rows stop at that refusal with a good path. It is
      // installed at the accountant's, whose change package (empty: nothing was corrected) the wizard's apply reads.
      const handedOut = join(scratch, 'uitgeleverd.ebu');
      await core.handOut(inst.ctx, { adm: '002', until: '2026-06-30', output: handedOut });
      const installed = (await core.installClient(inst.ctx, {
        source: createReadStream(handedOut),
        path: handedOut,
        open: '001',
        to: 'Paden kantoor',
        users: ['anna'],
      })) as core.InstallResult;
      const changes = join(dir, 'wijzigingen.ebu');
      await core.writeChanges(inst.ctx, { adm: String(installed.number), output: changes });
      const licence = join(dir, 'licentie.json');
      writeFileSync(
        licence,
        JSON.stringify(core.issueDemoLicence({ holder: 'Klant Paden B.V.', registeredUser: 'klant' }), null, 2),
      );
      const secret = join(dir, 'wachtwoord.txt');
      writeFileSync(secret, `${core.demoPassword}\n`);
      const identity = join(dir, 'sleutel.key');
      const key = await core.generateKeyPair();
      writeFileSync(identity, `${key.identity}\n`);
      // A backup for that key: the wizard's apply asks the secret key for it (and then finds no change package).
      const forKey = join(dir, 'voor-sleutel.ebu');
      await core.createBackup(inst.ctx, { adm: '001', output: forKey, encryption: { recipients: [key.recipient] } });
      const plain = join(dir, 'gewoon.txt');
      writeFileSync(plain, 'gewoon een bestand\n');
      const fifo = join(dir, 'fifo');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      for (const file of [ebu, encrypted, xaf, licence, secret, identity, plain, changes, forKey])
        chmodSync(file, 0o644);
      const privateDir = join(scratch, 'private');
      mkdirSync(privateDir, { mode: 0o700 });
      const rootOnly = join(scratch, 'root-only');
      mkdirSync(rootOnly, { mode: 0o755 });
      for (const file of [ebu, encrypted, xaf, licence, secret, identity, changes])
        copyFileSync(file, join(privateDir, basename(file)));
      const nobodyHome = join(scratch, 'nobody-home');
      mkdirSync(nobodyHome, { mode: 0o777 });
      chmodSync(nobodyHome, 0o777);
      let readOnly: string | undefined = join(scratch, 'read-only');
      mkdirSync(readOnly);
      if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', readOnly]).status === 0) {
        for (const file of [ebu, encrypted, xaf, licence, secret, identity, changes])
          copyFileSync(file, join(readOnly, basename(file)));
        assert.equal(spawnSync('mount', ['-o', 'remount,ro', readOnly]).status, 0);
      } else readOnly = undefined;
      let zero: string | undefined = join(dir, 'zero');
      if (spawnSync('mknod', ['-m', '666', zero, 'c', '1', '5']).status !== 0) zero = undefined;
      f = {
        dir,
        ebu,
        encrypted,
        xaf,
        licence,
        secret,
        identity,
        changes,
        forKey,
        plain,
        fifo,
        privateDir,
        rootOnly,
        readOnly,
        nobodyHome,
        zero,
      };
      fixtureListing = listing(scratch);
      probe = await inst.ctx.engine.connect(inst.ctx.systemDatabase);
    });

    after(async () => {
      await probe?.end();
      if (f?.readOnly) spawnSync('umount', [f.readOnly]);
      await dropDatabasesWithPrefix(inst.ctx.engine, inst.ctx.systemDatabase);
      rmSync(scratch, { recursive: true, force: true });
      if (kind === 'server') rmSync(inst.home, { recursive: true, force: true }); // its own home (the embedded one is shared)
    });

    /** Sessions, running journal rows and locks a finished kluis process left behind. */
    async function leftBehind(pid: number): Promise<string[]> {
      const left: string[] = [];
      for (let waited = 0; ; waited += 50) {
        const sessions = (
          await probe.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity where application_name like $1`,
            [`kluis/${pid}-%`],
          )
        ).rows[0]!.n;
        if (sessions === 0) break;
        if (waited > 3000) {
          left.push(`${sessions} server session(s)`);
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      const running = (
        await probe.query<{ n: number }>(
          `select count(*)::int as n from operations where status = 'running' and pid = $1`,
          [pid],
        )
      ).rows[0]!.n;
      const locks = (await probe.query<{ n: number }>(`select count(*)::int as n from locks where pid = $1`, [pid]))
        .rows[0]!.n;
      if (running) left.push(`${running} running journal row(s)`);
      if (locks) left.push(`${locks} lock(s)`);
      return left;
    }

    /** The path a case gives a row, and where kluis runs. */
    function pathFor(row: Row, c: Case, dir: string): { path: string; cwd: string } | undefined {
      const read = readUses.includes(row.use);
      const valid = row.valid?.(f) ?? '';
      switch (c) {
        case 'missing':
          return {
            path: read
              ? join(dir, 'nergens.bestand')
              : row.use === 'new-file'
                ? join(dir, 'nergens', 'nieuw.bestand')
                : row.use === 'home'
                  ? join(dir, 'nieuwe-map')
                  : `${join(dir, 'nergens')}/`,
            cwd: dir,
          };
        case 'folder':
          mkdirSync(join(dir, 'map'));
          return { path: join(dir, 'map') + (row.use === 'output' ? '/' : ''), cwd: dir };
        case 'file-for-folder':
          return {
            path: read
              ? join(f.plain, 'x')
              : row.use === 'output'
                ? `${f.plain}/`
                : row.use === 'new-file'
                  ? join(f.plain, 'nieuw.bestand')
                  : f.plain,
            cwd: dir,
          };
        case 'dev-zero':
          // Where kluis would write, a node of our own: a kluis that wrongly replaced its output would replace that, not the machine's /dev/zero.
          return f.zero
            ? { path: f.zero, cwd: dir }
            : readUses.includes(row.use)
              ? { path: '/dev/zero', cwd: dir }
              : undefined;
        case 'fifo':
          return { path: f.fifo, cwd: dir };
        case 'unreadable':
          return {
            path: read
              ? join(f.privateDir, basename(valid))
              : row.use === 'home'
                ? f.privateDir
                : row.use === 'new-file'
                  ? join(f.rootOnly, 'nieuw.bestand')
                  : f.rootOnly + (row.use === 'output' ? '/' : ''),
            cwd: f.nobodyHome,
          };
        case 'read-only':
          if (!f.readOnly) return undefined;
          return {
            path: read
              ? join(f.readOnly, basename(valid))
              : row.use === 'new-file'
                ? join(f.readOnly, 'nieuw.bestand')
                : row.use === 'home'
                  ? f.readOnly
                  : f.readOnly + (row.use === 'output' ? '/' : ''),
            cwd: dir,
          };
        case 'relative':
          if (read) return { path: basename(valid), cwd: f.dir };
          mkdirSync(join(dir, 'map'));
          return {
            path:
              row.use === 'new-file'
                ? 'nieuw.bestand'
                : row.use === 'home'
                  ? 'thuis'
                  : row.use === 'output'
                    ? 'map/'
                    : 'map',
            cwd: dir,
          };
        case 'vanishes':
          return undefined;
      }
    }

    test('every path field of the wizard (a file field, or a text field marked path) is in the web rows', () => {
      // The wizard's fields are its operations' catalog inputs (inputField), so the catalog lists them.
      const fields = new Set<string>();
      for (const op of core.allOperations().filter((o) => o.wizard))
        for (const e of op.inputs.filter((x) => x.only !== 'cli')) {
          const field = inputField(e.input as core.InputId);
          if (field.kind === 'file' || field.path) fields.add(field.id);
        }
      assert.deepEqual([...fields].sort(), webFields.map((f) => f.field).sort());
    });

    test('every declared path argument is in the matrix, and every option that takes a file or folder declares it', () => {
      const undeclared: string[] = [];
      for (const c of commands as readonly CommandSpec[]) {
        for (const [name, o] of Object.entries(c.options ?? {}))
          if (/FILE|DIR/.test(o.value ?? '') && !o.path) undeclared.push(`${c.words.join(' ')} --${name}`);
        for (const a of c.args ?? [])
          if (/file|dir|folder|path/i.test(a.name) && !a.path) undeclared.push(`${c.words.join(' ')} <${a.name}>`);
      }
      for (const [name, o] of Object.entries(globalOptions))
        if (/FILE|DIR/.test(o.value ?? '') && !o.path) undeclared.push(`--${name}`);
      assert.deepEqual(undeclared, [], 'an option that takes a path says so with `path:` in its declaration');
      const inMatrix = new Set(rows().map((r) => r.id));
      const declared = declaredPathArguments();
      assert.deepEqual(
        declared.filter((d) => !inMatrix.has(d) && !(d in notInMatrix)),
        [],
        'each declared path argument has a row',
      );
      assert.deepEqual(
        [...inMatrix].filter((r) => !declared.includes(r)),
        [],
        'each row is a declared path argument',
      );
    });

    test('the CLI and the terminal wizard: each path argument × each kind of wrong path', async (t) => {
      t.diagnostic(sample.how);
      const started = Date.now();
      const outcomes = new Map<string, number>();
      // Every case of the sample runs; the failures are reported together, so one run shows the whole picture.
      const failures: string[] = [];
      const slowest: Array<[string, number]> = [];
      const tasks: Array<() => Promise<void>> = [];
      let size = 0;
      // What this run reaches: every path argument, and every kind of path that applies on this engine.
      const applicable = new Set<Case>();
      const rowsRun = new Set<string>();
      const kindsRun = new Set<Case>();
      for (const [r, row] of rows().entries()) {
        const kinds = cases.filter(
          (c) =>
            c !== 'vanishes' &&
            !row.notApplicable?.[c] &&
            // The terminal wizard signs in first; see the header.
            !(c === 'unreadable' && row.shell === 'wizard') &&
            // As nobody, in a home of nobody's own without a server: the same run on either engine, so it runs on one.
            !(c === 'unreadable' && kind === 'server'),
        );
        for (const c of kinds) applicable.add(c);
        for (const [j, c] of kinds.entries()) {
          if (!chosenCases && !sample.dealt(r, j, parts[kind])) continue;
          rowsRun.add(row.id);
          kindsRun.add(c);
          size++;
          tasks.push(async () => {
            const dir = mkdtempSync(join(scratch, 'case-'));
            chmodSync(dir, 0o755);
            const at = pathFor(row, c, dir);
            if (!at)
              return void outcomes.set(
                'skipped (needs root: a mount or mknod)',
                (outcomes.get('skipped (needs root: a mount or mknod)') ?? 0) + 1,
              );
            const env: CaseEnv = { f, dir, cwd: at.cwd, kind };
            const asNobody = c === 'unreadable';
            const base = row.ownHome ? [] : asNobody ? ['--home', f.nobodyHome] : inst.cli.args;
            const before = listing(dir);
            // Two cases run at once; two that lock the same administration take turns (in use is not a path's outcome).
            let run = await runKluis([...base, ...row.args(at.path, env)], {
              env: inst.cli.env,
              cwd: at.cwd,
              asNobody,
            });
            for (let turn = 0; turn < 20 && errorOf(run)?.code === 'ADMIN_IN_USE'; turn++) {
              await new Promise((r) => setTimeout(r, 250));
              run = await runKluis([...base, ...row.args(at.path, env)], { env: inst.cli.env, cwd: at.cwd, asNobody });
            }
            const label = `${row.id} × ${c} (${at.path})`;
            const want = expected(row.use, c, row.shell);
            slowest.push([label, run.ms]);
            try {
              const outcome = judge(label, run, want, row.taken);
              outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
              if (want !== 'taken') assert.deepEqual(listing(dir), before, `${label}: nothing was written`);
              assert.deepEqual(await leftBehind(run.pid), [], `${label}: nothing left behind`);
            } catch (err) {
              failures.push((err as Error).message.split('\n').slice(0, 4).join(' | '));
            }
            rmSync(dir, { recursive: true, force: true });
          });
        }
      }
      assert.deepEqual(
        rows()
          .map((row) => row.id)
          .filter((id) => !rowsRun.has(id)),
        [],
        'every path argument is tried in this run',
      );
      assert.deepEqual(
        [...applicable].filter((c) => !kindsRun.has(c)),
        [],
        'every kind of path is tried in this run',
      );
      await inPool(tasks, 2);
      assert.deepEqual(failures, [], `${failures.length} of ${size} cases are not as the table says`);
      assert.deepEqual(
        listing(scratch).filter((n) => !n.startsWith('case-')),
        fixtureListing,
        'the fixtures and the folders around them are unchanged',
      );
      assert.deepEqual(await core.listRecovery(inst.ctx), [], 'nothing to recover');
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const rowCount = rows().length;
      const slow = slowest
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([l, ms]) => `${l} ${(ms / 1000).toFixed(1)} s`);
      process.stderr.write(
        `# paths (${kind}): ${rowCount} path arguments × ${cases.length} kinds of path, ${size} cases run in ${seconds} s (${sample.how}); outcomes ${JSON.stringify(Object.fromEntries(outcomes))}; slowest: ${slow.join('; ')}\n`,
      );
    });

    test('the terminal wizard: a path that vanishes between the summary and Finish', async () => {
      // The wizard works with servers by the names in the home: "srv" is how the server installation knows its server.
      const server = kind === 'embedded' ? 'local' : 'srv';
      const ctx =
        kind === 'embedded'
          ? inst.ctx
          : core.createContext({ home: inst.home, server, systemDatabase: inst.ctx.systemDatabase });
      const run = async (flags: Record<string, string>, vanish: () => void) =>
        runTerminalWizard({
          home: inst.home,
          server,
          lang: 'en',
          flags: { open: '001', user: 'devries', 'password-file': f.secret, 'non-interactive': '', ...flags },
          prompter: new VanishAtFinish(vanish),
          out: createOutput('en', true, sink()),
          contexts: new Map([[server, ctx]]),
        });
      const dir = mkdtempSync(join(scratch, 'case-'));
      chmodSync(dir, 0o755);
      const file = join(dir, 'weg.ebu');
      copyFileSync(f.ebu, file);
      const out = join(dir, 'uit');
      mkdirSync(out, { mode: 0o755 });
      const db = join(dir, 'db');
      mkdirSync(db, { mode: 0o755 });
      const extra = (p: string): Record<string, string> => (kind === 'server' ? { 'server-folder': p } : {});
      const cases: Array<[string, Record<string, string>, () => void, ErrorCode]> = [
        ['wizard --file', { action: 'restore', file, to: 'Verdwenen' }, () => rmSync(file), 'FILE_NOT_FOUND'],
        [
          'wizard --output',
          { action: 'backup', adm: '001', encrypt: 'no', output: `${out}/` },
          () => rmSync(out, { recursive: true }),
          'DIRECTORY_MISSING',
        ],
        [
          'wizard --database-dir',
          { action: 'restore', file: f.ebu, to: 'Verdwenen', 'database-dir': db, ...extra(db) },
          () => rmSync(db, { recursive: true }),
          'DIRECTORY_MISSING',
        ],
      ];
      for (const [label, flags, vanish, code] of cases) {
        await assert.rejects(run(flags, vanish), (err: { code?: string; message: string }) => {
          assert.equal(err.code, code, `${label}: ${err.message}`);
          return true;
        });
      }
      assert.deepEqual(
        (await core.listAdministrations(inst.ctx)).map((a) => a.name).filter((n) => n === 'Verdwenen'),
        [],
      );
      assert.deepEqual(await core.listRecovery(inst.ctx), []);
      rmSync(dir, { recursive: true, force: true });
    });

    test('the web wizard: the file, output and database directory fields × each kind of wrong path', {
      skip: kind !== 'embedded',
    }, async (t) => {
      t.diagnostic(sample.how);
      const started = Date.now();
      const web: RunningWizard = await startWizard(inst.cli.args, inst.cli.env);
      const outcomes = new Map<string, number>();
      const failures: string[] = [];
      let size = 0;
      try {
        const c = new Client(web);
        await c.enter();
        await c.signIn('001', 'devries');
        // The client's bookkeeper, signed in to 002 (handed out), for the apply's package.
        const client = new Client(web);
        await client.enter();
        await client.signIn('002', 'jansen');
        const codeIn = (page: string): string | undefined => /data-code="([A-Z_]+)"/.exec(page)?.[1];
        /** Walks an action to the step that holds `field`, posts `value`, and returns the page that follows. */
        const walkTo = async (action: WebAction, field: WebField, value: string): Promise<string> => {
          if (action === 'client-apply') {
            await client.step({ nav: 'cancel' });
            await client.step({ nav: 'next' });
            await client.step({ nav: 'next', action });
            return client.step({ nav: 'next', changesFile: value });
          }
          await c.step({ nav: 'cancel' });
          await c.step({ nav: 'next' });
          await c.step({ nav: 'next', action });
          if (action === 'backup') {
            await c.step({ nav: 'next', adm: '001' });
            return c.step({ nav: 'next', output: value, encrypt: 'no' });
          }
          if (field === 'file') return c.step({ nav: 'next', file: value });
          await c.step({ nav: 'next', file: f.ebu });
          await c.step({ nav: 'next', server: 'local' });
          await c.step({ nav: 'next', to: 'Paden web' });
          return c.step({ nav: 'next', databaseDir: value });
        };
        const kinds = cases.filter((kase) => kase !== 'unreadable'); // see the header
        for (const [w, { field, action, use }] of webFields.entries()) {
          for (const [j, kase] of kinds.entries()) {
            if (!chosenCases && !sample.dealt(w, j, webParts)) continue;
            const dir = mkdtempSync(join(scratch, 'case-'));
            chmodSync(dir, 0o755);
            const label = `web ${field} × ${kase}`;
            const want = expected(use, kase, 'web');
            size++;
            let page: string;
            if (kase === 'vanishes') {
              const path = use === 'backup' ? join(dir, 'weg.ebu') : join(dir, 'weg') + (use === 'output' ? '/' : '');
              if (use === 'backup') copyFileSync(field === 'changesFile' ? f.changes : f.ebu, path);
              else mkdirSync(path);
              page = await walkTo(action, field, path);
              if (field === 'file') {
                await c.step({ nav: 'next', server: 'local' });
                await c.step({ nav: 'next', to: 'Paden web' });
                page = await c.step({ nav: 'next', databaseDir: '' });
              }
              const who = field === 'changesFile' ? client : c;
              if (field === 'changesFile') page = await client.step({ nav: 'next', changesTo: '002' });
              if (!/Summary/.test(page)) {
                failures.push(`${label}: did not reach the summary`);
                continue;
              }
              rmSync(path, { recursive: true });
              page = await who.step({ nav: 'finish' });
              for (let i = 0; i < 100 && !/data-result|data-code/.test(page); i++) {
                await new Promise((r) => setTimeout(r, 100));
                page = (await who.get('/')).body;
              }
            } else {
              const row = {
                id: label,
                shell: 'cli' as const,
                use,
                valid: () => (field === 'changesFile' ? f.changes : f.ebu),
                args: () => [],
                taken: 'ok' as const,
              };
              const at = pathFor(row, kase === 'relative' ? 'relative' : kase, dir);
              if (!at) continue;
              const path = kase === 'relative' ? basename(at.path) : at.path;
              page = await walkTo(action, field, path);
            }
            const code = codeIn(page);
            if (code !== (want === 'taken' ? undefined : want))
              failures.push(`${label}: expected ${want}, got ${code ?? 'taken'}`);
            outcomes.set(code ?? 'taken', (outcomes.get(code ?? 'taken') ?? 0) + 1);
            rmSync(dir, { recursive: true, force: true });
          }
        }
        const peak = peakOf(web.child.pid!);
        assert.ok(peak < 200 * 1024, `the web wizard's peak memory ${Math.round(peak / 1024)} MiB`);
        assert.equal((await c.get('/')).status, 200, 'the web wizard still answers');
      } finally {
        await web.stop();
      }
      assert.deepEqual(failures, [], `${failures.length} of ${size} cases are not as the table says`);
      assert.deepEqual(await core.listRecovery(inst.ctx), []);
      process.stderr.write(
        `# paths (web): ${webFields.length} path fields × ${cases.filter((c) => c !== 'unreadable').length} kinds of path, ${size} cases run (${sample.how}) in ${((Date.now() - started) / 1000).toFixed(0)} s; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}\n`,
      );
    });
  });
}
