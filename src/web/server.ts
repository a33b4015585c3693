/**
 * The web wizard (`kluis start`): a small HTTP server on loopback that renders
 * the wizard model as plain forms (Post/Redirect/Get), follows running
 * operations over server-sent events, and takes uploads of backup files.
 * It holds no rules of its own: every check and every operation is the
 * wizard's and the core's.
 */

import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as core from '../core/index.js';
import {
  errnoOf,
  fileErrorReason,
  folderWriteError,
  isLang,
  type Lang,
  type RenderedError,
  renderError,
  ToolError,
} from '../errors/index.js';
import {
  type Answers,
  actionById,
  availableActions,
  createWizardEnv,
  FieldError,
  openAdministration,
  WizardFlow,
} from '../wizard/index.js';
import { wizardCss, wizardJs } from './assets.js';
import { guardProcess, shownError } from './failures.js';
import { browserLang, header, json, parseUrl, readForm, receive, redirect, safeDecode, send } from './http.js';
import { Jobs } from './jobs.js';
import {
  accessDeniedPage,
  choosePage,
  failurePage,
  progressPage,
  resultPage,
  signInPage,
  stepPage,
  summaryPage,
  type View,
  welcomePage,
} from './pages.js';
import {
  cookieValue,
  hostAllowed,
  newSecret,
  sameOrigin,
  sameSecret,
  securityHeaders,
  sessionCookie,
  setSessionCookie,
} from './security.js';
import { SessionStore, scopeOf, type WebSession } from './sessions.js';

export interface WebOptions {
  readonly home: string;
  /** 0 or absent: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1; anything else only when asked for. */
  readonly host?: string;
  readonly lang?: Lang;
  /** The server the sign-in page starts on (default "local"). */
  readonly server?: string;
  /** Contexts the shell already made, by server name (shares the embedded engine). */
  readonly contexts?: Map<string, core.KluisContext>;
}

export interface WebServer {
  /** The address to open, with the access token. */
  readonly accessUrl: string;
  readonly origin: string;
  readonly port: number;
  /** Operations still running (a stop waits for them). */
  running(): number;
  /** Stops taking requests, waits for running operations, and removes uploads. */
  close(): Promise<void>;
}

export async function startWebServer(options: WebOptions): Promise<WebServer> {
  const token = newSecret();
  const host = options.host ?? '127.0.0.1';
  // On loopback the Host header must name us (no DNS rebinding); elsewhere the name is the administrator's choice.
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(host);
  const contexts = options.contexts ?? new Map<string, core.KluisContext>();
  const jobs = new Jobs();
  // No idle limit: a page left open stays signed in (see sessions.ts).
  const sessions = new SessionStore({ busy: (id) => jobs.runsFor(id) });
  const uploads = join(options.home, 'uploads', randomUUID());
  const allowedHosts = new Set<string>();
  const origins = new Set<string>();

  const contextFor = (server: string) => {
    let ctx = contexts.get(server);
    if (!ctx) {
      ctx = core.createContext({ home: options.home, server });
      contexts.set(server, ctx);
    }
    return ctx;
  };
  const envFor = (s: WebSession) => createWizardEnv({ home: options.home, lang: s.lang, open: s.open!, contexts });
  const view = (s: WebSession): View => ({
    lang: s.lang,
    csrf: s.csrf,
    ...(s.open ? { who: `${s.open.userName} · ${core.formatAdminNumber(s.open.number)} ${s.open.name}` } : {}),
  });
  const rendered = (s: WebSession, err: unknown, where = 'a request') =>
    renderError(shownError(err, where, s.open?.server), s.lang);

  /** A new id (and CSRF token) for the same session: at sign-in and sign-out. */
  function rotate(s: WebSession, res: ServerResponse): void {
    const old = sessions.rotate(s);
    jobs.transfer(old, s.id);
    setSessionCookie(res, s.id);
  }

  // No request may take the process down: whatever a handler throws ends as a coded answer to that request alone.
  const server: Server = createServer((req, res) => {
    res.on('error', () => undefined); // a browser that went away mid-answer
    handle(req, res).catch((err: unknown) => failed(req, res, err));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  function failed(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    const lang = browserLang(req, options.lang);
    const error = renderError(shownError(err, `${req.method} ${req.url}`), lang);
    try {
      if (res.headersSent) res.destroy();
      else if (req.method === 'GET' && !req.url?.startsWith('/jobs/'))
        send(res, 500, 'text/html; charset=utf-8', failurePage(lang, error));
      else json(res, 500, { code: error.code, message: error.message });
    } catch {
      res.destroy();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    if (loopback && !hostAllowed(req, allowedHosts))
      return send(res, 421, 'text/plain; charset=utf-8', 'Misdirected request');
    const url = parseUrl(req.url);
    if (!url) return send(res, 400, 'text/plain; charset=utf-8', 'Bad request');
    const lang = browserLang(req, options.lang);
    if (req.method === 'GET' && url.pathname === '/assets/wizard.css')
      return send(res, 200, 'text/css; charset=utf-8', wizardCss);
    if (req.method === 'GET' && url.pathname === '/assets/wizard.js')
      return send(res, 200, 'text/javascript; charset=utf-8', wizardJs);
    if (req.method === 'GET' && url.pathname === '/favicon.ico') return send(res, 204, 'text/plain', '');

    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      if (!sameSecret(url.searchParams.get('token'), token))
        return send(
          res,
          403,
          'text/html; charset=utf-8',
          accessDeniedPage(lang, renderError(new ToolError('WEB_ACCESS_DENIED'), lang)),
        );
      const s = sessions.create(lang);
      setSessionCookie(res, s.id);
      return redirect(res, '/');
    }
    const session = sessions.get(cookieValue(req, sessionCookie));
    if (!session) {
      const denied = renderError(new ToolError('WEB_ACCESS_DENIED'), lang);
      return req.method === 'GET' && !url.pathname.startsWith('/jobs/')
        ? send(res, 403, 'text/html; charset=utf-8', accessDeniedPage(lang, denied))
        : json(res, 403, denied);
    }
    if (req.method === 'POST') {
      if (!sameOrigin(req, origins)) return refuse(res, session, 'origin');
      if (url.pathname === '/upload') {
        if (!sessions.csrfMatches(session, header(req, 'x-csrf-token'))) return refuse(res, session, 'csrf');
        return upload(req, res, session);
      }
      const form = await readForm(req);
      if (!sessions.csrfMatches(session, form.get('_csrf'))) return refuse(res, session, 'csrf');
      switch (url.pathname) {
        case '/sign-in':
          return signInPost(res, session, form);
        case '/sign-out':
          session.open = undefined;
          session.env = undefined;
          session.flow = undefined;
          session.stage = 'welcome';
          rotate(session, res);
          return redirect(res, '/');
        case '/lang': {
          const l = form.get('lang') ?? '';
          if (isLang(l)) {
            session.lang = l;
            if (session.open) session.env = envFor(session);
          }
          return redirect(res, '/');
        }
        case '/demo':
          return demoPost(res, session, form.get('server') ?? core.localServerName);
        case '/wizard':
          if (!session.open) return redirect(res, '/');
          try {
            await wizardPost(session, form);
          } catch (err) {
            // Whatever a button's work threw (the server gone, a file vanished): said on the page that follows.
            session.general = rendered(session, err, 'wizard');
          }
          return redirect(res, '/');
        default:
          return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      }
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    const jobMatch = /^\/jobs\/([\w-]+)\/events$/.exec(url.pathname);
    if (jobMatch) {
      const job = jobs.get(jobMatch[1]!, session.id, scopeOf(session));
      if (!job) return json(res, 404, { message: 'not found' });
      return jobs.follow(job, res, (e) => describeProgress(session.lang, e));
    }
    const downloadMatch = /^\/download\/([\w-]+)$/.exec(url.pathname);
    if (downloadMatch) return download(res, session, downloadMatch[1]!);
    if (url.pathname !== '/') return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    try {
      return send(res, 200, 'text/html; charset=utf-8', await currentPage(session, url));
    } catch (err) {
      // The page itself could not be made (its server stopped): the reason, and the way back to the start.
      return send(
        res,
        500,
        'text/html; charset=utf-8',
        failurePage(session.lang, rendered(session, err, 'page'), view(session)),
      );
    }
  }

  function refuse(res: ServerResponse, s: WebSession, reason: string): void {
    json(res, 403, renderError(new ToolError('WEB_REQUEST_REFUSED', { reason }), s.lang));
  }

  async function signInPost(res: ServerResponse, s: WebSession, form: URLSearchParams): Promise<void> {
    const serverName = form.get('server') ?? core.localServerName;
    const adm = form.get('adm') ?? '';
    const user = form.get('user') ?? '';
    try {
      s.open = await openAdministration(contextFor(serverName), adm, user, form.get('password') ?? '');
      s.env = envFor(s);
      s.stage = 'welcome';
      s.flow = undefined;
      s.signIn = undefined;
      rotate(s, res);
      return redirect(res, '/');
    } catch (err) {
      await new Promise((r) => setTimeout(r, 250)); // slows down guessing
      s.signIn = { error: rendered(s, err), adm, user };
      return redirect(res, `/?server=${encodeURIComponent(serverName)}`);
    }
  }

  async function demoPost(res: ServerResponse, s: WebSession, serverName: string): Promise<void> {
    try {
      await core.createDemo(contextFor(serverName));
    } catch (err) {
      s.signIn = { error: rendered(s, err), adm: '', user: '' };
    }
    return redirect(res, `/?server=${encodeURIComponent(serverName)}`);
  }

  async function currentPage(s: WebSession, url: URL): Promise<string> {
    const v = view(s);
    if (!s.open || !s.env) {
      const servers = core.listServers(options.home);
      const chosen = url.searchParams.get('server');
      const serverName = servers.some((x) => x.name === chosen) ? chosen! : (options.server ?? core.localServerName);
      let administrations: Array<{ number: string; name: string }> = [];
      let listError: RenderedError | undefined;
      try {
        const ctx = contextFor(serverName);
        await ctx.engine.start();
        administrations = (await core.listAdministrations(ctx)).filter((a) => a.status === 'ready');
      } catch (err) {
        listError = rendered(s, err);
      }
      const signIn = s.signIn;
      s.signIn = undefined;
      return signInPage(v, {
        servers,
        server: serverName,
        administrations,
        ...(signIn ? { error: signIn.error, adm: signIn.adm, user: signIn.user } : {}),
        ...(listError ? { listError } : {}),
      });
    }
    const problem = s.problem;
    const general = s.general;
    s.problem = undefined;
    s.general = undefined;
    switch (s.stage) {
      case 'welcome':
        return welcomePage(v, `${core.formatAdminNumber(s.open.number)} ${s.open.name}`, general);
      case 'choose':
        return choosePage(v, await availableActions(s.env), s.chosenAction, problem, general);
      case 'flow': {
        const flow = s.flow!;
        try {
          const at = await flow.position();
          if (at.kind === 'summary') return summaryPage(v, flow.action, at.rows, general);
          return stepPage(v, flow.action, at.screen, flow.answers, problem, s.panel, general);
        } catch (err) {
          // The preview could not be made (something changed since the step was checked): back to the step, with the reason.
          if (!flow.atSummary) throw err;
          await flow.back();
          s.general = rendered(s, err instanceof FieldError ? err.problem : err);
          return currentPage(s, url);
        }
      }
      case 'job': {
        const job = jobs.get(s.jobId ?? '', s.id, scopeOf(s));
        const action = s.flow?.action;
        if (!job || !action) {
          s.stage = 'welcome';
          return currentPage(s, url);
        }
        if (job.status === 'running') {
          const p = describeProgress(s.lang, job.last);
          return progressPage(v, action, job.id, p.percent, p.text);
        }
        const outcome = job.outcome
          ? { ...job.outcome, ...(job.outcome.file ? { download: `/download/${job.id}` } : {}) }
          : undefined;
        return resultPage(v, action, outcome, job.error ? renderError(job.error, s.lang) : undefined);
      }
    }
  }

  async function wizardPost(s: WebSession, form: URLSearchParams): Promise<void> {
    const nav = form.get('nav') ?? 'next';
    const env = s.env!;
    if (nav === 'cancel' || nav === 'restart') {
      s.stage = 'welcome';
      s.flow = undefined;
      s.panel = {};
      return;
    }
    switch (s.stage) {
      case 'welcome':
        s.stage = 'choose';
        return;
      case 'choose': {
        if (nav === 'back') {
          s.stage = 'welcome';
          return;
        }
        const id = form.get('action') ?? '';
        s.chosenAction = id;
        const action = actionById(id);
        if (!action || !(await availableActions(env)).includes(action)) {
          s.problem = {
            field: 'action',
            error: renderError(
              new ToolError('WIZARD_ACTION_UNAVAILABLE', {
                action: id,
                reason: {
                  nl: 'deze actie hoort niet bij de geopende administratie of de situatie',
                  en: 'it does not apply to the open administration or the situation',
                },
              }),
              s.lang,
            ),
          };
          return;
        }
        s.flow = new WizardFlow(action, env);
        s.panel = {};
        s.stage = 'flow';
        return;
      }
      case 'flow':
        return flowPost(s, s.flow!, nav, form);
      case 'job':
        if (nav === 'retry') s.stage = 'flow';
        return;
    }
  }

  async function flowPost(s: WebSession, flow: WizardFlow, nav: string, form: URLSearchParams): Promise<void> {
    // At the summary only the button matters: no need to compute the preview again.
    if (flow.atSummary) {
      if (nav === 'back') await flow.back();
      else if (nav === 'finish') startJob(s, flow);
      return;
    }
    const at = await flow.position();
    const posted = answersFrom(form, at.kind === 'step' ? at.screen.fields : [], flow.answers);
    const [command, ...rest] = nav.split(':');
    try {
      switch (command) {
        case 'next':
          await flow.next(posted);
          s.panel = {};
          return;
        case 'back':
          if (!(await flow.back(posted))) s.stage = 'choose';
          s.panel = {};
          return;
        case 'fill': {
          await flow.keep(posted);
          const [field, ...parts] = rest;
          const value = parts.join(':');
          // Only what a row of this screen's table offers: a posted form must not set answers that a step checks (or derives).
          const offered =
            at.kind === 'step' &&
            at.screen.table?.rows.some((r) => r.fills?.field === field && r.fills?.value === value);
          if (!offered) throw new ToolError('WEB_REQUEST_REFUSED', { reason: 'fill' });
          flow.answers[field!] = value;
          return;
        }
        case 'select-all':
        case 'select-none': {
          await flow.keep(posted);
          const field = at.kind === 'step' ? at.screen.fields.find((f) => f.id === rest[0]) : undefined;
          if (field) flow.answers[field.id] = command === 'select-all' ? (field.choices ?? []).map((c) => c.value) : [];
          return;
        }
        case 'browse':
          await flow.keep(posted);
          s.panel = { browse: await core.discoverServers(options.home) };
          return;
        case 'advanced':
          await flow.keep(posted);
          s.panel = { advanced: { values: {} } };
          return;
        case 'close-panel':
          await flow.keep(posted);
          s.panel = {};
          return;
        case 'use-server': {
          await flow.keep(posted);
          const found = s.panel.browse?.[Number(rest[0])];
          if (found) flow.answers['server'] = useDiscovered(found);
          s.panel = {};
          return;
        }
        case 'save-server':
          await flow.keep(posted);
          return saveServer(s, flow, form);
        default:
          return;
      }
    } catch (err) {
      if (err instanceof FieldError) s.problem = { field: err.field, error: rendered(s, err.problem) };
      else s.general = rendered(s, err);
    }
  }

  function useDiscovered(found: core.DiscoveredServer): string {
    if (found.source === 'embedded') return core.localServerName;
    const known = core.listServers(options.home).find((x) => x.name === found.name || x.conninfo === found.conninfo);
    if (known) return known.name;
    return core.addServer(options.home, found.name, found.conninfo).name;
  }

  async function saveServer(s: WebSession, flow: WizardFlow, form: URLSearchParams): Promise<void> {
    const values: Record<string, string> = {};
    for (const key of ['name', 'host', 'port', 'user', 'database', 'sslmode'])
      values[key] = (form.get(`adv-${key}`) ?? '').trim();
    try {
      if (!values['host']) throw new ToolError('FIELD_REQUIRED', { field: 'Host', flag: '--conninfo' });
      const port = values['port'] ? Number(values['port']) : undefined;
      if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))
        throw new ToolError('CONNINFO_INVALID', {
          input: values['port']!,
          reason: { nl: 'poort moet 1–65535 zijn', en: 'port must be 1–65535' },
        });
      const sslmode = (core.sslModes as readonly string[]).includes(values['sslmode']!)
        ? (values['sslmode'] as core.SslMode)
        : undefined;
      const saved = await core.saveTestedServer(
        options.home,
        values['name'] || values['host']!.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40),
        {
          host: values['host']!,
          ...(port !== undefined ? { port } : {}),
          ...(values['user'] ? { user: values['user'] } : {}),
          ...(values['database'] ? { database: values['database'] } : {}),
          ...(sslmode ? { sslmode } : {}),
          password: form.get('adv-password') ?? '',
        },
      );
      contexts.delete(saved.name);
      flow.answers['server'] = saved.name;
      s.panel = { saved: saved.name };
    } catch (err) {
      s.panel = { advanced: { values, error: rendered(s, err) } };
    }
  }

  function startJob(s: WebSession, flow: WizardFlow): void {
    const server = (typeof flow.answers['server'] === 'string' && flow.answers['server']) || s.open?.server;
    const job = jobs.start(s.id, scopeOf(s), async (onProgress) => {
      try {
        return await flow.action.run(flow.answers, flow.env, { onProgress });
      } catch (err) {
        throw shownError(err, `${flow.action.id} (job)`, server);
      }
    });
    s.jobId = job.id;
    s.stage = 'job';
  }

  async function upload(req: IncomingMessage, res: ServerResponse, s: WebSession): Promise<void> {
    const refused = (status: number, error: ToolError) => {
      req.resume(); // let the browser finish sending, so it reads the answer
      const r = renderError(error, s.lang);
      json(res, status, { code: r.code, message: r.message });
    };
    try {
      mkdirSync(uploads, { recursive: true, mode: 0o700 });
    } catch (err) {
      return refused(500, folderWriteError(err, uploads));
    }
    const name = safeDecode(header(req, 'x-file-name') ?? '') || 'upload.ebu';
    const safe =
      basename(name)
        .replace(/[^\w.-]/g, '_')
        .slice(-80) || 'upload.ebu';
    const path = join(uploads, `${randomUUID().slice(0, 8)}-${safe}`);
    const err = await receive(req, path);
    if (err === undefined) return json(res, 200, { path });
    rmSync(path, { force: true });
    if (res.destroyed || req.socket.destroyed) return; // the browser went away: nobody to answer
    const full = errnoOf(err) === 'ENOSPC' || errnoOf(err) === 'EDQUOT';
    return refused(
      full ? 507 : 500,
      new ToolError('BACKUP_WRITE_FAILED', { path, reason: fileErrorReason(err) }, { cause: err }),
    );
  }

  /** A backup just made, to the browser; a file that is gone since is a coded page, and a read error mid-way ends the answer. */
  function download(res: ServerResponse, s: WebSession, jobId: string): void {
    const file = jobs.get(jobId, s.id, scopeOf(s))?.outcome?.file;
    if (!file) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    let size: number;
    let source: NodeJS.ReadableStream;
    try {
      size = core.checkOrdinaryFile(file) ?? 0;
      source = core.openBackupFile(file);
    } catch (err) {
      const error = rendered(s, err, 'download');
      send(
        res,
        error.code === 'WEB_UNEXPECTED' ? 500 : 404,
        'text/html; charset=utf-8',
        failurePage(s.lang, error, view(s)),
      );
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': size,
      'Content-Disposition': `attachment; filename="${basename(file).replace(/[^\w.-]/g, '_')}"`,
    });
    pipeline(source, res).catch(() => res.destroy());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new ToolError('WEB_PORT_IN_USE', { port: options.port ?? 0, host }) : err),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const unguard = guardProcess();
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  for (const h of [`${shown}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]) {
    if (h.startsWith('localhost') && host !== '127.0.0.1' && host !== 'localhost') continue;
    allowedHosts.add(h.toLowerCase());
    origins.add(`http://${h}`.toLowerCase());
  }
  const origin = `http://${shown}:${port}`;
  return {
    accessUrl: `${origin}/?token=${token}`,
    origin,
    port,
    running: () => jobs.running,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await jobs.idle();
      server.closeAllConnections();
      await closed;
      rmSync(uploads, { recursive: true, force: true });
      unguard();
    },
  };
}

function answersFrom(
  form: URLSearchParams,
  fields: ReadonlyArray<{ id: string; kind: string }>,
  previous: Answers,
): Answers {
  const out: Answers = {};
  for (const f of fields) {
    const values = form.getAll(f.id);
    if (f.kind === 'multi') out[f.id] = values;
    else if (f.kind === 'password' && !values[0] && previous[f.id])
      out[f.id] = previous[f.id]; // kept, never sent back to the page
    else if (values.length) out[f.id] = values[0];
  }
  return out;
}

function describeProgress(lang: Lang, e: core.ProgressEvent | undefined): { percent: number; text: string } {
  const nl = lang === 'nl';
  if (!e) return { percent: 0, text: nl ? 'Starten…' : 'Starting…' };
  const percent = e.total > 0 ? Math.min(100, Math.floor((e.done / e.total) * 100)) : 0;
  const parts = [`${percent}%`];
  const d = e.detail ?? {};
  if (d['tables']) parts.push(`${nl ? 'tabellen' : 'tables'} ${d['tablesDone'] ?? 0}/${d['tables']}`);
  if (d['rows']) parts.push(`${d['rows'].toLocaleString(nl ? 'nl-NL' : 'en-GB')} ${nl ? 'rijen' : 'rows'}`);
  // After the data, a restore builds keys and indexes and checks the books: say so rather than sit at 100%.
  if (percent === 100 && (e.step === 'restore' || e.step === 'xaf-import'))
    parts.push(nl ? 'sleutels, indexen en controles…' : 'keys, indexes and checks…');
  return { percent, text: parts.join(' — ') };
}
