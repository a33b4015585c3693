/**
 * The server gone for good in the middle of an operation. kluis can then
 * neither finish nor undo its work: it leaves the operation in the journal,
 * says so (OPERATION_INTERRUPTED: run recover once the server is back) and
 * changes nothing else; when the server is back, recover settles it.
 *
 * The server is a real embedded PostgreSQL in a home of its own, reached as
 * an ordinary server (so nothing starts it again on demand), and stopped at
 * the moment under test by a thin wrapper around the real engine: just
 * before a given call reaches it.
 */
import assert from 'node:assert/strict';
import { chmodSync, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  copyAdministration,
  createBackup,
  createContext,
  generateAdministration,
  issueDemoLicence,
  type KluisContext,
  listAdministrations,
  listRecovery,
  recover,
  restoreBackup,
  showAdministration,
} from '../../src/core/index.js';
import { AdminDb } from '../../src/core/testing.js';
import { EmbeddedEngine, type Engine, ServerEngine } from '../../src/engines/index.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { tableDigests } from '../helpers/digest.js';
import { selectedEngines } from '../helpers/engines.js';

const licence = issueDemoLicence({ holder: 'Klant B.V.', registeredUser: 'klant' });
const users = [
  { userName: 'klant', fullName: 'Klant', role: 'administrator' as const, password: 'een-goed-wachtwoord' },
];

/** `engine`, except that the server is stopped just before the `nth` call of `method` (counting from 1). */
function stopsBefore(engine: Engine, server: EmbeddedEngine, method: keyof Engine, nth = 1): Engine {
  let calls = 0;
  return new Proxy(engine, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== method || typeof value !== 'function')
        return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        if (++calls === nth) await server.stop();
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}

describe('the server gone for good in the middle of an operation', {
  skip: !selectedEngines().includes('embedded'),
}, () => {
  const home = mkdtempSync(join(tmpdir(), 'kluis-gone-'));
  chmodSync(home, 0o755);
  const server = new EmbeddedEngine({ name: 'local', home });
  const direct = new ServerEngine({
    name: 'kantoor',
    settings: { host: server.layout.socketDir, port: 5432, user: 'postgres', sslmode: 'disable' },
    env: {},
  });
  const ctxWith = (engine: Engine): KluisContext => createContext({ home, engine, systemDatabase: 'kluis' });
  const ctx = ctxWith(direct);
  const file = join(home, 'bron.ebu');
  let source: string;

  const digestOf = async (number: string) => {
    const db = await AdminDb.open(direct, (await showAdministration(ctx, number)).database);
    try {
      const d = await tableDigests(db.client);
      delete d['settings'];
      return JSON.stringify(d);
    } finally {
      await db.close();
    }
  };

  before(async () => {
    await server.start();
    await generateAdministration(ctx, {
      name: 'Eerste',
      number: 1,
      size: { entries: 50, documents: 2, attachmentBytes: 1024 },
      seed: 'gone-1',
      licence,
      users,
    });
    await generateAdministration(ctx, {
      name: 'Bron',
      number: 3,
      size: { entries: 200, documents: 4, attachmentBytes: 2048 },
      seed: 'gone-3',
      licence,
      users,
    });
    await createBackup(ctx, { adm: '3', output: file });
    source = await digestOf('3');
  });
  after(async () => {
    await server.stop().catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  });

  const cases: Array<{
    name: string;
    method: keyof Engine;
    nth?: number;
    after: 'before' | 'source';
    run: (c: KluisContext) => Promise<unknown>;
  }> = [
    {
      name: 'restore over 001, stopped while the staging database is made',
      method: 'createDatabase',
      after: 'before',
      run: (c) => restoreBackup(c, { source: createReadStream(file), path: file, to: '1', replace: 1 }),
    },
    {
      name: 'restore over 001, stopped just before the swap',
      method: 'renameDatabases',
      after: 'source',
      run: (c) => restoreBackup(c, { source: createReadStream(file), path: file, to: '1', replace: 1 }),
    },
    {
      name: 'restore over 001, stopped just after the swap',
      method: 'dropDatabase',
      after: 'source',
      run: (c) => restoreBackup(c, { source: createReadStream(file), path: file, to: '1', replace: 1 }),
    },
    {
      name: 'copy over 001, stopped just before the swap',
      method: 'renameDatabases',
      after: 'source',
      run: (c) => copyAdministration(c, { adm: '3', to: '1', replace: 1 }),
    },
  ];

  for (const c of cases) {
    test(`${c.name}: OPERATION_INTERRUPTED, then recover makes it whole`, async () => {
      const was = await digestOf('1');
      const err = await rejectsWithCode(
        c.run(ctxWith(stopsBefore(direct, server, c.method, c.nth))),
        'OPERATION_INTERRUPTED',
      );
      assert.equal(
        message(err, 'en'),
        `The connection to server "kantoor" was lost during ${c.name.startsWith('copy') ? 'the copy' : 'the restore'} (001), and kluis could not finish or undo it.`,
      );
      assert.match(
        message(err, 'nl'),
        /^De verbinding met server "kantoor" ging verloren tijdens het (terugzetten|kopiëren) \(001\)/,
      );
      await server.start();
      const pending = await listRecovery(ctx);
      assert.equal(pending.length, 1, 'the operation waits for recover');
      assert.equal(pending[0]!.action, c.after === 'source' ? 'roll-forward' : 'roll-back');
      await recover(ctx);
      assert.deepEqual(await listRecovery(ctx), []);
      assert.deepEqual(
        (await direct.invalidDatabases()).concat((await direct.listDatabases()).filter((d) => /_(stage|old)_/.test(d))),
        [],
      );
      assert.deepEqual(
        (await listAdministrations(ctx)).map((a) => a.number),
        ['001', '003'],
      );
      assert.equal(await digestOf('1'), c.after === 'source' ? source : was);
    });
  }
});
