/**
 * Issue 18, defect 13: each way a login can fail says what happened, through
 * the real kluis process. Against a throwaway PostgreSQL without TLS that
 * asks for a SCRAM password, a closed port, a name under .invalid and a
 * listener that never answers: auth failure, missing password, TLS refused,
 * DNS, connection refused and timeout each get their own code or message.
 * A server that asks for a password is "running" in "server status", named
 * for the missing password in "backup history", and a password file is used
 * without the pg driver's DeprecationWarning.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runKluis } from '../helpers/cli.js';
import { selectedEngines } from '../helpers/engines.js';
import { startTlsServer, type TlsServer } from '../helpers/tls-server.js';

const password = 'Geheim-Wachtwoord-7';

function listen(onSocket: (s: Socket) => void = () => undefined): Promise<Server> {
  return new Promise((resolve) => {
    const srv = createServer(onSocket);
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}
const portOf = (srv: Server) => (srv.address() as { port: number }).port;

describe('every way a login fails has its own words (issue 18, defect 13)', {
  skip: !selectedEngines().includes('server'),
}, () => {
  let server: TlsServer;
  let silent: Server;
  const sockets: Socket[] = [];
  let closedPort: number;
  const home = mkdtempSync(join(tmpdir(), 'kluis-login-'));
  const noPassword = { PGPASSWORD: '', PGPASSFILE: join(home, 'no-pgpass') };

  before(async () => {
    server = (await startTlsServer({ tls: false }))!;
    server.setPassword(password);
    await server.allow('password');
    silent = await listen((s) => sockets.push(s)); // accepts, never says a word
    const closed = await listen();
    closedPort = portOf(closed);
    await new Promise((r) => closed.close(r));
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    silent?.close();
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  test('six failures, six different errors', async () => {
    const at = `host=127.0.0.1 port=${server.port} user=postgres`;
    const cases = [
      {
        what: 'auth failure',
        conninfo: `${at} sslmode=disable password=Fout-99`,
        code: 'SERVER_AUTH_FAILED',
        says: /refused the login: password authentication failed/,
      },
      {
        what: 'missing password',
        conninfo: `${at} sslmode=prefer`,
        code: 'SERVER_PASSWORD_MISSING',
        says: /asks for a password, but there is none/,
      },
      {
        what: 'TLS refused',
        conninfo: `${at} sslmode=require`,
        code: 'SERVER_TLS_REFUSED',
        says: /does not support encrypted \(TLS\) connections/,
      },
      {
        what: 'DNS',
        conninfo: 'host=db.kluis-test.invalid user=postgres',
        code: 'SERVER_HOST_UNKNOWN',
        says: /"db\.kluis-test\.invalid" .* cannot be found \(DNS\)/,
      },
      {
        what: 'connection refused',
        conninfo: `host=127.0.0.1 port=${closedPort} user=postgres`,
        code: 'SERVER_UNREACHABLE',
        says: /nothing listens on that port \(connection refused\)/,
      },
      {
        what: 'timeout',
        conninfo: `host=127.0.0.1 port=${portOf(silent)} user=postgres connect_timeout=1`,
        code: 'SERVER_UNREACHABLE',
        says: /did not answer within the time allowed/,
      },
    ];
    // A home each: concurrent "server add"s in one home would race on config.json (not what is tested here).
    const runs = await Promise.all(
      cases.map((c, i) =>
        runKluis(
          ['--home', mkdtempSync(join(home, 'case-')), 'server', 'add', `s${i}`, c.conninfo, '--json'],
          noPassword,
        ),
      ),
    );
    const messages = new Set<string>();
    cases.forEach((c, i) => {
      const r = runs[i]!;
      assert.equal(r.code, 9, `${c.what}: ${r.stderr}`.replace(/\s+/g, ' '));
      const { error } = JSON.parse(r.stderr) as { error: { code: string; message: string } };
      assert.equal(error.code, c.code, `${c.what}: ${error.message}`);
      assert.match(error.message, c.says, c.what);
      assert.doesNotMatch(error.message, /Fout-99|SASL|SCRAM|does not support SSL/, c.what);
      messages.add(error.message.replace(/"s\d"/, ''));
    });
    assert.equal(messages.size, cases.length, 'each failure its own message');
  });

  test('a server that asks for a password runs, and its history is skipped for the missing password', async () => {
    const added = await runKluis([
      '--home',
      home,
      'server',
      'add',
      'kantoor',
      `host=127.0.0.1 port=${server.port} user=postgres password=${password}`,
    ]);
    assert.equal(added.code, 0, added.stderr);
    // The same server without the stored password: what a password file is for.
    const bare = await runKluis(
      ['--home', home, 'server', 'add', 'bare', `host=127.0.0.1 port=${server.port} user=postgres`],
      { PGPASSWORD: password },
    );
    assert.equal(bare.code, 0, bare.stderr);
    const status = await runKluis(['--home', home, '--server', 'bare', 'server', 'status'], noPassword);
    assert.match(
      status.stdout,
      /^bare \(.*\): running; .*asks for a password, but there is none/,
      status.stdout + status.stderr,
    );
    assert.equal(status.code, 9);
    const history = await runKluis(['--home', home, '--server', 'kantoor', 'backup', 'history', '--json'], noPassword);
    assert.equal(history.code, 0, history.stderr);
    const skipped = (JSON.parse(history.stdout) as { skipped: Array<{ server: string; reason: string }> }).skipped;
    assert.deepEqual(
      skipped.filter((s) => s.server === 'bare').map((s) => s.reason),
      ['SERVER_PASSWORD_MISSING'],
    );
  });

  test('a password file is used, without a DeprecationWarning', async () => {
    const pgpass = join(home, 'pgpass');
    writeFileSync(
      pgpass,
      `# kluis test\nelders:5432:*:postgres:niet-deze\n127.0.0.1:${server.port}:*:postgres:${password.replace(/[:\\]/g, '\\$&')}\n`,
      { mode: 0o600 },
    );
    const r = await runKluis(['--home', home, '--server', 'bare', 'server', 'status'], {
      PGPASSWORD: '',
      PGPASSFILE: pgpass,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /running PostgreSQL/);
    assert.doesNotMatch(r.stderr, /Deprecation/);
    assert.equal(r.stderr, '');
  });
});
