/**
 * Object storage addresses and keys files, without a store: what names a
 * place and what a file, what is refused, and the two forms of a keys file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  addRepository,
  listRepositories,
  openLocation,
  removeRepository,
  repositoryFor,
} from '../../../src/core/index.js';
import { parseCredentials } from '../../../src/core/repositories/credentials.js';
import { type ErrorCode, isToolError } from '../../../src/errors/index.js';
import { formatS3Place, parseS3File, parseS3Place } from '../../../src/repository/index.js';

const refusedAs = (code: ErrorCode) => (err: unknown) => isToolError(err, code);

test('s3:// places and files', () => {
  assert.deepEqual(parseS3Place('s3://kantoor/kluis/nacht/'), { bucket: 'kantoor', prefix: 'kluis/nacht' });
  assert.deepEqual(parseS3Place('s3://kantoor'), { bucket: 'kantoor', prefix: '' });
  assert.deepEqual(parseS3Place('s3://kantoor//a//b'), { bucket: 'kantoor', prefix: 'a/b' });
  assert.equal(formatS3Place(parseS3Place('s3://kantoor/kluis')), 's3://kantoor/kluis/');
  assert.equal(formatS3Place(parseS3Place('s3://kantoor')), 's3://kantoor/');
  assert.deepEqual(parseS3File('s3://kantoor/kluis/20261130-x.ebu'), {
    bucket: 'kantoor',
    prefix: 'kluis',
    name: '20261130-x.ebu',
  });
  assert.equal(parseS3File('s3://kantoor/kluis/'), undefined);
  assert.equal(parseS3File('s3://kantoor/kluis'), undefined);
  for (const bad of [
    's3://',
    's3:///x',
    's3://kantoor/../x',
    's3://kantoor/a?b',
    's3://kan toor/',
    'http://kantoor/',
    's3://kantoor/a#b',
  ])
    assert.throws(() => parseS3Place(bad), refusedAs('REPOSITORY_URL_INVALID'), bad);
});

test('a keys file: two lines, or the form of ~/.aws/credentials', () => {
  assert.deepEqual(parseCredentials('AKIAEXAMPLE\nsecret/with+chars\n', 'f'), {
    accessKeyId: 'AKIAEXAMPLE',
    secretAccessKey: 'secret/with+chars',
  });
  assert.deepEqual(
    parseCredentials(
      '# kantoor\n[default]\naws_access_key_id = AK1\naws_secret_access_key=SK1\naws_session_token = T1\n[other]\naws_access_key_id = AK2\n',
      'f',
    ),
    { accessKeyId: 'AK1', secretAccessKey: 'SK1', sessionToken: 'T1' },
  );
  for (const bad of ['', 'only-one-line\n', 'a b\nc\n', '[default]\naws_access_key_id = AK1\n'])
    assert.throws(
      () => parseCredentials(bad, 'f'),
      refusedAs('REPOSITORY_CREDENTIALS_FILE_INVALID'),
      JSON.stringify(bad),
    );
});

test('named repositories: added, found by name and by address, removed; keys never in config.json', async () => {
  const home = mkdtempSync(join(tmpdir(), 'kluis-repos-'));
  const folder = mkdtempSync(join(tmpdir(), 'kluis-repo-folder-'));
  addRepository(home, { name: 'lokaal', url: folder });
  addRepository(home, {
    name: 'extern',
    url: 's3://kantoor/kluis',
    endpoint: 'https://s3.example.nl',
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDVISIBLE', secretAccessKey: 'SECRETVISIBLE' },
  });
  const config = readFileSync(join(home, 'config.json'), 'utf8');
  assert.doesNotMatch(config, /AKIDVISIBLE|SECRETVISIBLE/);
  assert.deepEqual(
    listRepositories(home).map((r) => [r.name, r.kind, r.url, r.hasStoredCredentials]),
    [
      ['extern', 's3', 's3://kantoor/kluis/', true],
      ['lokaal', 'folder', folder, false],
    ],
  );
  assert.throws(() => addRepository(home, { name: 'lokaal', url: folder }), refusedAs('REPOSITORY_EXISTS'));
  assert.throws(() => addRepository(home, { name: '1x', url: folder }), refusedAs('REPOSITORY_LABEL_INVALID'));
  assert.throws(
    () => addRepository(home, { name: 'map', url: folder, endpoint: 'https://x' }),
    refusedAs('REPOSITORY_SETTING_NOT_S3'),
  );
  assert.throws(
    () => addRepository(home, { name: 'sleutel', url: 's3://b/', endpoint: 'https://AK:SK@s3.example.nl' }),
    refusedAs('REPOSITORY_URL_INVALID'),
  );
  assert.equal(repositoryFor(home, 'extern').url, 's3://kantoor/kluis/');
  assert.equal(repositoryFor(home, 'lokaal').kind, 'folder');
  // An address inside a named repository uses that repository's settings.
  const file = openLocation(home, 's3://kantoor/kluis/sub/20261130-x.ebu');
  assert.equal(file.name, '20261130-x.ebu');
  assert.equal(file.repositoryName, 'extern');
  assert.equal(file.repository.url, 's3://kantoor/kluis/sub/');
  assert.equal(openLocation(home, 's3://elders/x.ebu').repositoryName, undefined);
  writeFileSync(join(folder, 'a.ebu'), 'x');
  assert.deepEqual(
    [openLocation(home, join(folder, 'a.ebu')).name, openLocation(home, folder).name],
    ['a.ebu', undefined],
  );
  removeRepository(home, 'extern');
  assert.throws(() => removeRepository(home, 'extern'), refusedAs('REPOSITORY_NOT_FOUND'));
  assert.doesNotMatch(readFileSync(join(home, 'secrets', 'passwords.json'), 'utf8'), /AKIDVISIBLE/);
  rmSync(home, { recursive: true });
  rmSync(folder, { recursive: true });
});
