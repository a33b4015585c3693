/**
 * The single registry of every error kluis can report to a user, merged from
 * one file per area in ./registry/ (usage, not found, licence, backup,
 * exchange, web, ...). The order here is the order of docs/errors.md.
 *
 * Each entry has a stable code (never reused, never renamed), the exit code the
 * CLI ends with, a category, and the message in Dutch and English. Messages
 * are one sentence saying what happened; hints say what to do. `{name}`
 * placeholders are filled from the error's params. docs/errors.md is rendered
 * from this table (a test keeps the two in step).
 */

export {
  type ErrorCategory,
  type ErrorDefinition,
  ExitCode,
  type ExitCodeValue,
  type Localized,
} from './definition.js';

import { backupErrors } from './registry/backup.js';
import { backupAllErrors } from './registry/backup-all.js';
import { changesErrors } from './registry/changes.js';
import { conflictErrors } from './registry/conflict.js';
import { dataStateErrors } from './registry/data-state.js';
import { environmentErrors } from './registry/environment.js';
import { exchangeErrors } from './registry/exchange.js';
import { handOutErrors } from './registry/hand-out.js';
import { inUseErrors } from './registry/in-use.js';
import { internalErrors } from './registry/internal.js';
import { licenceErrors } from './registry/licence.js';
import { notFoundErrors } from './registry/not-found.js';
import { repositoryErrors } from './registry/repository.js';
import { retentionErrors } from './registry/retention.js';
import { scheduleErrors } from './registry/schedule.js';
import { usageErrors } from './registry/usage.js';
import { userErrors } from './registry/users.js';
import { webErrors } from './registry/web.js';

/** Each area's table, in the order they are merged (a test checks that no code is in two). */
export const errorAreas = [
  usageErrors,
  notFoundErrors,
  conflictErrors,
  inUseErrors,
  licenceErrors,
  userErrors,
  environmentErrors,
  dataStateErrors,
  backupErrors,
  backupAllErrors,
  repositoryErrors,
  scheduleErrors,
  retentionErrors,
  exchangeErrors,
  handOutErrors,
  changesErrors,
  internalErrors,
  webErrors,
] as const;

export const errorRegistry = {
  ...usageErrors,
  ...notFoundErrors,
  ...conflictErrors,
  ...inUseErrors,
  ...licenceErrors,
  ...userErrors,
  ...environmentErrors,
  ...dataStateErrors,
  ...backupErrors,
  ...backupAllErrors,
  ...repositoryErrors,
  ...scheduleErrors,
  ...retentionErrors,
  ...exchangeErrors,
  ...handOutErrors,
  ...changesErrors,
  ...internalErrors,
  ...webErrors,
};

export type ErrorCode = keyof typeof errorRegistry;
