/**
 * Passwords the libpq way, against a server that asks for one (SCRAM):
 * PGPASSWORD, ~/.pgpass (PGPASSFILE), and a password stored by
 * "server add" — which never appears in the config or in an error.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addServer, openEngine } from '../../src/core/index.js';
import { ServerEngine } from '../../src/engines/index.js';
import { renderError } from '../../src/errors/index.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { selectedEngines } from '../helpers/engines.js';
import { startTlsServer, type TlsServer } from '../helpers/tls-server.js';

const password = "Sterk'Wachtwoord-42";
let server: TlsServer | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'kluis-auth-'));

function engine(extra: { password?: string } = {}): ServerEngine {
  return new ServerEngine({
    name: 'auth',
    settings: { host: '127.0.0.1', port: server!.port, user: 'postgres', sslmode: 'disable', ...extra },
    env: {},
  });
}

async function canConnect(e: ServerEngine): Promise<void> {
  const c = await e.connect('postgres');
  await c.end();
}

/** Runs `fn` with environment variables set, restoring them afterwards (pg reads process.env itself). */
async function withEnv(vars: Record<string, string>, fn: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('server engine passwords', { skip: !selectedEngines().includes('server') }, () => {
  before(async () => {
    server = await startTlsServer();
    if (!server) return;
    server.setPassword(password);
    await server.allow('password');
  });
  after(async () => {
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('without a password the login is refused with a clear error', async (t) => {
    if (!server) return t.skip('openssl is not installed');
    await withEnv({ PGPASSFILE: join(scratch, 'none') }, async () => {
      await rejectsWithCode(canConnect(engine()), 'SERVER_PASSWORD_MISSING');
    });
  });

  test('PGPASSWORD is used', async (t) => {
    if (!server) return t.skip('openssl is not installed');
    await withEnv({ PGPASSWORD: password }, () => canConnect(engine()));
  });

  test('~/.pgpass (PGPASSFILE) is used', async (t) => {
    if (!server) return t.skip('openssl is not installed');
    const file = join(scratch, 'pgpass');
    writeFileSync(file, `127.0.0.1:${server.port}:*:postgres:${password.replace(/[:\\]/g, '\\$&')}\n`, { mode: 0o600 });
    await withEnv({ PGPASSFILE: file }, () => canConnect(engine()));
  });

  test('a stored password works, is not in the config, and a wrong one never shows up in the error', async (t) => {
    if (!server) return t.skip('openssl is not installed');
    const home = join(scratch, 'home');
    mkdirSync(home);
    addServer(
      home,
      'kantoor',
      `host=127.0.0.1 port=${server.port} user=postgres sslmode=disable password='${password.replace(/'/g, "\\'")}'`,
    );
    assert.doesNotMatch(readFileSync(join(home, 'config.json'), 'utf8'), /Wachtwoord/);
    await canConnect(openEngine(home, 'kantoor', {}) as ServerEngine);
    const wrong = 'Fout-Wachtwoord-99';
    const err = await rejectsWithCode(canConnect(engine({ password: wrong })), 'SERVER_AUTH_FAILED');
    for (const lang of ['en', 'nl'] as const)
      assert.doesNotMatch(JSON.stringify(renderError(err, lang)), /Fout-Wachtwoord/);
    assert.doesNotMatch(err.message, /Fout-Wachtwoord/);
  });
});
