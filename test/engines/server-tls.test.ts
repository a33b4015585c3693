/**
 * The server engine's sslmodes against a real TLS handshake: which ones use
 * TLS, how prefer/allow fall back, and that verify-ca/verify-full check the
 * chain and the host name.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServerEngine, type SslMode } from '../../src/engines/index.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { selectedEngines } from '../helpers/engines.js';
import { startTlsServer, type TlsServer } from '../helpers/tls-server.js';

let server: TlsServer | undefined;

async function usesTls(sslmode: SslMode, extra: { host?: string; sslrootcert?: string } = {}): Promise<boolean> {
  const engine = new ServerEngine({
    name: 'tls',
    settings: {
      host: extra.host ?? '127.0.0.1',
      port: server!.port,
      user: 'postgres',
      sslmode,
      ...(extra.sslrootcert ? { sslrootcert: extra.sslrootcert } : {}),
    },
    env: {},
  });
  const c = await engine.connect('postgres');
  try {
    const r = await c.query('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
    return r.rows[0].ssl as boolean;
  } finally {
    await c.end();
  }
}

describe('server engine TLS modes', { skip: !selectedEngines().includes('server') }, () => {
  before(async () => {
    server = await startTlsServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('each sslmode against a server that accepts both', async (t) => {
    if (!server) return t.skip('openssl is not installed');
    await server.allow('both');
    assert.equal(await usesTls('disable'), false);
    assert.equal(await usesTls('allow'), false);
    assert.equal(await usesTls('prefer'), true);
    assert.equal(await usesTls('require'), true);
    assert.equal(await usesTls('verify-ca', { sslrootcert: server.caFile }), true);
    assert.equal(await usesTls('verify-full', { host: 'localhost', sslrootcert: server.caFile }), true);
  });

  test('verify-ca refuses a certificate from another CA; verify-full refuses another host name', async (t) => {
    if (!server) return t.skip('openssl is not installed');
    const chain = await rejectsWithCode(
      usesTls('verify-ca', { sslrootcert: server.otherCaFile }),
      'SERVER_UNREACHABLE',
    );
    assert.match(chain.message, /certificate/i);
    const host = await rejectsWithCode(
      usesTls('verify-full', { host: '127.0.0.1', sslrootcert: server.caFile }),
      'SERVER_UNREACHABLE',
    );
    assert.match(host.message, /127\.0\.0\.1|altnames|host/i);
    await rejectsWithCode(
      usesTls('verify-full', { host: 'localhost', sslrootcert: '/nonexistent/root.crt' }),
      'FILE_NOT_FOUND',
    );
  });

  test('allow falls back to TLS, prefer falls back to plain, and the strict modes do not fall back', async (t) => {
    if (!server) return t.skip('openssl is not installed');
    await server.allow('tls-only');
    assert.equal(await usesTls('allow'), true);
    await rejectsWithCode(usesTls('disable'), 'SERVER_AUTH_FAILED');
    await server.allow('plain-only');
    assert.equal(await usesTls('prefer'), false);
    await rejectsWithCode(usesTls('require'), 'SERVER_AUTH_FAILED');
  });
});
