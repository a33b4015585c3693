/** libpq-style connection settings: parsing, redaction, service files, precedence. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatConninfo, parseConninfo, redactConninfo, resolveSettings } from '../../../src/engines/index.js';
import { parseServiceFile } from '../../../src/engines/server/service-file.js';
import { message, rejectsWithCode } from '../../helpers/assertions.js';

test('keyword/value settings, with quoting', () => {
  assert.deepEqual(parseConninfo(`host=db.example.nl port=6543 user=kluis password='p w\\'x' sslmode=require`), {
    host: 'db.example.nl',
    port: 6543,
    user: 'kluis',
    password: "p w'x",
    sslmode: 'require',
  });
});

test('URI settings', () => {
  assert.deepEqual(parseConninfo('postgresql://ann:s%40cret@[::1]:5433/boeken?sslmode=verify-full&connect_timeout=5'), {
    host: '::1',
    port: 5433,
    user: 'ann',
    password: 's@cret',
    dbname: 'boeken',
    sslmode: 'verify-full',
    connect_timeout: 5,
  });
});

test('bad settings are refused with the reason, password hidden', async () => {
  const err = await rejectsWithCode(() => parseConninfo('host=x password=geheim colour=blue'), 'CONNINFO_INVALID');
  assert.equal(
    message(err, 'en'),
    'Connection settings "host=x password=*** colour=blue" are invalid: unknown keyword "colour".',
  );
  assert.equal(
    message(err, 'nl'),
    'Verbindingsgegevens "host=x password=*** colour=blue" zijn ongeldig: onbekend sleutelwoord "colour".',
  );
  await rejectsWithCode(() => parseConninfo('port=abc'), 'CONNINFO_INVALID');
  await rejectsWithCode(() => parseConninfo('port=70000'), 'CONNINFO_INVALID');
  await rejectsWithCode(() => parseConninfo('sslmode=maybe'), 'CONNINFO_INVALID');
  await rejectsWithCode(() => parseConninfo("host='open"), 'CONNINFO_INVALID');
  await rejectsWithCode(() => parseConninfo(''), 'CONNINFO_INVALID');
});

test('redaction hides passwords in both spellings; formatting never shows one', () => {
  assert.equal(redactConninfo("host=a password='x y' user=b"), 'host=a password=*** user=b');
  assert.equal(redactConninfo('postgresql://ann:secret@db/x'), 'postgresql://ann:***@db/x');
  assert.equal(formatConninfo({ host: 'a b', password: 'secret', port: 5 }), "host='a b' port=5");
});

test('pg_service.conf sections', () => {
  const services = parseServiceFile(
    '# comment\n[kantoor]\nhost=db.kantoor.nl\nport=5433\napplication_name=ignored\n\n[cloud]\nhost=pg.cloud\nsslmode=verify-full\n',
    'x',
  );
  assert.deepEqual(services.get('kantoor'), { host: 'db.kantoor.nl', port: 5433 });
  assert.deepEqual(services.get('cloud'), { host: 'pg.cloud', sslmode: 'verify-full' });
});

test('precedence: explicit settings, then the service, then PG* variables, then defaults', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kluis-svc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'pg_service.conf');
  writeFileSync(file, '[kantoor]\nhost=svc-host\nport=6000\nuser=svc-user\n');
  const env = {
    PGSERVICEFILE: file,
    PGSYSCONFDIR: dir,
    PGHOST: 'env-host',
    PGUSER: 'env-user',
    PGDATABASE: 'envdb',
    PGSSLMODE: 'require',
  };
  const s = resolveSettings({ service: 'kantoor', user: 'explicit' }, env);
  assert.equal(s.host, 'svc-host');
  assert.equal(s.port, 6000);
  assert.equal(s.user, 'explicit');
  assert.equal(s.dbname, 'envdb');
  assert.equal(s.sslmode, 'require');
  const fromEnvService = resolveSettings({}, { ...env, PGSERVICE: 'kantoor' });
  assert.equal(fromEnvService.host, 'svc-host');
  const defaults = resolveSettings({}, { PGSERVICEFILE: join(dir, 'none') });
  assert.equal(defaults.port, 5432);
  assert.equal(defaults.dbname, 'postgres');
  assert.equal(defaults.sslmode, 'prefer');
  await rejectsWithCode(() => resolveSettings({ service: 'missing' }, env), 'SERVICE_NOT_FOUND');
});
