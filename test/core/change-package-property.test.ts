/**
 * Issue 22's property: over random sequences of edits on both sides of a
 * hand-out, the client's books after `client apply` equal the accountant's
 * edits applied to the client's current books (test/helpers/change-model.ts),
 * or the conflict is listed in the apply's review with the rule that
 * settled it.
 *
 * Each case: a copy of the client's administration is handed out, installed
 * at the accountant's, both sides edit (seeded, test/helpers/change-edits.ts),
 * each side's books are checked against its generator's model, the
 * accountant's change tracking against the model's idea of what changed,
 * then the package is made and applied, and the result is judged.
 *
 * KLUIS_CHANGES_SEED=<seed> repeats a run (a failure prints its case's seed);
 * KLUIS_CHANGES_CASES=<n> runs n cases per engine (default 4), and
 * KLUIS_CHANGES_EDITS=<n> makes up to n edits per side (default 30).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SeededRandom } from '../../src/core/generator/random.js';
import { copyAdministration, createBackup, deleteAdministration, restoreBackup } from '../../src/core/index.js';
import { type Books, booksDiff, unbalanced } from '../helpers/change-books.js';
import { documentRelations, readBooks, runEdits } from '../helpers/change-db.js';
import { type Edit, EditGenerator } from '../helpers/change-edits.js';
import { changedKeys } from '../helpers/change-model.js';
import {
  accountantUser,
  clientUser,
  makeClient,
  makeOffice,
  spareObjects,
  until,
  withAdmin,
} from '../helpers/change-setup.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';

const runSeed = process.env['KLUIS_CHANGES_SEED'] ?? String(Date.now() % 1_000_000);
const cases = Number(process.env['KLUIS_CHANGES_CASES'] ?? 4);
const maxEdits = Number(process.env['KLUIS_CHANGES_EDITS'] ?? 30);
const pristine = 90;

/** Objects whose picture the accountant's tracking says changed since the hand-out. */
async function tracked(ctx: TestContext['ctx'], ref: string): Promise<Record<string, string[]>> {
  return withAdmin(ctx, ref, async (c) => {
    const r = await c.query<{ object: string; key: string }>(
      'select object, key from change_base where base is distinct from kluis_object_state(object, key) order by object, key',
    );
    const out: Record<string, string[]> = {};
    for (const row of r.rows) out[row.object] = [...(out[row.object] ?? []), row.key];
    return out;
  });
}

for (const kind of selectedEngines()) {
  describe(`change package property on ${kind} (seed ${runSeed})`, () => {
    let client: TestContext;
    let accountant: TestContext;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-changes-'));

    before(async () => {
      const engine = await openTestEngine(kind);
      client = testContext(engine, 'chc');
      accountant = testContext(engine, 'cha');
      await makeClient(client.ctx, { number: pristine, seed: 'changes', entries: 160 });
      await makeOffice(accountant.ctx);
    });
    after(async () => {
      await client?.cleanup();
      await accountant?.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    for (let n = 0; n < cases; n++) {
      const seed = `${runSeed}-${kind}-${n}`;
      test(`case ${n} (KLUIS_CHANGES_SEED=${runSeed}; this case's seed ${seed})`, async () => {
        const clientRef = String(100 + n);
        const accRef = String(200 + n);
        await copyAdministration(client.ctx, { adm: String(pristine), to: clientRef });
        // Hand-out (simulated until the hand-out slice lands): the row, then the backup that carries it.
        await withAdmin(client.ctx, clientRef, (c) =>
          c.query(
            `insert into hand_outs (id, until, side, status, made_by) values (gen_random_uuid(), $1, 'client', 'outstanding', $2)`,
            [until, clientUser],
          ),
        );
        const file = join(scratch, `case-${n}.ebu`);
        await createBackup(client.ctx, { adm: clientRef, output: file });
        const { createReadStream } = await import('node:fs');
        await restoreBackup(accountant.ctx, { source: createReadStream(file), path: file, to: accRef });
        await withAdmin(accountant.ctx, accRef, async (c) => {
          await c.query(`update hand_outs set side = 'accountant'`);
          await c.query('delete from change_base; delete from change_log');
        });
        rmSync(file);

        const base: Books = await withAdmin(client.ctx, clientRef, readBooks);
        const docs = await withAdmin(client.ctx, clientRef, documentRelations);
        const spare = spareObjects(base, docs);
        const rnd = new SeededRandom(seed);
        const acc = new EditGenerator(seed, 'accountant', base, {
          until,
          author: accountantUser,
          documentRelations: docs,
          spare,
        });
        const cli = new EditGenerator(seed, 'client', base, {
          until,
          author: clientUser,
          documentRelations: docs,
          spare,
          bypassChance: rnd.next() < 0.3 ? 0.05 : 0,
        });
        const accEdits: Edit[] = Array.from({ length: rnd.int(1, maxEdits) }, () => acc.next());
        const cliEdits: Edit[] = Array.from({ length: rnd.int(0, maxEdits) }, () => cli.next());
        const story = () => [...accEdits, ...cliEdits].map((e) => `  ${e.side}: ${e.what}`).join('\n');
        await withAdmin(accountant.ctx, accRef, (c) => runEdits(c, accEdits, accountantUser));
        await withAdmin(client.ctx, clientRef, (c) => runEdits(c, cliEdits, clientUser));

        // Each side holds what its generator says: the model of each side is proved before the merge is judged.
        const a = await withAdmin(accountant.ctx, accRef, readBooks);
        const c = await withAdmin(client.ctx, clientRef, readBooks);
        assert.deepEqual(booksDiff(acc.books, a), [], `the accountant's books differ from the generator's\n${story()}`);
        assert.deepEqual(booksDiff(cli.books, c), [], `the client's books differ from the generator's\n${story()}`);
        assert.deepEqual(unbalanced(a), []);
        assert.deepEqual(unbalanced(c), []);
        // The accountant's tracking knows exactly what changed (schema 5's triggers against the model).
        const expectedTracked: Record<string, string[]> = {};
        for (const k of ['account', 'entry', 'fiscal_year', 'relation', 'vat_code'] as const) {
          const keys = changedKeys(k, base, a);
          if (keys.length) expectedTracked[k] = keys;
        }
        assert.deepEqual(await tracked(accountant.ctx, accRef), expectedTracked, story());

        await deleteAdministration(client.ctx, clientRef, Number(clientRef));
        await deleteAdministration(accountant.ctx, accRef, Number(accRef));
      });
    }
  });
}
