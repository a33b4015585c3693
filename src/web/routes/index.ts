/**
 * Every address the web wizard answers, by group. The router tries them in
 * this order; the public ones (no session needed) are looked at first.
 */
import type { Route } from '../router.js';
import { backupAllRoutes } from './backup-all.js';
import { downloadRoutes } from './download.js';
import { jobRoutes } from './jobs.js';
import { signInRoutes } from './sign-in.js';
import { staticRoutes } from './static.js';
import { uploadRoutes } from './upload.js';
import { usersRoutes } from './users.js';
import { wizardRoutes } from './wizard.js';

export const routes: readonly Route[] = [
  ...staticRoutes,
  ...signInRoutes,
  ...wizardRoutes,
  ...usersRoutes,
  ...backupAllRoutes,
  ...jobRoutes,
  ...uploadRoutes,
  ...downloadRoutes,
];
