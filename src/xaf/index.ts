/** The XML Auditfile Financieel 3.2: its schema, a validating stream reader and a stream writer. Knows nothing of databases. */
export {
  xafNamespace,
  xafSchema,
  xafSchemaPath,
  declAt,
  checkSimple,
  type ElementDecl,
  type SimpleType,
} from './schema.js';
export { readXaf, containers, xafLimits, type XafEvent, type XafRecord } from './reader.js';
export { XafWriter, escapeText, type TextSink } from './writer.js';
