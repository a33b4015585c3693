/** Creates the schema at the backup's version and streams every table in. */
import type { BackupReader, Footer } from '../../format/index.js';
import { adminMigrations } from '../admin-db/admin-schema.js';
import { migrateNew } from '../migrations/migrator.js';
import { EarlyIndexes } from '../staging/early-indexes.js';
import { stageTimer, traceEvent } from '../trace.js';
import { checkColumns, checkRowCounts } from './checks.js';
import type { RestoreInput, RestorePlan } from './plan.js';
import type { StagingPool } from './staging-pool.js';
import { TableLoader } from './table-loader.js';

/** Loads the staging database on the pool's connections (its caller closes the pool, after the finish). */
export async function loadStaging(
  pool: StagingPool,
  reader: BackupReader,
  plan: RestorePlan,
  input: RestoreInput,
): Promise<{
  footer: Footer;
  built: ReadonlySet<string>;
  rows: ReadonlyMap<string, number>;
  /** The load's last figures (tables, rows, bytes), for the events of the finish. */
  figures: Readonly<Record<string, number>>;
}> {
  const manifest = plan.manifest;
  const stage = stageTimer('restore');
  const main = await pool.take();
  const loaders = new Map<number, TableLoader>();
  const early = new EarlyIndexes(
    adminMigrations.filter((m) => m.version <= manifest.schemaVersion && m.post).map((m) => m.post!),
    () => pool.take(),
    (c) => pool.release(c),
  );
  const newLoader = async (stream: number) => {
    const table = manifest.tables[stream]!;
    const loader = new TableLoader(table, await pool.acquire(loaders), pool);
    traceEvent(`loading ${table.name}`);
    loader.finished.then(
      () => {
        traceEvent(`loaded ${table.name}`);
        early.tableLoaded(table.name);
        if ([...loaders.values()].filter((l) => !l.released).length <= 1) early.widen();
      },
      () => undefined,
    );
    loaders.set(stream, loader);
    return loader;
  };
  const expected = new Map<number, number>();
  try {
    await migrateNew(
      main,
      adminMigrations.filter((m) => m.version <= manifest.schemaVersion),
    );
    await checkColumns(main, manifest, input.path);
    await pool.useFastToastCompression(main);
    pool.release(main);
    stage('schema');
    const total = manifest.tables.reduce((n, t) => n + t.estimatedBytes, 0);
    let done = 0;
    let tablesDone = 0;
    let rows = 0;
    const figures = () => ({ tables: manifest.tables.length, tablesDone, rows, bytes: done, bytesTotal: total });
    // Every table's end is an event too: the count of tables and rows keeps up with the data, and is whole at the end.
    const report = () => input.onProgress?.({ step: 'restore', done: Math.min(done, total), total, detail: figures() });
    for await (const event of reader.body()) {
      if (event.type === 'data') {
        const loader = loaders.get(event.stream) ?? (await newLoader(event.stream));
        await loader.push(event.data);
        done = Math.min(done + event.data.length, total);
        report();
      } else if (event.type === 'table-end') {
        const loader = loaders.get(event.stream) ?? (await newLoader(event.stream));
        expected.set(event.stream, event.stats.rows);
        loader.end();
        tablesDone++;
        rows += event.stats.rows;
        report();
      } else {
        const counts = await Promise.all(
          [...loaders.entries()].map(async ([stream, l]) => [stream, await l.finished] as const),
        );
        checkRowCounts(manifest, counts, expected, input.path);
        const built = await early.finish();
        const c = await pool.take();
        await pool.endLoad(c);
        pool.release(c);
        stage('load');
        // The data is in: the size shown is the whole size, whatever the manifest estimated.
        done = total;
        return {
          footer: event.footer,
          built,
          rows: new Map(counts.map(([stream, n]) => [manifest.tables[stream]!.name, n])),
          figures: figures(),
        };
      }
    }
    throw new Error('backup body ended without a footer');
  } finally {
    for (const l of loaders.values()) l.abort();
    await Promise.allSettled([...loaders.values()].map((l) => l.finished));
    await early.close();
  }
}
