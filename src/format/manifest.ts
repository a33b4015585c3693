/**
 * The manifest and footer documents of a backup file (FORMAT.md sections 6
 * and 7). Their types are their schemas (src/schema/manifest.ts): one
 * declaration that both the reader checks against and the code is typed by.
 */
export type {
  ChangesInfo,
  ColumnInfo,
  Footer,
  HandBack,
  Manifest,
  ManifestFiscalYear,
  TableInfo,
  TableStats,
} from '../schema/manifest.js';
