/**
 * Who gets into the web wizard: the access token, the session cookie, CSRF,
 * the Host header, a fresh session id at sign-in, jobs and downloads that
 * belong to one session, and loopback only. Plain HTTP against a real
 * `kluis start`, as an attacker's page or script would talk to it.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { type DemoInstallation, demoInstallation } from '../helpers/engines.js';
import { type RunningWizard, startWizard } from '../helpers/web.js';
import { Client } from '../helpers/web-client.js';

function rawGet(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web wizard access', () => {
  let inst: DemoInstallation;
  let web: RunningWizard;
  let dir: string;

  before(async () => {
    inst = await demoInstallation('embedded', 'websec');
    dir = inst.dir;
    web = await startWizard(inst.cli.args, inst.cli.env);
  });

  after(async () => {
    await web?.stop();
    await inst?.dispose();
  });

  test('nothing without the access token: no cookie, a wrong token or a made-up session id', async () => {
    const anonymous = new Client(web);
    const page = await anonymous.get('/');
    assert.equal(page.status, 403);
    assert.match(page.body, /No access: open the wizard with the link that &quot;kluis start&quot; printed/);
    assert.equal((await anonymous.enter('wrong-token')).status, 403);
    anonymous.cookie = 'kluis_session=made-up-by-an-attacker';
    assert.equal((await anonymous.get('/')).status, 403);
    const r = await anonymous.post('/sign-in', { _csrf: 'x', adm: '001', user: 'anna', password: core.demoPassword });
    assert.equal(r.status, 403);
    assert.equal((await anonymous.get('/assets/wizard.js')).status, 200, 'the script is public; it holds no secrets');
  });

  test('the token gives a strict HttpOnly cookie, and every page carries the security headers', async () => {
    const c = new Client(web);
    const entry = await c.enter();
    assert.equal(entry.status, 303);
    assert.match(entry.headers.get('set-cookie')!, /^kluis_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const page = await c.get('/');
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy')!;
    for (const part of ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'self'"])
      assert.ok(csp.includes(part), csp);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(page.headers.get('referrer-policy'), 'same-origin');
    assert.doesNotMatch(page.body, /<script>|style="/, 'no inline script or style');
  });

  test('state-changing requests need the CSRF token and our own origin', async () => {
    const c = new Client(web);
    await c.enter();
    await c.get('/');
    for (const [fields, headers] of [
      [{ lang: 'nl' }, {}],
      [{ lang: 'nl', _csrf: 'guessed' }, {}],
      [{ lang: 'nl', _csrf: c.csrf }, { origin: 'http://evil.example' }],
      [{ lang: 'nl', _csrf: c.csrf }, { 'sec-fetch-site': 'cross-site' }],
    ] as const) {
      const r = await c.post('/lang', fields, headers);
      assert.equal(r.status, 403, JSON.stringify({ fields, headers }));
      assert.equal((await r.json()).code, 'WEB_REQUEST_REFUSED');
    }
    const upload = await fetch(`${web.origin}/upload`, {
      method: 'POST',
      headers: { cookie: c.cookie, origin: web.origin },
      body: 'x',
    });
    assert.equal(upload.status, 403, 'an upload needs the CSRF header');
    assert.equal((await c.post('/lang', { lang: 'nl', _csrf: c.csrf })).status, 303);
    assert.match((await c.get('/')).body, /<html lang="nl">/);
  });

  test('a Host header that is not ours is refused (DNS rebinding)', async () => {
    assert.equal(await rawGet(web.port(), `evil.example:${web.port()}`), 421);
    assert.equal(await rawGet(web.port(), `127.0.0.1:${web.port()}`), 403);
  });

  test('signing in gives a new session id; the old one is worthless (session fixation)', async () => {
    const c = new Client(web);
    await c.enter();
    const before = c.cookie;
    await c.signIn('001', 'anna');
    assert.notEqual(c.cookie, before);
    const old = new Client(web);
    old.cookie = before;
    assert.equal((await old.get('/')).status, 403);
    assert.match((await c.get('/')).body, /Welcome to the backup wizard/);
  });

  test('a job and its backup belong to the session, administration and user that made them', async () => {
    const owner = new Client(web);
    await owner.enter();
    await owner.signIn('001', 'anna');
    await owner.step({ nav: 'next' });
    await owner.step({ nav: 'next', action: 'backup' });
    await owner.step({ nav: 'next', adm: '001' });
    const summary = await owner.step({ nav: 'next', output: dir, encrypt: 'no' });
    assert.match(summary, /Summary/);
    let page = await owner.step({ nav: 'finish' });
    for (let i = 0; i < 100 && !/data-result/.test(page); i++) {
      await new Promise((r) => setTimeout(r, 100));
      page = (await owner.get('/')).body;
    }
    const download = /href="(\/download\/[\w-]+)"/.exec(page)?.[1];
    assert.ok(download, page);
    const job = download.split('/')[2]!;
    const mine = await fetch(web.origin + download, { headers: { cookie: owner.cookie } });
    assert.equal(mine.status, 200);
    assert.ok((await mine.arrayBuffer()).byteLength > 1000);

    const events = await fetch(`${web.origin}/jobs/${job}/events`, { headers: { cookie: owner.cookie } });
    assert.equal(events.headers.get('content-type'), 'text/event-stream');
    assert.match(await events.text(), /^event: done\n/m, 'the progress stream ends with done');

    // The same browser, once anna signed out and someone signed into another
    // administration, no longer reaches the job or its backup; anna again does.
    await owner.get('/');
    assert.equal((await owner.post('/sign-out', { _csrf: owner.csrf })).status, 303);
    assert.equal((await fetch(web.origin + download, { headers: { cookie: owner.cookie } })).status, 404, 'signed out');
    await owner.signIn('002', 'jansen');
    assert.equal(
      (await fetch(web.origin + download, { headers: { cookie: owner.cookie } })).status,
      404,
      'another administration in the same browser',
    );
    assert.equal((await owner.get(`/jobs/${job}/events`)).status, 404);
    await owner.get('/');
    await owner.post('/sign-out', { _csrf: owner.csrf });
    await owner.signIn('001', 'anna');
    assert.equal((await fetch(web.origin + download, { headers: { cookie: owner.cookie } })).status, 200, 'anna again');

    const other = new Client(web);
    await other.enter();
    await other.signIn('002', 'jansen');
    assert.equal((await other.get(download)).status, 404);
    assert.equal((await other.get(`/jobs/${job}/events`)).status, 404);
    // And jansen cannot back up the accountant's administration through the form either.
    await other.step({ nav: 'next' });
    await other.step({ nav: 'next', action: 'backup' });
    const refused = await other.step({ nav: 'next', adm: '001' });
    assert.match(refused, /data-code="ADMIN_NOT_ADMITTED"/);
  });

  test('it listens on loopback only', async () => {
    assert.equal(new URL(web.url).hostname, '127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!external) return; // a machine without another address has nothing else to listen on
    await assert.rejects(
      new Promise<void>((resolve, reject) => {
        const s = connect({ host: external.address, port: web.port() }, () => {
          s.end();
          resolve();
        });
        s.on('error', reject);
      }),
      /ECONNREFUSED/,
    );
  });
});
