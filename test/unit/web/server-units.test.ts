/**
 * The web server's parts that need no database and no browser: the session
 * store (secrets, rotation, CSRF, scope, idle expiry on a set clock), the
 * HTTP plumbing (form size limit, headers, language, upload names), route
 * matching on the real route table, and the router's order of checks over
 * real HTTP on loopback (only routes that never reach a database).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import * as core from '../../../src/core/index.js';
import { ToolError } from '../../../src/errors/index.js';
import type { WebContext } from '../../../src/web/context.js';
import { browserLang, header, maxFormBytes, parseUrl, readForm, safeDecode } from '../../../src/web/http.js';
import { Jobs } from '../../../src/web/jobs.js';
import { dispatch, failed, matchRoute, methodOf, type Route } from '../../../src/web/router.js';
import { answersFrom } from '../../../src/web/routes/flow.js';
import { routes } from '../../../src/web/routes/index.js';
import { describeProgress } from '../../../src/web/routes/jobs.js';
import { uploadName } from '../../../src/web/routes/upload.js';
import { newSecret } from '../../../src/web/security.js';
import { SessionStore, scopeOf, type WebSession } from '../../../src/web/sessions.js';

const secret = /^[\w-]{43}$/;

function signedIn(s: WebSession, server: string, number: number, userName: string): void {
  s.open = {
    server,
    number,
    userName,
    name: 'Demo',
    fullName: userName,
    role: 'user',
    articles: [],
    licenceHolder: '',
  };
}

describe('session store', () => {
  test('a session is made only by the store, with secrets of its own, and found by its id alone', () => {
    const store = new SessionStore();
    const a = store.create('nl');
    const b = store.create('en');
    assert.match(a.id, secret);
    assert.match(a.csrf, secret);
    assert.notEqual(a.id, b.id);
    assert.notEqual(a.csrf, b.csrf);
    assert.notEqual(a.id, a.csrf);
    assert.equal(store.get(a.id), a);
    assert.equal(store.get(b.id), b);
    assert.equal(a.stage, 'welcome');
    assert.equal(a.lang, 'nl');
    for (const id of [undefined, '', 'made-up-by-an-attacker', a.csrf, `${a.id} `, a.id.slice(1)])
      assert.equal(store.get(id), undefined, String(id));
    assert.equal(store.size, 2);
  });

  test('rotation: a new id and CSRF token, the old ones stop working, the state stays', () => {
    const store = new SessionStore();
    const s = store.create('en');
    s.stage = 'choose';
    const [id, csrf] = [s.id, s.csrf];
    assert.equal(store.rotate(s), id);
    assert.notEqual(s.id, id);
    assert.notEqual(s.csrf, csrf);
    assert.match(s.id, secret);
    assert.equal(store.get(id), undefined);
    assert.equal(store.get(s.id), s);
    assert.equal(s.stage, 'choose');
    assert.equal(store.csrfMatches(s, csrf), false, 'the old CSRF token');
    assert.equal(store.size, 1);
  });

  test('CSRF: only the session’s own token, whole', () => {
    const store = new SessionStore();
    const s = store.create('en');
    const other = store.create('en');
    assert.equal(store.csrfMatches(s, s.csrf), true);
    for (const given of [undefined, null, '', other.csrf, s.csrf.slice(0, -1), `${s.csrf}x`, s.id, newSecret()])
      assert.equal(store.csrfMatches(s, given), false, String(given));
  });

  test('scope: server, administration and user; empty before sign-in', () => {
    const store = new SessionStore();
    const s = store.create('en');
    assert.equal(scopeOf(s), '');
    signedIn(s, 'local', 1, 'anna');
    const scope = scopeOf(s);
    assert.notEqual(scope, '');
    for (const [server, number, user] of [
      ['other', 1, 'anna'],
      ['local', 2, 'anna'],
      ['local', 1, 'bert'],
    ] as const) {
      signedIn(s, server, number, user);
      assert.notEqual(scopeOf(s), scope, `${server} ${number} ${user}`);
    }
    // No separator can make two different triples look the same.
    signedIn(s, 'a","b', 1, 'd');
    const tricky = scopeOf(s);
    signedIn(s, 'a', 1, 'b","d');
    assert.notEqual(scopeOf(s), tricky);
  });

  test('a session unused for years still works: none expires', () => {
    const store = new SessionStore();
    const s = store.create('en');
    for (let i = 0; i < 199; i++) store.create('en');
    assert.equal(store.get(s.id), s, 'the oldest of 200 is kept');
  });

  test('past the limit the session unused longest goes, unless its operation still runs', () => {
    const busy = new Set<string>();
    const store = new SessionStore({ limit: 3, busy: (id) => busy.has(id) });
    const working = store.create('en');
    const idle = store.create('en');
    const used = store.create('en');
    busy.add(working.id);
    store.get(idle.id); // used again: now newer than `used`
    store.create('en');
    assert.equal(store.size, 3);
    assert.equal(store.get(working.id), working, 'its operation still runs');
    assert.equal(store.get(used.id), undefined, 'the one unused longest is gone');
    assert.equal(store.get(idle.id), idle);
    const rotated = store.get(idle.id)!;
    const old = store.rotate(rotated);
    assert.equal(store.get(old), undefined, 'a rotated id stops working');
    assert.equal(store.get(rotated.id), rotated);
    assert.equal(store.size, 3);
  });
});

describe('HTTP plumbing', () => {
  /** A body of these chunk sizes, counting how many chunks were asked for. */
  function body(sizes: number[]): { stream: Readable; pulled: () => number } {
    let pulled = 0;
    function* chunks() {
      for (const n of sizes) {
        pulled++;
        yield Buffer.alloc(n, 'a');
      }
    }
    return { stream: Readable.from(chunks(), { objectMode: false, highWaterMark: 1 }), pulled: () => pulled };
  }

  test('a form up to the limit is read whole', async () => {
    const form = await readForm(
      Readable.from([Buffer.from('_csrf=x&nav=fill%3Afile%3A%2Ftmp%2Fa&users=a&users=b%C3%A9')]),
    );
    assert.equal(form.get('_csrf'), 'x');
    assert.equal(form.get('nav'), 'fill:file:/tmp/a');
    assert.deepEqual(form.getAll('users'), ['a', 'bé']);
    const full = await readForm(body([maxFormBytes - 10, 10]).stream);
    assert.equal(full.get('a'.repeat(maxFormBytes)), '');
    assert.equal((await readForm(Readable.from([]))).size, 0);
  });

  test('one byte over the limit is refused, without reading the rest', async () => {
    assert.equal(maxFormBytes, 256 * 1024);
    const over = body([maxFormBytes, 1, 1024, 1024, 1024]);
    await assert.rejects(readForm(over.stream), (err: unknown) => {
      assert.ok(err instanceof ToolError);
      assert.equal(err.code, 'WEB_REQUEST_TOO_LARGE');
      assert.deepEqual(err.params, { limit: '256 KiB' });
      return true;
    });
    assert.ok(over.pulled() < 5, `read ${over.pulled()} of 5 chunks`);
    await assert.rejects(readForm(body([11]).stream, 10), ToolError);
    assert.equal((await readForm(body([10]).stream, 10)).size, 1);
  });

  test('addresses, headers and the browser’s language', () => {
    assert.equal(parseUrl('/jobs/x/events?a=1')?.pathname, '/jobs/x/events');
    assert.equal(parseUrl(undefined)?.pathname, '/');
    assert.equal(parseUrl('//'), undefined);
    assert.equal(parseUrl('http://['), undefined);
    assert.equal(header({ headers: { 'x-file-name': 'a' } }, 'x-file-name'), 'a');
    assert.equal(header({ headers: { 'x-a': ['first', 'second'] } }, 'x-a'), 'first');
    assert.equal(header({ headers: {} }, 'x-file-name'), undefined);
    assert.equal(safeDecode('a%20b'), 'a b');
    assert.equal(safeDecode('%E0%A4%A'), '');
    assert.equal(browserLang({ headers: { 'accept-language': 'nl-NL,en;q=0.8' } }, 'en'), 'nl');
    assert.equal(browserLang({ headers: { 'accept-language': 'de-DE, EN-gb;q=0.5' } }, 'nl'), 'en');
    assert.equal(browserLang({ headers: { 'accept-language': 'de,fr' } }, 'nl'), 'nl');
    assert.equal(browserLang({ headers: {} }, undefined), 'en');
  });

  test('an uploaded file’s name: its last part, word characters only, never empty', () => {
    assert.equal(uploadName(encodeURIComponent('Backup 001 (jan).ebu')), 'Backup_001__jan_.ebu');
    assert.equal(uploadName(encodeURIComponent('../../etc/passwd')), 'passwd');
    assert.equal(uploadName('..%2F..%2Fx.ebu'), 'x.ebu');
    assert.equal(uploadName('%E0%A4%A'), 'upload.ebu');
    assert.equal(uploadName(undefined), 'upload.ebu');
    assert.equal(uploadName(`${'a'.repeat(100)}.ebu`), `${'a'.repeat(76)}.ebu`);
  });

  test('a step’s posted answers: its own fields only, all of a multiple choice, a kept password', () => {
    const form = new URLSearchParams('file=/b.ebu&users=a&users=b&password=&extra=x&target=');
    const fields = [
      { id: 'file', kind: 'text' },
      { id: 'users', kind: 'multi' },
      { id: 'password', kind: 'password' },
      { id: 'target', kind: 'text' },
      { id: 'absent', kind: 'text' },
    ];
    assert.deepEqual(answersFrom(form, fields, { password: 'kept' }), {
      file: '/b.ebu',
      users: ['a', 'b'],
      password: 'kept',
      target: '',
    });
    assert.deepEqual(answersFrom(form, fields, {}).password, '');
  });

  test('progress in words, in both languages: the phase with its percentage, then the figures', () => {
    const restore = core.operations.restore;
    assert.deepEqual(describeProgress('nl', undefined), { percent: 0, text: 'Starten…', figures: [] });
    const meter = new core.ProgressMeter(restore.phases, restore.summary, 0);
    const detail = { tables: 12, tablesDone: 12, rows: 1234567, bytes: 3 * 2 ** 20, bytesTotal: 3 * 2 ** 20 };
    const view = meter.view({ step: 'finish', done: 2, total: 4, detail }, 10_000);
    assert.deepEqual(describeProgress('en', view), {
      percent: 87,
      text: 'Keys, indexes and checks — 87%',
      figures: [
        { id: 'size', label: 'Size', value: '3.0 MiB of 3.0 MiB' },
        { id: 'tables', label: 'Tables', value: '12 of 12' },
        { id: 'rows', label: 'Rows', value: '1,234,567' },
        { id: 'left', label: 'Time left', value: '1 s' },
      ],
    });
    assert.deepEqual(
      describeProgress('nl', view).figures.map((f) => `${f.label}: ${f.value}`),
      ['Grootte: 3,0 MiB van 3,0 MiB', 'Tabellen: 12 van 12', 'Rijen: 1.234.567', 'Resterende tijd: 1 s'],
    );
    // The phase's name comes from the operation's declaration: a client's database is being installed.
    const install = core.operations['client-install'];
    const installing = new core.ProgressMeter(install.phases, install.summary, 0).view(
      { step: 'restore', done: 1, total: 2, detail },
      500,
    );
    assert.equal(describeProgress('nl', installing).text, 'Gegevens installeren — 37%');
  });
});

describe('route matching', () => {
  const at = (method: string, path: string) => matchRoute(routes, method, parseUrl(path)!);

  test('every address goes to the route of its group, with what its pattern captured', () => {
    const cases: Array<[string, string, Route['kind'] | undefined, string[]?]> = [
      ['GET', '/assets/wizard.css', 'public'],
      ['GET', '/assets/wizard.js', 'public'],
      ['GET', '/favicon.ico', 'public'],
      ['GET', '/?token=abc', 'public'],
      ['GET', '/?token=', 'public'],
      ['GET', '/', 'page'],
      ['GET', '/?server=local', 'page'],
      ['GET', '/jobs/0b5c-11ef/events', 'page', ['0b5c-11ef']],
      ['GET', '/download/0b5c-11ef', 'page', ['0b5c-11ef']],
      ['POST', '/upload', 'stream'],
      ['POST', '/sign-in', 'form'],
      ['POST', '/sign-out', 'form'],
      ['POST', '/lang', 'form'],
      ['POST', '/demo', 'form'],
      ['POST', '/wizard', 'form'],
      // What no route takes.
      ['GET', '/jobs/a/b/events', undefined],
      ['GET', '/jobs//events', undefined],
      ['GET', '/jobs/a%2Fb/events', undefined],
      ['GET', '/jobs/x/events/', undefined],
      ['GET', '/download/../etc/passwd', undefined],
      ['GET', '/download/x.ebu', undefined],
      ['GET', '/assets/other.css', undefined],
      ['GET', '/upload', undefined],
      ['GET', '/sign-in', undefined],
      ['POST', '/', undefined],
      ['POST', '/?token=abc', undefined],
      ['POST', '/jobs/x/events', undefined],
      ['PUT', '/wizard', undefined],
      ['HEAD', '/', undefined],
      [undefined as never, '/', undefined],
    ];
    for (const [method, path, kind, params] of cases) {
      const found = at(method, path);
      assert.equal(found?.route.kind, kind, `${method} ${path}`);
      if (params) assert.deepEqual(found?.params, params, `${method} ${path}`);
    }
  });

  test('the token route is the only public one on "/", and no two routes answer the same address', () => {
    const publicOnRoot = routes.filter((r) => r.kind === 'public' && r.path === '/');
    assert.equal(publicOnRoot.length, 1);
    assert.equal(publicOnRoot[0]!.kind === 'public' && publicOnRoot[0]!.query, 'token');
    const seen = new Set<string>();
    for (const r of routes) {
      const key = `${methodOf(r)} ${String(r.path)} ${r.kind === 'public' ? (r.query ?? '') : ''}`;
      assert.ok(!seen.has(key), key);
      seen.add(key);
    }
  });
});

describe('order of the checks, over HTTP', () => {
  let server: Server;
  let ctx: WebContext;
  let home: string;
  let origin: string;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'kluis-web-units-'));
    const jobs = new Jobs();
    ctx = {
      options: { home, lang: 'en' },
      token: newSecret(),
      sessions: new SessionStore({ busy: (id) => jobs.runsFor(id) }),
      jobs,
      contexts: new Map(),
      uploads: join(home, 'uploads', 'test'),
      addresses: { loopback: true, hosts: new Set(), origins: new Set() },
    };
    server = createServer((req, res) => {
      dispatch(ctx, routes, req, res).catch((err: unknown) => failed(ctx, req, res, err));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    origin = `http://127.0.0.1:${port}`;
    ctx.addresses.hosts.add(`127.0.0.1:${port}`);
    ctx.addresses.origins.add(origin);
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(home, { recursive: true, force: true });
  });

  interface Answer {
    status: number;
    type: string;
    body: string;
    headers: Record<string, string | string[] | undefined>;
  }

  function call(method: string, path: string, headers: Record<string, string> = {}, payload?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(`${origin}${path}`, { method, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            type: String(res.headers['content-type'] ?? ''),
            body: text,
            headers: res.headers,
          }),
        );
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** A session as the token's exchange makes it. */
  async function enter(): Promise<{ cookie: string; session: WebSession }> {
    const r = await call('GET', `/?token=${ctx.token}`);
    assert.equal(r.status, 303);
    const cookie = String(r.headers['set-cookie']).split(';')[0]!;
    const session = ctx.sessions.get(cookie.split('=')[1])!;
    assert.ok(session);
    return { cookie, session };
  }

  const form = (cookie: string, fields: Record<string, string>) =>
    [
      { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams(fields).toString(),
    ] as const;

  test('the Host header first, then the address, then the public routes', async () => {
    assert.equal((await call('GET', '/assets/wizard.css', { host: 'evil.example' })).status, 421);
    const css = await call('GET', '/assets/wizard.css');
    assert.equal(css.status, 200);
    assert.equal(css.type, 'text/css; charset=utf-8');
    assert.equal(css.headers['x-frame-options'], 'DENY', 'security headers on every answer');
    assert.equal((await call('GET', '/favicon.ico')).status, 204);
    const before = ctx.sessions.size;
    const wrong = await call('GET', '/?token=wrong');
    assert.equal(wrong.status, 403);
    assert.match(wrong.body, /No access: open the wizard with the link that &quot;kluis start&quot; printed/);
    assert.equal(ctx.sessions.size, before, 'a wrong token makes no session');
  });

  test('without a session: a page for a GET, JSON for the rest and for the progress stream', async () => {
    const page = await call('GET', '/anything', { 'accept-language': 'nl' });
    assert.equal(page.status, 403);
    assert.equal(page.type, 'text/html; charset=utf-8');
    assert.match(page.body, /Geen toegang/);
    for (const [method, path] of [
      ['GET', '/jobs/x/events'],
      ['POST', '/sign-out'],
      ['POST', '/upload'],
      ['PUT', '/'],
    ] as const) {
      const r = await call(method, path, { cookie: 'kluis_session=made-up' });
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.equal(r.type, 'application/json; charset=utf-8', `${method} ${path}`);
      assert.equal(JSON.parse(r.body).code, 'WEB_ACCESS_DENIED');
    }
  });

  test('a POST: our origin, then the CSRF token, then the route', async () => {
    const { cookie, session } = await enter();
    // The reason in words a person can read, in the session's language.
    const reasons = {
      origin: 'it did not come from a kluis page',
      csrf: 'the form is out of date or not from this page',
    };
    const refused = async (r: Answer, why: keyof typeof reasons) => {
      assert.equal(r.status, 403);
      const body = JSON.parse(r.body);
      assert.equal(body.code, 'WEB_REQUEST_REFUSED');
      assert.ok(body.message.includes(`(${reasons[why]})`), body.message);
    };
    const [headers, payload] = form(cookie, { _csrf: session.csrf, lang: 'nl' });
    await refused(await call('POST', '/lang', { ...headers, origin: 'http://evil.example' }, payload), 'origin');
    await refused(await call('POST', '/lang', { ...headers, 'sec-fetch-site': 'cross-site' }, payload), 'origin');
    await refused(await call('POST', '/lang', ...form(cookie, { _csrf: 'guessed', lang: 'nl' })), 'csrf');
    await refused(await call('POST', '/upload', { cookie, origin, 'x-csrf-token': 'guessed' }, 'data'), 'csrf');
    assert.equal(session.lang, 'en', 'nothing refused changed the session');
    // A form to an address no route takes: its token is checked first.
    await refused(await call('POST', '/nowhere', ...form(cookie, { _csrf: 'guessed' })), 'csrf');
    assert.equal((await call('POST', '/nowhere', ...form(cookie, { _csrf: session.csrf }))).status, 404);
    const ok = await call('POST', '/lang', headers, payload);
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, '/');
    assert.equal(session.lang, 'nl');
    const dutch = JSON.parse((await call('POST', '/lang', ...form(cookie, { _csrf: 'guessed', lang: 'en' }))).body);
    assert.equal(
      dutch.message,
      'Dit verzoek is geweigerd (het formulier is verouderd of niet van deze pagina); er is niets gewijzigd.',
    );
  });

  test('a form over the limit is a coded refusal; other methods 405; a GET nobody takes 404', async () => {
    const { cookie, session } = await enter();
    const big = `_csrf=${session.csrf}&x=${'a'.repeat(maxFormBytes)}`;
    const r = await call('POST', '/lang', { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' }, big);
    assert.equal(r.status, 413, 'a refusal, not a server error');
    assert.equal(JSON.parse(r.body).code, 'WEB_REQUEST_TOO_LARGE');
    assert.equal((await call('DELETE', '/', { cookie })).status, 405);
    const none = await call('GET', '/nowhere', { cookie });
    assert.equal(none.status, 404);
    assert.equal(none.body, 'Not found');
    const job = await call('GET', '/jobs/not-a-job/events', { cookie });
    assert.equal(job.status, 404);
    assert.deepEqual(JSON.parse(job.body), { message: 'not found' });
    assert.equal((await call('GET', '/download/not-a-job', { cookie })).status, 404);
  });

  test('sign-out gives the session a new id; the old cookie no longer works', async () => {
    const { cookie, session } = await enter();
    const old = session.id;
    const r = await call('POST', '/sign-out', ...form(cookie, { _csrf: session.csrf }));
    assert.equal(r.status, 303);
    const renewed = String(r.headers['set-cookie']).split(';')[0]!;
    assert.equal(renewed, `kluis_session=${session.id}`);
    assert.notEqual(session.id, old);
    assert.equal((await call('GET', '/nowhere', { cookie })).status, 403);
    assert.equal((await call('GET', '/nowhere', { cookie: renewed })).status, 404);
  });
});
