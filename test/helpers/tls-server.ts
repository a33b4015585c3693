/**
 * Setup helper: a throwaway PostgreSQL server with TLS on a loopback TCP
 * port, started from the embedded binaries, with a certificate from a CA made
 * for the occasion (openssl CLI). Lets the server engine's sslmodes be tested
 * against a real TLS handshake. Undefined when openssl is not installed.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareBinaries } from '../../src/engines/embedded/binaries.js';
import { ensureServiceAccount } from '../../src/engines/embedded/service-account.js';

export interface TlsServer {
  readonly port: number;
  /** The CA that signed the server certificate (CN and SAN: localhost). */
  readonly caFile: string;
  /** A CA that did not sign it. */
  readonly otherCaFile: string;
  /** Which connections pg_hba.conf admits; takes effect at once. 'password' asks for a SCRAM password. */
  allow(which: 'both' | 'tls-only' | 'plain-only' | 'password'): Promise<void>;
  /** Sets the postgres role's password (over the local socket). */
  setPassword(password: string): void;
  stop(): Promise<void>;
}

function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version']).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function makeCertificates(dir: string): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=kluis test CA',
  );
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'other.key',
    '-out',
    'other-ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=other CA',
  );
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
  ssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  );
}

const hba = {
  both: 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 trust\n',
  'tls-only': 'local all all trust\nhostssl all all 127.0.0.1/32 trust\n',
  'plain-only': 'local all all trust\nhostnossl all all 127.0.0.1/32 trust\n',
  password: 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n',
};

/**
 * With `{ tls: false }` the server has no TLS at all (ssl=off, no openssl
 * needed): a server that answers an SSL request with "no".
 */
export async function startTlsServer(options: { tls?: boolean } = {}): Promise<TlsServer | undefined> {
  const tls = options.tls ?? true;
  if (tls && !hasOpenssl()) return undefined;
  const account = ensureServiceAccount();
  const dir = mkdtempSync(join(tmpdir(), 'kluis-tls-'));
  chmodSync(dir, 0o755);
  const owned = (path: string, mode: number) => {
    if (account) chownSync(path, account.uid, account.gid);
    chmodSync(path, mode);
  };
  if (tls) {
    makeCertificates(dir);
    owned(join(dir, 'server.key'), 0o600);
    owned(join(dir, 'server.crt'), 0o644);
  }
  const data = join(dir, 'data');
  const run = join(dir, 'run');
  for (const d of [data, run]) {
    mkdirSync(d);
    owned(d, 0o700);
  }
  const bins = prepareBinaries(account, join(dir, 'bin'));
  const identity = account ? { uid: account.uid, gid: account.gid } : {};
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C' };
  const init = spawnSync(
    bins.initdb,
    ['-D', data, '-U', 'postgres', '--auth=trust', '--no-instructions', '--no-sync'],
    { ...identity, env, cwd: '/' },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const hbaFile = join(data, 'pg_hba.conf');
  writeFileSync(hbaFile, hba.both);
  const port = await freePort();
  const child = spawn(
    bins.postgres,
    [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${run}`,
      ...(tls
        ? [
            '-c',
            'ssl=on',
            '-c',
            `ssl_cert_file=${join(dir, 'server.crt')}`,
            '-c',
            `ssl_key_file=${join(dir, 'server.key')}`,
          ]
        : ['-c', 'ssl=off']),
    ],
    { ...identity, env, cwd: '/', stdio: 'ignore' },
  );
  const pidFile = join(data, 'postmaster.pid');
  const ready = () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').split('\n')[7]?.trim() === 'ready';
  for (const end = Date.now() + 30_000; !ready(); ) {
    if (Date.now() > end || child.exitCode !== null) throw new Error('TLS test server did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    port,
    caFile: join(dir, 'ca.crt'),
    otherCaFile: join(dir, 'other-ca.crt'),
    async allow(which) {
      writeFileSync(hbaFile, hba[which]);
      process.kill(child.pid!, 'SIGHUP');
      await new Promise((r) => setTimeout(r, 300));
    },
    setPassword(password) {
      const escaped = password.replace(/'/g, "''");
      // postgres --single cannot run next to the server; use the server itself over its socket via a tiny client.
      const script = `import pg from 'pg'; const c = new pg.Client({ host: ${JSON.stringify(run)}, port: ${port}, user: 'postgres', database: 'postgres' }); await c.connect(); await c.query("alter role postgres password '${escaped}'"); await c.end();`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: new URL('../../..', import.meta.url).pathname,
      });
      if (r.status !== 0) throw new Error(`setting the password failed: ${r.stderr}`);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
