/**
 * The operations, each declared once (operations/*.ts): its inputs, the
 * licence article it needs, the lock it takes, the confirmation it asks,
 * its preview rows, the object `--json` prints and its progress phases. The
 * CLI commands, the terminal wizard's flags and the wizard's fields are
 * built from these.
 */
import {
  copyAdministration,
  createAdministration,
  deleteAdministration,
  prepareCloud,
  recover,
} from './operations/administrations.js';
import { createBackup, importClientLicence, installClient, restoreBackup } from './operations/backups.js';
import { exportXaf, importXaf } from './operations/exchange.js';
import type { OperationDeclaration } from './types.js';

/** By id, in the order the CLI's help lists them. */
export const operations = {
  'create-backup': createBackup,
  restore: restoreBackup,
  'client-install': installClient,
  'licence-import': importClientLicence,
  copy: copyAdministration,
  'cloud-prepare': prepareCloud,
  recover,
  'xaf-export': exportXaf,
  'xaf-import': importXaf,
  'admin-create': createAdministration,
  'admin-delete': deleteAdministration,
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
