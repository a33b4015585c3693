/**
 * Signing and verifying licences. Verification refuses, with a clear
 * message, a document that was altered (signature), one from an issuer this
 * installation does not trust, and one outside its validity.
 */
import { createPrivateKey, sign, verify } from 'node:crypto';
import { ToolError } from '../../errors/index.js';
import { type IssuerOptions, trustedIssuers } from './issuers.js';
import {
  canonicalJson,
  type LicenceBody,
  type LicenceDocument,
  licenceFormat,
  parseLicenceDocument,
} from './licence.js';

export interface VerifiedLicence {
  readonly document: LicenceDocument;
  /** Signed by the public demo issuer: fine for trying kluis, proves nothing. */
  readonly demo: boolean;
}

export function signLicence(body: LicenceBody, privateKeyPem: string): LicenceDocument {
  const signature = sign(null, Buffer.from(canonicalJson(body)), createPrivateKey(privateKeyPem)).toString('base64');
  return { format: licenceFormat, licence: body, signature };
}

/** Today as YYYY-MM-DD in UTC; validity dates are calendar dates. */
function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function verifyLicence(input: unknown, options: IssuerOptions & { now?: Date } = {}): VerifiedLicence {
  const document = parseLicenceDocument(input);
  const l = document.licence;
  const ids = { number: l.number, holder: l.holder };
  const issuers = trustedIssuers(options);
  const issuer = issuers.find((i) => i.id === l.issuer);
  if (!issuer)
    throw new ToolError('LICENCE_UNTRUSTED_ISSUER', {
      ...ids,
      issuer: l.issuer,
      trusted: issuers.map((i) => i.id).join(', ') || '-',
    });
  const ok = verify(null, Buffer.from(canonicalJson(l)), issuer.key, Buffer.from(document.signature, 'base64'));
  if (!ok) throw new ToolError('LICENCE_SIGNATURE_INVALID', ids);
  const day = today(options.now ?? new Date());
  if (day < l.validFrom) throw new ToolError('LICENCE_NOT_YET_VALID', { ...ids, validFrom: l.validFrom });
  if (day > l.validUntil) throw new ToolError('LICENCE_EXPIRED', { ...ids, validUntil: l.validUntil });
  return { document, demo: issuer.demo };
}
