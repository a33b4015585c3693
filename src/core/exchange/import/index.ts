/** Importing an XAF auditfile as an administration (import-xaf.ts says how, phase by phase). */
export { isAuditfile } from './header.js';
export { importXaf } from './import-xaf.js';
export type { XafImportInput, XafImportPlan, XafImportResult } from './types.js';
