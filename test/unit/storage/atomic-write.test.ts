/**
 * The atomic-file primitive every file kluis writes goes through
 * (src/storage/atomic-write.ts): what a crash, an abort or an existing file
 * leaves, and the order of the system calls, watched with strace in a real
 * node process (the order is the whole point; a test inside this process
 * could only see the result).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AtomicFile,
  atomicTempPath,
  isAtomicTempName,
  sweepStaleTemps,
  writeFileAtomic,
} from '../../../src/storage/atomic-write.js';
import { rejectsWithCode } from '../../helpers/assertions.js';

const moduleUrl = new URL('../../../src/storage/atomic-write.js', import.meta.url).href;
const hasStrace = spawnSync('strace', ['-V']).status === 0;

/** Runs `body` (an ES module's text, with the primitive imported) in a new node process. */
function runNode(body: string, args: string[] = [], prefix: string[] = []) {
  const script = `import { AtomicFile, writeFileAtomic } from ${JSON.stringify(moduleUrl)};\n${body}`;
  const [command, ...rest] = [...prefix, process.execPath, '--input-type=module', '-e', script, ...args];
  return spawnSync(command!, rest, { encoding: 'utf8' });
}

describe('atomic files', () => {
  const root = mkdtempSync(join(tmpdir(), 'kluis-atomic-'));
  let count = 0;
  const folder = () => {
    const dir = join(root, String(++count));
    mkdirSync(dir);
    return dir;
  };
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a whole file under its name with its mode, replacing the old one; nothing else is left', () => {
    const dir = folder();
    const path = join(dir, 'config.json');
    writeFileAtomic(path, 'old');
    writeFileAtomic(path, 'new', { mode: 0o600 });
    assert.equal(readFileSync(path, 'utf8'), 'new');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['config.json']);
  });

  test('streamed: the name appears only at commit, with every byte', async () => {
    const dir = folder();
    const path = join(dir, 'big.ebu');
    const file = AtomicFile.create(path, { replace: false });
    assert.ok(isAtomicTempName(file.temp.slice(dir.length + 1)), file.temp);
    const out = file.stream();
    const chunk = Buffer.alloc(256 * 1024, 7);
    for (let i = 0; i < 16; i++) if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
    assert.deepEqual(readdirSync(dir), [file.temp.slice(dir.length + 1)], 'only the hidden temporary file so far');
    await file.commit();
    assert.equal(statSync(path).size, 16 * chunk.length);
    assert.deepEqual(readdirSync(dir), ['big.ebu']);
  });

  test('a temporary name chosen first (to journal it) is the one used; a name of anything else is refused', async () => {
    const dir = folder();
    const path = join(dir, 'x.ebu');
    const temp = atomicTempPath(path);
    assert.deepEqual(readdirSync(dir), [], 'choosing the name makes nothing');
    const file = AtomicFile.create(path, { temp });
    assert.equal(file.temp, temp);
    assert.deepEqual(readdirSync(dir), [temp.slice(dir.length + 1)]);
    file.write('x');
    await file.commit();
    assert.deepEqual(readdirSync(dir), ['x.ebu']);
    assert.throws(() => AtomicFile.create(path, { temp: join(dir, 'other') }), /not a temporary name/);
    assert.throws(() => AtomicFile.create(path, { temp: atomicTempPath(join(root, 'y.ebu')) }), /not a temporary name/);
  });

  test('without replace an existing file is refused and left intact, when writing starts and at commit', async () => {
    const dir = folder();
    const path = join(dir, 'x.xaf');
    writeFileSync(path, 'theirs');
    await rejectsWithCode(() => writeFileAtomic(path, 'mine', { replace: false }), 'BACKUP_FILE_EXISTS');
    rmSync(path);
    const file = AtomicFile.create(path, { replace: false });
    file.stream().write('mine');
    writeFileSync(path, 'theirs, made meanwhile');
    await rejectsWithCode(file.commit(), 'BACKUP_FILE_EXISTS');
    assert.equal(readFileSync(path, 'utf8'), 'theirs, made meanwhile');
    assert.deepEqual(readdirSync(dir), ['x.xaf'], 'no temporary file is left');
  });

  test('an abort, an AbortSignal or a failed write leaves nothing', async (t) => {
    const dir = folder();
    const aborted = AtomicFile.create(join(dir, 'a'));
    aborted.stream().write(Buffer.alloc(100_000));
    aborted.abort();
    aborted.abort(); // twice is harmless
    await assert.rejects(aborted.commit());

    const controller = new AbortController();
    const signalled = AtomicFile.create(join(dir, 'b'), { signal: controller.signal });
    const out = signalled.stream();
    out.write(Buffer.alloc(100_000));
    const committing = signalled.commit();
    controller.abort(new Error('stopped by the test'));
    await assert.rejects(committing, /stopped by the test/);
    assert.deepEqual(readdirSync(dir), []);

    // A full disk: a small tmpfs (root only).
    const small = join(dir, 'small');
    mkdirSync(small);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]).status !== 0)
      return t.diagnostic('no tmpfs could be mounted (needs root): the full disk is not tried');
    try {
      const full = AtomicFile.create(join(small, 'full.ebu'));
      const sink = full.stream();
      let failure: Error | undefined;
      sink.on('error', (err) => (failure = err));
      await assert.rejects(
        (async () => {
          for (let i = 0; i < 8; i++) sink.write(Buffer.alloc(64 * 1024));
          await full.commit();
        })(),
        (err: NodeJS.ErrnoException) => err.code === 'ENOSPC' && err.path === full.temp,
      );
      assert.equal((failure as NodeJS.ErrnoException | undefined)?.code, 'ENOSPC');
      assert.deepEqual(readdirSync(small), [], 'the full disk holds nothing afterwards');
    } finally {
      spawnSync('umount', [small]);
    }
  });

  test('process.exit while writing removes the temporary file; a killed process leaves one the next write sweeps', () => {
    const dir = folder();
    const exited = runNode(
      `const f = AtomicFile.create(process.argv[1] + '/x.ebu'); f.write('half'); process.exit(3);`,
      [dir],
    );
    assert.equal(exited.status, 3, exited.stderr);
    assert.deepEqual(readdirSync(dir), []);

    const killed = runNode(
      `const f = AtomicFile.create(process.argv[1] + '/x.ebu'); f.write('half'); process.kill(process.pid, 'SIGKILL');`,
      [dir],
    );
    assert.equal(killed.signal, 'SIGKILL');
    const left = readdirSync(dir);
    assert.equal(left.length, 1);
    assert.ok(isAtomicTempName(left[0]!), left[0]);

    const mine = AtomicFile.create(join(dir, 'y.ebu')); // sweeps the dead process's file, not its own
    try {
      assert.deepEqual(readdirSync(dir), [mine.temp.slice(dir.length + 1)]);
      assert.deepEqual(sweepStaleTemps(dir), [], "a live process's temporary file is kept");
    } finally {
      mine.abort();
    }
  });

  test('a read-only folder is FOLDER_NOT_WRITABLE before anything is written', async (t) => {
    const dir = folder();
    const readOnly = join(dir, 'read-only');
    mkdirSync(readOnly);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', readOnly]).status === 0;
    if (!mounted) t.diagnostic('no read-only mount here (needs root): only /proc is tried');
    try {
      for (const target of [...(mounted ? [join(readOnly, 'x.ebu')] : []), '/proc/x.ebu']) {
        const err = await rejectsWithCode(() => AtomicFile.create(target), 'FOLDER_NOT_WRITABLE');
        assert.ok(!/E[A-Z]{3,}/.test(err.message), `no errno in the message: ${err.message}`);
      }
      if (mounted) assert.deepEqual(readdirSync(readOnly), []);
    } finally {
      if (mounted) spawnSync('umount', [readOnly]);
    }
  });

  describe('the order of the system calls (strace)', () => {
    let calls: string[] = [];
    let dir = '';
    before(() => {
      if (!hasStrace) return;
      dir = folder();
      const traced = runNode(
        `const dir = process.argv[1];
         writeFileAtomic(dir + '/small.json', '{"v":1}');
         const f = AtomicFile.create(dir + '/big.ebu', { replace: false });
         const out = f.stream();
         for (let i = 0; i < 4; i++) out.write(Buffer.alloc(65536, i));
         await f.commit();`,
        [dir],
        [
          'strace',
          '-f',
          '-y',
          '-qq',
          '-o',
          join(dir, '..', 'strace.out'),
          '-e',
          'trace=write,pwrite64,writev,pwritev,fsync,fdatasync,rename,renameat,renameat2,link,linkat,unlink,unlinkat',
        ],
      );
      assert.equal(traced.status, 0, traced.stderr);
      calls = readFileSync(join(dir, '..', 'strace.out'), 'utf8')
        .split('\n')
        .map((line) => line.replace(/^(\[pid\s+\d+\]\s+|\d+\s+)/, ''))
        .filter((line) => /^\w+\(/.test(line) && line.includes(dir));
    });

    const skipped = (t: { skip(message: string): void }) => {
      if (hasStrace) return false;
      assert.ok(!process.env['CI'], 'strace is missing; .ci/run installs it');
      t.skip('strace is not installed');
      return true;
    };
    /** The index of the first call matching `pattern` after `from`; fails when there is none. */
    const find = (pattern: RegExp, from: number, what: string) => {
      const at = calls.findIndex((c, i) => i > from && pattern.test(c));
      assert.ok(at > from, `${what} after call ${from}:\n${calls.join('\n')}`);
      return at;
    };
    const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

    test('replacing: write, fsync the file, rename, fsync the folder', (t) => {
      if (skipped(t)) return;
      const temp = literal(`${dir}/.small.json.partial-`);
      const write = find(new RegExp(`^write\\(\\d+<${temp}`), -1, 'the write to the temporary file');
      const fsyncFile = find(new RegExp(`^f(data)?sync\\(\\d+<${temp}`), write, 'fsync of the file');
      const rename = find(
        new RegExp(`^rename(at2?)?\\(.*${temp}.*"${literal(dir)}/small\\.json"`),
        fsyncFile,
        'rename',
      );
      find(new RegExp(`^fsync\\(\\d+<${literal(dir)}>\\)`), rename, 'fsync of the folder');
    });

    test('not replacing: every write, fsync the file, link, remove the temporary name, fsync the folder', (t) => {
      if (skipped(t)) return;
      const temp = literal(`${dir}/.big.ebu.partial-`);
      const writes = calls.flatMap((c, i) => (new RegExp(`^p?writev?\\(\\d+<${temp}`).test(c) ? [i] : []));
      assert.ok(writes.length >= 1, calls.join('\n'));
      const fsyncFile = find(new RegExp(`^f(data)?sync\\(\\d+<${temp}`), writes.at(-1)!, 'fsync of the file');
      assert.ok(
        writes.every((w) => w < fsyncFile),
        'no write after the fsync',
      );
      const link = find(new RegExp(`^link(at)?\\(.*${temp}.*"${literal(dir)}/big\\.ebu"`), fsyncFile, 'link');
      const unlink = find(new RegExp(`^unlink(at)?\\(.*${temp}`), link, 'removal of the temporary name');
      find(new RegExp(`^fsync\\(\\d+<${literal(dir)}>\\)`), unlink, 'fsync of the folder');
      assert.ok(!calls.some((c) => /^rename/.test(c) && c.includes('big.ebu')), 'never renamed over');
    });
  });
});
