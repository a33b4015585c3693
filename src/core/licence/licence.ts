/**
 * Licence documents: what an administration runs under. A licence names its
 * holder, the registered user name (a user that must exist in the
 * administration), a licence number, the articles (modules) it grants, the
 * maximum number of active users and its validity, and is signed with
 * Ed25519 by an issuer whose public key this installation trusts.
 *
 * On disk and in the database a licence is a JSON document:
 *   { "format": "kluis-licence/1", "licence": {...}, "signature": "<base64>" }
 * The signature covers the canonical JSON of "licence" (keys sorted, no
 * whitespace), so re-serialising the document never breaks it.
 */
import { type Phrase, phrase, ToolError } from '../../errors/index.js';
import { parseWith } from '../../schema/common.js';
import { type LicenceDocument, licenceDocumentSchema, licenceFormat } from '../../schema/licence.js';

export { type LicenceBody, type LicenceDocument, licenceFormat } from '../../schema/licence.js';
export const accountancyArticle = 'E-Accountancy';

/** JSON with sorted keys and no whitespace: the bytes that are signed. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

type Bad = (reason: Phrase) => ToolError;

/** The sentence for the first field the schema refused (`path` as valibot's dotted path). */
function problemAt(path: string, input: unknown, bad: Bad): ToolError {
  const [top, key] = path.split('.');
  if (typeof input !== 'object' || input === null || Array.isArray(input) || !top)
    return bad(phrase('LICENCE_NOT_OBJECT'));
  if (top === 'format') return bad(phrase('LICENCE_FORMAT_WRONG', { format: licenceFormat }));
  if (top === 'signature') return bad(phrase('LICENCE_SIGNATURE_MISSING'));
  const l = (input as { licence?: unknown }).licence;
  if (top !== 'licence' || !key || typeof l !== 'object' || l === null) return bad(phrase('LICENCE_MISSING'));
  const value = (l as Record<string, unknown>)[key];
  if (key === 'articles') return bad(phrase('LICENCE_ARTICLES_WRONG'));
  if (key === 'maxUsers') return bad(phrase('LICENCE_MAX_USERS_WRONG'));
  if (typeof value !== 'string' || value.length === 0) return bad(phrase('LICENCE_FIELD_MISSING', { field: key }));
  if (key === 'validFrom' || key === 'validUntil') return bad(phrase('LICENCE_DATES_WRONG'));
  // Holder, user and articles reach lists and terminals: printable text of a sensible length.
  return bad(phrase('LICENCE_FIELD_NOT_PRINTABLE', { field: key }));
}

/**
 * Checks an untrusted document against the licence schema
 * (src/schema/licence.ts); says which field is wrong. A document nested
 * deeper than any licence is refused before anything walks it (canonicalJson
 * recurses).
 */
export function parseLicenceDocument(input: unknown): LicenceDocument {
  const bad: Bad = (reason) => new ToolError('LICENCE_INVALID_DOCUMENT', { reason });
  return parseWith(licenceDocumentSchema(), input, ({ path, tooDeep }) =>
    tooDeep ? bad(phrase('LICENCE_NESTED_TOO_DEEPLY')) : problemAt(path, input, bad),
  );
}

export function parseLicenceText(text: string): LicenceDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's own words ("Unexpected token } in JSON at position 12") are no sentence for a person.
    throw new ToolError('LICENCE_INVALID_DOCUMENT', {
      reason: phrase('LICENCE_NOT_JSON'),
    });
  }
  return parseLicenceDocument(json);
}

export function hasArticle(doc: LicenceDocument, article: string): boolean {
  return doc.licence.articles.includes(article);
}
