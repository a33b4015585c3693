/**
 * Runs the embedded PostgreSQL server as a detached process that outlives
 * kluis, so that the next command (and the web UI at the same time) find it
 * running. Knows how to tell our running server from a stale postmaster.pid
 * left by a crash, and clears leftovers of a crashed server before starting.
 *
 * Readiness is read from postmaster.pid: line 1 must be the pid we spawned
 * (otherwise an older server's file could look ready) and line 8 "ready".
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  openSync,
  readSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { phrase, ToolError } from '../../errors/index.js';
import { makeFolder } from '../../storage/folders.js';
import { acquireLock, describeHolder } from '../../storage/lock-file.js';
import { commandLine, isAlive, processesWithCwd } from '../../storage/process-info.js';
import { readSmallText, smallFiles } from '../../storage/small-file.js';
import { type Binaries, prepareBinaries } from './binaries.js';
import { type EmbeddedLayout, embeddedPort, embeddedRole } from './embedded-config.js';
import { ensureServiceAccount, firstBlockingFolder, type ServiceAccount } from './service-account.js';

export interface PostmasterState {
  readonly pid: number;
  readonly status: string;
}

const startTimeoutMs = 60_000;
const stopTimeoutMs = 60_000;
const lockTimeoutMs = 90_000;

/** Settings the server starts with; socket only, and tuned for bulk loads. */
function serverArguments(layout: EmbeddedLayout): string[] {
  const settings: Record<string, string> = {
    listen_addresses: '',
    unix_socket_directories: layout.socketDir,
    unix_socket_permissions: '0700',
    // With no replication, COPY into a table created in the same transaction skips WAL.
    wal_level: 'minimal',
    max_wal_senders: '0',
    max_wal_size: '2GB',
    shared_buffers: '128MB',
    max_connections: '60',
    logging_collector: 'off',
    TimeZone: 'UTC',
  };
  const args = ['-D', layout.data, '-p', String(embeddedPort)];
  for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
  return args;
}

export function readPostmaster(layout: EmbeddedLayout): PostmasterState | undefined {
  try {
    const lines = readSmallText(`${layout.data}/postmaster.pid`, smallFiles.lock).split('\n');
    const pid = Number(lines[0]);
    return Number.isInteger(pid) && pid > 0 ? { pid, status: (lines[7] ?? '').trim() } : undefined;
  } catch {
    return undefined;
  }
}

/** True when `pid` is a postgres server process working in our data folder. */
function isOurServer(pid: number, layout: EmbeddedLayout): boolean {
  if (!isAlive(pid)) return false;
  const cmd = commandLine(pid);
  if (cmd === undefined) return true; // no /proc (macOS): trust the live pid in our own pid file
  return cmd.includes(layout.data) || processesWithCwd(layout.data).includes(pid);
}

export class EmbeddedProcess {
  readonly #layout: EmbeddedLayout;

  constructor(layout: EmbeddedLayout) {
    this.#layout = layout;
  }

  get layout(): EmbeddedLayout {
    return this.#layout;
  }

  /** The running server's pid when it is up and ready, without side effects. */
  runningPid(): number | undefined {
    const pm = readPostmaster(this.#layout);
    return pm && pm.status === 'ready' && isOurServer(pm.pid, this.#layout) ? pm.pid : undefined;
  }

  /** Starts the server unless it runs; several processes may call this at once. */
  async ensureRunning(): Promise<number> {
    const running = this.runningPid();
    if (running) return running;
    return this.#underLock('start', async () => this.runningPid() ?? (await this.#start()));
  }

  /** Fast shutdown; returns false when it was not running. */
  async stop(): Promise<boolean> {
    // No server runs in a home that does not exist, and taking the lock would make the home.
    if (!existsSync(this.#layout.root)) return false;
    return this.#underLock('stop', async () => {
      const pm = readPostmaster(this.#layout);
      if (!pm || !isOurServer(pm.pid, this.#layout)) return false;
      process.kill(pm.pid, 'SIGINT');
      if (!(await waitFor(() => !isAlive(pm.pid), stopTimeoutMs))) {
        process.kill(pm.pid, 'SIGQUIT');
        await waitFor(() => !isAlive(pm.pid), 10_000);
      }
      this.#removeTempSocketFolder();
      return true;
    });
  }

  /** A home too deep for a socket path has its socket folder in the temp folder: gone with the server. */
  #removeTempSocketFolder(): void {
    const { socketDir, root } = this.#layout;
    if (socketDir.startsWith(root)) return;
    try {
      rmdirSync(socketDir);
    } catch {
      // not empty (another server's files?) or gone already: left as it is
    }
  }

  async #underLock<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    makeFolder(this.#layout.root, 0o755);
    const result = await acquireLock(this.#layout.startLock, `${operation} embedded server`, lockTimeoutMs);
    if (!result.acquired) {
      throw new ToolError('EMBEDDED_BUSY', {
        home: this.#layout.home,
        holder: result.holder ? describeHolder(result.holder) : '?',
      });
    }
    try {
      return await fn();
    } finally {
      result.lock.release();
    }
  }

  async #start(): Promise<number> {
    const account = ensureServiceAccount();
    this.#prepareFolders(account);
    const binaries = prepareBinaries(account, this.#layout.binCopies);
    if (!existsSync(`${this.#layout.data}/PG_VERSION`)) this.#initdb(binaries, account);
    await this.#clearLeftovers();
    return this.#spawnServer(binaries, account);
  }

  #prepareFolders(account: ServiceAccount | undefined): void {
    const { home, root, logDir, socketDir } = this.#layout;
    // Root's folders only need to be enterable by the service account (0711), not readable.
    const traverseMode = account ? 0o711 : 0o700;
    makeFolder(home, traverseMode);
    makeFolder(root, traverseMode);
    if (account) {
      // kluis's own folders may be entered (not listed) by the service account;
      // folders above the home are not ours to change, so they are only checked.
      if (statSync(home).uid === process.getuid?.()) chmodSync(home, (statSync(home).mode & 0o777) | 0o111);
      chmodSync(root, 0o711);
      const blocking = firstBlockingFolder(root, account);
      if (blocking) throw new ToolError('EMBEDDED_HOME_NOT_TRAVERSABLE', { dir: blocking, account: account.name });
    }
    makeFolder(logDir, 0o700);
    this.#ownedFolder(socketDir, account);
  }

  /** A 0700 folder owned by the server's account; refuses one someone else made. */
  #ownedFolder(dir: string, account: ServiceAccount | undefined): void {
    makeFolder(dir, 0o700);
    const st = statSync(dir);
    const ownerUid = account ? account.uid : process.getuid?.();
    if (account && st.uid !== account.uid) {
      if (st.uid !== 0) throw new ToolError('EMBEDDED_FOLDER_FOREIGN', { home: this.#layout.home, dir });
      chownSync(dir, account.uid, account.gid);
    } else if (!account && ownerUid !== undefined && st.uid !== ownerUid) {
      throw new ToolError('EMBEDDED_FOLDER_FOREIGN', { home: this.#layout.home, dir });
    }
    chmodSync(dir, 0o700);
  }

  #initdb(binaries: Binaries, account: ServiceAccount | undefined): void {
    const partial = `${this.#layout.data}.init-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    this.#ownedFolder(partial, account);
    const result = spawnSync(
      binaries.initdb,
      [
        '-D',
        partial,
        '-U',
        embeddedRole,
        '-E',
        'UTF8',
        '--locale=C',
        '--auth-local=trust',
        '--auth-host=reject',
        '--no-instructions',
      ],
      { ...this.#spawnIdentity(account), stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv() },
    );
    if (result.status !== 0) {
      rmSync(partial, { recursive: true, force: true });
      // initdb's own words (a path, an errno) are for --debug: they are the cause.
      const said = (result.stderr?.toString() || result.error?.message || '').trim();
      throw new ToolError(
        'EMBEDDED_START_FAILED',
        {
          home: this.#layout.home,
          reason: phrase('INITDB_FAILED', { status: String(result.status ?? result.error?.name ?? '?') }),
          log: this.#layout.logFile,
        },
        { cause: new Error(`initdb: ${said}`) },
      );
    }
    // The rename makes a half-initialised cluster impossible to mistake for a real one.
    renameSync(partial, this.#layout.data);
  }

  /**
   * After a crash: a postmaster.pid whose pid now names another process is
   * removed (postgres would refuse it), and backends that outlived their
   * postmaster (they keep the shared memory busy) are killed.
   */
  async #clearLeftovers(): Promise<void> {
    const pm = readPostmaster(this.#layout);
    if (pm && isOurServer(pm.pid, this.#layout)) {
      // A server that is still starting or stopping: let it finish.
      await waitFor(() => !isAlive(pm.pid) || readPostmaster(this.#layout)?.status === 'ready', startTimeoutMs);
      if (isAlive(pm.pid)) return;
    }
    // We hold the start lock and no server of ours is alive, so lock files that
    // name a dead, zombie or unrelated process are stale. postgres checks them
    // with kill(pid, 0), which a zombie or a reused pid would pass.
    rmSync(`${this.#layout.data}/postmaster.pid`, { force: true });
    rmSync(`${this.#layout.socketDir}/.s.PGSQL.${embeddedPort}.lock`, { force: true });
    rmSync(`${this.#layout.socketDir}/.s.PGSQL.${embeddedPort}`, { force: true });
    const orphans = processesWithCwd(this.#layout.data);
    for (const pid of orphans) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await waitFor(() => orphans.every((pid) => !isAlive(pid)), 10_000);
  }

  async #spawnServer(binaries: Binaries, account: ServiceAccount | undefined): Promise<number> {
    if (this.runningPid()) return this.runningPid()!;
    const logFd = openSync(this.#layout.logFile, 'a', 0o600);
    const logStart = statSync(this.#layout.logFile).size;
    let exited: number | null | undefined;
    const child = spawn(binaries.postgres, serverArguments(this.#layout), {
      ...this.#spawnIdentity(account),
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: serverEnv(),
    });
    closeSync(logFd);
    child.on('exit', (code) => (exited = code));
    child.on('error', () => (exited = -1));
    child.unref();
    const pid = child.pid;
    const ready = await waitFor(() => {
      const pm = readPostmaster(this.#layout);
      return exited !== undefined || (pm !== undefined && pm.pid === pid && pm.status === 'ready');
    }, startTimeoutMs);
    if (pid === undefined || exited !== undefined || !ready) {
      if (pid !== undefined && exited === undefined) process.kill(pid, 'SIGQUIT');
      // The log's tail is the server's own words: the hint names the log, --debug shows the tail.
      const reason =
        exited === undefined ? phrase('POSTGRES_NOT_READY') : phrase('POSTGRES_EXITED', { status: String(exited) });
      const cause = new Error(`postgres: ${logTail(this.#layout.logFile, logStart)}`);
      throw new ToolError(
        'EMBEDDED_START_FAILED',
        { home: this.#layout.home, reason, log: this.#layout.logFile },
        { cause },
      );
    }
    return pid;
  }

  #spawnIdentity(account: ServiceAccount | undefined): { uid?: number; gid?: number; cwd: string } {
    return account ? { uid: account.uid, gid: account.gid, cwd: '/' } : { cwd: this.#layout.root };
  }
}

function serverEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
}

/** The last FATAL/ERROR lines written to the log since `from`, for the error message. */
function logTail(path: string, from: number): string {
  try {
    const fd = openSync(path, 'r');
    const size = statSync(path).size;
    const length = Math.min(size - from, 16_384);
    const buf = Buffer.alloc(Math.max(length, 0));
    readSync(fd, buf, 0, buf.length, size - buf.length);
    closeSync(fd);
    const lines = buf
      .toString('utf8')
      .split('\n')
      .filter((l) => /FATAL|ERROR|PANIC/.test(l));
    return lines.slice(-2).join(' ').trim();
  } catch {
    return '';
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    if (check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, delay));
  }
}
