/**
 * The `backup all` line of npm run bench: 100 administrations of the demo's
 * size on the server, backed up by `kluis backup all --jobs 2` and by the
 * shell loop an administrator would otherwise write (`pg_dump -Fc -Z1` of
 * each database in turn), alternating, in one run; the bar is kluis ≤ 0.5 ×
 * the loop. The administrations are kept in their own system database
 * (the bench's name with _all: kluis_bench_all by default): one is generated, the other 99 are database copies of
 * it (CREATE DATABASE … TEMPLATE), real databases of the same size, made in
 * a fraction of the time generating each would take.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, generateAdministration, generatorSizes, issueDemoLicence } from '../src/core/index.js';
import { SystemDb } from '../src/core/testing.js';
import type { Engine } from '../src/engines/index.js';

/** The system database of the 100 administrations, beside the bench's own (KLUIS_BENCH_DB). */
export const allSystemDatabaseOf = (benchSystemDatabase: string) => `${benchSystemDatabase}_all`;
export const allCount = 100;

/** The 100 administrations, made once and kept in `allSystemDatabase`. */
export async function ensureAllData(engine: Engine, home: string, allSystemDatabase: string): Promise<string[]> {
  const databaseOf = (n: number) => `${allSystemDatabase}_adm_${String(n).padStart(3, '0')}`;
  const ctx = createContext({ home, engine, systemDatabase: allSystemDatabase });
  const sys = await SystemDb.open(engine, allSystemDatabase);
  try {
    if (!(await sys.byNumber(1))) {
      process.stderr.write(
        `bench: generating ${allCount} demo-size administrations (once; kept in ${allSystemDatabase})…\n`,
      );
      await generateAdministration(ctx, {
        name: 'Alle 1',
        number: 1,
        size: generatorSizes.demo,
        seed: 'bench-all',
        licence: issueDemoLicence({ holder: 'Bench Alle B.V.', registeredUser: 'bench' }),
        users: [{ userName: 'bench', fullName: 'Bench', role: 'administrator', password: 'bench-wachtwoord' }],
      });
    }
    for (let n = 2; n <= allCount; n++) {
      if (await sys.byNumber(n)) continue;
      await engine.createDatabase(databaseOf(n), { template: databaseOf(1) });
      await sys.insert({
        number: n,
        name: `Alle ${n}`,
        databaseName: databaseOf(n),
        identity: randomUUID(),
        directory: null,
        tablespace: null,
        status: 'ready',
      });
    }
  } finally {
    await sys.close();
  }
  return Array.from({ length: allCount }, (_, i) => databaseOf(i + 1));
}

/** The administrator's loop: pg_dump -Fc -Z1 of each database in turn, in one shell. */
export function pgDumpLoopScript(databases: readonly string[], out: string): string[] {
  const loop = `for db in ${databases.join(' ')}; do pg_dump -Fc -Z1 -f "${out}/$db.dump" "$db" || exit 1; done`;
  return ['-c', loop];
}

/** Sum of the sizes of the files in a folder. */
export function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

/** A fresh, empty folder. */
export function emptyFolder(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
