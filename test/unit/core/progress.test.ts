/**
 * Reading progress events (src/core/progress.ts): the percentage follows the
 * declared phases and their shares, never goes back, reaches 100 only at the
 * end of the last phase, and the time left is there once it can be told.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as core from '../../../src/core/index.js';

const restore = core.operations.restore;

describe('progress', () => {
  test('every operation that declares shares declares them for every phase, adding up to 1', () => {
    for (const op of core.allOperations()) {
      const shares = op.phases.map((p: core.ProgressPhase) => p.share);
      if (shares.every((s) => s === undefined)) continue;
      assert.ok(
        shares.every((s) => s !== undefined && s > 0),
        `${op.id}: a phase without a share beside phases with one`,
      );
      const sum = shares.reduce<number>((a, s) => a + (s ?? 0), 0);
      assert.ok(Math.abs(sum - 1) < 1e-9, `${op.id}: shares add up to ${sum}`);
    }
  });

  test('the data of a restore fills three quarters of the bar, keys, indexes and checks the rest', () => {
    const at = (step: string, done: number, total: number) =>
      Math.round(core.fractionDone(restore.phases, { step, done, total }) * 1000) / 1000;
    assert.equal(at('restore', 0, 100), 0);
    assert.equal(at('restore', 50, 100), 0.375);
    assert.equal(at('restore', 100, 100), 0.75);
    assert.equal(at('finish', 0, 40), 0.75);
    assert.equal(at('finish', 20, 40), 0.875);
    assert.equal(at('finish', 40, 40), 1);
    // A step the operation does not declare counts as its first phase (an auditfile read in a client install).
    assert.equal(
      core.fractionDone(core.operations['client-install'].phases, { step: 'xaf-import', done: 1, total: 2 }),
      0.375,
    );
    // Without shares, done / total is the whole bar.
    assert.equal(
      core.fractionDone(core.operations['create-backup'].phases, { step: 'backup', done: 1, total: 4 }),
      0.25,
    );
  });

  test('the percentage never goes back and is 100 only when the last phase is done', () => {
    const meter = new core.ProgressMeter(restore.phases, restore.summary, 0);
    const seen = [
      meter.view({ step: 'restore', done: 80, total: 100 }, 1000).percent,
      // An estimate that shrinks (a later event saying less is done) does not move the bar back.
      meter.view({ step: 'restore', done: 40, total: 100 }, 1100).percent,
      meter.view({ step: 'restore', done: 100, total: 100 }, 1200).percent,
      meter.view({ step: 'finish', done: 39, total: 40 }, 1300).percent,
      meter.view({ step: 'finish', done: 40, total: 40 }, 1400).percent,
    ];
    assert.deepEqual(seen, [60, 60, 75, 99, 100]);
  });

  test('size, tables and rows come from the event; the phase in words from the declaration', () => {
    const meter = new core.ProgressMeter(restore.phases, restore.summary, 0);
    const v = meter.view(
      {
        step: 'restore',
        done: 1,
        total: 2,
        detail: { tables: 20, tablesDone: 2, rows: 20265, bytes: 1024, bytesTotal: 2048 },
      },
      100,
    );
    assert.deepEqual(v.phase, { nl: 'Gegevens terugzetten', en: 'Restoring the data' });
    assert.deepEqual(v.bytes, { done: 1024, total: 2048 });
    assert.deepEqual(v.tables, { done: 2, total: 20 });
    assert.equal(v.rows, 20265);
    assert.deepEqual(
      core.progressFigures(v, 'nl').map((f) => f.inline),
      ['1,0 KiB van 2,0 KiB', 'tabellen 2/20', '20.265 rijen'],
    );
  });

  test('time left: the time so far scaled by what is left, once 2% is done and a second has passed', () => {
    const meter = new core.ProgressMeter(restore.phases, restore.summary, 0);
    assert.equal(meter.view({ step: 'restore', done: 50, total: 100 }, 900).secondsLeft, undefined);
    // The fraction reached (0.375) is kept when a later event says less: 5 s for 37.5%, so 8.3 s to go.
    const later = meter.view({ step: 'restore', done: 1, total: 100 }, 5000).secondsLeft;
    assert.ok(later !== undefined && Math.abs(later - 5 / 0.375 + 5) < 1e-9, String(later));
    assert.equal(meter.view({ step: 'finish', done: 40, total: 40 }, 6000).secondsLeft, undefined, 'nothing left');
  });
});
