/**
 * The embedded server's life cycle with real processes: started on demand
 * and left running, shared by several processes, started by several at once,
 * recovered after kill -9, stale pid files, and run under an unprivileged
 * account when kluis is root. Each test uses a home of its own.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runsAsRoot } from '../../src/engines/embedded/service-account.js';
import { EmbeddedEngine, readPostmaster } from '../../src/engines/index.js';
import { isAlive } from '../../src/storage/process-info.js';
import { selectedEngines } from '../helpers/engines.js';

const homes: EmbeddedEngine[] = [];

function freshEngine(): EmbeddedEngine {
  const home = mkdtempSync(join(tmpdir(), 'kluis-emb-'));
  const engine = new EmbeddedEngine({ name: 'local', home });
  homes.push(engine);
  return engine;
}

async function waitUntil(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs a separate Node process that connects through the engine and prints the backend pid. */
function childQuery(home: string): Promise<string> {
  const script = `
    import { EmbeddedEngine } from ${JSON.stringify(new URL('../../src/engines/index.js', import.meta.url).href)};
    const e = new EmbeddedEngine({ name: 'local', home: ${JSON.stringify(home)} });
    const c = await e.connect('postgres');
    const r = await c.query('select pg_backend_pid() as p');
    console.log(r.rows[0].p);
    await c.end();
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

describe('embedded server process', { skip: !selectedEngines().includes('embedded') }, () => {
  after(async () => {
    for (const e of homes) {
      await e.stop().catch(() => undefined);
      rmSync(e.layout.home, { recursive: true, force: true });
    }
  });

  test('starts on demand, outlives the process that started it, and serves several processes', async () => {
    const engine = freshEngine();
    assert.equal((await engine.status()).running, false);
    // allSettled: every child must have finished before the test ends, even when one fails.
    const results = await Promise.allSettled([
      childQuery(engine.layout.home),
      childQuery(engine.layout.home),
      childQuery(engine.layout.home),
    ]);
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? 'ok' : String(r.reason))),
      ['ok', 'ok', 'ok'],
    );
    // The three processes raced to start it; exactly one server runs, and it is still up now they are gone.
    const pm = readPostmaster(engine.layout);
    assert.ok(pm && isAlive(pm.pid) && pm.status === 'ready');
    const status = await engine.status();
    assert.equal(status.pid, pm.pid);
    const client = await engine.connect('postgres');
    const r = await client.query(
      `select count(*)::int as n from pg_stat_activity where backend_type = 'client backend'`,
    );
    assert.equal(r.rows[0].n, 1);
    // Socket only: no TCP listener.
    const addr = await client.query(`select current_setting('listen_addresses') as l`);
    assert.equal(addr.rows[0].l, '');
    await client.end();
  });

  test('the data folder and socket folder are private to the server account', async () => {
    const engine = freshEngine();
    await engine.start();
    for (const dir of [engine.layout.data, engine.layout.socketDir]) {
      assert.equal(statSync(dir).mode & 0o777, 0o700, dir);
    }
    const pid = readPostmaster(engine.layout)!.pid;
    const uid = Number(/Uid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
    if (runsAsRoot()) {
      assert.notEqual(uid, 0, 'the server must not run as root');
      assert.equal(
        execFileSync('id', ['-un', String(uid)])
          .toString()
          .trim(),
        process.env['KLUIS_SERVICE_ACCOUNT'] || 'kluis-pg',
      );
    } else {
      assert.equal(uid, process.getuid!());
    }
  });

  test('recovers after the server is killed with SIGKILL, committed data intact', async () => {
    const engine = freshEngine();
    const c = await engine.connect('postgres');
    await c.query('create table kept (v text)');
    await c.query(`insert into kept values ('committed')`);
    await c.end();
    const pid = readPostmaster(engine.layout)!.pid;
    process.kill(pid, 'SIGKILL');
    await waitUntil(() => !isAlive(pid));
    assert.equal((await engine.status()).running, false);
    const again = await engine.connect('postgres');
    const r = await again.query('select v from kept');
    assert.deepEqual(r.rows, [{ v: 'committed' }]);
    await again.end();
    assert.notEqual(readPostmaster(engine.layout)!.pid, pid);
  });

  test('a stale postmaster.pid naming another live process is cleared', async () => {
    const engine = freshEngine();
    await engine.start();
    const pid = readPostmaster(engine.layout)!.pid;
    process.kill(pid, 'SIGKILL');
    await waitUntil(() => !isAlive(pid));
    // After a crash and a reboot the old pid may belong to any process: here, this test process.
    const file = join(engine.layout.data, 'postmaster.pid');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[0] = String(process.pid);
    writeFileSync(file, lines.join('\n'));
    assert.equal((await engine.status()).running, false);
    await engine.start();
    const status = await engine.status();
    assert.ok(status.running && status.pid !== process.pid);
  });

  test('a home whose socket path would be too long gets a short socket folder and works', async () => {
    const base = mkdtempSync(join(tmpdir(), 'kluis-long-'));
    execFileSync('chmod', ['0755', base]); // an ordinary folder, as a user's folders are
    const home = join(
      base,
      'a-rather-long-folder-name-for-an-accounting-office',
      'with',
      'another-level-below-it',
      'kluis',
    );
    const engine = new EmbeddedEngine({ name: 'local', home });
    homes.push(engine);
    assert.ok(join(home, 'pg', 'run', '.s.PGSQL.5432').length > 107);
    assert.ok(
      !engine.layout.socketDir.startsWith(home) && join(engine.layout.socketDir, '.s.PGSQL.5432').length <= 107,
    );
    const c = await engine.connect('postgres');
    await c.end();
    await engine.stop();
    assert.ok(!existsSync(engine.layout.socketDir), 'the short socket folder in the temp folder goes with the server');
    rmSync(base, { recursive: true, force: true });
    // Stopping a server whose home is gone makes no home.
    await engine.stop();
    assert.ok(!existsSync(base), 'stop made the home again');
  });

  test('as root, a home inside a folder the server account cannot enter is refused, naming that folder', {
    skip: !runsAsRoot(),
  }, async () => {
    const locked = mkdtempSync(join(tmpdir(), 'kluis-locked-'));
    execFileSync('chown', ['nobody', locked]);
    execFileSync('chmod', ['0700', locked]);
    const engine = new EmbeddedEngine({ name: 'local', home: join(locked, 'kluis') });
    await assert.rejects(engine.start(), (err: { code?: string; params?: Record<string, string> }) => {
      assert.equal(err.code, 'EMBEDDED_HOME_NOT_TRAVERSABLE');
      assert.equal(err.params?.['dir'], locked);
      return true;
    });
    rmSync(locked, { recursive: true, force: true });
  });

  test('stop shuts it down; the next use starts it again', async () => {
    const engine = freshEngine();
    await engine.start();
    const pid = (await engine.status()).pid!;
    await engine.stop();
    assert.equal(isAlive(pid), false);
    assert.equal((await engine.status()).running, false);
    await engine.stop(); // stopping a stopped server is fine
    const c = await engine.connect('postgres');
    await c.end();
    assert.equal((await engine.status()).running, true);
  });
});
