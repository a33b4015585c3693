/**
 * The operations, each declared once (operations/*.ts): its inputs, the
 * licence article it needs, the lock it takes, the confirmation it asks,
 * its preview rows, the object `--json` prints and its progress phases. The
 * CLI commands, the terminal wizard's flags and the wizard's fields are
 * built from these.
 */

import type { Localized } from '../../errors/index.js';
import {
  copyAdministration,
  createAdministration,
  deleteAdministration,
  prepareCloud,
  recover,
} from './operations/administrations.js';
import { backupAll, createBackup, importClientLicence, installClient, restoreBackup } from './operations/backups.js';
import { clientApply, clientChanges } from './operations/changes.js';
import { exportXaf, importXaf } from './operations/exchange.js';
import { handOutToAccountant } from './operations/hand-out.js';
import {
  addRepositoryOperation,
  listRepositoriesOperation,
  removeRepositoryOperation,
  testRepositoryOperation,
} from './operations/repositories.js';
import { pruneBackups } from './operations/retention.js';
import { checkBackups, installSchedule, removeSchedule, runSchedule, scheduleStatus } from './operations/schedule.js';
import {
  activateUser,
  addUser,
  deactivateUser,
  listUsers,
  removeUser,
  setUserPassword,
  setUserRole,
} from './operations/users.js';
import type { OperationDeclaration } from './types.js';

/** By id, in the order the CLI's help lists them. */
export const operations = {
  'create-backup': createBackup,
  'backup-all': backupAll,
  prune: pruneBackups,
  restore: restoreBackup,
  'client-install': installClient,
  'client-hand-out': handOutToAccountant,
  'licence-import': importClientLicence,
  'client-changes': clientChanges,
  'client-apply': clientApply,
  copy: copyAdministration,
  'cloud-prepare': prepareCloud,
  recover,
  'xaf-export': exportXaf,
  'xaf-import': importXaf,
  'admin-create': createAdministration,
  'admin-delete': deleteAdministration,
  'user-list': listUsers,
  'user-add': addUser,
  'user-activate': activateUser,
  'user-deactivate': deactivateUser,
  'user-password': setUserPassword,
  'user-role': setUserRole,
  'user-remove': removeUser,
  'schedule-install': installSchedule,
  'schedule-status': scheduleStatus,
  'schedule-remove': removeSchedule,
  'schedule-run': runSchedule,
  check: checkBackups,
  'repository-list': listRepositoriesOperation,
  'repository-add': addRepositoryOperation,
  'repository-remove': removeRepositoryOperation,
  'repository-test': testRepositoryOperation,
} as const satisfies Record<string, OperationDeclaration>;

export type OperationTable = typeof operations;
export type OperationId = keyof OperationTable;

export function allOperations(): OperationDeclaration[] {
  return Object.values(operations);
}

/** The operation a wizard action performs. */
export function operationOfAction(action: string): OperationDeclaration | undefined {
  return allOperations().find((o) => o.wizard === action);
}

/**
 * What a progress event of `op` is called: the declared phase whose id is the
 * event's step, else the first declared phase (an operation reports its work
 * under one step), else the operation's summary.
 */
export function phaseLabel(op: OperationDeclaration, step: string): Localized {
  return (op.phases.find((p) => p.id === step) ?? op.phases[0])?.label ?? op.summary;
}
