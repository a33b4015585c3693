/**
 * The pure parts of backup all: the overall progress weighs each
 * administration by its size and never goes back, the queue hands out what
 * is due and says how long to wait for the rest, the lock backoff stays
 * within its budget, and the number of jobs is what was asked or one per core.
 */
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, test } from 'node:test';
import { jobsFor } from '../../../src/core/backup/all/backup-all.js';
import { OverallProgress } from '../../../src/core/backup/all/overall-progress.js';
import { lockBackoff, WorkQueue } from '../../../src/core/backup/all/work-queue.js';
import * as core from '../../../src/core/index.js';

describe('backup all, without a database', () => {
  test('the overall progress weighs administrations by size, counts those done, and never goes back', () => {
    const events: core.ProgressEvent[] = [];
    const progress = new OverallProgress(
      new Map([
        [1, 900],
        [2, 100],
        [3, 0],
      ]),
      (e) => events.push(e),
    );
    progress.advance(1, 0.5);
    assert.deepEqual(events.at(-1), {
      step: 'backup-all',
      done: 450,
      total: 1001,
      detail: { administrations: 3, administrationsDone: 0, bytes: 450, bytesTotal: 1001 },
    });
    progress.advance(1, 0.2); // a late, lower reading does not move it back
    assert.equal(events.at(-1)!.done, 450);
    progress.finish(2);
    progress.finish(3); // an empty database still counts for its share
    assert.equal(events.at(-1)!.done, 551);
    assert.equal(events.at(-1)!.detail!['administrationsDone'], 2);
    progress.finish(1);
    assert.equal(events.at(-1)!.done, events.at(-1)!.total);
    const view = new core.ProgressMeter(
      core.operations['backup-all'].phases,
      core.operations['backup-all'].summary,
    ).view(events.at(-1)!);
    assert.equal(view.percent, 100);
    assert.deepEqual(view.administrations, { done: 3, total: 3 });
    assert.deepEqual(
      core.progressFigures(view, 'nl').map((f) => f.inline),
      ['administraties 3/3', '1.001 B van 1.001 B'],
    );
  });

  test('the queue hands out what is due, and says how long to wait for what is not', () => {
    let now = 1000;
    const queue = new WorkQueue(['a', 'b'], () => now);
    const a = queue.take();
    assert.ok(a && 'item' in a && a.item.value === 'a');
    queue.retryLater(a.item, 500);
    const b = queue.take();
    assert.ok(b && 'item' in b && b.item.value === 'b');
    assert.deepEqual(queue.take(), { waitMs: 500 });
    now = 1500;
    const again = queue.take();
    assert.ok(again && 'item' in again && again.item.value === 'a' && again.item.tries === 1);
    assert.equal(queue.take(), undefined);
  });

  test('the lock backoff doubles from 1 s, stops at 30 s a time, and never passes its budget', () => {
    assert.equal(lockBackoff(0, 0, 120_000), 1000);
    assert.equal(lockBackoff(1, 1000, 120_000), 2000);
    assert.equal(lockBackoff(10, 50_000, 120_000), 30_000);
    assert.equal(lockBackoff(3, 118_000, 120_000), 2000);
    assert.equal(lockBackoff(3, 120_000, 120_000), undefined);
    assert.equal(lockBackoff(0, 0, 0), undefined);
  });

  test('jobs: what was asked, else one per core; never more than there are administrations, never none', () => {
    assert.equal(jobsFor(3, 10), 3);
    assert.equal(jobsFor(8, 2), 2);
    assert.equal(jobsFor(undefined, 100), availableParallelism());
    assert.equal(jobsFor(undefined, 0), 1);
  });

  test('the total in words, and the error that ends a run with failures', () => {
    const result = {
      server: 'local',
      destinations: ['/srv/kluis'],
      jobs: 2,
      administrations: [
        { number: '001', result: 'ok', sizeBytes: 2048 },
        { number: '002', result: 'in-use', sizeBytes: null },
      ],
      total: { administrations: 2, ok: 1, failed: 1, bytes: 2048, seconds: 1.5 },
      peakRssBytes: 1,
    } as unknown as core.BackupAllResult;
    assert.deepEqual(core.backupAllTotalSentence(result), {
      nl: 'Totaal: 1 van 2 back-ups gemaakt, 2,0 KiB, in 1,5 s.',
      en: 'Total: 1 of 2 backups made, 2.0 KiB, in 1.5 s.',
    });
    const error = core.backupAllIncomplete(result);
    assert.equal(error?.code, 'BACKUP_ALL_INCOMPLETE');
    assert.deepEqual(error?.params, { failed: '1', total: '2', which: '002' });
    assert.equal(core.backupAllIncomplete({ ...result, administrations: [result.administrations[0]!] }), undefined);
  });
});
