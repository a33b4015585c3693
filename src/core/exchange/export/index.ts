/** Exporting a fiscal year as an XAF auditfile (export-xaf.ts says how; year-export.ts part by part). */
export { exportXaf, type XafExportInput, type XafExportResult } from './export-xaf.js';
