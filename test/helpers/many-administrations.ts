/**
 * Setup helper: many administrations, cheaply. One is generated; the others
 * are database copies of it (CREATE DATABASE … TEMPLATE), registered under
 * numbers and names of their own, which takes a fraction of generating each.
 * For tests about how kluis scales with the number of administrations, not
 * with their contents.
 */
import { randomUUID } from 'node:crypto';
import { adminDatabaseName } from '../../src/core/domain/administration-ref.js';
import * as core from '../../src/core/index.js';
import { SystemDb } from '../../src/core/testing.js';

const licence = core.issueDemoLicence({ holder: 'Kantoor Veel B.V.', registeredUser: 'eigenaar' });
const users = [
  { userName: 'eigenaar', fullName: 'Eigenaar', role: 'administrator' as const, password: core.demoPassword },
];

/** Administrations 1…`count` (the first generated at `size`, the rest copies of it), added to what is there. */
export async function manyAdministrations(
  ctx: core.KluisContext,
  count: number,
  size: core.GeneratorSize = core.generatorSizes.xs,
): Promise<void> {
  await core.generateAdministration(ctx, { name: 'Bron', number: 1, size, seed: 'many', licence, users });
  const source = adminDatabaseName(ctx.systemDatabase, 1);
  const sys = await SystemDb.open(ctx.engine, ctx.systemDatabase);
  try {
    for (let number = 2; number <= count; number++) {
      const databaseName = adminDatabaseName(ctx.systemDatabase, number);
      await ctx.engine.createDatabase(databaseName, { template: source });
      await sys.insert({
        number,
        name: `Kopie ${number}`,
        databaseName,
        identity: randomUUID(),
        directory: null,
        tablespace: null,
        status: 'ready',
      });
    }
  } finally {
    await sys.close();
  }
}
