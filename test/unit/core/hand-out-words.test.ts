/**
 * The dividing date as people type it (core/domain/dividing-date.ts), and a
 * hand-out in words (core/client/hand-out-text.ts): no database.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as core from '../../../src/core/index.js';
import { message, rejectsWithCode } from '../../helpers/assertions.js';

describe('the dividing date', () => {
  test('YYYY-MM-DD and DD-MM-YYYY, as a Dutch bookkeeper writes it too', () => {
    for (const [typed, day] of [
      ['2026-06-30', '2026-06-30'],
      ['30-06-2026', '2026-06-30'],
      ['30-6-2026', '2026-06-30'],
      ['30/06/2026', '2026-06-30'],
      ['30.06.2026', '2026-06-30'],
      [' 2026-6-3 ', '2026-06-03'],
      ['29-02-2024', '2024-02-29'],
      ['31-12-2026', '2026-12-31'],
    ])
      assert.equal(core.parseHandOutDate(typed!), day, typed);
  });

  test('a day that does not exist, or no date at all, is HAND_OUT_DATE_INVALID naming what was typed', async () => {
    for (const typed of [
      '31-02-2026',
      '29-02-2027',
      '2026-13-01',
      '2026-00-10',
      '00-01-2026',
      '06/31/2026',
      '2026/06/30',
      '30-06-26',
      'morgen',
      '',
      '0999-01-01',
      '2026-06-30T00:00',
    ])
      await rejectsWithCode(() => core.parseHandOutDate(typed), 'HAND_OUT_DATE_INVALID');
    const err = await rejectsWithCode(() => core.parseHandOutDate('31-06-2026'), 'HAND_OUT_DATE_INVALID');
    assert.equal(
      message(err, 'nl'),
      '"31-06-2026" is geen datum: geef de afsluitdatum als DD-MM-JJJJ of JJJJ-MM-DD, bijvoorbeeld 30-06-2026.',
    );
    assert.equal(
      message(err, 'en'),
      '"31-06-2026" is not a date: give the dividing date as YYYY-MM-DD or DD-MM-YYYY, for example 2026-06-30.',
    );
  });

  test("a day after this year's last would lock the present: HAND_OUT_DATE_LATER_YEAR", async () => {
    const today = new Date(2026, 11, 3);
    assert.equal(core.parseHandOutDate('31-12-2026', today), '2026-12-31');
    for (const typed of ['01-01-2027', '2099-12-31', '30-06-2062'])
      await rejectsWithCode(() => core.parseHandOutDate(typed, today), 'HAND_OUT_DATE_LATER_YEAR');
    const err = await rejectsWithCode(() => core.parseHandOutDate('2099-12-31', today), 'HAND_OUT_DATE_LATER_YEAR');
    assert.equal(
      message(err, 'nl'),
      'De afsluitdatum 31 december 2099 ligt na 31 december 2026: tot die datum zou er niet meer geboekt kunnen worden. Geef het einde van de periode die de accountant bijwerkt, bijvoorbeeld 31-12-2025.',
    );
  });

  test("the catalog's --until refuses the same way, so every shell does", async () => {
    const op = core.operations['client-hand-out'];
    await rejectsWithCode(() => core.readValues(op, { adm: '2', until: '31-02-2026' }), 'HAND_OUT_DATE_INVALID');
    assert.equal(core.readValues(op, { adm: '2', until: '30-06-2026' }).until, '30-06-2026');
  });
});

describe('a hand-out in words', () => {
  const h: core.HandOutInfo = {
    id: '0b5e2c1d-1111-4a2b-8c3d-123456789abc',
    until: '2026-06-30',
    side: 'client',
    status: 'outstanding',
    madeAt: '2026-12-03T13:05:00.000Z',
    madeBy: 'jansen',
  };

  test("on the client's side, on the accountant's, and once closed", () => {
    assert.match(
      core.handOutText(h).nl,
      /^uitgeleverd aan de accountant tot en met 30 juni 2026 \(sinds 3 december 2026 \d\d:\d\d, door jansen\); boekingen tot en met die datum worden geweigerd$/,
    );
    assert.match(
      core.handOutText(h).en,
      /^handed out to the accountant up to and including 30 June 2026 \(since 3 December 2026/,
    );
    assert.equal(
      core.handOutText({ ...h, side: 'accountant' }).nl,
      'ontvangen van de klant tot en met 30 juni 2026; wijzigingen worden bijgehouden, boekingen na die datum geweigerd',
    );
    const closed = { closedAt: '2026-12-04T09:00:00.000Z', closedBy: 'petra' };
    assert.match(
      core.handOutText({ ...h, ...closed, status: 'cancelled' }).nl,
      /^uitlevering tot en met 30 juni 2026 ingetrokken op 4 december 2026 \d\d:\d\d, door petra$/,
    );
    assert.match(
      core.handOutText({ ...h, ...closed, status: 'applied', appliedPackage: 2 }).en,
      /^the accountant's changes up to and including 30 June 2026 applied on 4 December 2026 \d\d:\d\d, by petra \(package 2\)$/,
    );
    assert.match(
      core.handOutText({ ...h, ...closed, status: 'returned' }).nl,
      /in zijn geheel teruggeleverd op 4 december 2026/,
    );
    assert.deepEqual(core.handOutFlag(h), { nl: 'uitgeleverd t/m 30 juni 2026', en: 'handed out, up to 30 June 2026' });
    assert.deepEqual(core.handOutFlag({ ...h, side: 'accountant' }), {
      nl: 'ontvangen t/m 30 juni 2026',
      en: 'received, up to 30 June 2026',
    });
  });
});
