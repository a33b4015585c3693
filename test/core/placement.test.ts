/**
 * Database directory and server folder: on the embedded server the directory
 * is used directly; on a server the tablespace goes to the server folder
 * only after kluis proved it is the same folder as the database directory.
 */
import assert from 'node:assert/strict';
import { chmodSync, chownSync, createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  createBackup,
  generateAdministration,
  issueDemoLicence,
  listAdministrations,
  restoreBackup,
} from '../../src/core/index.js';
import { SystemDb } from '../../src/core/testing.js';
import type { Engine } from '../../src/engines/index.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';

const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant' });
const users = [
  { userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' },
];

/** The OS account the server runs as, seen from this machine (the owner of its data directory). */
async function serverAccount(engine: Engine): Promise<{ uid: number; gid: number }> {
  const c = await engine.connect('postgres');
  try {
    const dir = (await c.query<{ d: string }>(`select current_setting('data_directory') as d`)).rows[0]!.d;
    const st = statSync(dir);
    return { uid: st.uid, gid: st.gid };
  } finally {
    await c.end();
  }
}

async function dropTablespacesUnder(engine: Engine, prefix: string): Promise<void> {
  const c = await engine.connect('postgres');
  try {
    const r = await c.query<{ spcname: string }>(
      `select spcname from pg_tablespace where pg_tablespace_location(oid) like $1`,
      [`${prefix}%`],
    );
    for (const { spcname } of r.rows) await c.query(`drop tablespace if exists "${spcname}"`);
  } finally {
    await c.end();
  }
}

for (const kind of selectedEngines()) {
  describe(`database directory on ${kind}`, () => {
    let t: TestContext;
    let file: string;
    const base = mkdtempSync(join(tmpdir(), 'kluis-place-'));
    chmodSync(base, 0o755); // an ordinary folder the server's account may enter

    before(async () => {
      t = testContext(await openTestEngine(kind), 'pl');
      await generateAdministration(t.ctx, {
        name: 'Bron',
        size: { entries: 50, documents: 3, attachmentBytes: 1024 },
        seed: 'pl',
        licence,
        users,
      });
      file = (await createBackup(t.ctx, { adm: 'Bron', output: join(base, 'bron.ebu') })).location;
    });
    after(async () => {
      await t.cleanup();
      await dropTablespacesUnder(t.engine, base);
      rmSync(base, { recursive: true, force: true });
    });

    test('a folder the server cannot enter is a clear error, and nothing changes', {
      skip: process.getuid?.() !== 0,
    }, async () => {
      const locked = join(base, 'locked');
      mkdirSync(locked, { mode: 0o700 });
      const inner = join(locked, 'data');
      mkdirSync(inner);
      const before = await listAdministrations(t.ctx);
      const err = await rejectsWithCode(
        restoreBackup(t.ctx, {
          source: createReadStream(file),
          path: file,
          to: 'Dicht',
          databaseDir: inner,
          ...(kind === 'server' ? { serverFolder: inner } : {}),
        }),
        'DIRECTORY_NOT_USABLE',
      );
      assert.match(message(err, 'en'), /^The server cannot use folder .*locked\/data/);
      assert.deepEqual(await listAdministrations(t.ctx), before);
    });

    test('a database directory that does not exist is refused before anything changes', async () => {
      const before = await listAdministrations(t.ctx);
      const err = await rejectsWithCode(
        restoreBackup(t.ctx, {
          source: createReadStream(file),
          path: file,
          to: 'Ergens',
          databaseDir: join(base, 'missing'),
          ...(kind === 'server' ? { serverFolder: join(base, 'missing') } : {}),
        }),
        'DIRECTORY_MISSING',
      );
      assert.match(message(err, 'en'), /missing does not exist/);
      assert.deepEqual(await listAdministrations(t.ctx), before);
    });

    test('the administration is placed in the chosen folder', async (tc) => {
      const caps = await t.engine.capabilities();
      if (!caps.createTablespace) return tc.skip('the test role may not create tablespaces');
      const account = await serverAccount(t.engine);
      if (process.getuid?.() !== 0 && account.uid !== process.getuid?.())
        return tc.skip('the server runs as another user and this test is not root');
      const folder = join(base, 'data');
      mkdirSync(folder, { mode: 0o755 });
      if (kind === 'server') chownSync(folder, account.uid, account.gid);
      const input = {
        source: createReadStream(file),
        path: file,
        to: 'In map',
        databaseDir: folder,
        ...(kind === 'server' ? { serverFolder: folder } : {}),
      };
      await restoreBackup(t.ctx, input);
      const sys = await SystemDb.open(t.engine, t.ctx.systemDatabase);
      try {
        const rec = (await sys.byName('In map'))!;
        assert.equal(rec.directory, folder);
        const c = await t.engine.connect('postgres');
        const loc = (
          await c.query(`select pg_tablespace_location(dattablespace) as loc from pg_database where datname = $1`, [
            rec.databaseName,
          ])
        ).rows[0].loc as string;
        await c.end();
        assert.ok(loc.startsWith(folder), `${loc} is inside ${folder}`);
        assert.ok(
          readdirSync(kind === 'embedded' ? join(folder, 'kluis-data') : folder).some((f) => f.startsWith('PG_')),
          'PostgreSQL wrote its files there',
        );
      } finally {
        await sys.close();
      }
    });

    test('on a server, a server folder that is not the database directory is refused', {
      skip: kind !== 'server',
    }, async () => {
      const here = join(base, 'workstation-view');
      const there = join(base, 'server-view');
      mkdirSync(here);
      mkdirSync(there);
      const err = await rejectsWithCode(
        restoreBackup(t.ctx, {
          source: createReadStream(file),
          path: file,
          to: 'Verkeerd',
          databaseDir: here,
          serverFolder: there,
        }),
        'FOLDERS_DIFFER',
      );
      assert.match(message(err, 'en'), /are not the same folder/);
      assert.deepEqual(readdirSync(here), [], 'the marker file was removed');
      await rejectsWithCode(
        restoreBackup(t.ctx, { source: createReadStream(file), path: file, to: 'Zonder', databaseDir: here }),
        'USAGE_MISSING_ARGUMENT',
      );
    });
  });
}
