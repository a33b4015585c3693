/** Licence verification: valid, forged, expired, not yet valid, unknown or distrusted issuer, malformed. */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { issueDemoLicence } from '../../../src/core/index.js';
import {
  canonicalJson,
  demoIssuerId,
  type LicenceDocument,
  parseLicenceText,
  signLicence,
  verifyLicence,
} from '../../../src/core/testing.js';
import { message, rejectsWithCode } from '../../helpers/assertions.js';

const now = new Date('2026-06-15T12:00:00Z');
const licence = () =>
  issueDemoLicence(
    {
      holder: 'Accountants B.V.',
      registeredUser: 'eva',
      articles: ['Base', 'E-Accountancy'],
      number: 'L-1',
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
    },
    now,
  );

test('a licence from the demo issuer verifies and is marked as demo', () => {
  const v = verifyLicence(licence(), { now });
  assert.equal(v.demo, true);
  assert.equal(v.document.licence.issuer, demoIssuerId);
});

test('the signature survives re-serialisation with other key order and whitespace', () => {
  const doc = licence();
  const shuffled = JSON.parse(
    JSON.stringify(
      {
        signature: doc.signature,
        licence: Object.fromEntries(Object.entries(doc.licence).reverse()),
        format: doc.format,
      },
      null,
      4,
    ),
  );
  assert.equal(verifyLicence(parseLicenceText(JSON.stringify(shuffled)), { now }).document.licence.number, 'L-1');
});

test('a forged licence (holder changed after signing) is refused', async () => {
  const doc = licence();
  const forged: LicenceDocument = {
    ...doc,
    licence: { ...doc.licence, articles: [...doc.licence.articles, 'Payroll'] },
  };
  const err = await rejectsWithCode(() => verifyLicence(forged, { now }), 'LICENCE_SIGNATURE_INVALID');
  assert.equal(
    message(err, 'en'),
    'Licence L-1 (Accountants B.V.) is refused: its signature does not match, so the document was altered or forged.',
  );
  assert.equal(
    message(err, 'nl'),
    'Licentie L-1 (Accountants B.V.) is geweigerd: de handtekening klopt niet, het document is gewijzigd of vervalst.',
  );
});

test('a signature from another key under the demo issuer id is refused', async () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const doc = signLicence(licence().licence, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  await rejectsWithCode(() => verifyLicence(doc, { now }), 'LICENCE_SIGNATURE_INVALID');
});

test('an expired licence is refused, naming the date', async () => {
  const err = await rejectsWithCode(
    () => verifyLicence(licence(), { now: new Date('2027-01-01T00:00:00Z') }),
    'LICENCE_EXPIRED',
  );
  assert.equal(message(err, 'en'), 'Licence L-1 (Accountants B.V.) expired on 2026-12-31.');
  // The last valid day is still valid.
  verifyLicence(licence(), { now: new Date('2026-12-31T23:59:59Z') });
});

test('a licence that is not valid yet is refused', async () => {
  await rejectsWithCode(
    () => verifyLicence(licence(), { now: new Date('2025-12-31T12:00:00Z') }),
    'LICENCE_NOT_YET_VALID',
  );
});

test('an unknown issuer is refused, and a trusted key in the home folder is accepted', async (t) => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const doc = signLicence(
    { ...licence().licence, issuer: 'acme-issuer' },
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  const err = await rejectsWithCode(() => verifyLicence(doc, { now }), 'LICENCE_UNTRUSTED_ISSUER');
  assert.match(message(err, 'en'), /issuer "acme-issuer" is not trusted/);
  const dir = mkdtempSync(join(tmpdir(), 'kluis-issuers-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'acme-issuer.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  const v = verifyLicence(doc, { now, trustedIssuersDir: dir });
  assert.equal(v.demo, false);
});

test('an installation that distrusts the demo issuer refuses demo licences', async () => {
  await rejectsWithCode(() => verifyLicence(licence(), { now, trustDemoIssuer: false }), 'LICENCE_UNTRUSTED_ISSUER');
});

test('malformed documents are refused with the reason', async () => {
  await rejectsWithCode(() => parseLicenceText('{not json'), 'LICENCE_INVALID_DOCUMENT');
  await rejectsWithCode(() => verifyLicence({ format: 'other' }), 'LICENCE_INVALID_DOCUMENT');
  const doc = licence();
  const err = await rejectsWithCode(
    () => verifyLicence({ ...doc, licence: { ...doc.licence, maxUsers: 0 } }),
    'LICENCE_INVALID_DOCUMENT',
  );
  assert.match(message(err, 'en'), /maxUsers/);
  await rejectsWithCode(
    () => verifyLicence({ ...doc, licence: { ...doc.licence, validUntil: '31-12-2026' } }),
    'LICENCE_INVALID_DOCUMENT',
  );
  // Holder, user and articles reach lists and terminals.
  for (const holder of ['Klant\u001b[2J B.V.', 'factuur\u202efdp.exe', 'x'.repeat(201)]) {
    const e = await rejectsWithCode(
      () => verifyLicence({ ...doc, licence: { ...doc.licence, holder } }),
      'LICENCE_INVALID_DOCUMENT',
    );
    assert.match(message(e, 'en'), /holder must be printable text/);
    await rejectsWithCode(() => issueDemoLicence({ holder, registeredUser: 'klant' }), 'LICENCE_INVALID_DOCUMENT');
  }
  await rejectsWithCode(
    () => verifyLicence({ ...doc, licence: { ...doc.licence, articles: ['Base', 'E-\u0000Accountancy'] } }),
    'LICENCE_INVALID_DOCUMENT',
  );
});

test('canonical JSON sorts keys at every level and drops undefined', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } }),
    '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
  );
});
