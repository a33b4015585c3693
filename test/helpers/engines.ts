/**
 * Setup helpers: the engines the tests run against, chosen with
 * ENGINES=embedded,server (default: both).
 *
 * - embedded: one embedded server shared by all test files, in a fixed
 *   folder under the temp dir (started on demand, stopped after the run by
 *   scripts/run-tests.js).
 * - server: the PostgreSQL server named by the PG* variables; when none is
 *   named (a fresh machine with only Node.js), the embedded server reached
 *   over its socket as an ordinary server, so server mode is still tested.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { addServer, createContext, createDemo, type KluisContext } from '../../src/core/index.js';
import { EmbeddedEngine, type Engine, environmentNamesServer, ServerEngine } from '../../src/engines/index.js';

export type EngineName = 'embedded' | 'server';

/**
 * The shared embedded server's home for this user's test runs of this
 * checkout. Named after the checkout too: two clones testing at once would
 * otherwise share one server, run each other's schema, and the first run to
 * end would stop the server under the other.
 */
export const testHome =
  process.env['KLUIS_TEST_HOME'] ??
  join(
    tmpdir(),
    `kluis-test-${userInfo().uid}-${createHash('sha256')
      .update(new URL('../../..', import.meta.url).pathname)
      .digest('hex')
      .slice(0, 8)}`,
  );

export function selectedEngines(): EngineName[] {
  const chosen = (process.env['ENGINES'] ?? 'embedded,server')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return chosen.filter((e): e is EngineName => e === 'embedded' || e === 'server');
}

export function embeddedEngine(): EmbeddedEngine {
  return new EmbeddedEngine({ name: 'local', home: testHome });
}

export function serverEngine(): ServerEngine {
  if (environmentNamesServer()) return new ServerEngine({ name: 'server', settings: {} });
  const embedded = embeddedEngine();
  return new ServerEngine({
    name: 'server',
    settings: { host: embedded.layout.socketDir, port: 5432, user: 'postgres', sslmode: 'disable' },
  });
}

/** A started engine of the given kind. */
export async function openTestEngine(kind: EngineName): Promise<Engine> {
  if (kind === 'server' && !environmentNamesServer()) await embeddedEngine().start();
  const engine = kind === 'embedded' ? embeddedEngine() : serverEngine();
  await engine.start();
  return engine;
}

/** pg_dump and pg_restore are on PATH (for tests that migrate the way a DBA would). */
export function environmentHasServerTools(): boolean {
  return ['pg_dump', 'pg_restore'].every((t) => spawnSync(t, ['--version']).status === 0) && environmentNamesServer();
}

/** A name no other test (or test process) uses: lower case, starts with a letter. */
export function uniqueName(prefix: string): string {
  return `t_${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

export interface TestContext {
  readonly ctx: KluisContext;
  readonly engine: Engine;
  /** Drops every database of this context's kluis installation and its home folder. */
  cleanup(): Promise<void>;
}

/** A kluis installation of its own (home folder and system database) on `engine`. */
export function testContext(engine: Engine, prefix = 'k'): TestContext {
  const home = mkdtempSync(join(tmpdir(), 'kluis-ctx-'));
  const systemDatabase = uniqueName(prefix);
  const ctx = createContext({ home, engine, systemDatabase });
  return {
    ctx,
    engine,
    async cleanup() {
      await dropDatabasesWithPrefix(engine, systemDatabase);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function dropDatabasesWithPrefix(engine: Engine, prefix: string): Promise<void> {
  for (const db of [...(await engine.listDatabases()), ...(await engine.invalidDatabases())]) {
    if (db === prefix || db.startsWith(`${prefix}_`)) await engine.dropDatabase(db, { force: true });
  }
}

/**
 * The databases a test may judge on a server other tests use at the same
 * time: its own (by prefix) and the server's standard ones, which an attack
 * would aim at.
 */
export async function databasesOf(engine: Engine, prefix: string): Promise<string[]> {
  const standard = ['postgres', 'template0', 'template1'];
  return (await engine.listDatabases())
    .filter((db) => standard.includes(db) || db === prefix || db.startsWith(`${prefix}_`))
    .sort();
}

export interface CliInstallation {
  readonly ctx: KluisContext;
  /** Its home folder (the shared embedded one, or a folder of its own for a server). */
  readonly home: string;
  /** Arguments and environment that make a kluis child process use the same installation. */
  readonly cli: { readonly args: string[]; readonly env: Record<string, string> };
  /** Drops its databases and removes its home when the home is its own (never the shared embedded one). */
  dispose(): Promise<void>;
}

/**
 * A kluis installation of its own on an engine, plus what a kluis child
 * process needs to work on the very same one: the shared embedded home, or a
 * home with the server registered as "srv".
 */
export async function cliInstallation(kind: EngineName, prefix: string): Promise<CliInstallation> {
  const engine = await openTestEngine(kind);
  const systemDatabase = uniqueName(prefix);
  const env = { KLUIS_SYSTEM_DATABASE: systemDatabase };
  const dropDatabases = () => dropDatabasesWithPrefix(engine, systemDatabase);
  if (kind === 'embedded')
    return {
      ctx: createContext({ home: testHome, engine, systemDatabase }),
      home: testHome,
      cli: { args: ['--home', testHome], env },
      dispose: dropDatabases,
    };
  const home = mkdtempSync(join(tmpdir(), `kluis-${prefix}-home-`));
  const s = (engine as ServerEngine).settings;
  addServer(home, 'srv', `host=${s.host} port=${s.port} user=${s.user} dbname=${s.dbname} sslmode=${s.sslmode}`);
  return {
    ctx: createContext({ home, engine, systemDatabase }),
    home,
    cli: { args: ['--home', home, '--server', 'srv'], env },
    async dispose() {
      await dropDatabases();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * What the server leaves when it dies inside DROP DATABASE (PostgreSQL 15.4+):
 * the database marked invalid, exactly as the server marks it before it
 * removes any file. Needs a superuser, as the test servers have.
 */
export async function markInvalid(engine: Engine, database: string): Promise<void> {
  const c = await engine.connect('postgres');
  try {
    await c.query('update pg_database set datconnlimit = -2 where datname = $1', [database]);
  } finally {
    await c.end();
  }
}

export interface DemoInstallation extends CliInstallation {
  /** A scratch folder of its own, for backups, auditfiles and the like. */
  readonly dir: string;
}

/** A kluis installation with the demo office in it, and a scratch folder: what most end-to-end tests start from. */
export async function demoInstallation(kind: EngineName, prefix: string): Promise<DemoInstallation> {
  const inst = await cliInstallation(kind, prefix);
  await createDemo(inst.ctx);
  const dir = mkdtempSync(join(tmpdir(), `kluis-${prefix}-`));
  return {
    ...inst,
    dir,
    async dispose() {
      await inst.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
