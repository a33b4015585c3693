/**
 * Backups in object storage, end to end through the real kluis command and
 * a real store (Swift with s3api): create into s3:// and into a named
 * repository whose keys are in the secret store, then history, inspect
 * (ranged reads), verify and restore straight from the store; the probe of
 * `repository test`; keys in no file, output or command line. Then the
 * faults: wrong keys, a missing bucket, a store that is gone, and kluis
 * killed mid-upload (of one backup, and of `backup all`), after which no
 * partial object is visible, the finished ones are kept and recorded, and
 * `recover` aborts the leftover multipart uploads.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import * as core from '../../src/core/index.js';
import { kluisBin, runKluis } from '../helpers/cli.js';
import { type DemoInstallation, demoInstallation, selectedEngines } from '../helpers/engines.js';
import { isUploadPart, startFaultProxy } from '../helpers/fault-proxy.js';
import { type ObjectStore, objectStoreUnavailable, startObjectStore, storeKeys } from '../helpers/object-store.js';

const noStore = objectStoreUnavailable();
const engine = selectedEngines()[0] ?? 'embedded';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((p) => join(dir, String(p)))
    .filter((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
}

describe('backups in object storage', { skip: noStore }, () => {
  let store: ObjectStore;
  let inst: DemoInstallation;
  /** kluis with the store's address and keys in the AWS variables. */
  const kluis = (args: string[], env: Record<string, string> = store.env) =>
    runKluis([...inst.cli.args, ...args], { ...inst.cli.env, ...env });
  const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

  before(async () => {
    [store, inst] = await Promise.all([startObjectStore(), demoInstallation(engine, 's3e')]);
    // Several parts of 5 MiB (about 25 MiB of scans): a kill lands in the middle of a multipart upload.
    await core.generateAdministration(inst.ctx, {
      name: 'Groothandel Wolk',
      number: 40,
      size: { entries: 5_000, documents: 1_600, attachmentBytes: 16_384 },
      seed: 'wolk',
      licence: core.issueDemoLicence({ holder: 'Groothandel Wolk', registeredUser: 'eigenaar' }),
      users: [{ userName: 'eigenaar', fullName: 'Eigenaar', role: 'administrator', password: core.demoPassword }],
    });
  });
  after(async () => {
    await Promise.all([store?.stop(), inst?.dispose()]);
  });

  test('create into s3://, then history, inspect, verify and restore from the store', async () => {
    const bucket = await store.bucket();
    const made = await kluis(['backup', 'create', '001', '-o', `s3://${bucket}/kluis/`, '--json']);
    assert.equal(made.code, 0, made.stderr);
    const location = String(json(made.stdout)['location']);
    assert.match(location, new RegExp(`^s3://${bucket}/kluis/\\d{8}-.*\\.ebu$`));
    assert.deepEqual(await store.keys(bucket), [location.slice(`s3://${bucket}/`.length)]);
    assert.deepEqual(await store.uploads(bucket), []);
    assert.equal(made.stderr, '', 'no warning of the SDK reaches the person');

    // The history asks the store whether the object is still there, as it looks at a file on disk.
    const stateOf = async () => {
      const history = await kluis(['backup', 'history', '--json']);
      const entries = json(history.stdout)['entries'] as Array<{ location: string; state: string }>;
      return entries.find((e) => e.location === location)?.state;
    };
    assert.equal(await stateOf(), 'present');
    assert.match((await kluis(['backup', 'history'])).stdout, /\/kluis\/\d{8}-.*\.ebu +.* present\n/);
    const inspected = await kluis(['backup', 'inspect', location, '--json']);
    assert.equal(inspected.code, 0, inspected.stderr);
    const info = json(inspected.stdout) as { footer: { tables: unknown[] } | null; sizeBytes: number };
    assert.ok(info.footer && info.footer.tables.length > 0, 'the footer, read from the end with a ranged GET');
    assert.ok(info.sizeBytes > 0);
    const verified = await kluis(['backup', 'verify', location]);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /every checksum matches/);
    const restored = await kluis(['backup', 'restore', location, '--to', 'Terug uit de wolk', '--json']);
    assert.equal(restored.code, 0, restored.stderr);
    await store.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: location.slice(`s3://${bucket}/`.length) }));
    assert.equal(await stateOf(), 'missing', 'deleted in the store, not by prune');
    const missing = await kluis(['backup', 'verify', `s3://${bucket}/kluis/er-is-niets.ebu`]);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /Backup s3:\/\/.*er-is-niets\.ebu does not exist\./);
  });

  test('inspect asks the store only for ranges: the manifest from the start, the footer from the end, never the whole object', async () => {
    const bucket = await store.bucket();
    const made = await kluis(['backup', 'create', '040', '-o', `s3://${bucket}/bereik/`, '--json']);
    assert.equal(made.code, 0, made.stderr);
    const location = String(json(made.stdout)['location']);
    const size = Number(json(made.stdout)['sizeBytes']);
    const proxy = await startFaultProxy(store.port);
    try {
      const inspected = await kluis(['backup', 'inspect', location, '--json'], {
        ...store.env,
        AWS_ENDPOINT_URL: proxy.endpoint,
      });
      assert.equal(inspected.code, 0, inspected.stderr);
      assert.ok((json(inspected.stdout) as { footer: unknown }).footer, 'the footer was read');
      const gets = proxy.requests.filter((r) => r.method === 'GET');
      assert.ok(gets.length >= 2, JSON.stringify(proxy.requests));
      for (const get of gets) assert.match(get.range ?? 'no Range', /^bytes=\d+-\d+$/, JSON.stringify(get));
      const asked = gets.reduce((sum, g) => {
        const [from, to] = g.range!.slice('bytes='.length).split('-').map(Number);
        return sum + (to! - from! + 1);
      }, 0);
      assert.ok(asked < size / 4, `asked for ${asked} of ${size} bytes`);
    } finally {
      await proxy.stop();
    }
  });

  test('a named repository keeps its keys encrypted; repository test proves it; no key in any file or output', async () => {
    const bucket = await store.bucket();
    const keysFile = join(inst.dir, 'sleutels.txt');
    writeFileSync(keysFile, `${storeKeys.accessKeyId}\n${storeKeys.secretAccessKey}\n`);
    const noKeys = {}; // the AWS variables are not set: the stored keys are all there is
    const added = await kluis(
      [
        'repository',
        'add',
        'extern',
        `s3://${bucket}/nacht`,
        '--endpoint',
        store.endpoint,
        '--credentials-file',
        keysFile,
      ],
      noKeys,
    );
    assert.equal(added.code, 0, added.stderr);
    const tried = await kluis(['repository', 'test', 'extern', '--lang', 'nl'], noKeys);
    assert.equal(tried.code, 0, tried.stderr);
    assert.match(
      tried.stdout,
      /^In orde: s3:\/\/.*\/nacht\/ nam een proefbestand van .* aan, gaf het ongeschonden terug en verwijderde het/,
    );
    assert.deepEqual(await store.keys(bucket), [], 'the probe is gone');
    const made = await kluis(['backup', 'create', '001', '-o', 'extern', '--json'], noKeys);
    assert.equal(made.code, 0, made.stderr);
    const location = String(json(made.stdout)['location']);
    assert.match(location, new RegExp(`^s3://${bucket}/nacht/`));
    // Read back through the named repository's keys: the address lies inside it.
    const verified = await kluis(['backup', 'verify', location], noKeys);
    assert.equal(verified.code, 0, verified.stderr);
    const listed = await kluis(['repository', 'list'], noKeys);
    assert.match(listed.stdout, /extern +object storage +s3:\/\/.*\/nacht\/ .* stored \(encrypted\)/);
    for (const file of filesUnder(inst.home))
      if (!file.includes(`${join(inst.home, 'pg')}/`))
        assert.doesNotMatch(readFileSync(file, 'latin1'), /testing/, `${file} holds no secret key`);
    for (const run of [added, tried, made, verified, listed]) assert.doesNotMatch(run.stdout + run.stderr, /testing/);
    const removed = await kluis(['repository', 'remove', 'extern'], noKeys);
    assert.equal(removed.code, 0, removed.stderr);
  });

  test('the keys on standard input (--credentials-file -, a pipe, as its help says) are stored and work', async () => {
    const bucket = await store.bucket();
    const name = `pijp-${bucket.slice(-8)}`; // its own name: the home outlives a failed run
    const keys = `${storeKeys.accessKeyId}\n${storeKeys.secretAccessKey}\n`;
    const piped = await runKluis(
      [
        ...inst.cli.args,
        'repository',
        'add',
        name,
        `s3://${bucket}/pijp`,
        '--endpoint',
        store.endpoint,
        '--region',
        'us-east-1',
        '--credentials-file',
        '-',
      ],
      inst.cli.env,
      { stdin: keys },
    );
    assert.equal(piped.code, 0, piped.stderr);
    const tried = await kluis(['repository', 'test', name], {});
    assert.equal(tried.code, 0, tried.stderr);
    assert.doesNotMatch(piped.stdout + piped.stderr + tried.stdout + tried.stderr, /testing/);
    const removed = await kluis(['repository', 'remove', name], {});
    assert.equal(removed.code, 0, removed.stderr);
  });

  test('wrong keys, a missing bucket, a store that is gone: one sentence each, in both languages, nothing written', async () => {
    const bucket = await store.bucket();
    const wrong = { ...store.env, AWS_SECRET_ACCESS_KEY: 'fout' };
    for (const [lang, sentence] of [
      [
        'en',
        `Object storage s3://${bucket}/kluis/ refuses access: the keys are wrong or have no rights on this bucket.`,
      ],
      [
        'nl',
        `Objectopslag s3://${bucket}/kluis/ weigert de toegang: de sleutels kloppen niet of hebben geen recht op deze bucket.`,
      ],
    ] as const) {
      const r = await kluis(['backup', 'create', '001', '-o', `s3://${bucket}/kluis/`, '--lang', lang], wrong);
      assert.equal(r.code, 9, r.stderr);
      assert.equal(r.stderr.split('\n')[0], `kluis: ${sentence}`);
    }
    const noBucket = await kluis(['backup', 'create', '001', '-o', 's3://bestaat-niet/kluis/']);
    assert.equal(noBucket.code, 3);
    assert.match(noBucket.stderr, /Bucket "bestaat-niet" does not exist in object storage http:\/\/127\.0\.0\.1:\d+\./);
    const gone = await kluis(['backup', 'create', '001', '-o', `s3://${bucket}/kluis/`], {
      ...store.env,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    });
    assert.equal(gone.code, 9);
    assert.match(gone.stderr, /cannot be reached or does not answer \(http:\/\/127\.0\.0\.1:9\)/);
    for (const r of [noBucket, gone]) assert.doesNotMatch(r.stderr, /ECONNREFUSED|NoSuchBucket|\$metadata|at /);
    assert.deepEqual(await store.keys(bucket), []);
  });

  test('kill -9 mid-upload: no object under the name; recover aborts the multipart upload', async () => {
    const bucket = await store.bucket();
    // Small parts, so the demo's backup is a multipart upload whose first part is in the store before the end.
    const env = { ...store.env, KLUIS_S3_PART_MIB: '5' };
    const child = spawn(
      process.execPath,
      [kluisBin, ...inst.cli.args, 'backup', 'create', '040', '-o', `s3://${bucket}/kluis/`],
      { env: { ...process.env, ...inst.cli.env, ...env, LANG: 'C' }, stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let uploads: string[] = [];
    for (let i = 0; i < 600 && uploads.length === 0 && child.exitCode === null; i++) {
      uploads = await store.uploads(bucket);
      if (uploads.length === 0) await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(uploads.length, 1, 'an upload was under way when kluis was killed');
    child.kill('SIGKILL');
    await exited;
    assert.deepEqual(await store.keys(bucket), [], 'no object is visible under the name');
    const listed = await kluis(['recover', '--list', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const recovered = await kluis(['recover', '--json']);
    assert.equal(recovered.code, 0, recovered.stderr);
    assert.deepEqual(await store.uploads(bucket), [], 'recover aborted the leftover upload');
    assert.deepEqual(await store.keys(bucket), []);
  });

  test('kill -9 during backup all into s3://: the finished objects kept and recorded, none partial; recover aborts the rest', async () => {
    const bucket = await store.bucket();
    const env = { ...store.env, KLUIS_S3_PART_MIB: '5' };
    const child = spawn(
      process.execPath,
      [kluisBin, ...inst.cli.args, 'backup', 'all', '--jobs', '2', '--to', `s3://${bucket}/alles/`],
      { env: { ...process.env, ...inst.cli.env, ...env, LANG: 'C' }, stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Killed once a backup is complete in the store and the large one is still a multipart upload.
    let keys: string[] = [];
    let uploads: string[] = [];
    for (let i = 0; i < 2400 && child.exitCode === null; i++) {
      [keys, uploads] = await Promise.all([store.keys(bucket), store.uploads(bucket)]);
      if (keys.length > 0 && uploads.some((u) => u.includes('Groothandel Wolk'))) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.ok(keys.length > 0 && uploads.length > 0, `killed mid-run (objects ${keys}, uploads ${uploads})`);
    child.kill('SIGKILL');
    await exited;

    const stored = await store.keys(bucket);
    assert.ok(!stored.some((k) => k.includes('Groothandel Wolk')), 'no object under the name of the cut-off backup');
    const history = (await kluis(['backup', 'history', '--json'])).stdout;
    const recorded = (json(history)['entries'] as Array<{ location: string }>)
      .map((e) => e.location)
      .filter((l) => l.startsWith(`s3://${bucket}/`));
    // Every visible object is whole (one complete but not yet recorded when the kill came is recorded by recover).
    for (const key of stored) {
      const verified = await kluis(['backup', 'verify', `s3://${bucket}/${key}`], env);
      assert.equal(verified.code, 0, verified.stderr);
    }
    for (const location of recorded) assert.ok(stored.includes(location.slice(`s3://${bucket}/`.length)), location);

    const recovered = await kluis(['recover', '--json'], env);
    assert.equal(recovered.code, 0, recovered.stderr);
    assert.deepEqual(await store.uploads(bucket), [], 'recover aborted every leftover upload');
    const after = await store.keys(bucket);
    const recordedAfter = (
      json((await kluis(['backup', 'history', '--json'])).stdout)['entries'] as Array<{
        location: string;
      }>
    )
      .map((e) => e.location)
      .filter((l) => l.startsWith(`s3://${bucket}/`))
      .map((l) => l.slice(`s3://${bucket}/`.length));
    assert.deepEqual(
      [...new Set(recordedAfter)].sort(),
      [...after].sort(),
      'every object recorded, every record there',
    );

    const again = await kluis(['backup', 'all', '--to', `s3://${bucket}/alles/`, '--json'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await store.uploads(bucket), []);
  });

  test('a store answering 500 mid-upload: one 500 is retried and the backup completes; 500s that go on fail it, nothing left', async () => {
    const bucket = await store.bucket();
    const proxy = await startFaultProxy(store.port);
    const env = { ...store.env, AWS_ENDPOINT_URL: proxy.endpoint, KLUIS_S3_PART_MIB: '5' };
    try {
      let failedOnce = false;
      proxy.plan({
        fail: (req) => {
          if (failedOnce || !isUploadPart(req) || !/partNumber=2\b/.test(req.url ?? '')) return false;
          failedOnce = true;
          return true;
        },
      });
      const retried = await kluis(['backup', 'create', '040', '-o', `s3://${bucket}/een/`, '--json'], env);
      assert.equal(retried.code, 0, retried.stderr);
      assert.equal(proxy.counts.failed, 1, 'the second part was refused once');
      assert.equal((await store.keys(bucket, 'een/')).length, 1);

      proxy.plan({ fail: (req) => isUploadPart(req) && !/partNumber=1\b/.test(req.url ?? '') });
      for (const [lang, sentence] of [
        ['en', /^kluis: Storing s3:\/\/.*\/altijd\/.*\.ebu in object storage failed\.$/m],
        ['nl', /^kluis: Het opslaan van s3:\/\/.*\/altijd\/.*\.ebu in objectopslag is mislukt\.$/m],
      ] as const) {
        const failed = await kluis(['backup', 'create', '040', '-o', `s3://${bucket}/altijd/`, '--lang', lang], env);
        assert.equal(failed.code, 11, failed.stderr);
        assert.match(failed.stderr, sentence);
        assert.doesNotMatch(failed.stderr, /InternalError|injected|\$metadata/);
      }
      assert.deepEqual(await store.keys(bucket, 'altijd/'), [], 'no object under the name');
      assert.deepEqual(await store.uploads(bucket), [], 'the uploads were aborted');
      const list = await kluis(['admin', 'list', '--json'], env);
      assert.match(list.stdout, /"Groothandel Wolk"/, 'the administration is untouched');
    } finally {
      await proxy.stop();
    }
  });

  test('a slow store: every answer late, the backup still completes', async () => {
    const bucket = await store.bucket();
    const proxy = await startFaultProxy(store.port);
    try {
      proxy.plan({ delayMs: 400 });
      const env = { ...store.env, AWS_ENDPOINT_URL: proxy.endpoint, KLUIS_S3_PART_MIB: '5' };
      const slow = await kluis(['backup', 'create', '040', '-o', `s3://${bucket}/traag/`, '--json'], env);
      assert.equal(slow.code, 0, slow.stderr);
      assert.ok(proxy.counts.parts >= 3, `the upload went in parts (${proxy.counts.parts})`);
      const location = String(json(slow.stdout)['location']);
      const verified = await kluis(['backup', 'verify', location], env);
      assert.equal(verified.code, 0, verified.stderr);
    } finally {
      await proxy.stop();
    }
  });

  test('a store that stops answering (no reply, or a body that stops half-way): given up after KLUIS_S3_TIMEOUT, then one sentence', async () => {
    const bucket = await store.bucket();
    const proxy = await startFaultProxy(store.port);
    const env = { ...store.env, AWS_ENDPOINT_URL: proxy.endpoint, KLUIS_S3_PART_MIB: '5', KLUIS_S3_TIMEOUT: '2' };
    try {
      const made = await kluis(['backup', 'create', '040', '-o', `s3://${bucket}/stil/`, '--json'], store.env);
      assert.equal(made.code, 0, made.stderr);
      const location = String(json(made.stdout)['location']);

      // Every part of an upload is taken in and never answered.
      proxy.plan({ hang: isUploadPart });
      let started = Date.now();
      const upload = await kluis(['backup', 'create', '040', '-o', `s3://${bucket}/stil/`, '--lang', 'nl'], env);
      const uploadSeconds = (Date.now() - started) / 1000;
      assert.equal(upload.code, 9, upload.stderr);
      assert.match(
        upload.stderr,
        /^kluis: Objectopslag s3:\/\/.*\/stil\/ is niet bereikbaar of geeft geen antwoord \(http:\/\/127\.0\.0\.1:\d+\)\.$/m,
      );
      assert.ok(uploadSeconds < 90, `given up after ${uploadSeconds} s`);
      assert.ok(proxy.counts.hung >= 2, `the part was tried again (${proxy.counts.hung})`);

      // A read that is never answered (verify's GET) ends the same way.
      proxy.plan({ hang: (req) => req.method === 'GET' });
      started = Date.now();
      const verify = await kluis(['backup', 'verify', location], env);
      const verifySeconds = (Date.now() - started) / 1000;
      assert.equal(verify.code, 9, verify.stderr);
      assert.match(verify.stderr, /^kluis: Object storage s3:\/\/.*\/stil\/ cannot be reached or does not answer/m);
      assert.ok(verifySeconds < 90, `given up after ${verifySeconds} s`);

      // A body that stops half-way (the answer began, then nothing more) ends the same way.
      proxy.plan({ stallAfter: (req) => (req.method === 'GET' && !req.headers.range ? 1024 * 1024 : undefined) });
      started = Date.now();
      const stalled = await kluis(['backup', 'verify', location], env);
      const stalledSeconds = (Date.now() - started) / 1000;
      assert.equal(stalled.code, 9, stalled.stderr);
      assert.match(stalled.stderr, /^kluis: Object storage s3:\/\/.*\/stil\/ cannot be reached or does not answer/m);
      assert.ok(stalledSeconds < 90, `given up after ${stalledSeconds} s`);
      for (const r of [upload, verify, stalled])
        assert.doesNotMatch(r.stderr, /smithy|requestTimeout|TimeoutError|\[WARN\]/);
    } finally {
      await proxy.stop();
    }
    assert.equal((await store.keys(bucket, 'stil/')).length, 1, 'only the backup made before the store hung');
    assert.deepEqual(await store.uploads(bucket), [], 'the hung upload was aborted');
  });

  test('the store stopped mid-upload: unreachable, in one sentence; no object; the next prune aborts the upload', async () => {
    const bucket = await store.bucket();
    const env = { ...store.env, KLUIS_S3_PART_MIB: '5', KLUIS_S3_TIMEOUT: '5' };
    const child = spawn(
      process.execPath,
      [kluisBin, ...inst.cli.args, 'backup', 'create', '040', '-o', `s3://${bucket}/weg/`],
      { env: { ...process.env, ...inst.cli.env, ...env, LANG: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let uploads: string[] = [];
    for (let i = 0; i < 600 && uploads.length === 0 && child.exitCode === null; i++) {
      uploads = await store.uploads(bucket);
      if (uploads.length === 0) await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(uploads.length, 1, 'an upload was under way when the store stopped');
    await store.stopProxy();
    try {
      assert.equal(await exited, 9, stderr);
      assert.match(
        stderr,
        /^kluis: Object storage s3:\/\/.*\/weg\/ cannot be reached or does not answer \(http:\/\/127\.0\.0\.1:\d+\)\.$/m,
      );
    } finally {
      await store.startProxy();
    }
    assert.deepEqual(await store.keys(bucket, 'weg/'), []);
    // The store could not be asked to abort the upload while it was down: its parts are still there, unseen.
    assert.equal((await store.uploads(bucket)).length, 1, 'the upload the stopped store kept');
    // The next prune of that place (the nightly run prunes every repository) aborts what the failed backup left.
    const pruned = await kluis(['backup', 'prune', `s3://${bucket}/weg/`, '--json'], env);
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.equal(json(pruned.stdout)['abortedUploads'], 1);
    assert.deepEqual(await store.uploads(bucket), []);
    const said = await kluis(['backup', 'prune', `s3://${bucket}/weg/`], env);
    assert.equal(said.code, 0, said.stderr);
    assert.doesNotMatch(said.stdout, /unfinished upload/, 'nothing left to abort the second time');
  });
});
