/**
 * Lock files (the embedded server's start lock, the settings lock): a holder
 * that died is never waited for, including one killed between creating the
 * file and writing its holder into it (found by the crash test's long run:
 * an empty start.lock made every later start wait 90 s and fail).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { tryLock } from '../../../src/storage/lock-file.js';
import { thisHost } from '../../../src/storage/process-info.js';

describe('lock files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kluis-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const aged = (path: string, seconds: number) => {
    const then = new Date(Date.now() - seconds * 1000);
    utimesSync(path, then, then);
  };

  test('a lock held by a live process is not taken; released, it is', () => {
    const path = join(dir, 'live.lock');
    const first = tryLock(path, 'first');
    assert.ok(first.acquired);
    const second = tryLock(path, 'second');
    assert.equal(second.acquired, false);
    assert.equal(!second.acquired && second.holder?.pid, process.pid);
    first.lock.release();
    const third = tryLock(path, 'third');
    assert.ok(third.acquired);
    third.lock.release();
  });

  test("a lock whose holder process on this host is gone is taken over; another host's is not judged", () => {
    const path = join(dir, 'dead.lock');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(
      path,
      JSON.stringify({ host: thisHost, pid: Number(gone), operation: 'old', since: new Date().toISOString() }),
    );
    const taken = tryLock(path, 'mine');
    assert.ok(taken.acquired);
    taken.lock.release();
    writeFileSync(
      path,
      JSON.stringify({
        host: `${thisHost}-elders`,
        pid: Number(gone),
        operation: 'old',
        since: new Date().toISOString(),
      }),
    );
    assert.equal(tryLock(path, 'mine').acquired, false);
    rmSync(path);
  });

  test('an empty or unreadable lock file (its writer killed before it wrote) is taken over once it is not new', () => {
    for (const content of ['', '{"host": "vm", "pi']) {
      const path = join(dir, 'half.lock');
      writeFileSync(path, content);
      assert.equal(tryLock(path, 'now').acquired, false, 'a writer may be filling it in right now');
      aged(path, 5);
      const taken = tryLock(path, 'later');
      assert.ok(taken.acquired, `a half-written lock (${JSON.stringify(content)}) is stale`);
      taken.lock.release();
      assert.equal(existsSync(path), false);
    }
  });
});
