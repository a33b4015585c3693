/** The page's stylesheet and script, served from memory to anyone (they hold no secrets), and no favicon. */
import { wizardCss, wizardJs } from '../assets.js';
import { send } from '../http.js';
import type { Route } from '../router.js';

export const staticRoutes: readonly Route[] = [
  {
    kind: 'public',
    path: '/assets/wizard.css',
    handle: (_ctx, { res }) => send(res, 200, 'text/css; charset=utf-8', wizardCss),
  },
  {
    kind: 'public',
    path: '/assets/wizard.js',
    handle: (_ctx, { res }) => send(res, 200, 'text/javascript; charset=utf-8', wizardJs),
  },
  { kind: 'public', path: '/favicon.ico', handle: (_ctx, { res }) => send(res, 204, 'text/plain', '') },
];
