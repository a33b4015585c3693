/**
 * Where the embedded server keeps its files inside kluis's home folder.
 *
 *   <home>/pg/data            the cluster (0700, owned by the server's account)
 *   <home>/pg/run             the unix socket (0700), no TCP port
 *   <home>/pg/log/postgres.log
 *   <home>/pg/bin/<version>/  a private copy of the binaries, only when the
 *                             installed ones cannot be reached by the server's account
 *   <home>/pg/start.lock      held while a process starts or stops the server
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Port number only names the socket file; the server listens on no TCP port. */
export const embeddedPort = 5432;
/** The superuser role inside the embedded cluster. */
export const embeddedRole = 'postgres';
/** PostgreSQL's limit on a unix socket path (sun_path minus the terminating NUL). */
const maxSocketPath = 107;

export interface EmbeddedLayout {
  readonly home: string;
  readonly root: string;
  readonly data: string;
  readonly socketDir: string;
  readonly logDir: string;
  readonly logFile: string;
  readonly binCopies: string;
  readonly startLock: string;
}

export function embeddedLayout(home: string): EmbeddedLayout {
  const root = join(home, 'pg');
  const logDir = join(root, 'log');
  return {
    home,
    root,
    data: join(root, 'data'),
    socketDir: socketDirFor(root),
    logDir,
    logFile: join(logDir, 'postgres.log'),
    binCopies: join(root, 'bin'),
    startLock: join(root, 'start.lock'),
  };
}

/**
 * The socket folder: inside the home when the path fits PostgreSQL's limit,
 * otherwise a short folder in the temp dir named after the home.
 */
function socketDirFor(root: string): string {
  const preferred = join(root, 'run');
  if (join(preferred, `.s.PGSQL.${embeddedPort}`).length <= maxSocketPath) return preferred;
  const tag = createHash('sha256').update(root).digest('hex').slice(0, 12);
  return join(tmpdir(), `kluis-${tag}`);
}
