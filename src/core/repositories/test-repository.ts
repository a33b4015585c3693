/**
 * `kluis repository test`: proves a repository works for backups before the
 * night depends on it. Writes a small probe file the way a backup is
 * written, reads it back whole and in a range, and removes it. The probe's
 * name does not end in .ebu, so no listing or prune ever takes it for a
 * backup, and one left by a crash is harmless.
 */
import { randomBytes } from 'node:crypto';
import { ToolError } from '../../errors/index.js';
import type { Repository } from '../../repository/index.js';
import { repositoryFor } from './open-location.js';

export interface RepositoryTestResult {
  readonly repository: string;
  readonly kind: 'folder' | 's3';
  readonly url: string;
  /** Backup files found there now. */
  readonly backups: number;
  readonly probeBytes: number;
  readonly seconds: number;
}

async function readAll(repository: Repository, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of repository.read(name)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function testRepository(home: string, nameOrUrl: string): Promise<RepositoryTestResult> {
  const started = Date.now();
  const repository = repositoryFor(home, nameOrUrl);
  await repository.checkWritable();
  const backups = (await repository.list()).length;
  const probe = randomBytes(64 * 1024);
  const name = `kluis-probe-${randomBytes(6).toString('hex')}.probe`;
  const pending = await repository.create(name);
  try {
    pending.stream.end(probe);
    await pending.commit();
  } catch (err) {
    await pending.abort(err instanceof Error ? err : undefined);
    throw err;
  }
  try {
    const whole = await readAll(repository, name);
    const range = await repository.readRange(name, 1000, 100);
    if (!whole.equals(probe) || !range.equals(probe.subarray(1000, 1100)))
      throw new ToolError('REPOSITORY_PROBE_FAILED', { url: repository.url });
  } finally {
    await repository.remove(name);
  }
  return {
    repository: nameOrUrl,
    kind: repository.kind,
    url: repository.url,
    backups,
    probeBytes: probe.length,
    seconds: (Date.now() - started) / 1000,
  };
}
