/**
 * The client's hand-out with a dividing date (issue 22, sentences 1 and 2),
 * on the real database of both engines: the hand-out records an outstanding
 * row and makes the backup that carries it; the guard then refuses the
 * client's bookings dated on or before the date and takes those after it;
 * the accountant's install turns the row to the accountant's side, where a
 * booking after the date is refused and every change is tracked (who and
 * when, and the picture before the first change); a hand-back goes out with
 * the row returned and nothing tracked; a withdrawal needs the number typed
 * and changes nothing without it; admin show and admin list say it all.
 *
 * The demo's client is 002 (books 2024-2026); the firm, 001, has
 * E-Accountancy and installs the hand-out into this same installation.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import * as core from '../../src/core/index.js';
import { SystemDb } from '../../src/core/testing.js';
import { fromPostgresError } from '../../src/errors/index.js';
import { message, rejectsWithCode } from '../helpers/assertions.js';
import { runKluis } from '../helpers/cli.js';
import { tableDigests } from '../helpers/digest.js';
import { type DemoInstallation, demoInstallation, selectedEngines } from '../helpers/engines.js';
import { keys, killPtySessions, PtySession, ptyUnavailable } from '../helpers/pty.js';

const until = '2026-06-30';

/** An entry of two lines in MEM, in one transaction; `author` sets kluis.author for it. */
async function book(
  c: pg.Client,
  entry: { number: string; date: string; amount?: number; author?: string },
): Promise<void> {
  await c.query('begin');
  try {
    if (entry.author) await c.query(`select set_config('kluis.author', $1, true)`, [entry.author]);
    const e = await c.query<{ id: string }>(
      `insert into journal_entries (journal_code, entry_number, entry_date, fiscal_year, description, created_by)
       values ('MEM', $1, $2, extract(year from $2::date), 'test', 'test') returning id`,
      [entry.number, entry.date],
    );
    const amount = entry.amount ?? 125;
    await c.query(
      `insert into journal_lines (entry_id, line_no, account_code, debit, credit)
       values ($1, 1, '4600', $2, 0), ($1, 2, '1600', 0, $2)`,
      [e.rows[0]!.id, amount],
    );
    await c.query('commit');
  } catch (err) {
    await c.query('rollback');
    throw err;
  }
}

/** The SQLSTATE a statement failed with (the guard's KL001/KL002), and the error itself. */
async function refusal(work: Promise<unknown>): Promise<{ sqlstate: string; error: unknown }> {
  try {
    await work;
  } catch (error) {
    return { sqlstate: (error as { code?: string }).code ?? '?', error };
  }
  assert.fail('the statement was accepted');
}

for (const kind of selectedEngines()) {
  describe(`client hand-out on ${kind}`, () => {
    let inst: DemoInstallation;
    let ctx: core.KluisContext;
    let handOutFile: string;
    let installed: string;
    const open = async (ref: string) => inst.ctx.engine.connect((await core.showAdministration(ctx, ref)).database);
    const inAdmin = async <T>(ref: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
      const c = await open(ref);
      try {
        return await fn(c);
      } finally {
        await c.end();
      }
    };
    const handOutRows = (ref: string) =>
      inAdmin(
        ref,
        async (c) => (await c.query('select side, status, until::text from hand_outs order by made_at')).rows,
      );
    const kluis = (args: string[], lang = 'en') => runKluis([...inst.cli.args, '--lang', lang, ...args], inst.cli.env);

    before(async () => {
      inst = await demoInstallation(kind, 'handout');
      ctx = inst.ctx;
    });
    after(async () => {
      killPtySessions();
      await inst?.dispose();
    });

    test('a date that is no date is refused before anything happens, in both languages', async () => {
      for (const bad of ['31-02-2026', '2026-13-01', '06/31/2026', 'eind juni', '2026-6', ''])
        await rejectsWithCode(core.handOut(ctx, { adm: '2', until: bad, output: inst.dir }), 'HAND_OUT_DATE_INVALID');
      assert.deepEqual(readdirSync(inst.dir), []);
      const r = await kluis(['client', 'hand-out', '2', '--until', '31-02-2026'], 'nl');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /"31-02-2026" is geen datum: geef de afsluitdatum als DD-MM-JJJJ of JJJJ-MM-DD/);
      const missing = await kluis(['client', 'hand-out', '2']);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /"client hand-out" needs --until DATE/);
      assert.deepEqual(await handOutRows('2'), []);
    });

    test('the hand-out records the outstanding row and makes the backup that carries it', async () => {
      const journal = await SystemDb.open(ctx.engine, ctx.systemDatabase);
      const since = (await journal.client.query('select max(started_at)::text as t from operations')).rows[0].t;
      const result = await core.handOut(ctx, { adm: '2', until: '30-06-2026', output: inst.dir, madeBy: 'jansen' });
      handOutFile = result.location;
      assert.deepEqual(readdirSync(inst.dir), [result.location.slice(inst.dir.length + 1)]);
      assert.equal(result.adm, '002');
      assert.equal(result.handOut.until, until);
      assert.equal(result.handOut.side, 'client');
      assert.equal(result.handOut.status, 'outstanding');
      assert.equal(result.handOut.madeBy, 'jansen');
      assert.deepEqual(result.manifest.handOut, {
        id: result.handOut.id,
        until,
        madeAt: result.handOut.madeAt,
      });
      // The file read back says the same, and holds the row.
      const info = await core.inspectBackup(core.openBackupFile(handOutFile), handOutFile);
      assert.deepEqual(info.manifest.handOut, result.manifest.handOut);
      assert.equal(info.footer?.tables.find((t) => t.name === 'hand_outs')?.rows, 1);
      assert.deepEqual(await core.handOutStatus(ctx, '2'), result.handOut);
      assert.ok((await core.backupHistory(ctx)).entries.some((e) => e.location === handOutFile));
      // One operation, of kind hand-out (no backup of its own beside it), done, and no lock left.
      try {
        const ops = await journal.client.query(
          'select kind, status, phase from operations where started_at > $1::timestamptz order by started_at',
          [since],
        );
        assert.deepEqual(ops.rows, [{ kind: 'hand-out', status: 'done', phase: 'written' }]);
        assert.equal((await journal.client.query('select count(*)::int as n from locks')).rows[0].n, 0);
      } finally {
        await journal.close();
      }
      assert.deepEqual(await core.listRecovery(ctx), []);
    });

    test("while it is outstanding the client's bookings on or before the date are refused, after it taken", async () => {
      await inAdmin('2', async (c) => {
        for (const date of [until, '2026-01-02', '2025-12-31']) {
          const r = await refusal(book(c, { number: `H-${date}`, date }));
          assert.equal(r.sqlstate, 'KL001', date);
          // What a bookkeeping application shows: the trigger's own words in both languages.
          assert.match(
            (r.error as Error).message,
            /zijn uitgeleverd aan de accountant.*are handed out to the accountant/,
          );
          // Its hint says why and until when, in words, not as a code.
          assert.match((r.error as { hint?: string }).hint ?? '', /accountant werkt aan.*accountant is working on/);
          const e = fromPostgresError(r.error, 'local', '', 'query');
          assert.equal(e.code, 'HAND_OUT_LOCKED');
          if (date === '2026-01-02') {
            assert.equal(
              message(e, 'nl'),
              'Een boeking op 02-01-2026 kan nu niet: boekingen tot en met 30-06-2026 zijn uitgeleverd aan de accountant.',
            );
            assert.equal(
              message(e, 'en'),
              'An entry dated 2026-01-02 cannot be made now: entries up to and including 2026-06-30 are handed out to the accountant.',
            );
          }
        }
        // Changing or removing an entry of the handed-out period is refused too, line by line.
        const old = await c.query<{ id: string }>(
          `select id from journal_entries where entry_date <= $1 order by entry_date desc limit 1`,
          [until],
        );
        const id = old.rows[0]!.id;
        assert.equal(
          (await refusal(c.query(`update journal_entries set description = 'x' where id = $1`, [id]))).sqlstate,
          'KL001',
        );
        assert.equal((await refusal(c.query('delete from journal_lines where entry_id = $1', [id]))).sqlstate, 'KL001');
        // Moving a later entry into the handed-out period is refused; after the date the client books on.
        await book(c, { number: 'H-after', date: '2026-07-01' });
        assert.equal(
          (await refusal(c.query(`update journal_entries set entry_date = $1 where entry_number = 'H-after'`, [until])))
            .sqlstate,
          'KL001',
        );
        await c.query(`update journal_entries set description = 'na de afsluitdatum' where entry_number = 'H-after'`);
        // Nothing is tracked on the client's side.
        assert.equal((await c.query('select count(*)::int as n from change_log')).rows[0].n, 0);
      });
    });

    test('a second hand-out is refused, naming the first; nothing changes', async () => {
      const before = await inAdmin('2', (c) => tableDigests(c));
      const err = await rejectsWithCode(
        core.handOut(ctx, { adm: '2', until: '2026-09-30', output: inst.dir }),
        'HAND_OUT_OUTSTANDING',
      );
      assert.match(
        message(err, 'en'),
        /^Administration 002 is already handed out to the accountant, up to and including 30 June 2026 \(on .* by jansen\); nothing was changed\.$/,
      );
      assert.match(
        message(err, 'nl'),
        /^Administratie 002 is al uitgeleverd aan de accountant, tot en met 30 juni 2026 \(op .* door jansen\)/,
      );
      assert.deepEqual(await inAdmin('2', (c) => tableDigests(c)), before);
      assert.equal(readdirSync(inst.dir).length, 1);
      const r = await kluis(['client', 'hand-out', '2', '--until', '2026-09-30', '-o', inst.dir]);
      assert.equal(r.code, 10);
      assert.match(r.stderr, /kluis client hand-out 002 --cancel/);
    });

    test("the accountant's install turns the hand-out to the accountant's side: the date guards the other way", async () => {
      const result = await core.installClient(ctx, {
        source: core.openBackupFile(handOutFile),
        path: handOutFile,
        open: '1',
        to: 'Bakkerij Jansen (kantoor)',
        users: ['anna'],
      });
      installed = core.formatAdminNumber(result.number);
      assert.deepEqual(await handOutRows(installed), [{ side: 'accountant', status: 'outstanding', until }]);
      const status = await core.handOutStatus(ctx, installed);
      assert.equal(status?.side, 'accountant');
      await inAdmin(installed, async (c) => {
        assert.equal((await c.query('select count(*)::int as n from change_base')).rows[0].n, 0);
        assert.equal((await c.query('select count(*)::int as n from change_log')).rows[0].n, 0);
        const r = await refusal(book(c, { number: 'A-after', date: '2026-07-01' }));
        assert.equal(r.sqlstate, 'KL002');
        assert.match((r.error as { hint?: string }).hint ?? '', /gaat terug naar de klant.*goes back to the client/);
        const e = fromPostgresError(r.error, 'local', '', 'query');
        assert.equal(e.code, 'HAND_OUT_AFTER_UNTIL');
        assert.equal(
          message(e, 'en'),
          'An entry dated 2026-07-01 cannot be made here: this administration was handed out up to and including 2026-06-30, and what comes after is the client’s own.',
        );
        // Nor is a fiscal year that runs past the date closed or changed there: the client books on in 2026, and
        // a closed year is the year's final books (the bewaarplicht keeps the first backup after it as such).
        const year = await refusal(c.query('update fiscal_years set closed = true where year = 2026'));
        assert.equal(year.sqlstate, 'KL003');
        const y = fromPostgresError(year.error, 'local', '', 'query');
        assert.equal(y.code, 'HAND_OUT_YEAR_AFTER_UNTIL');
        assert.equal(
          message(y, 'en'),
          'Fiscal year 2026 cannot be changed or closed here: it runs to 2026-12-31, after the dividing date 2026-06-30, and the client books on in it.',
        );
        assert.match(
          message(y, 'nl'),
          /^Boekjaar 2026 kan hier niet gewijzigd of afgesloten worden: het loopt tot 31-12-2026/,
        );
        assert.equal((await refusal(c.query('delete from fiscal_years where year = 2026'))).sqlstate, 'KL003');
        // A year that ends on or before the date is the accountant's to close (then opened again: later tests).
        await c.query('begin');
        await c.query('update fiscal_years set closed = true where year = 2025');
        await c.query('rollback');
      });
      // The accountant neither hands the client's books out nor withdraws the client's hand-out.
      await rejectsWithCode(
        core.handOut(ctx, { adm: installed, until: '2026-09-30', output: inst.dir }),
        'HAND_OUT_ACCOUNTANT_SIDE',
      );
      await rejectsWithCode(
        core.cancelHandOut(ctx, { adm: installed, confirm: Number(installed) }),
        'HAND_OUT_ACCOUNTANT_SIDE',
      );
      assert.deepEqual(await handOutRows(installed), [{ side: 'accountant', status: 'outstanding', until }]);
    });

    test('on the installed copy every change is tracked: the picture before the first change, who and when', async () => {
      await inAdmin(installed, async (c) => {
        const old = (
          await c.query<{ key: string; id: string }>(
            `select journal_code || '/' || entry_number as key, id from journal_entries
              where entry_date <= $1 order by entry_date desc, id limit 1`,
            [until],
          )
        ).rows[0]!;
        const picture = (await c.query(`select kluis_object_state('entry', $1) as s`, [old.key])).rows[0].s;
        assert.ok(picture.lines.length >= 2, 'the entry with its lines');
        const session = (await c.query<{ u: string }>('select session_user::text as u')).rows[0]!.u;
        // First change with kluis.author set (an application that names its user), the second without.
        await c.query('begin');
        await c.query(`select set_config('kluis.author', 'anna', true)`);
        await c.query(`update journal_entries set description = 'gecorrigeerd' where id = $1`, [old.id]);
        await c.query('commit');
        await c.query(`update journal_lines set description = 'regel' where entry_id = $1 and line_no = 1`, [old.id]);
        await book(c, { number: 'A-before', date: '2026-06-15', author: 'bram' });
        const base = await c.query(`select object, key, base from change_base order by key`);
        assert.deepEqual(
          base.rows.map((r) => [r.object, r.key]),
          [old.key, 'MEM/A-before'].sort().map((k) => ['entry', k]),
        );
        assert.deepEqual(
          base.rows.find((r) => r.key === old.key)!.base,
          picture,
          'the entry as it was at the hand-out',
        );
        assert.equal(base.rows.find((r) => r.key === 'MEM/A-before')!.base, null, 'a new entry did not exist');
        const log = await c.query(`select author, object, key, op from change_log order by seq`);
        assert.deepEqual(
          log.rows.filter((r) => r.key === old.key).map((r) => [r.author, r.op]),
          [
            ['anna', 'update'],
            [session, 'update'],
          ],
        );
        assert.ok(log.rows.filter((r) => r.key === 'MEM/A-before').every((r) => r.author === 'bram'));
        assert.deepEqual(log.rows.filter((r) => r.key === 'MEM/A-before').map((r) => r.op)[0], 'insert');
      });
    });

    test('a hand-back of the whole administration carries the hand-out as returned, and nothing tracked', async () => {
      const back = await core.createBackup(ctx, { adm: installed, output: join(inst.dir, 'terug.ebu') });
      assert.equal(back.manifest.handOut, undefined);
      assert.ok(back.manifest.handBack);
      const restored = await core.restoreBackup(ctx, {
        source: core.openBackupFile(back.location),
        path: back.location,
        to: 'Bakkerij Jansen (terug)',
      });
      const adm = core.formatAdminNumber(restored.number);
      await inAdmin(adm, async (c) => {
        const rows = (await c.query('select side, status, closed_at is not null as closed, closed_by from hand_outs'))
          .rows;
        assert.deepEqual(rows, [
          { side: 'client', status: 'returned', closed: true, closed_by: 'Accountantskantoor De Vries B.V.' },
        ]);
        assert.equal((await c.query('select count(*)::int as n from change_base')).rows[0].n, 0);
        assert.equal((await c.query('select count(*)::int as n from change_log')).rows[0].n, 0);
        // Nothing is outstanding there: every date books.
        await book(c, { number: 'T-1', date: '2026-03-01' });
      });
      // The installed copy itself is unchanged: still tracking.
      assert.equal((await core.handOutStatus(ctx, installed))?.status, 'outstanding');
    });

    test('admin show and admin list say what is handed out, in text and --json', async () => {
      const shown = await core.showAdministration(ctx, '2');
      assert.equal(shown.handOut?.status, 'outstanding');
      assert.equal(shown.handOut?.until, until);
      const text = await kluis(['admin', 'show', '2'], 'nl');
      assert.equal(text.code, 0, text.stderr);
      assert.match(
        text.stdout,
        /Uitlevering +uitgeleverd aan de accountant tot en met 30 juni 2026 \(sinds .*, door jansen\); boekingen tot en met die datum worden geweigerd/,
      );
      const copy = await kluis(['admin', 'show', installed]);
      assert.match(
        copy.stdout,
        /Hand-out +received from the client up to and including 30 June 2026; changes are tracked/,
      );
      const json = JSON.parse((await kluis(['--json', 'admin', 'show', '2'])).stdout);
      assert.deepEqual(json.handOut, shown.handOut);
      const list = await kluis(['admin', 'list']);
      assert.match(list.stdout, /Hand-out/);
      assert.match(list.stdout, /002 +Bakkerij Jansen .* handed out, up to 30 June 2026/);
      assert.match(
        list.stdout,
        new RegExp(`${installed} +Bakkerij Jansen \\(kantoor\\) .* received, up to 30 June 2026`),
      );
      const listed = JSON.parse((await kluis(['--json', 'admin', 'list'])).stdout) as Array<{
        number: string;
        handOut?: core.HandOutInfo;
      }>;
      assert.equal(listed.find((a) => a.number === '002')?.handOut?.side, 'client');
      assert.equal(listed.find((a) => a.number === installed)?.handOut?.side, 'accountant');
      assert.equal(listed.find((a) => a.number === '001')?.handOut, undefined);
      const nl = await kluis(['admin', 'list'], 'nl');
      assert.match(nl.stdout, /002 +Bakkerij Jansen .* uitgeleverd t\/m 30 juni 2026/);
    });

    test('withdrawing needs the number typed: none asks, a wrong one changes nothing, the right one withdraws', async () => {
      const before = await inAdmin('2', (c) => tableDigests(c));
      await rejectsWithCode(core.cancelHandOut(ctx, { adm: '2', confirm: undefined }), 'CONFIRMATION_REQUIRED');
      const wrong = await rejectsWithCode(core.cancelHandOut(ctx, { adm: '2', confirm: 3 }), 'CONFIRMATION_MISMATCH');
      assert.equal(message(wrong, 'en'), 'Type exactly "002" to confirm; nothing was changed.');
      const asked = await kluis(['client', 'hand-out', '2', '--cancel']);
      assert.equal(asked.code, 2);
      assert.match(asked.stderr, /Withdrawing the hand-out of administration 002 "Bakkerij Jansen" needs confirmation/);
      assert.match(asked.stderr, /--confirm 002/);
      const mixed = await kluis(['client', 'hand-out', '2', '--cancel', '--until', until]);
      assert.equal(mixed.code, 2);
      assert.equal((await kluis(['client', 'hand-out', '2', '--cancel', '--confirm', '3'])).code, 10);
      assert.deepEqual(await inAdmin('2', (c) => tableDigests(c)), before);
      // On a terminal the number is asked, saying what is withdrawn: Ctrl-C, Enter and a wrong number change nothing.
      if (!ptyUnavailable())
        for (const [key, code, lang] of [
          [keys.ctrlC, 130, 'en'],
          [keys.enter, 130, 'nl'],
          ['3\r', 10, 'en'],
        ] as const) {
          const s = new PtySession(
            [...inst.cli.args, '--lang', lang, 'client', 'hand-out', '2', '--cancel'],
            inst.cli.env,
          );
          await s.expect(
            lang === 'en'
              ? /The hand-out of administration 002 "Bakkerij Jansen" up to and including 30 June 2026 will be withdrawn: every date can be booked again, and the accountant's changes for this hand-out will be refused\./
              : /De uitlevering van administratie 002 "Bakkerij Jansen" tot en met 30 juni 2026 wordt ingetrokken: alle datums zijn weer te boeken/,
          );
          await s.expect(lang === 'en' ? /Type 002 to confirm: / : /Typ 002 om te bevestigen: /);
          s.type(key);
          const r = await s.exit();
          assert.equal(r.code, code, r.screen);
          assert.deepEqual(await inAdmin('2', (c) => tableDigests(c)), before, JSON.stringify(key));
        }

      const r = await kluis(['--json', 'client', 'hand-out', '2', '--cancel', '--confirm', '002']);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.cancelled, true);
      assert.equal(out.handOut.status, 'cancelled');
      assert.ok(out.handOut.closedAt && out.handOut.closedBy);
      await inAdmin('2', async (c) => {
        const audit = await c.query(`select user_name, details from audit_log where action = 'hand-out.cancelled'`);
        assert.equal(audit.rows.length, 1);
        assert.equal(audit.rows[0].details.handOut, out.handOut.id);
        assert.equal(audit.rows[0].user_name, out.handOut.closedBy);
        // Every date books again.
        await book(c, { number: 'C-before', date: '2026-02-02' });
        await book(c, { number: 'C-after', date: '2026-08-08' });
      });
      await rejectsWithCode(core.cancelHandOut(ctx, { adm: '2', confirm: 2 }), 'HAND_OUT_NONE');
      const text = await kluis(['admin', 'show', '2']);
      assert.match(text.stdout, /Hand-out +hand-out up to and including 30 June 2026 withdrawn on /);
      // And the client can hand out again.
      const again = await core.handOut(ctx, { adm: '2', until: '2026-09-30', output: join(inst.dir, 'opnieuw.ebu') });
      assert.equal(again.handOut.status, 'outstanding');
    });

    test('to standard output: the file on standard output, and on standard error that the books are locked up to the date', async () => {
      // It said nothing at all: the client piping the file to the accountant was never told what they can no longer book.
      await core.cancelHandOut(ctx, { adm: '2', confirm: 2 });
      const r = await kluis(['client', 'hand-out', '2', '--until', '2026-09-30', '-o', '-']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.startsWith('KLUISEBU'), 'the file on standard output');
      assert.match(
        r.stderr,
        /^Administration 002 "Bakkerij Jansen" was handed out to the accountant up to and including 30 September 2026: standard output \(/,
      );
      assert.match(
        r.stderr,
        /Entries up to and including 30 September 2026 are refused now; after it you keep booking\./,
      );
      assert.equal((await core.handOutStatus(ctx, '2'))?.status, 'outstanding');
    });
  });
}
