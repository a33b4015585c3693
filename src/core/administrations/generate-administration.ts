/**
 * Creates a complete administration filled with generated books: used by the
 * demo, the tests and the benchmarks.
 */
import type { KluisContext } from '../context.js';
import { type GeneratorSize, generateData } from '../generator/generate-data.js';
import type { LicenceDocument } from '../licence/licence.js';
import type { ProgressListener } from '../progress.js';
import type { AdministrationRecord } from '../system-db/system-db.js';
import { createAdministration, type NewUser } from './create-administration.js';

export interface GenerateAdministrationInput {
  readonly name: string;
  readonly number?: number;
  readonly size: GeneratorSize;
  readonly seed: string;
  readonly licence: LicenceDocument;
  readonly users: readonly NewUser[];
  readonly fiscalYears?: readonly number[];
  readonly onProgress?: ProgressListener;
}

export async function generateAdministration(
  ctx: KluisContext,
  input: GenerateAdministrationInput,
): Promise<AdministrationRecord> {
  const thisYear = new Date().getUTCFullYear();
  const fiscalYears = input.fiscalYears ?? [thisYear - 2, thisYear - 1, thisYear];
  return createAdministration(ctx, {
    name: input.name,
    ...(input.number !== undefined ? { number: input.number } : {}),
    licence: input.licence,
    users: input.users,
    fiscalYears,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    populate: async (client) => {
      const second = await ctx.engine.connect(client.database!);
      try {
        await generateData(client, second, {
          size: input.size,
          seed: input.seed,
          fiscalYears,
          userName: input.licence.licence.registeredUser,
          ...(input.onProgress ? { onProgress: input.onProgress } : {}),
        });
      } finally {
        await second.end().catch(() => undefined);
      }
    },
  });
}
