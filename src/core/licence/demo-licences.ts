/**
 * Licences signed by the public demo issuer, for `kluis demo`, the tests and
 * anyone trying kluis out. See issuers.ts for why these prove nothing.
 */
import { randomInt } from 'node:crypto';
import { demoIssuerId, demoIssuerPrivateKey } from './issuers.js';
import { type LicenceBody, type LicenceDocument, parseLicenceDocument } from './licence.js';
import { signLicence } from './verify.js';

export interface DemoLicenceRequest {
  readonly holder: string;
  readonly registeredUser: string;
  readonly articles?: readonly string[];
  readonly maxUsers?: number;
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly number?: string;
}

export function issueDemoLicence(req: DemoLicenceRequest, now = new Date()): LicenceDocument {
  const year = now.getUTCFullYear();
  const body: LicenceBody = {
    number: req.number ?? `DEMO-${year}-${String(randomInt(1, 999_999)).padStart(6, '0')}`,
    holder: req.holder,
    registeredUser: req.registeredUser,
    articles: [...(req.articles ?? ['Base'])],
    maxUsers: req.maxUsers ?? 10,
    validFrom: req.validFrom ?? `${year}-01-01`,
    validUntil: req.validUntil ?? `${year + 1}-12-31`,
    issuer: demoIssuerId,
    issuedAt: now.toISOString(),
  };
  // The same checks as any licence that is read: a demo licence must be one kluis would accept.
  return parseLicenceDocument(signLicence(body, demoIssuerPrivateKey));
}
