/**
 * Issue 22's property: over random sequences of edits on both sides of a
 * hand-out, the client's books after `client apply` equal the accountant's
 * edits applied to the client's current books (test/helpers/change-model.ts),
 * or the conflict is listed in the apply's review with the rule that
 * settled it.
 *
 * Each case: a copy of the client's administration is handed out (kluis's
 * handOut) and installed at the accountant's (installClient); both sides
 * make seeded random edits (test/helpers/change-edits.ts), and each side's
 * books are checked against its generator's model and the accountant's
 * change tracking against the model's idea of what changed, so the model of
 * each side is proved before the merge is judged. Then the package is made
 * (writeChanges), reviewed with a dry run (nothing may change), applied
 * (the review must be the dry run's), and judged: the books against the
 * model, every entry in balance, the review's conflicts and balances, the
 * audit log naming the accountant for every change, and the lock ended.
 * A quarter of the cases are "hostile": the client also removes what the
 * accountant's entries refer to (the apply puts it back). Half the cases go
 * on after the apply: both sides work on, and a second package of the same
 * hand-out is judged against the books the first left (its base: the
 * accountant's books as the first package had them; the client's own
 * entries, dated after the dividing date, must stay untouched;
 * KLUIS_CHANGES_ROUNDS=1 makes one package only).
 *
 * The seed is printed (in each test's name); KLUIS_CHANGES_SEED=<seed>
 * repeats a run, KLUIS_CHANGES_CASES=<n> runs n cases per engine (default
 * 2, some 10 s an engine on a quiet machine; a long run takes 100),
 * KLUIS_CHANGES_EDITS=<n> makes up to n edits per side (default 30).
 */
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SeededRandom } from '../../src/core/generator/random.js';
import {
  applyChanges,
  copyAdministration,
  deleteAdministration,
  handOutStatus,
  type KluisContext,
  writeChanges,
} from '../../src/core/index.js';
import { type Books, booksDiff, booksSummary, objectKinds, unbalanced } from '../helpers/change-books.js';
import { documentRelations, readBooks, runEdits } from '../helpers/change-db.js';
import { type Edit, EditGenerator } from '../helpers/change-edits.js';
import { applyProblems, changedKeys, expectedApply } from '../helpers/change-model.js';
import { accountantUser, addSpareRelations, clientUser, spareObjects, until } from '../helpers/change-setup.js';
import { tableDigests } from '../helpers/digest.js';
import { openTestEngine, selectedEngines, type TestContext, testContext } from '../helpers/engines.js';
import { asSide, entrySql, handOutAndInstall, makeClientAndOffice, withAdmin } from '../helpers/hand-out-fixture.js';

const runSeed = process.env['KLUIS_CHANGES_SEED'] ?? String(Date.now() % 1_000_000);
const cases = Number(process.env['KLUIS_CHANGES_CASES'] ?? 2);
const maxEdits = Number(process.env['KLUIS_CHANGES_EDITS'] ?? 30);
/** How many packages half the cases make (the other half one). */
const maxRounds = Number(process.env['KLUIS_CHANGES_ROUNDS'] ?? 2);
const pristine = 90;

/** Objects whose picture the accountant's tracking says changed since the hand-out. */
async function tracked(ctx: KluisContext, ref: string): Promise<Record<string, string[]>> {
  return withAdmin(ctx, ref, async (c) => {
    const r = await c.query<{ object: string; key: string }>(
      'select object, key from change_base where base is distinct from kluis_object_state(object, key) order by object, key',
    );
    const out: Record<string, string[]> = {};
    for (const row of r.rows) out[row.object] = [...(out[row.object] ?? []), row.key];
    return out;
  });
}

/** The audit rows the apply wrote for the accountant's changes: who, and which object. */
async function appliedAudit(
  ctx: KluisContext,
  ref: string,
  sequence: number,
): Promise<Array<{ user: string; object: string; key: string }>> {
  return withAdmin(ctx, ref, async (c) => {
    const r = await c.query<{ user_name: string; object: string; key: string }>(
      `select user_name, details->>'object' as object, details->>'key' as key from audit_log
        where action = 'change.applied' and details->>'op' <> 'restore' and (details->>'package')::int = $1 order by id`,
      [sequence],
    );
    return r.rows.map((x) => ({ user: x.user_name, object: x.object, key: x.key }));
  });
}

for (const kind of selectedEngines()) {
  describe(`change package property on ${kind} (KLUIS_CHANGES_SEED=${runSeed})`, () => {
    let client: TestContext;
    let accountant: TestContext;
    const scratch = mkdtempSync(join(tmpdir(), 'kluis-changes-'));

    before(async () => {
      const engine = await openTestEngine(kind);
      client = testContext(engine, 'chc');
      accountant = testContext(engine, 'cha');
      await makeClientAndOffice(client.ctx, accountant.ctx, { number: pristine, seed: 'changes', entries: 160 });
      await addSpareRelations(client.ctx, String(pristine));
    });
    after(async () => {
      await client?.cleanup();
      await accountant?.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    test('packages after a number was taken: the client’s own entry stays, the accountant’s renumbered one is corrected, then removed', async () => {
      await copyAdministration(client.ctx, { adm: String(pristine), to: '150' });
      await handOutAndInstall(client.ctx, accountant.ctx, { adm: '150', to: '250', open: '1', until, folder: scratch });
      await asSide(accountant.ctx, '250', accountantUser, [
        ...entrySql('MEM', 'T0001', '2026-05-01', 'Correctie', '100.00', '4600', '1100', accountantUser),
      ]);
      await asSide(client.ctx, '150', clientUser, [
        ...entrySql('MEM', 'T0001', '2026-08-01', 'Eigen boeking', '10.00', '4600', '1100', clientUser),
      ]);
      const own = (await withAdmin(client.ctx, '150', readBooks)).entry.get('MEM/T0001');
      const round = async (n: number) => {
        const pkg = join(scratch, `taken-${n}.ebu`);
        await writeChanges(accountant.ctx, { adm: '250', output: pkg });
        const r = await applyChanges(client.ctx, { source: createReadStream(pkg), path: pkg, to: '150' });
        rmSync(pkg);
        const books = await withAdmin(client.ctx, '150', readBooks);
        assert.deepEqual(books.entry.get('MEM/T0001'), own, `package ${n} changed the client's own MEM/T0001`);
        return { books, review: r.review };
      };
      const first = await round(1);
      assert.deepEqual(
        first.review.conflicts.map((x) => [x.rule, x.key, x.newKey]),
        [['number-taken', 'MEM/T0001', 'MEM/T0002']],
      );
      assert.equal(first.books.entry.get('MEM/T0002')?.description, 'Correctie');
      // The accountant corrects its entry: the client has it as MEM/T0002.
      await asSide(accountant.ctx, '250', accountantUser, [
        `update journal_entries set description = 'Correctie (herzien)' where journal_code = 'MEM' and entry_number = 'T0001'`,
      ]);
      const second = await round(2);
      assert.equal(second.books.entry.get('MEM/T0002')?.description, 'Correctie (herzien)');
      assert.deepEqual(second.review.conflicts, []);
      // And removes it.
      await asSide(accountant.ctx, '250', accountantUser, [
        `delete from journal_entries where journal_code = 'MEM' and entry_number = 'T0001'`,
      ]);
      const third = await round(3);
      assert.equal(third.books.entry.has('MEM/T0002'), false);
      await deleteAdministration(client.ctx, '150', 150);
      await deleteAdministration(accountant.ctx, '250', 250);
    });

    for (let n = 0; n < cases; n++) {
      const seed = `${runSeed}-${kind}-${n}`;
      test(`case ${n} (seed ${seed})`, async (t) => {
        const clientRef = String(100 + n);
        const accRef = String(200 + n);
        await copyAdministration(client.ctx, { adm: String(pristine), to: clientRef });
        await handOutAndInstall(client.ctx, accountant.ctx, {
          adm: clientRef,
          to: accRef,
          open: '1',
          until,
          folder: scratch,
        });

        const handedOut: Books = await withAdmin(client.ctx, clientRef, readBooks);
        const docs = await withAdmin(client.ctx, clientRef, documentRelations);
        const spare = spareObjects(handedOut, docs);
        const rnd = new SeededRandom(seed);
        const hostile = rnd.next() < 0.25;
        const bypassChance = rnd.next() < 0.3 ? 0.05 : 0;
        // Half the cases go on after the first package: the accountant keeps working, the client too (the
        // period is open again), and a second package of the same hand-out follows.
        const rounds = rnd.next() < 0.5 ? maxRounds : 1;
        const options = { until, documentRelations: docs, spare, hostile };
        const acc = new EditGenerator(seed, 'accountant', handedOut, { ...options, author: accountantUser });
        let cli = new EditGenerator(seed, 'client', handedOut, { ...options, author: clientUser, bypassChance });
        /** What the client last received: the books at the hand-out, then the accountant's as the package had them. */
        let base = handedOut;
        /** The accountant's entries a package renumbered in the client's books: their key there. */
        const renamed = new Map<string, string>();
        const edits: Edit[] = [];
        const story = () =>
          `${hostile ? 'hostile case; ' : ''}edits:\n${edits.map((e) => `  ${e.side}: ${e.what}`).join('\n')}`;

        for (let round = 1; round <= rounds; round++) {
          const accEdits: Edit[] = Array.from({ length: rnd.int(1, maxEdits) }, () => acc.next());
          const cliEdits: Edit[] = Array.from({ length: rnd.int(0, maxEdits) }, () => cli.next());
          edits.push(...accEdits, ...cliEdits);
          await withAdmin(accountant.ctx, accRef, (c) => runEdits(c, accEdits, accountantUser));
          await withAdmin(client.ctx, clientRef, (c) => runEdits(c, cliEdits, clientUser));

          // Each side holds what its generator says, and the accountant's tracking knows what changed since the hand-out.
          const a = await withAdmin(accountant.ctx, accRef, readBooks);
          const c = await withAdmin(client.ctx, clientRef, readBooks);
          assert.deepEqual(
            booksDiff(acc.books, a),
            [],
            `the accountant's books differ from the generator's\n${story()}`,
          );
          assert.deepEqual(booksDiff(cli.books, c), [], `the client's books differ from the generator's\n${story()}`);
          assert.deepEqual([...unbalanced(a), ...unbalanced(c)], []);
          const expectedTracked: Record<string, string[]> = {};
          for (const k of [...objectKinds].sort()) {
            const keys = changedKeys(k, handedOut, a);
            if (keys.length) expectedTracked[k] = keys;
          }
          assert.deepEqual(await tracked(accountant.ctx, accRef), expectedTracked, story());

          // The package, its review (a dry run changes nothing), the apply.
          const pkg = join(scratch, `changes-${n}-${round}.ebu`);
          const made = await writeChanges(accountant.ctx, { adm: accRef, output: pkg });
          assert.equal(made.sequence, round);
          const apply = (dryRun: boolean) =>
            applyChanges(client.ctx, { source: createReadStream(pkg), path: pkg, to: clientRef, dryRun });
          const digest = () => withAdmin(client.ctx, clientRef, (x) => tableDigests(x));
          const untouched = await digest();
          const dry = await apply(true);
          assert.deepEqual(await digest(), untouched, 'a dry run changed the books');
          const applied = await apply(false);
          assert.deepEqual(applied.review, dry.review, "the apply did otherwise than its dry run's review said");

          // Judged by the model.
          const expected = expectedApply(base, a, c, docs, renamed);
          const result = await withAdmin(client.ctx, clientRef, readBooks);
          const problems = applyProblems(expected, c, result, applied.review, renamed, until);
          assert.deepEqual(
            problems,
            [],
            `round ${round}; ${story()}\nbooks at the hand-out: ${booksSummary(handedOut)}\nreview conflicts: ${JSON.stringify(applied.review.conflicts)}`,
          );
          const rules = new Map<string, number>();
          for (const x of applied.review.conflicts) rules.set(x.rule, (rules.get(x.rule) ?? 0) + 1);
          t.diagnostic(
            `round ${round}: ${hostile ? 'hostile, ' : ''}${accEdits.length} + ${cliEdits.length} edits; conflicts: ${[...rules].map(([r, k]) => `${r} ${k}`).join(', ') || 'none'}`,
          );
          // Every change is in the audit log under the accountant's name; the lock on the period has ended.
          const audit = await appliedAudit(client.ctx, clientRef, round);
          for (const k of objectKinds)
            for (const key of expected.changed[k])
              assert.ok(
                audit.some((x) => x.object === k && x.key === key && x.user === accountantUser),
                `no audit row of package ${round} names ${accountantUser} for ${k} ${key}; its rows: ${JSON.stringify(
                  await withAdmin(
                    client.ctx,
                    clientRef,
                    async (x) =>
                      (await x.query(`select user_name, details from audit_log where details->>'key' = $1`, [key]))
                        .rows,
                  ),
                )}\nB ${JSON.stringify(base[k].get(key))}\nA ${JSON.stringify(a[k].get(key))}\nC ${JSON.stringify(c[k].get(key))}\n${story()}`,
              );
          assert.equal((await handOutStatus(client.ctx, clientRef))?.status, 'applied');
          base = a;
          rmSync(pkg);
          cli = new EditGenerator(`${seed}/${round + 1}`, 'client', result, {
            ...options,
            author: clientUser,
            bypassChance,
          });
        }

        await deleteAdministration(client.ctx, clientRef, Number(clientRef));
        await deleteAdministration(accountant.ctx, accRef, Number(accRef));
      });
    }
  });
}
