/**
 * PostgreSQL refuses to run as root. When kluis itself runs as root (CI,
 * containers, a server install) the embedded server runs under a dedicated
 * unprivileged system account. A dedicated account (not "nobody") keeps its
 * processes and files unambiguous.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { phrase, ToolError } from '../../errors/index.js';

export interface ServiceAccount {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export const defaultServiceAccountName = 'kluis-pg';

export function runsAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function lookup(name: string): ServiceAccount | undefined {
  try {
    const uid = Number(
      execFileSync('id', ['-u', name], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    );
    const gid = Number(
      execFileSync('id', ['-g', name], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    );
    return Number.isInteger(uid) && Number.isInteger(gid) ? { name, uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

function create(name: string): void {
  const attempts: Array<[string, string[]]> = [
    [
      'useradd',
      [
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        name,
      ],
    ],
    // busybox (Alpine): no useradd
    ['adduser', ['-S', '-D', '-H', '-s', '/sbin/nologin', name]],
  ];
  let lastError = '';
  for (const [cmd, args] of attempts) {
    try {
      execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      return;
    } catch (err) {
      lastError = (err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message;
      // Another kluis process may have created it at the same moment.
      if (lookup(name)) return;
    }
  }
  // What useradd said is for --debug: it is the cause.
  throw new ToolError(
    'SERVICE_ACCOUNT_FAILED',
    { account: name, reason: phrase('ACCOUNT_TOOLS_FAILED') },
    { cause: new Error(lastError) },
  );
}

/** The account to run the server as, created when missing; undefined when kluis is not root. */
export function ensureServiceAccount(
  name = process.env['KLUIS_SERVICE_ACCOUNT'] || defaultServiceAccountName,
): ServiceAccount | undefined {
  if (!runsAsRoot()) return undefined;
  const found = lookup(name);
  if (found) return found;
  create(name);
  const created = lookup(name);
  if (!created)
    throw new ToolError('SERVICE_ACCOUNT_FAILED', { account: name, reason: phrase('ACCOUNT_MISSING_AFTER_CREATE') });
  return created;
}

/** True when `account` can enter `path` and every folder above it. */
export function canTraverse(path: string, account: ServiceAccount): boolean {
  return firstBlockingFolder(path, account) === undefined;
}

/** The first folder on the way to `path` (inclusive) that `account` cannot enter. */
export function firstBlockingFolder(path: string, account: ServiceAccount): string | undefined {
  const chain: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    chain.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const dir of chain) {
    const st = statSync(dir);
    const mode = st.mode;
    const ok =
      (st.uid === account.uid && (mode & 0o100) !== 0) ||
      (st.gid === account.gid && (mode & 0o010) !== 0) ||
      (mode & 0o001) !== 0;
    if (!ok) return dir;
  }
  return undefined;
}
