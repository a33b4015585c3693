/** The XML Auditfile Financieel 3.2: its schema, a validating stream reader and a stream writer. Knows nothing of databases. */

export { containers, type XafEvent, type XafRecord, xafLimits } from './events.js';
export { readXaf } from './reader.js';
export {
  checkSimple,
  declAt,
  type ElementDecl,
  type SimpleType,
  xafNamespace,
  xafSchema,
  xafSchemaPath,
} from './schema.js';
export { escapeText, type TextSink, XafWriter } from './writer.js';
