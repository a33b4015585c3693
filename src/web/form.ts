/**
 * A posted form read through its schema (src/schema/web-forms.ts). Each
 * field's first value counts, as URLSearchParams.get gave it; a form the
 * schema refuses was not made by a kluis page and is refused as a whole,
 * in the reader's language (WEB_REQUEST_REFUSED, HTTP 403).
 */
import type * as V from 'valibot';
import { parseWith } from '../schema/common.js';
import { refusal } from './router.js';

export function parseForm<S extends V.GenericSchema>(form: URLSearchParams, schema: S): V.InferOutput<S> {
  const fields: Record<string, string> = {};
  for (const [key, value] of form) if (!(key in fields)) fields[key] = value;
  return parseWith(schema, fields, () => refusal('form'));
}
