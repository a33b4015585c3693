/**
 * XAF auditfiles: export of a fiscal year (export/) and import as an
 * administration (import/). The two operations are loaded when first used:
 * their modules and the streaming XML parser they bring cost every other
 * command's start, `kluis --version` included (docs/BENCHMARKS.md has the
 * figures). isAuditfile reads a file's first bytes and needs neither.
 */
import type { exportXaf as exportXafNow } from './export/export-xaf.js';
import type { importXaf as importXafNow } from './import/import-xaf.js';

export type { XafExportInput, XafExportResult } from './export/export-xaf.js';
export { isAuditfile } from './import/header.js';
export type { XafImportInput, XafImportPlan, XafImportResult } from './import/types.js';

/** Exports one fiscal year as an auditfile (export/export-xaf.ts). */
export async function exportXaf(...args: Parameters<typeof exportXafNow>): ReturnType<typeof exportXafNow> {
  const { exportXaf: run } = await import('./export/export-xaf.js');
  return run(...args);
}

/** Imports an auditfile as an administration, or only plans it (import/import-xaf.ts). */
export async function importXaf(...args: Parameters<typeof importXafNow>): ReturnType<typeof importXafNow> {
  const { importXaf: run } = await import('./import/import-xaf.js');
  return run(...args);
}
