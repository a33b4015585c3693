/**
 * Fuzz cases for every schema of src/schema/: valid documents, mutated at
 * random and field by field (a field dropped, a wrong type, a huge string,
 * nesting a hundred thousand levels deep), must each give the file's own
 * typed error, or pass when the change is harmless, and never crash or show
 * valibot's words. Valid documents make the round trip unchanged. The web
 * wizard's form posts are refused as a whole when no kluis page sent them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readConfig } from '../../../src/core/config/config-store.js';
import { homeLayout } from '../../../src/core/config/home.js';
import { readSecret, storeSecret } from '../../../src/core/config/secret-store.js';
import { issueDemoLicence } from '../../../src/core/licence/demo-licences.js';
import { parseLicenceDocument } from '../../../src/core/licence/licence.js';
import { verifyLicence } from '../../../src/core/licence/verify.js';
import { renderError, ToolError } from '../../../src/errors/index.js';
import { checkFooter, checkManifestToWrite, parseManifest } from '../../../src/format/documents.js';
import type { Footer, Manifest } from '../../../src/format/index.js';
import { demoForm, languageForm, serverSettingsForm, signInForm, wizardForm } from '../../../src/schema/web-forms.js';
import { tryLock } from '../../../src/storage/lock-file.js';
import { parseForm } from '../../../src/web/form.js';
import { changed, deep, fuzz, type Json, mutations, random, valibotWords } from '../../helpers/fuzz.js';

const scratch = mkdtempSync(join(tmpdir(), 'kluis-schema-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const manifest = {
  format: 1,
  kluisVersion: '0.1.0',
  schemaVersion: 4,
  server: { version: '18.4', versionNum: 180004, engine: 'embedded' },
  createdAt: '2026-06-15T12:00:00.000Z',
  createdBy: { user: 'eva', host: 'kantoor' },
  administration: { number: 7, name: 'Bakkerij De Korenaar', identity: '5f0c1a52-7d2e-4b1e-9c33-2a4f8e9d1b07' },
  licence: { number: 'L-1', holder: 'Accountants B.V.', registeredUser: 'eva', articles: ['Base', 'E-Accountancy'] },
  counts: { transactions: 120, documents: 4 },
  compression: { codec: 'zstd', level: 3 },
  encryption: { scheme: 'age', recipients: ['x25519', 'scrypt'] },
  tables: [
    {
      name: 'accounts',
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'text' },
      ],
      estimatedBytes: 8192,
    },
    { name: 'journal_lines', columns: [{ name: 'amount', type: 'numeric(15,2)' }], estimatedBytes: 0 },
  ],
  handBack: { client: 'Bakkerij B.V.', accountant: 'Accountants B.V.', removedUsers: ['piet'] },
  handOut: { id: '0b5e2c1d-1111-4a2b-8c3d-123456789abc', until: '2026-06-30', madeAt: '2026-06-15T11:59:00.000Z' },
  users: [{ userName: 'eva', fullName: 'Eva de Vries', role: 'admin', active: true }],
  changes: {
    handOut: '0b5e2c1d-1111-4a2b-8c3d-123456789abc',
    until: '2026-06-30',
    sequence: 2,
    client: '5f0c1a52-7d2e-4b1e-9c33-2a4f8e9d1b07',
    accountant: 'Accountants B.V.',
    madeAt: '2026-09-01T10:00:00.000Z',
    counts: {
      entries: { added: 3, changed: 5, removed: 1 },
      accounts: { added: 0, changed: 1, removed: 0 },
      relations: { added: 1, changed: 0, removed: 0 },
      vatCodes: { added: 0, changed: 0, removed: 0 },
      fiscalYears: { added: 0, changed: 1, removed: 0 },
    },
  },
} satisfies Json;

const footer = {
  tables: [
    { name: 'accounts', rows: 3, rawBytes: 100, storedBytes: 80, frames: 1 },
    { name: 'journal_lines', rows: 0, rawBytes: 0, storedBytes: 0, frames: 0 },
  ],
  rawBytes: 100,
  storedBytes: 80,
} satisfies Json;

describe('backup manifest and footer', () => {
  test('a valid manifest and footer make the round trip unchanged; unknown fields are dropped', () => {
    assert.deepEqual(parseManifest(structuredClone(manifest), 'x.ebu'), manifest);
    assert.deepEqual(parseManifest({ ...structuredClone(manifest), later: 'field' }, 'x.ebu'), manifest);
    const invalid = () => new ToolError('BACKUP_DAMAGED', { path: 'x.ebu', reason: 'footer' as never });
    assert.deepEqual(checkFooter(structuredClone(footer), invalid), footer);
    const { handBack: _h, handOut: _o, users: _u, changes: _c, ...required } = manifest;
    assert.deepEqual(parseManifest(structuredClone(required), 'x.ebu'), required);
  });

  test('a manifest mutated in any field is BACKUP_DAMAGED "its manifest is not valid", or harmless', () => {
    const { refused } = fuzz(manifest, 'BACKUP_DAMAGED', (m) => parseManifest(m, 'x.ebu'), 1);
    assert.ok(refused > 500, `only ${refused} refused`);
    const err = (() => {
      try {
        parseManifest(changed(manifest, ['server', 'engine'], 'cloud'), 'x.ebu');
      } catch (e) {
        return e as ToolError;
      }
      assert.fail('accepted');
    })();
    assert.match(renderError(err, 'en').message, /x\.ebu.*its manifest is not valid/);
  });

  test('fields the old hand-written check skipped are checked: licence, server, hand-back, hand-out, change package, users', () => {
    for (const path of [
      ['licence', 'holder'],
      ['licence', 'articles'],
      ['server', 'versionNum'],
      ['handBack', 'removedUsers'],
      ['handOut', 'id'],
      ['handOut', 'until'],
      ['changes', 'sequence'],
      ['changes', 'counts', 'entries', 'added'],
      ['changes', 'accountant'],
      ['users', 0, 'active'],
      ['encryption', 'recipients', 0],
    ])
      assert.throws(
        () => parseManifest(changed(manifest, path, { not: 'this' }), 'x.ebu'),
        (e) => e instanceof ToolError && e.code === 'BACKUP_DAMAGED',
        path.join('.'),
      );
    // The dividing date is a day that exists, the hand-out's id a UUID.
    for (const [path, value] of [
      [['handOut', 'until'], '2026-02-30'],
      [['handOut', 'until'], '30-06-2026'],
      [['handOut', 'id'], 'x'],
      // A change package: its dividing date a day, its hand-out a UUID, its sequence counted from 1.
      [['changes', 'until'], '2026-02-30'],
      [['changes', 'handOut'], 'x'],
      [['changes', 'sequence'], 0],
      [['changes', 'client'], 'not an identity'],
    ] as const)
      assert.throws(
        () => parseManifest(changed(manifest, [...path], value), 'x.ebu'),
        (e) => e instanceof ToolError && e.code === 'BACKUP_DAMAGED',
        `${path.join('.')} ${value}`,
      );
  });

  test('a mutated footer is the caller’s typed error', () => {
    const invalid = () => new ToolError('BACKUP_DAMAGED', { path: 'x.ebu', reason: 'footer' as never });
    const { refused } = fuzz(footer, 'BACKUP_DAMAGED', (f) => checkFooter(f, invalid) as Footer, 2);
    assert.ok(refused > 100, `only ${refused} refused`);
  });

  test('the writer refuses to begin a file its own reader would refuse', () => {
    checkManifestToWrite(manifest as unknown as Manifest);
    assert.throws(
      () => checkManifestToWrite(changed(manifest, ['administration', 'name'], 'a\u0007b') as unknown as Manifest),
      (e) => e instanceof ToolError && e.code === 'INTERNAL',
    );
  });
});

describe('licence documents', () => {
  const now = new Date('2026-06-15T12:00:00Z');
  const licence = issueDemoLicence(
    { holder: 'Accountants B.V.', registeredUser: 'eva', articles: ['Base'], number: 'L-1' },
    now,
  ) as unknown as Json;

  test('a valid licence makes the round trip, unknown fields kept so its signature still holds', () => {
    assert.deepEqual(parseLicenceDocument(structuredClone(licence)), licence);
    const extra = { ...structuredClone(licence as object), note: 'x' } as Json;
    assert.deepEqual(parseLicenceDocument(extra), extra);
    assert.equal(verifyLicence(structuredClone(licence), { now }).demo, true);
  });

  test('a licence mutated in any field is LICENCE_INVALID_DOCUMENT naming the field, or LICENCE_SIGNATURE_INVALID', () => {
    // Verifying checks the shape first, then the signature: a harmless change of shape still breaks the signature.
    let refused = 0;
    for (const [label, mutated] of mutations(licence, 3)) {
      try {
        verifyLicence(mutated, { now });
      } catch (err) {
        assert.ok(err instanceof ToolError, `${label}: ${(err as Error)?.stack ?? err}`);
        assert.ok(
          ['LICENCE_INVALID_DOCUMENT', 'LICENCE_SIGNATURE_INVALID', 'LICENCE_UNTRUSTED_ISSUER'].includes(err.code),
          `${label}: ${err.code}`,
        );
        assert.doesNotMatch(renderError(err, 'en').message, valibotWords, label);
        refused++;
      }
    }
    assert.ok(refused > 300, `only ${refused} refused`);
    assert.equal(fuzz(licence, 'LICENCE_INVALID_DOCUMENT', (l) => parseLicenceDocument(l), 4).refused > 300, true);
  });

  test('the sentence names the field, as the hand-written check did', () => {
    const reason = (l: Json) => {
      try {
        parseLicenceDocument(l);
      } catch (e) {
        return renderError(e as ToolError, 'en').message;
      }
      return 'accepted';
    };
    assert.match(reason(changed(licence, ['licence', 'maxUsers'], 0)), /maxUsers must be a positive whole number/);
    assert.match(reason(changed(licence, ['licence', 'holder'], undefined)), /holder missing/);
    assert.match(reason(changed(licence, ['licence', 'holder'], 'a\u202eb')), /holder must be printable text/);
    assert.match(reason(changed(licence, ['licence', 'validUntil'], '31-12-2026')), /must be dates/);
    assert.match(reason(changed(licence, ['format'], 'x')), /format must be "kluis-licence\/1"/);
    assert.match(reason(changed(licence, ['signature'], '***')), /signature missing/);
    assert.match(reason(changed(licence, ['licence'], 'x')), /licence missing/);
    assert.match(reason([licence]), /not a JSON object/);
  });

  test('a licence nested deeper than any licence is refused before its signature is computed', () => {
    // canonicalJson recurses: without the bound this overflowed the stack.
    const hostile = changed(licence, ['licence', 'extra'], deep(1_000_000));
    assert.throws(
      () => verifyLicence(hostile, { now }),
      (e) => e instanceof ToolError && e.code === 'LICENCE_INVALID_DOCUMENT' && /nested too deeply/.test(e.message),
    );
  });
});

describe('files in kluis’s home', () => {
  let n = 0;
  const home = () => {
    const dir = join(scratch, `home-${n++}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const config = {
    version: 1,
    servers: { kantoor: { conninfo: 'host=db.local port=5432', passwordRef: 'abc', addedAt: '2026-01-01T00:00:00Z' } },
    trustDemoIssuer: false,
  } satisfies Json;

  test('config.json: valid settings make the round trip, unknown fields kept; any mutation is CONFIG_DAMAGED or harmless', () => {
    const h = home();
    const file = homeLayout(h).configFile;
    const withExtra = { ...config, later: { field: 1 } };
    writeFileSync(file, JSON.stringify(withExtra));
    assert.deepEqual(readConfig(h), withExtra);
    const { refused } = fuzz(
      config,
      'CONFIG_DAMAGED',
      (c) => {
        writeFileSync(file, JSON.stringify(c));
        return readConfig(h);
      },
      5,
      2_000,
    );
    assert.ok(refused > 50, `only ${refused} refused`);
  });

  test('config.json nested a hundred thousand levels deep, or not JSON, is CONFIG_DAMAGED', () => {
    const h = home();
    const file = homeLayout(h).configFile;
    for (const text of [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, '{"version":1,"servers":{', '']) {
      writeFileSync(file, text);
      assert.throws(
        () => readConfig(h),
        (e) => e instanceof ToolError && e.code === 'CONFIG_DAMAGED',
      );
    }
  });

  test('the secret store: a stored password reads back; a damaged store is CONFIG_DAMAGED, not silently empty', () => {
    const h = home();
    const ref = storeSecret(h, 'Zeer-Geheim');
    assert.equal(readSecret(h, ref), 'Zeer-Geheim');
    const store = join(homeLayout(h).secretsDir, 'passwords.json');
    for (const text of ['[1,2]', '{"a":1}', '{"a":', `{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}`]) {
      writeFileSync(store, text);
      assert.throws(
        () => readSecret(h, ref),
        (e) => e instanceof ToolError && e.code === 'CONFIG_DAMAGED',
        text.slice(0, 20),
      );
      assert.throws(
        () => storeSecret(h, 'other'),
        (e) => e instanceof ToolError && e.code === 'CONFIG_DAMAGED',
      );
    }
  });

  test('a lock file whose holder is anything but a holder is read as no holder, never a crash', () => {
    const holder = {
      host: 'elders',
      pid: 4242,
      processStart: 'x',
      operation: 'backup',
      since: '2026-01-01T00:00:00Z',
    } satisfies Json;
    const path = join(home(), 'fuzz.lock');
    let count = 0;
    for (const [label, mutated] of mutations(holder, 6, 2_000)) {
      writeFileSync(path, JSON.stringify(mutated));
      const result = tryLock(path, 'test');
      if (result.acquired) {
        result.lock.release();
        assert.fail(`${label}: a fresh lock file was taken over`);
      }
      if (result.holder !== undefined) {
        assert.equal(typeof result.holder.pid, 'number', label);
        assert.equal(typeof result.holder.host, 'string', label);
      }
      count++;
    }
    assert.ok(count > 100);
  });
});

describe('web form posts', () => {
  const refused = (form: URLSearchParams, schema: Parameters<typeof parseForm>[1]) => {
    try {
      parseForm(form, schema);
      return undefined;
    } catch (err) {
      assert.ok(err instanceof ToolError, String(err));
      assert.equal(err.code, 'WEB_REQUEST_REFUSED');
      return { en: renderError(err, 'en').message, nl: renderError(err, 'nl').message };
    }
  };

  test('the forms kluis pages send pass, typed, with absent fields empty or their default', () => {
    // What a person types is judged at its field later, in that field's words: tabs and bidi marks pass here.
    assert.equal(parseForm(new URLSearchParams({ user: 'eva\u202e\t' }), signInForm()).user, 'eva\u202e\t');
    const signIn = parseForm(new URLSearchParams({ _csrf: 't', adm: '1', user: 'eva', password: 'x y' }), signInForm());
    assert.deepEqual(signIn, { adm: '1', user: 'eva', password: 'x y' });
    assert.equal(parseForm(new URLSearchParams({ _csrf: 't', lang: 'en' }), languageForm()).lang, 'en');
    assert.deepEqual(parseForm(new URLSearchParams({ _csrf: 't' }), wizardForm()), { nav: 'next', action: '' });
    for (const nav of ['fill:file:/tmp/a b:c.ebu', 'use-server:2', 'select-all:tables', 'save-server', 'finish'])
      assert.equal(parseForm(new URLSearchParams({ nav }), wizardForm()).nav, nav);
    assert.equal(
      parseForm(new URLSearchParams({ 'adv-host': 'db', 'adv-port': '5433' }), serverSettingsForm())['adv-port'],
      '5433',
    );
  });

  test('a form no kluis page sends is refused in the reader’s language, never with valibot’s words', () => {
    const cases: Array<[Record<string, string>, Parameters<typeof parseForm>[1]]> = [
      [{ lang: 'de' }, languageForm()],
      [{}, languageForm()],
      [{ adm: 'A'.repeat(100_000) }, signInForm()],
      [{ server: 'x'.repeat(20_000) }, demoForm()],
      [{ nav: 'NEXT' }, wizardForm()],
      [{ nav: '' }, wizardForm()],
      [{ action: 'a\nb' }, wizardForm()],
      [{ 'adv-port': '1'.repeat(10_001) }, serverSettingsForm()],
      [{ 'adv-password': 'p'.repeat(20_000) }, serverSettingsForm()],
    ];
    for (const [fields, schema] of cases) {
      const text = refused(new URLSearchParams(fields), schema);
      assert.ok(text, `accepted: ${JSON.stringify(fields).slice(0, 80)}`);
      assert.match(text.en, /the form has a field this page does not send that way/);
      assert.match(text.nl, /het formulier heeft een veld dat deze pagina niet zo verstuurt/);
      assert.doesNotMatch(text.en, valibotWords);
    }
  });

  test('randomly mutated sign-in and wizard forms pass or are refused, never crash', () => {
    const rand = random(7);
    const pieces = ['', 'x', '\u0007', '\u202e', 'A'.repeat(5000), 'next', 'fill:a:b', 'nl', ':', '%00'];
    const keys = ['adm', 'user', 'password', 'server', 'nav', 'action', 'lang', '_csrf', 'other'];
    for (let i = 0; i < 500; i++) {
      const form = new URLSearchParams();
      for (let n = Math.floor(rand() * 5); n > 0; n--)
        form.append(keys[Math.floor(rand() * keys.length)]!, pieces[Math.floor(rand() * pieces.length)]!);
      for (const schema of [signInForm(), wizardForm(), languageForm(), demoForm(), serverSettingsForm()])
        refused(form, schema);
    }
  });
});
