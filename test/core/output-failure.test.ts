/**
 * An output that fails in the middle of writing (a disk error, a reader that
 * went away) ends a backup or an auditfile export at once with its coded
 * error: the COPY sessions it was reading from are gone, no journal row is
 * left running and there is nothing to recover. Before, the writer waited
 * for ever on a stream that had died, with its sessions "in COPY" and "idle
 * in transaction" on the server and the administration locked.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  createBackup,
  exportXaf,
  generateAdministration,
  issueDemoLicence,
  listAdministrations,
  listRecovery,
} from '../../src/core/index.js';
import { rejectsWithCode } from '../helpers/assertions.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';

const licence = issueDemoLicence({ holder: 'Uitvoer B.V.', registeredUser: 'eigenaar' });
const users = [
  { userName: 'eigenaar', fullName: 'Eigenaar', role: 'administrator' as const, password: 'een-goed-wachtwoord' },
];

/** A stream that takes `limit` bytes and then fails as a disk does. */
function failingAfter(limit: number, code = 'EIO'): Writable {
  let taken = 0;
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      taken += chunk.length;
      if (taken <= limit) return done();
      done(Object.assign(new Error(`${code}: i/o error, write`), { code, errno: -5, syscall: 'write' }));
    },
  });
}

/** The work, or a failure that names the hang instead of waiting for the test runner's timeout. */
function withinSeconds<T>(work: Promise<T>, seconds = 60): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`still running after ${seconds} s: it hangs`)), seconds * 1000)),
  );
  return Promise.race([work, hang]).finally(() => clearTimeout(timer));
}

for (const kind of selectedEngines()) {
  describe(`an output that fails mid-way (${kind})`, () => {
    let t: TestContext;
    let database: string;

    before(async () => {
      t = testContext(await openTestEngine(kind), 'uitv');
      await generateAdministration(t.ctx, {
        name: 'Uitvoer',
        number: 1,
        size: { entries: 6000, documents: 150, attachmentBytes: 32_768 },
        seed: 'uitvoer',
        licence,
        users,
      });
      database = (await listAdministrations(t.ctx))[0]!.database;
    });
    after(async () => t.cleanup());

    /** Sessions still open on the administration's database (the COPY readers of the snapshot). */
    async function sessionsOn(db: string): Promise<number> {
      const c = await t.engine.connect('postgres');
      try {
        for (let waited = 0; ; waited += 50) {
          const n = (
            await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [db])
          ).rows[0]!.n;
          if (n === 0 || waited >= 3000) return n;
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        await c.end();
      }
    }

    test('a backup whose output fails after 256 KiB: BACKUP_WRITE_FAILED at once, no session, nothing to recover', async () => {
      const err = await withinSeconds(
        rejectsWithCode(
          createBackup(t.ctx, { adm: '1', output: '-', stream: failingAfter(256 * 1024), recordHistory: false }),
          'BACKUP_WRITE_FAILED',
        ),
      );
      assert.match(err.message, /input\/output error/);
      assert.doesNotMatch(err.message, /\bEIO\b/, 'the errno is not shown to a person');
      assert.equal(await sessionsOn(database), 0, 'the COPY sessions ended with the backup');
      assert.deepEqual(await listRecovery(t.ctx), []);
    });

    test('a backup piped to a reader that went away: the same, for standard output', async () => {
      const err = await withinSeconds(
        rejectsWithCode(
          createBackup(t.ctx, {
            adm: '1',
            output: '-',
            stream: failingAfter(64 * 1024, 'EPIPE'),
            recordHistory: false,
          }),
          // Its own code: what went wrong is the reader, not space or permissions.
          'BACKUP_PIPE_CLOSED',
        ),
      );
      assert.match(err.message, /standard output stopped reading/);
      assert.equal(await sessionsOn(database), 0);
      assert.deepEqual(await listRecovery(t.ctx), []);
    });

    test('an auditfile export whose output fails: XAF_WRITE_FAILED at once, no session', async () => {
      const year = new Date().getUTCFullYear();
      await withinSeconds(
        rejectsWithCode(
          exportXaf(t.ctx, { adm: '1', year, output: { stream: failingAfter(512 * 1024) } }),
          'XAF_WRITE_FAILED',
        ),
      );
      assert.equal(await sessionsOn(database), 0);
    });
  });
}
