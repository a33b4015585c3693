/**
 * The web wizard as a script talks to it: one cookie, the CSRF token of the
 * last page, form posts. Security and injection tests drive it over HTTP.
 */
import assert from 'node:assert/strict';
import * as core from '../../src/core/index.js';
import type { RunningWizard } from './web.js';

/** A browser's worth of state: one cookie, the CSRF token from the last page. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(readonly web: RunningWizard) {}

  async enter(token = new URL(this.web.url).searchParams.get('token')!): Promise<Response> {
    const r = await fetch(`${this.web.origin}/?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
    const set = r.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return r;
  }

  async get(path = '/'): Promise<{ status: number; body: string; headers: Headers }> {
    const r = await fetch(this.web.origin + path, { headers: { cookie: this.cookie }, redirect: 'manual' });
    const body = await r.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: r.status, body, headers: r.headers };
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const r = await fetch(this.web.origin + path, {
      method: 'POST',
      headers: {
        cookie: this.cookie,
        origin: this.web.origin,
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: new URLSearchParams(fields),
      redirect: 'manual',
    });
    const set = r.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return r;
  }

  async signIn(adm: string, user: string): Promise<void> {
    await this.get('/');
    const r = await this.post('/sign-in', {
      _csrf: this.csrf,
      server: 'local',
      adm,
      user,
      password: core.demoPassword,
    });
    assert.equal(r.status, 303);
    await this.get('/');
  }

  /** Posts a wizard form and reads the page it leads to (for the next CSRF token). */
  async step(fields: Record<string, string>): Promise<string> {
    const r = await this.post('/wizard', { _csrf: this.csrf, ...fields });
    assert.equal(r.status, 303);
    return (await this.get('/')).body;
  }
}
