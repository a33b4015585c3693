/**
 * The Repository contract, run against both kinds: a folder, and a real
 * object store (Swift with s3api, test/helpers/object-store.ts). Then what
 * only object storage can do wrong: refused keys, a missing bucket, a store
 * that does not answer, each as its one coded error.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isToolError } from '../../src/errors/index.js';
import { FolderRepository, type Repository, S3Repository } from '../../src/repository/index.js';
import { isUploadPart, startFaultProxy } from '../helpers/fault-proxy.js';
import { type ObjectStore, objectStoreUnavailable, startObjectStore, storeKeys } from '../helpers/object-store.js';

const noStore = objectStoreUnavailable();
const mib = 1024 * 1024;

async function write(repository: Repository, name: string, data: Buffer): Promise<void> {
  const pending = await repository.create(name);
  for (let at = 0; at < data.length; at += mib)
    if (!pending.stream.write(data.subarray(at, at + mib)))
      await new Promise((resolve) => pending.stream.once('drain', resolve));
  await pending.commit();
}

async function readAll(repository: Repository, name: string, range?: { start?: number; end?: number }) {
  const chunks: Buffer[] = [];
  for await (const chunk of repository.read(name, range)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function contract(kind: string, make: () => Promise<{ repository: Repository; incomplete: () => Promise<number> }>) {
  describe(`the repository contract: ${kind}`, () => {
    test('a file exists under its name only after commit; read whole and by range; listed; removed', async () => {
      const { repository } = await make();
      // More than two parts of an upload, and not a multiple of the part size.
      const data = randomBytes(37 * mib + 12345);
      const pending = await repository.create('20261130-a.ebu');
      pending.stream.write(data.subarray(0, 20 * mib));
      assert.equal(await repository.stat('20261130-a.ebu'), undefined, 'not there before commit');
      assert.deepEqual(await repository.list(), []);
      pending.stream.end(data.subarray(20 * mib));
      await pending.commit();
      const entry = await repository.stat('20261130-a.ebu');
      assert.equal(entry?.size, data.length);
      assert.deepEqual(
        (await repository.list()).map((e) => [e.name, e.size]),
        [['20261130-a.ebu', data.length]],
      );
      assert.equal(sha(await readAll(repository, '20261130-a.ebu')), sha(data));
      assert.deepEqual(await readAll(repository, '20261130-a.ebu', { start: 5, end: 9 }), data.subarray(5, 9));
      assert.deepEqual(await readAll(repository, '20261130-a.ebu', { start: data.length - 3 }), data.subarray(-3));
      assert.deepEqual(
        await repository.readRange('20261130-a.ebu', 21 * mib, 100),
        data.subarray(21 * mib, 21 * mib + 100),
      );
      assert.deepEqual(await repository.readRange('20261130-a.ebu', data.length - 10, 100), data.subarray(-10));
      assert.equal((await repository.readRange('20261130-a.ebu', data.length + 10, 100)).length, 0);
      await assert.rejects(repository.create('20261130-a.ebu'), (e) => isToolError(e, 'BACKUP_FILE_EXISTS'));
      await repository.remove('20261130-a.ebu');
      assert.equal(await repository.stat('20261130-a.ebu'), undefined);
      assert.deepEqual(await repository.list(), []);
    });

    test('abort leaves nothing under the name and nothing incomplete; only .ebu files are listed', async () => {
      const { repository, incomplete } = await make();
      const pending = await repository.create('20261130-b.ebu');
      const data = randomBytes(24 * mib);
      for (let at = 0; at < data.length; at += mib) {
        if (!pending.stream.write(data.subarray(at, at + mib)))
          await new Promise((resolve) => pending.stream.once('drain', resolve));
      }
      await pending.abort(new Error('the backup failed'));
      await pending.abort(); // twice is harmless
      assert.equal(await repository.stat('20261130-b.ebu'), undefined);
      assert.equal(await incomplete(), 0);
      await write(repository, 'notes.txt', Buffer.from('not a backup'));
      await write(repository, '20261130-c.ebu', Buffer.from('small'));
      assert.deepEqual(
        (await repository.list()).map((e) => e.name),
        ['20261130-c.ebu'],
      );
      assert.throws(
        () => repository.locationOf('../x.ebu'),
        (e) => isToolError(e, 'REPOSITORY_NAME_INVALID'),
      );
    });
  });
}

const folders: string[] = [];
contract('a folder', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'kluis-contract-'));
  folders.push(folder);
  return {
    repository: new FolderRepository(folder),
    incomplete: async () => readdirSync(folder).filter((n) => n.startsWith('.')).length,
  };
});
after(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

describe('object storage', { skip: noStore }, () => {
  let store: ObjectStore;
  before(async () => {
    store = await startObjectStore();
  });
  after(async () => {
    await store?.stop();
  });

  contract('S3 (Swift with s3api)', async () => {
    const bucket = await store.bucket();
    return {
      repository: new S3Repository({
        url: `s3://${bucket}/kluis/nacht`,
        endpoint: store.endpoint,
        credentials: storeKeys,
      }),
      incomplete: async () => (await store.uploads(bucket)).length,
    };
  });

  test('a reader that stops reading for longer than KLUIS_S3_TIMEOUT is no store that stopped: the read goes on', async () => {
    const bucket = await store.bucket();
    const repository = new S3Repository({
      url: `s3://${bucket}/traag/`,
      endpoint: store.endpoint,
      credentials: storeKeys,
      env: { ...process.env, KLUIS_S3_TIMEOUT: '1' },
    });
    const data = randomBytes(24 * 1024 * 1024);
    const pending = await repository.create('lezer.ebu');
    pending.stream.end(data);
    await pending.commit();
    const stream = repository.read('lezer.ebu');
    const chunks: Buffer[] = [];
    let paused = false;
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      // Once, half-way, the reader is busy elsewhere (a restore while PostgreSQL catches up) for three seconds.
      if (!paused && Buffer.concat(chunks).length > data.length / 2) {
        paused = true;
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
    assert.ok(paused);
    assert.ok(Buffer.concat(chunks).equals(data), 'every byte, after the pause');
  });

  test('incompleteNames lists and abortIncomplete aborts the uploads a killed writer left, under the prefix only', async () => {
    const bucket = await store.bucket();
    const { CreateMultipartUploadCommand } = await import('@aws-sdk/client-s3');
    for (const key of ['kluis/a.ebu', 'kluis/b.ebu', 'elders/c.ebu'])
      await store.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const repository = new S3Repository({
      url: `s3://${bucket}/kluis/`,
      endpoint: store.endpoint,
      credentials: storeKeys,
    });
    assert.deepEqual((await repository.incompleteNames()).sort(), ['a.ebu', 'b.ebu']);
    assert.equal(await repository.abortIncomplete('a.ebu'), 1);
    assert.deepEqual(await store.uploads(bucket), ['elders/c.ebu', 'kluis/b.ebu']);
    assert.equal(await repository.abortIncomplete(), 1);
    assert.deepEqual(await store.uploads(bucket), ['elders/c.ebu']);
  });

  test('the parts of an upload are sent unsigned (not hashed by kluis and again by the store); other requests sign theirs', async () => {
    const bucket = await store.bucket();
    const proxy = await startFaultProxy(store.port);
    const payloads: Array<{ part: boolean; hash: string }> = [];
    proxy.plan({
      fail: (req) => {
        payloads.push({ part: isUploadPart(req), hash: String(req.headers['x-amz-content-sha256']) });
        return false;
      },
    });
    try {
      const repository = new S3Repository({
        url: `s3://${bucket}/`,
        endpoint: proxy.endpoint,
        credentials: storeKeys,
        partSize: 5 * mib,
      });
      const data = randomBytes(12 * mib);
      await write(repository, 'delen.ebu', data);
      assert.equal(sha(await readAll(repository, 'delen.ebu')), sha(data));
      const parts = payloads.filter((p) => p.part);
      assert.equal(parts.length, 3, 'three parts of 5, 5 and 2 MiB');
      assert.deepEqual(new Set(parts.map((p) => p.hash)), new Set(['UNSIGNED-PAYLOAD']));
      const others = payloads.filter((p) => !p.part);
      assert.ok(others.length > 0);
      for (const p of others) assert.match(p.hash, /^[0-9a-f]{64}$/, 'a request other than a part signs its payload');
    } finally {
      await proxy.stop();
    }
  });

  test('wrong keys, a missing bucket, a store that does not answer: one coded error each', async () => {
    const bucket = await store.bucket();
    const wrongKeys = new S3Repository({
      url: `s3://${bucket}/`,
      endpoint: store.endpoint,
      credentials: { accessKeyId: storeKeys.accessKeyId, secretAccessKey: 'wrong' },
    });
    await assert.rejects(wrongKeys.checkWritable(), (e) => isToolError(e, 'REPOSITORY_ACCESS_DENIED'));
    await assert.rejects(wrongKeys.list(), (e) => isToolError(e, 'REPOSITORY_ACCESS_DENIED'));
    const noBucket = new S3Repository({
      url: 's3://er-is-geen-bucket/',
      endpoint: store.endpoint,
      credentials: storeKeys,
    });
    await assert.rejects(noBucket.checkWritable(), (e) => isToolError(e, 'REPOSITORY_BUCKET_MISSING'));
    const pending = noBucket.create('x.ebu').then(async (p) => {
      p.stream.end(Buffer.from('x'));
      await p.commit();
    });
    await assert.rejects(pending, (e) => isToolError(e, 'REPOSITORY_BUCKET_MISSING'));
    const closed = new S3Repository({
      url: `s3://${bucket}/`,
      endpoint: 'http://127.0.0.1:9',
      credentials: storeKeys,
      maxAttempts: 2,
    });
    await assert.rejects(closed.list(), (e) => isToolError(e, 'REPOSITORY_UNREACHABLE'));
    await assert.rejects(readAll(closed, 'x.ebu'), (e) => isToolError(e, 'REPOSITORY_UNREACHABLE'));
  });
});
