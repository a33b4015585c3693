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
import { ToolError } from '../../errors/index.js';

export const licenceFormat = 'kluis-licence/1';
export const accountancyArticle = 'E-Accountancy';

export interface LicenceBody {
  readonly number: string;
  readonly holder: string;
  readonly registeredUser: string;
  readonly articles: readonly string[];
  readonly maxUsers: number;
  /** ISO dates (YYYY-MM-DD), inclusive. */
  readonly validFrom: string;
  readonly validUntil: string;
  /** Key id of the issuer that signed it. */
  readonly issuer: string;
  readonly issuedAt: string;
}

export interface LicenceDocument {
  readonly format: typeof licenceFormat;
  readonly licence: LicenceBody;
  readonly signature: string;
}

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

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** No control characters or bidirectional overrides, 1–200 characters. */
function isPrintable(text: string): boolean {
  return text.length >= 1 && text.length <= 200 && !/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(text);
}

/** Checks the shape of an untrusted document; says which field is wrong. */
export function parseLicenceDocument(input: unknown): LicenceDocument {
  const bad = (en: string, nl: string) => new ToolError('LICENCE_INVALID_DOCUMENT', { reason: { nl, en } });
  if (typeof input !== 'object' || input === null) throw bad('not a JSON object', 'geen JSON-object');
  const doc = input as Record<string, unknown>;
  if (doc['format'] !== licenceFormat)
    throw bad(`format must be "${licenceFormat}"`, `format moet "${licenceFormat}" zijn`);
  if (typeof doc['signature'] !== 'string' || !/^[A-Za-z0-9+/]+=*$/.test(doc['signature']))
    throw bad('signature missing', 'de handtekening ontbreekt');
  const l = doc['licence'] as Record<string, unknown> | undefined;
  if (typeof l !== 'object' || l === null) throw bad('licence missing', 'de licentie ontbreekt');
  for (const key of ['number', 'holder', 'registeredUser', 'validFrom', 'validUntil', 'issuer', 'issuedAt']) {
    if (typeof l[key] !== 'string' || (l[key] as string).length === 0) throw bad(`${key} missing`, `${key} ontbreekt`);
  }
  // Holder, user and articles reach lists and terminals: printable text of a sensible length.
  for (const key of ['number', 'holder', 'registeredUser', 'issuer']) {
    if (!isPrintable(l[key] as string))
      throw bad(
        `${key} must be printable text of at most 200 characters`,
        `${key} moet leesbare tekst van hoogstens 200 tekens zijn`,
      );
  }
  if (!isoDate.test(l['validFrom'] as string) || !isoDate.test(l['validUntil'] as string))
    throw bad(
      'validFrom/validUntil must be dates (YYYY-MM-DD)',
      'validFrom/validUntil moeten datums zijn (JJJJ-MM-DD)',
    );
  if (!Array.isArray(l['articles']) || !l['articles'].every((a) => typeof a === 'string' && isPrintable(a)))
    throw bad('articles must be a list of names', 'articles moet een lijst van namen zijn');
  if (!Number.isInteger(l['maxUsers']) || (l['maxUsers'] as number) < 1)
    throw bad('maxUsers must be a positive whole number', 'maxUsers moet een positief geheel getal zijn');
  return input as LicenceDocument;
}

export function parseLicenceText(text: string): LicenceDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's own words ("Unexpected token } in JSON at position 12") are no sentence for a person.
    throw new ToolError('LICENCE_INVALID_DOCUMENT', {
      reason: {
        nl: 'de inhoud is geen JSON, het bestand is beschadigd of is geen licentie',
        en: 'its content is not JSON, so the file is damaged or not a licence',
      },
    });
  }
  return parseLicenceDocument(json);
}

export function hasArticle(doc: LicenceDocument, article: string): boolean {
  return doc.licence.articles.includes(article);
}
