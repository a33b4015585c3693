/**
 * kluis backup prune on object storage (a real OpenStack Swift with s3api,
 * test/helpers/object-store.ts): the same decisions as on a folder, the
 * manifests read through ranged GETs, and only the objects that go deleted.
 * Skipped, saying why, where Swift is not installed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import * as core from '../../src/core/index.js';
import { runKluis } from '../helpers/cli.js';
import { type DemoInstallation, demoInstallation } from '../helpers/engines.js';
import { type ObjectStore, objectStoreUnavailable, startObjectStore } from '../helpers/object-store.js';
import { redate } from '../helpers/redate.js';

const unavailable = objectStoreUnavailable();
let inst: DemoInstallation;
let store: ObjectStore | undefined;

before(async () => {
  if (unavailable) return;
  inst = await demoInstallation('server', 'prunes3');
  store = await startObjectStore();
});

after(async () => {
  await store?.stop();
  await inst?.dispose();
});

test('prune an s3:// repository: the two newest and the closing backup of 2025 stay, the rest is deleted', {
  skip: unavailable,
}, async () => {
  const bucket = await store!.bucket('prune');
  const local = join(inst.dir, 'made');
  mkdirSync(local);
  const c = await inst.ctx.engine.connect(core.adminDatabaseName(inst.ctx.systemDatabase, 1));
  await c.query(`insert into fiscal_years (year, start_date, end_date) values (2025, '2025-01-01', '2025-12-31')`);
  const moments = ['2025-12-15', '2026-02-15', 'close', '2026-04-15', '2026-05-15', '2026-06-15', '2026-07-15'];
  const names: string[] = [];
  for (const at of moments) {
    if (at === 'close') {
      await c.query('update fiscal_years set closed = true where year = 2025');
      continue;
    }
    const { location } = await core.createBackup(inst.ctx, { adm: '1', output: local });
    redate(location, `${at}T20:00:00Z`);
    const name = basename(location);
    await store!.client.send(
      new PutObjectCommand({ Bucket: bucket, Key: `kantoor/${name}`, Body: readFileSync(location) }),
    );
    names.push(name);
  }
  await c.end();
  await store!.client.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'kantoor/kapot.ebu', Body: Buffer.from('no backup') }),
  );
  const [dec, feb, apr, may, jun, jul] = names as [string, string, string, string, string, string];
  const args = [...inst.cli.args, 'backup', 'prune', `s3://${bucket}/kantoor/`, '--keep-last', '2', '--json'];
  const dry = await runKluis([...args, '--dry-run'], { ...inst.cli.env, ...store!.env });
  assert.equal(dry.code, 0, dry.stderr);
  const planned = JSON.parse(dry.stdout) as core.PruneResult;
  assert.deepEqual([...planned.removed].sort(), [dec, feb, may].sort());
  assert.deepEqual(planned.files.find((f) => f.name === apr)!.reasons, [
    { rule: 'fiscal-year', year: 2025, until: '2032-12-31' },
  ]);
  assert.equal((await store!.keys(bucket, 'kantoor/')).length, 7, 'a dry run deletes nothing');
  const run = await runKluis(args, { ...inst.cli.env, ...store!.env });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(
    (await store!.keys(bucket, 'kantoor/')).sort(),
    [apr, jun, jul, 'kapot.ebu'].map((n) => `kantoor/${n}`).sort(),
  );
});
