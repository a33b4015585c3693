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
 * accountant's entries refer to (the apply puts it back).
 *
 * The seed is printed (in each test's name); KLUIS_CHANGES_SEED=<seed>
 * repeats a run, KLUIS_CHANGES_CASES=<n> runs n cases per engine (default 3,
 * about 10 s an engine), KLUIS_CHANGES_EDITS=<n> makes up to n edits per
 * side (default 30).
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
import { handOutAndInstall, makeClientAndOffice, withAdmin } from '../helpers/hand-out-fixture.js';

const runSeed = process.env['KLUIS_CHANGES_SEED'] ?? String(Date.now() % 1_000_000);
const cases = Number(process.env['KLUIS_CHANGES_CASES'] ?? 3);
const maxEdits = Number(process.env['KLUIS_CHANGES_EDITS'] ?? 30);
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
): Promise<Array<{ user: string; object: string; key: string }>> {
  return withAdmin(ctx, ref, async (c) => {
    const r = await c.query<{ user_name: string; object: string; key: string }>(
      `select user_name, details->>'object' as object, details->>'key' as key from audit_log
        where action = 'change.applied' and details->>'op' <> 'restore' order by id`,
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

        const base: Books = await withAdmin(client.ctx, clientRef, readBooks);
        const docs = await withAdmin(client.ctx, clientRef, documentRelations);
        const spare = spareObjects(base, docs);
        const rnd = new SeededRandom(seed);
        const hostile = rnd.next() < 0.25;
        const acc = new EditGenerator(seed, 'accountant', base, {
          until,
          author: accountantUser,
          documentRelations: docs,
          spare,
          hostile,
        });
        const cli = new EditGenerator(seed, 'client', base, {
          until,
          author: clientUser,
          documentRelations: docs,
          spare,
          hostile,
          bypassChance: rnd.next() < 0.3 ? 0.05 : 0,
        });
        const accEdits: Edit[] = Array.from({ length: rnd.int(1, maxEdits) }, () => acc.next());
        const cliEdits: Edit[] = Array.from({ length: rnd.int(0, maxEdits) }, () => cli.next());
        const story = () =>
          `${hostile ? 'hostile case; ' : ''}edits:\n${[...accEdits, ...cliEdits].map((e) => `  ${e.side}: ${e.what}`).join('\n')}`;
        await withAdmin(accountant.ctx, accRef, (c) => runEdits(c, accEdits, accountantUser));
        await withAdmin(client.ctx, clientRef, (c) => runEdits(c, cliEdits, clientUser));

        // Each side holds what its generator says, and the accountant's tracking knows what changed.
        const a = await withAdmin(accountant.ctx, accRef, readBooks);
        const c = await withAdmin(client.ctx, clientRef, readBooks);
        assert.deepEqual(booksDiff(acc.books, a), [], `the accountant's books differ from the generator's\n${story()}`);
        assert.deepEqual(booksDiff(cli.books, c), [], `the client's books differ from the generator's\n${story()}`);
        assert.deepEqual([...unbalanced(a), ...unbalanced(c)], []);
        const expectedTracked: Record<string, string[]> = {};
        for (const k of [...objectKinds].sort()) {
          const keys = changedKeys(k, base, a);
          if (keys.length) expectedTracked[k] = keys;
        }
        assert.deepEqual(await tracked(accountant.ctx, accRef), expectedTracked, story());

        // The package, its review (a dry run changes nothing), the apply.
        const pkg = join(scratch, `changes-${n}.ebu`);
        await writeChanges(accountant.ctx, { adm: accRef, output: pkg });
        const apply = (dryRun: boolean) =>
          applyChanges(client.ctx, { source: createReadStream(pkg), path: pkg, to: clientRef, dryRun });
        const digest = () => withAdmin(client.ctx, clientRef, (x) => tableDigests(x));
        const untouched = await digest();
        const dry = await apply(true);
        assert.deepEqual(await digest(), untouched, 'a dry run changed the books');
        const applied = await apply(false);
        assert.deepEqual(applied.review, dry.review, "the apply did otherwise than its dry run's review said");

        // Judged by the model.
        const expected = expectedApply(base, a, c, docs);
        const result = await withAdmin(client.ctx, clientRef, readBooks);
        const problems = applyProblems(expected, c, result, applied.review);
        assert.deepEqual(
          problems,
          [],
          `${story()}\nbooks at the hand-out: ${booksSummary(base)}\nreview conflicts: ${JSON.stringify(applied.review.conflicts)}`,
        );
        const rules = new Map<string, number>();
        for (const x of applied.review.conflicts) rules.set(x.rule, (rules.get(x.rule) ?? 0) + 1);
        t.diagnostic(
          `${hostile ? 'hostile, ' : ''}${accEdits.length} + ${cliEdits.length} edits; conflicts: ${[...rules].map(([r, k]) => `${r} ${k}`).join(', ') || 'none'}`,
        );
        // Every change is in the audit log under the accountant's name; the lock on the period has ended.
        const audit = await appliedAudit(client.ctx, clientRef);
        for (const k of objectKinds)
          for (const key of expected.changed[k])
            assert.ok(
              audit.some((x) => x.object === k && x.key === key && x.user === accountantUser),
              `no audit row names ${accountantUser} for ${k} ${key}`,
            );
        assert.equal((await handOutStatus(client.ctx, clientRef))?.status, 'applied');

        rmSync(pkg);
        await deleteAdministration(client.ctx, clientRef, Number(clientRef));
        await deleteAdministration(accountant.ctx, accRef, Number(accRef));
      });
    }
  });
}
