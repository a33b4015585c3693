/**
 * The web wizard (`kluis start`): a small HTTP server on loopback that renders
 * the wizard model as plain forms (Post/Redirect/Get), follows running
 * operations over server-sent events, and takes uploads of backup files.
 * It holds no rules of its own: every check and every operation is the
 * wizard's and the core's.
 *
 * This file only wires the parts together and starts and stops the
 * listener: `router.ts` checks each request and picks its route,
 * `routes/` answers it, `sessions.ts` and `jobs.ts` hold the state.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type * as core from '../core/index.js';
import { ToolError } from '../errors/index.js';
import type { WebContext, WebOptions } from './context.js';
import { guardProcess } from './failures.js';
import { Jobs } from './jobs.js';
import { dispatch, failed } from './router.js';
import { routes } from './routes/index.js';
import { newSecret } from './security.js';
import { SessionStore } from './sessions.js';

export type { WebOptions } from './context.js';

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
  const host = options.host ?? '127.0.0.1';
  const jobs = new Jobs();
  const ctx: WebContext = {
    options,
    token: newSecret(),
    sessions: new SessionStore({ busy: (id) => jobs.runsFor(id) }),
    jobs,
    contexts: options.contexts ?? new Map<string, core.KluisContext>(),
    uploads: join(options.home, 'uploads', randomUUID()),
    addresses: { loopback: ['127.0.0.1', 'localhost', '::1'].includes(host), hosts: new Set(), origins: new Set() },
  };

  // No request may take the process down: whatever a handler throws ends as a coded answer to that request alone.
  const server: Server = createServer((req, res) => {
    res.on('error', () => undefined); // a browser that went away mid-answer
    dispatch(ctx, routes, req, res).catch((err: unknown) => failed(ctx, req, res, err));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

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
    ctx.addresses.hosts.add(h.toLowerCase());
    ctx.addresses.origins.add(`http://${h}`.toLowerCase());
  }
  const origin = `http://${shown}:${port}`;
  return {
    accessUrl: `${origin}/?token=${ctx.token}`,
    origin,
    port,
    running: () => jobs.running,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await jobs.idle();
      server.closeAllConnections();
      await closed;
      rmSync(ctx.uploads, { recursive: true, force: true });
      unguard();
    },
  };
}
