/**
 * npm run bench [-- --quick] [-- --sizes demo,S,L] [-- --reps N] [-- --small-reps N]
 *               [-- --engines server,embedded] [-- --only-sizes]
 *               [-- --no-all] [-- --only-all] [-- --no-s3] [-- --only-s3]
 *               [-- --no-changes] [-- --only-changes]
 *
 * Times kluis backup, restore, copy and verify against the tools a user could
 * pick instead, on the same server and the same data, next to the raw floor
 * (binary COPY of every table, two at a time): `pg_dump -Fc`, `pg_dump -Fc
 * -Z1`, `pg_dump -Fd -j2 -Z1` (a directory dump), `pg_restore -j2` from that
 * directory dump (into a database of the source's encoding and locale),
 * `pgcopydb clone` with 2 table and 2 index jobs into a fresh empty database
 * (a fresh work folder each run), and `CREATE DATABASE … TEMPLATE` of the
 * administration's database (psql, dropped after). Every timed command is a
 * process of its own, its start included. Prints medians, ratios with the
 * bars of shared/PERFORMANCE.md (the raised bar, the first bar where it still
 * means something, and for S the demo size's bars as a guide, marked so), file
 * sizes, the peak memory of the kluis process and of the largest server
 * process, and at the end the raised bars as yes/no per size and engine and
 * the peak memory of kluis per size side by side.
 *
 * Sizes: demo (generatorSizes.demo, ~15 MB database, ~3 MiB file), S and L
 * (shared/PERFORMANCE.md), generated once and kept in the system database
 * named by KLUIS_BENCH_DB (default "kluis_bench"; on a server shared with
 * others each gives their own name, and every database the bench makes
 * starts with it). `--quick` is the demo size alone: the size of most
 * clients' books, where the raised bar is about fixed costs, and generated in
 * seconds. The small sizes are dominated by fixed costs and noisy, so they
 * run `--small-reps` repetitions (default 5 × `--reps`, which is 3 and applies
 * to L); within each repetition kluis and its anchors run back to back, in
 * the opposite order in the next one, so a drifting machine treats them alike.
 *
 * The same runs on the embedded engine: pg_restore -j2 restores the server's
 * directory dump into it (pg_restore accepts a newer server), while pg_dump
 * refuses a server of a newer major, so the backup ratios there use the
 * server's pg_dump figures of the same run, and so does the copy ratio to
 * pgcopydb clone when pgcopydb fails there for the same reason (it runs
 * pg_dump); the output says which figures were borrowed.
 *
 * The server is the one named by the PG* variables (default 127.0.0.1:5432,
 * user postgres); pg_dump/pg_restore/pgcopydb come from PATH and must match its major.
 * Object storage (`--only-s3` runs just these lines, `--no-s3` leaves them
 * out): on the server, backup of each size into the real object store
 * (OpenStack Swift with s3api, started as the tests start it; skipped with
 * a message where Swift is not installed) against backup into a local file,
 * and restore out of it against restore from the local file, alternating,
 * with the store's own upload and download throughput (the SDK alone, same
 * file, same part size) beside them.
 *
 * The change package (`--only-changes` runs just this line, `--no-changes`
 * leaves it out; scripts/bench-changes.ts): a year of an accountant's
 * corrections to L applied with `kluis client apply`, against a full
 * restore of L, alternating (bar ≤ 0.2), on the server (or the one engine
 * asked for). `--only-sizes` runs the size tables alone.
 *
 * Results go to bench-results/bench-<time>.json. Absolute seconds depend on
 * the machine; the ratios are what the bar in PERFORMANCE.md is about.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { to as copyTo } from 'pg-copy-streams';
import {
  addServer,
  createAdministration,
  createContext,
  generateAdministration,
  generatorSizes,
  issueDemoLicence,
  listServers,
  openEngine,
} from '../src/core/index.js';
import { SystemDb } from '../src/core/testing.js';
import {
  type Engine,
  embeddedLayout,
  embeddedPort,
  embeddedRole,
  quoteIdent,
  ServerEngine,
} from '../src/engines/index.js';
import { objectStoreUnavailable, startObjectStore } from '../test/helpers/object-store.js';

import {
  allCount,
  allSystemDatabaseOf,
  emptyFolder,
  ensureAllData,
  folderBytes,
  pgDumpLoopScript,
} from './bench-backup-all.js';
import { benchChanges, type ChangesBenchDeps, type ChangesBenchResult } from './bench-changes.js';
import { downloadObject, kluisPartBytes, uploadFile } from './bench-object-store.js';

const args = process.argv.slice(2);
/**
 * A full run takes an hour or more, so a mistyped option (`--size L`) or
 * `--help` must not start one: both print the usage and stop.
 */
const valueOptions = ['--sizes', '--reps', '--small-reps', '--engines'];
const flagOptions = [
  '--quick',
  '--only-sizes',
  '--only-all',
  '--only-s3',
  '--only-changes',
  '--no-all',
  '--no-s3',
  '--no-changes',
];
const unknown = args.filter(
  (a, i) => !flagOptions.includes(a) && !valueOptions.includes(a) && !valueOptions.includes(args[i - 1] ?? ''),
);
const missingValue = valueOptions.find((o) => args.includes(o) && args[args.indexOf(o) + 1] === undefined);
if (args.includes('--help') || args.includes('-h') || unknown.length > 0 || missingValue) {
  const usage = readFileSync(new URL(import.meta.url), 'utf8');
  const header = usage.slice(usage.indexOf('/**') + 3, usage.indexOf('*/')).replace(/^ \* ?/gm, '');
  const wanted = args.includes('--help') || args.includes('-h');
  if (!wanted)
    process.stderr.write(
      `bench: ${missingValue ? `${missingValue} needs a value` : `unknown option ${unknown[0]}`}\n\n`,
    );
  (wanted ? process.stdout : process.stderr).write(`${header.trim()}\n`);
  process.exit(wanted ? 0 : 2);
}
/** The value after `--name`, when given. */
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const positive = (name: string): number | undefined =>
  Number(option(name)) > 0 ? Math.floor(Number(option(name))) : undefined;
const quick = args.includes('--quick');
/** Repetitions of L (and of the backup all, object storage and change package lines). */
const reps = positive('--reps') ?? 3;
/** Repetitions of the small sizes, whose timings are fixed costs and noise. */
const smallReps = positive('--small-reps') ?? 5 * reps;
const engines = (option('--engines') ?? 'server,embedded').split(',');
/** The administration sizes, in the order they run, with their numbers in the bench's system database. */
const sizeNumbers = { demo: 3, S: 1, L: 2 } as const;
type SizeLabel = keyof typeof sizeNumbers;
const generatorSize = { demo: generatorSizes.demo, S: generatorSizes.s, L: generatorSizes.l } as const;
/** The sizes to run (`--sizes demo,S,L`, any case; `--quick` is the demo size alone). */
const sizeLabels = (option('--sizes') ?? (quick ? 'demo' : 'demo,S,L')).split(',').map((given) => {
  const label = (Object.keys(sizeNumbers) as SizeLabel[]).find((l) => l.toLowerCase() === given.trim().toLowerCase());
  if (!label) throw new Error(`bench: unknown size ${given} (demo, S, L)`);
  return label;
});
const repsOf = (label: SizeLabel) => (label === 'L' ? reps : smallReps);
/**
 * Which parts run: the size tables, backup all, object storage, the change package
 * (`--only-sizes`, `--only-all`, `--only-s3`, `--only-changes`, `--no-all`, `--no-s3`, `--no-changes`).
 */
const only = (['sizes', 'all', 's3', 'changes'] as const).find((part) => args.includes(`--only-${part}`));
const sections = {
  sizes: (only ?? 'sizes') === 'sizes',
  all: (only ?? 'all') === 'all' && !args.includes('--no-all'),
  s3: (only ?? 's3') === 's3' && !args.includes('--no-s3'),
  changes: (only ?? 'changes') === 'changes' && !args.includes('--no-changes'),
};
const env = {
  PGHOST: '127.0.0.1',
  PGPORT: '5432',
  PGUSER: 'postgres',
  PGSSLMODE: 'disable',
  ...process.env,
  PGDATABASE: 'postgres',
};
/**
 * The system database the administrations are kept in; every database the
 * bench makes starts with this name, so two people benching on one server
 * (KLUIS_BENCH_DB=kluis_bench_<name>) stay out of each other's way.
 */
const systemDatabase = process.env.KLUIS_BENCH_DB || 'kluis_bench';
const officeNumber = 9;
/** The generator's middle year: a whole year, with an earlier one for the opening balance. */
const xafYear = new Date().getUTCFullYear() - 1;
const repo = new URL('../..', import.meta.url).pathname;
const bin = join(repo, 'bin', 'kluis.js');
const home = join(tmpdir(), 'kluis-bench-home');
const work = mkdtempSync(join(tmpdir(), 'kluis-bench-'));

interface Run {
  seconds: number;
  peakRssMiB?: number;
  /** The largest single server process while it ran. */
  serverPeakRssMiB?: number;
  bytes?: number;
  /** CPU seconds the whole machine spent while it ran (all processes: kluis, the server, its workers). */
  cpuSeconds?: number;
}

/**
 * CPU seconds the machine has been busy since boot, from /proc/stat (user,
 * nice, system, irq, softirq; not idle, I/O wait or time stolen by the
 * host). The difference over a run, divided by its wall time, says how many
 * cores it kept busy: near the core count, the run is bound by CPU and only
 * less work makes it faster.
 */
function machineBusySeconds(): number {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]!) / 100;
  } catch {
    return NaN;
  }
}

/** The uid the server's processes run as, when they are on this machine (found by the data directory's owner). */
let serverUid: number | undefined;

function serverRssKb(): number {
  if (serverUid === undefined) return 0;
  let max = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (Number(/Uid:\s+(\d+)/.exec(status)?.[1]) !== serverUid) continue;
      max = Math.max(max, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // gone
    }
  }
  return max;
}

/** Commands running in a process group of their own (pgcopydb): ended with the bench when it is interrupted. */
const ownGroups = new Set<number>();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    for (const pid of ownGroups) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });

/**
 * Runs a command, returning wall time and (for kluis) the peak RSS polled
 * from /proc. `ownProcessGroup` is for pgcopydb, which on a failure
 * terminates every process in its process group: that would be the bench and
 * the shell that started it.
 */
function timed(
  cmd: string,
  argv: string[],
  extraEnv: Record<string, string> = {},
  { ownProcessGroup = false } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const busy = machineBusySeconds();
    const child = spawn(cmd, argv, {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: ownProcessGroup,
    });
    if (ownProcessGroup && child.pid) ownGroups.add(child.pid);
    let stderr = '';
    let peak = 0;
    let serverPeak = 0;
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak = Math.max(peak, kb);
      } catch {
        // exited
      }
    }, 20);
    const serverPoll = setInterval(() => (serverPeak = Math.max(serverPeak, serverRssKb())), 250);
    child.on('exit', (code) => {
      if (child.pid) ownGroups.delete(child.pid);
      clearInterval(poll);
      clearInterval(serverPoll);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} ${argv.join(' ')} failed (${code}): ${stderr}`));
      else
        resolve({
          seconds,
          cpuSeconds: machineBusySeconds() - busy,
          ...(peak ? { peakRssMiB: Math.round(peak / 1024) } : {}),
          ...(serverPeak ? { serverPeakRssMiB: Math.round(serverPeak / 1024) } : {}),
        });
    });
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function psql(sql: string, extraEnv: Record<string, string> = {}): void {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { env: { ...env, ...extraEnv } });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
}

function sourceLocale(db: string, extraEnv: Record<string, string> = {}): string {
  const r = spawnSync('psql', ['-X', '-At', '-c', `select datcollate from pg_database where datname = '${db}'`], {
    env: { ...env, ...extraEnv },
  });
  return r.stdout.toString().trim() || 'C';
}

interface Target {
  readonly name: 'server' | 'embedded';
  readonly engine: Engine;
  /** Arguments that make a kluis child use this target. */
  readonly kluisArgs: readonly string[];
  /** PG* variables that make psql and pg_restore use this target. */
  readonly pgEnv: Record<string, string>;
}

function targets(): Target[] {
  const list: Target[] = [];
  if (engines.includes('server'))
    list.push({
      name: 'server',
      engine: new ServerEngine({ name: 'bench', settings: {}, env }),
      kluisArgs: ['--server', 'bench'],
      pgEnv: {},
    });
  if (engines.includes('embedded')) {
    const socket = { PGHOST: embeddedLayout(home).socketDir, PGPORT: String(embeddedPort), PGUSER: embeddedRole };
    list.push({ name: 'embedded', engine: openEngine(home, 'local'), kluisArgs: [], pgEnv: socket });
  }
  return list;
}

async function ensureData(target: Target): Promise<Partial<Record<SizeLabel, number>>> {
  const engine = target.engine;
  await engine.start();
  const ctx = createContext({ home, engine, systemDatabase });
  const sizes = Object.fromEntries(
    (Object.keys(sizeNumbers) as SizeLabel[])
      .filter((label) => sizeLabels.includes(label))
      .map((label) => [label, sizeNumbers[label]]),
  ) as Partial<Record<SizeLabel, number>>;
  const sys = await SystemDb.open(engine, systemDatabase);
  try {
    for (const [label, number] of Object.entries(sizes) as Array<[SizeLabel, number]>) {
      if (await sys.byNumber(number)) continue;
      process.stderr.write(`bench: generating ${label} on ${target.name} (once; kept in ${systemDatabase})…\n`);
      await generateAdministration(ctx, {
        name: `Bench ${label}`,
        number,
        size: generatorSize[label],
        seed: `bench-${label}`,
        licence: issueDemoLicence({ holder: 'Bench B.V.', registeredUser: 'bench' }),
        users: [{ userName: 'bench', fullName: 'Bench', role: 'administrator', password: 'bench-wachtwoord' }],
      });
    }
    // An accountant's office to import auditfiles under (xaf import needs E-Accountancy).
    if (!(await sys.byNumber(officeNumber))) {
      await createAdministration(ctx, {
        name: 'Bench Kantoor',
        number: officeNumber,
        licence: issueDemoLicence({
          holder: 'Bench Kantoor B.V.',
          registeredUser: 'bench',
          articles: ['Base', 'E-Accountancy'],
        }),
        users: [{ userName: 'bench', fullName: 'Bench', role: 'administrator', password: 'bench-wachtwoord' }],
      });
    }
  } finally {
    await sys.close();
  }
  mkdirSync(home, { recursive: true });
  if (target.name === 'server' && !listServers(home).some((s) => s.name === 'bench')) {
    const s = (engine as ServerEngine).settings;
    addServer(home, 'bench', `host=${s.host} port=${s.port} user=${s.user} dbname=postgres sslmode=${s.sslmode}`);
  }
  return sizes;
}

/** Finds the server's OS account by the owner of its data directory (when it is on this machine). */
async function findServerUid(engine: Engine): Promise<number | undefined> {
  const c = await engine.connect('postgres');
  try {
    const dir = (await c.query<{ d: string }>(`select current_setting('data_directory') as d`)).rows[0]!.d;
    return statSync(dir).uid;
  } catch {
    return undefined;
  } finally {
    await c.end();
  }
}

/** The raw floor: binary COPY of every table to nowhere, two tables at a time, largest first. */
async function rawFloor(engine: Engine, db: string): Promise<Run> {
  const busy = machineBusySeconds();
  const c = await engine.connect(db);
  const tables = (
    await c.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' order by pg_total_relation_size(c.oid) desc`,
    )
  ).rows.map((r) => r.name);
  await c.end();
  const started = process.hrtime.bigint();
  let bytes = 0;
  const queue = [...tables];
  await Promise.all(
    [0, 1].map(async () => {
      const client = await engine.connect(db);
      try {
        await client.query('begin isolation level repeatable read');
        for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
          const sink = new Writable({
            write(chunk: Buffer, _e, done) {
              bytes += chunk.length;
              done();
            },
          });
          await pipeline(client.query(copyTo(`copy public.${quoteIdent(t)} to stdout (format binary)`)), sink);
        }
        await client.query('commit');
      } finally {
        await client.end();
      }
    }),
  );
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes, cpuSeconds: machineBusySeconds() - busy };
}

type Results = Record<string, Run[]>;

/** The anchors, named as the tables and PERFORMANCE.md name them. */
const tools = {
  floor: 'raw floor (binary COPY, 2 at a time)',
  backup: 'kluis backup',
  verify: 'kluis verify',
  restore: 'kluis restore',
  copy: 'kluis copy',
  fc: 'pg_dump -Fc',
  fcZ1: 'pg_dump -Fc -Z1',
  fd: 'pg_dump -Fd -j2 -Z1',
  pgRestore: 'pg_restore -j2 (from the -Fd dump)',
  pgcopydb: 'pgcopydb clone (2 table + 2 index jobs)',
  template: 'CREATE DATABASE … TEMPLATE',
} as const;

/** A bar of shared/PERFORMANCE.md: the raised one, the first one (where it still means something), or the demo size's as a guide for S. */
interface Bar {
  readonly value: number;
  readonly atMost: boolean;
  readonly kind: 'raised' | 'first' | 'guide: the demo bar';
}

const atMost = (value: number, kind: Bar['kind']): Bar => ({ value, atMost: true, kind });

/** The bars each size is held to; the raised ones take the place of the first ones they tighten. */
function barsOf(label: SizeLabel): Record<string, Bar> {
  const memory = { 'kluis peak RSS MiB': atMost(300, 'raised') };
  const small = (kind: Bar['kind']) => ({
    'backup / pg_dump -Fc -Z1': atMost(1.0, kind),
    'restore / pg_restore -j2': atMost(1.0, kind),
    'copy / CREATE DATABASE … TEMPLATE': atMost(1.5, kind),
  });
  if (label === 'demo') return { ...small('raised'), ...memory };
  const first = {
    'backup / pg_dump -Fc': atMost(0.2, 'first'),
    'file / pg_dump -Fc file': atMost(0.95, 'first'),
    'copy / (backup + restore)': atMost(0.5, 'first'),
  };
  if (label === 'S')
    return {
      ...first,
      'backup / raw floor': atMost(2, 'first'),
      'verify MB/s': { value: 500, atMost: false, kind: 'first' },
      ...small('guide: the demo bar'),
      ...memory,
    };
  return {
    ...first,
    'backup / pg_dump -Fc -Z1': atMost(0.6, 'first'),
    'backup / pg_dump -Fd -j2 -Z1': atMost(0.25, 'raised'),
    'backup / raw floor': atMost(1.3, 'raised'),
    'restore / pg_restore -j2': atMost(0.6, 'raised'),
    'copy / pgcopydb clone': atMost(0.1, 'raised'),
    'verify MB/s': { value: 600, atMost: false, kind: 'raised' },
    ...memory,
  };
}

const met = (bar: Bar, value: number): boolean => (bar.atMost ? value <= bar.value : value >= bar.value);

/**
 * The server's directory dump (pg_dump -Fd -j2 -Z1) of each size, kept for
 * pg_restore into the embedded engine: pg_dump refuses a server of a newer
 * major, pg_restore does not, so restore is compared on the same engine.
 */
const serverDumps = new Map<string, string>();

/** Runs the steps in this order in even repetitions and in the opposite order in odd ones. */
async function alternating(rep: number, steps: Array<() => Promise<void>>): Promise<void> {
  for (const step of rep % 2 === 0 ? steps : [...steps].reverse()) await step();
}

/** A libpq URI of a database on this target, as pgcopydb wants its source and target. */
function uriOf(target: Target, database: string): string {
  const e = { ...env, ...target.pgEnv };
  if (e.PGHOST!.startsWith('/'))
    return `postgres://${encodeURIComponent(e.PGUSER!)}@/${database}?host=${encodeURIComponent(e.PGHOST!)}&port=${e.PGPORT}`;
  return `postgres://${encodeURIComponent(e.PGUSER!)}@${e.PGHOST}:${e.PGPORT}/${database}?sslmode=${e.PGSSLMODE ?? 'prefer'}`;
}

async function benchSize(target: Target, label: SizeLabel, number: number, serverResults?: Results) {
  const db = `${systemDatabase}_adm_${String(number).padStart(3, '0')}`;
  const kluisEnv = { KLUIS_HOME: home, KLUIS_SYSTEM_DATABASE: systemDatabase };
  const kluis = (...a: string[]) => timed(process.execPath, [bin, ...target.kluisArgs, ...a], kluisEnv);
  const pgTools = target.name === 'server';
  const on = target.pgEnv;
  const results: Results = {
    [tools.floor]: [],
    [tools.backup]: [],
    [tools.verify]: [],
    [tools.restore]: [],
    [tools.copy]: [],
    [tools.template]: [],
    // Tried on the embedded engine too; left empty where it cannot run there.
    [tools.pgcopydb]: [],
  };
  if (pgTools) Object.assign(results, { [tools.fc]: [], [tools.fcZ1]: [], [tools.fd]: [] });
  const restoreFrom = pgTools ? undefined : serverDumps.get(label);
  if (pgTools || restoreFrom) results[tools.pgRestore] = [];
  /** Why pgcopydb could not run on this engine, when it could not (then the server's figures stand in). */
  let pgcopydbFailed: string | undefined;
  // A database made for an anchor: the same encoding and locale as the source, so indexes are built under the same collation.
  const locale = sourceLocale(db, on);
  const freshDatabase = (name: string) => {
    psql(`drop database if exists ${name}`, on);
    psql(`create database ${name} template template0 encoding 'UTF8' locale '${locale}'`, on);
  };
  const repetitions = repsOf(label);
  for (let rep = 0; rep < repetitions; rep++) {
    process.stderr.write(`bench: ${target.name} ${label} repetition ${rep + 1}/${repetitions}\n`);
    const ebu = join(work, `${label}-${rep}.ebu`);
    const fc = join(work, `${label}-${rep}.dump`);
    const z1 = join(work, `${label}-${rep}-z1.dump`);
    const fd = join(work, `${label}-${rep}-fd`);
    // A checkpoint before each timed step: what the step before wrote is on
    // disk, so its background flushing does not land in this step's time.
    const settle = () => psql('checkpoint', on);
    settle();
    results[tools.floor]!.push(await rawFloor(target.engine, db));
    // kluis backup beside pg_dump -Fc -Z1 and -Fd -j2 -Z1 in both orders; the slow pg_dump -Fc at the ends.
    const pgDump = (tool: string, file: string, argv: string[]) => async () => {
      if (!pgTools) return;
      settle();
      const run = await timed('pg_dump', [...argv, '-f', file, '-d', db]);
      results[tool]!.push({ ...run, bytes: statSync(file).isDirectory() ? folderBytes(file) : statSync(file).size });
    };
    await alternating(rep, [
      pgDump(tools.fc, fc, ['-Fc']),
      pgDump(tools.fd, fd, ['-Fd', '-j2', '-Z1']),
      async () => {
        settle();
        const kb = await kluis('backup', 'create', String(number), '-o', ebu);
        results[tools.backup]!.push({ ...kb, bytes: statSync(ebu).size });
      },
      pgDump(tools.fcZ1, z1, ['-Fc', '-Z1']),
    ]);
    results[tools.verify]!.push({ ...(await kluis('backup', 'verify', ebu)), bytes: statSync(ebu).size });
    // The two restores back to back, in alternating order.
    const restoreTarget = 100 + rep;
    const dump = pgTools ? fd : restoreFrom;
    const pgRestoreDb = `${systemDatabase}_pg_restore`;
    await alternating(rep, [
      async () => {
        settle();
        results[tools.restore]!.push(await kluis('backup', 'restore', ebu, '--to', String(restoreTarget)));
        await kluis('admin', 'delete', String(restoreTarget), '--confirm', String(restoreTarget));
      },
      async () => {
        if (!dump) return;
        freshDatabase(pgRestoreDb);
        settle();
        results[tools.pgRestore]!.push(await timed('pg_restore', ['-j2', '-d', pgRestoreDb, dump], on));
        psql(`drop database ${pgRestoreDb}`, on);
      },
    ]);
    // kluis copy beside CREATE DATABASE … TEMPLATE and pgcopydb clone in both orders.
    const copyTarget = 200 + rep;
    const templateDb = `${systemDatabase}_template`;
    const pgcopydbDb = `${systemDatabase}_pgcopydb`;
    await alternating(rep, [
      async () => {
        if (pgcopydbFailed) return;
        freshDatabase(pgcopydbDb);
        const dir = join(work, `pgcopydb-${label}-${rep}`);
        rmSync(dir, { recursive: true, force: true });
        settle();
        try {
          const run = await timed(
            'pgcopydb',
            [
              'clone',
              ...['--source', uriOf(target, db), '--target', uriOf(target, pgcopydbDb), '--dir', dir],
              ...['--table-jobs', '2', '--index-jobs', '2'],
            ],
            on,
            { ownProcessGroup: true },
          );
          results[tools.pgcopydb]!.push(run);
        } catch (e) {
          if (pgTools) throw e;
          // pgcopydb runs pg_dump, which refuses a server of a newer major: the server's figure stands in.
          pgcopydbFailed = /server version: [^\n]*/.exec(String(e))?.[0] ?? String(e).split('\n')[0]!.slice(0, 200);
        }
        psql(`drop database ${pgcopydbDb}`, on);
        rmSync(dir, { recursive: true, force: true });
      },
      async () => {
        settle();
        results[tools.copy]!.push(await kluis('admin', 'copy', String(number), '--to', String(copyTarget)));
        await kluis('admin', 'delete', String(copyTarget), '--confirm', String(copyTarget));
      },
      async () => {
        psql(`drop database if exists ${templateDb}`, on);
        settle();
        results[tools.template]!.push(
          await timed(
            'psql',
            ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `create database ${templateDb} template ${quoteIdent(db)}`],
            on,
          ),
        );
        psql(`drop database ${templateDb}`, on);
      },
    ]);
    if (pgTools && rep === repetitions - 1) {
      const kept = join(work, `${label}-server-fd`);
      rmSync(kept, { recursive: true, force: true });
      renameSync(fd, kept);
      serverDumps.set(label, kept);
    }
    for (const f of [ebu, fc, z1, fd]) rmSync(f, { recursive: true, force: true });
  }
  // XAF 3.2: one export of a year and its import (no bar; throughput is reported).
  const xaf = join(work, `${label}.xaf`);
  const yearLines = Number(
    spawnSync(
      'psql',
      [
        '-tAc',
        `select count(*) from journal_lines l join journal_entries e on e.id = l.entry_id where e.fiscal_year = ${xafYear}`,
        '-d',
        db,
      ],
      { env: { ...env, ...target.pgEnv } },
    )
      .stdout.toString()
      .trim(),
  );
  process.stderr.write(`bench: ${target.name} ${label} XAF export and import of ${xafYear} (${yearLines} lines)\n`);
  psql('checkpoint', target.pgEnv);
  const exported = await kluis('xaf', 'export', String(number), '--year', String(xafYear), '-o', xaf);
  results['kluis xaf export'] = [{ ...exported, bytes: statSync(xaf).size }];
  psql('checkpoint', target.pgEnv);
  results['kluis xaf import'] = [
    {
      ...(await kluis('xaf', 'import', xaf, '--open', String(officeNumber), '--to', '300', '--users', 'bench')),
      bytes: statSync(xaf).size,
    },
  ];
  await kluis('admin', 'delete', '300', '--confirm', '300');
  rmSync(xaf, { force: true });
  // What this engine ran, and the server's figures of this run for what it could not run.
  const all: Results = { ...serverResults };
  for (const [tool, runs] of Object.entries(results)) if (runs.length) all[tool] = runs;
  // An anchor this engine could not run (pg_dump, pgcopydb against a newer major) is the server's figure of this run.
  const borrowed = Object.values(tools).filter((tool) => serverResults?.[tool]?.length && !results[tool]?.length);
  const m = (tool: string) => median((all[tool] ?? []).map((r) => r.seconds));
  const size = (tool: string) => median((all[tool] ?? []).map((r) => r.bytes ?? 0));
  const cpu = (tool: string) => median((all[tool] ?? []).map((r) => r.cpuSeconds ?? NaN));
  const max = (tool: string, key: 'peakRssMiB' | 'serverPeakRssMiB') =>
    Math.max(...(results[tool] ?? []).map((r) => r[key] ?? 0));
  const ratios: Record<string, number> = {
    'backup / pg_dump -Fc': m(tools.backup) / m(tools.fc),
    'backup / pg_dump -Fc -Z1': m(tools.backup) / m(tools.fcZ1),
    'backup / pg_dump -Fd -j2 -Z1': m(tools.backup) / m(tools.fd),
    'file / pg_dump -Fc file': size(tools.backup) / size(tools.fc),
    'file / pg_dump -Fd -j2 -Z1 files': size(tools.backup) / size(tools.fd),
    'restore / pg_restore -j2': m(tools.restore) / m(tools.pgRestore),
    'backup / raw floor': m(tools.backup) / m(tools.floor),
    'copy / CREATE DATABASE … TEMPLATE': m(tools.copy) / m(tools.template),
    'copy / pgcopydb clone': m(tools.copy) / m(tools.pgcopydb),
    'copy / (backup + restore)': m(tools.copy) / (m(tools.backup) + m(tools.restore)),
    'verify MB/s': size(tools.verify) / 1e6 / m(tools.verify),
    'kluis peak RSS MiB': Math.max(
      ...[tools.backup, tools.verify, tools.restore, tools.copy].map((t) => max(t, 'peakRssMiB')),
    ),
    // No bar: where the limit is. A restore that keeps every core busy is as fast as its CPU work allows.
    'restore CPU s / pg_restore -j2 CPU s': cpu(tools.restore) / cpu(tools.pgRestore),
    'restore cores busy': cpu(tools.restore) / m(tools.restore),
    'pg_restore -j2 cores busy': cpu(tools.pgRestore) / m(tools.pgRestore),
    'xaf export MB/s': size('kluis xaf export') / 1e6 / m('kluis xaf export'),
    'xaf export lines/s': yearLines / m('kluis xaf export'),
    'xaf import MB/s': size('kluis xaf import') / 1e6 / m('kluis xaf import'),
    'xaf import lines/s': yearLines / m('kluis xaf import'),
  };
  return {
    engine: target.name,
    size: label,
    reps: repetitions,
    borrowed,
    pgcopydbFailed,
    medians: Object.fromEntries(
      Object.keys(results)
        .filter((tool) => results[tool]!.length)
        .map((tool) => [
          tool,
          {
            seconds: m(tool),
            cpuSeconds: median(results[tool]!.map((r) => r.cpuSeconds ?? NaN)),
            bytes: size(tool) || undefined,
            peakRssMiB: max(tool, 'peakRssMiB') || undefined,
            serverPeakRssMiB: max(tool, 'serverPeakRssMiB') || undefined,
          },
        ]),
    ),
    ratios,
    bars: barsOf(label),
    runs: results,
  };
}

/**
 * backup all of 100 demo-size administrations with --jobs 2 against a shell
 * loop of pg_dump -Fc -Z1 over the same databases, alternating (bar ≤ 0.5).
 */
async function benchBackupAll(target: Target): Promise<string[]> {
  await target.engine.start();
  const allSystemDatabase = allSystemDatabaseOf(systemDatabase);
  const databases = await ensureAllData(target.engine, home, allSystemDatabase);
  if (target.name === 'server' && !listServers(home).some((s) => s.name === 'bench')) {
    const s = (target.engine as ServerEngine).settings;
    addServer(home, 'bench', `host=${s.host} port=${s.port} user=${s.user} dbname=postgres sslmode=${s.sslmode}`);
  }
  const kluisEnv = { KLUIS_HOME: home, KLUIS_SYSTEM_DATABASE: allSystemDatabase };
  const runs: Record<'kluis' | 'pgDump', Run[]> = { kluis: [], pgDump: [] };
  for (let rep = 0; rep < reps; rep++) {
    const dumps = emptyFolder(join(work, 'all-pg_dump'));
    runs.pgDump.push({ ...(await timed('sh', pgDumpLoopScript(databases, dumps))), bytes: folderBytes(dumps) });
    const out = emptyFolder(join(work, 'all-kluis'));
    const kluis = await timed(
      process.execPath,
      [bin, ...target.kluisArgs, 'backup', 'all', '--jobs', '2', '--to', out],
      kluisEnv,
    );
    runs.kluis.push({ ...kluis, bytes: folderBytes(out) });
  }
  const m = (tool: 'kluis' | 'pgDump', key: 'seconds' | 'bytes' | 'peakRssMiB') =>
    median(runs[tool].map((r) => r[key] ?? 0));
  const ratio = m('kluis', 'seconds') / m('pgDump', 'seconds');
  return [
    '',
    `backup all: ${allCount} administrations of the demo's size on ${target.name === 'server' ? `the server (${env.PGHOST}:${env.PGPORT})` : 'the embedded engine'}, medians of ${reps}:`,
    '| tool | median s | files | kluis peak RSS |',
    '|---|---|---|---|',
    `| kluis backup all --jobs 2 | ${m('kluis', 'seconds').toFixed(2)} | ${mib(m('kluis', 'bytes'))} | ${m('kluis', 'peakRssMiB')} MiB |`,
    `| shell loop of pg_dump -Fc -Z1 | ${m('pgDump', 'seconds').toFixed(2)} | ${mib(m('pgDump', 'bytes'))} | |`,
    '',
    '| ratio | value | bar | met |',
    '|---|---|---|---|',
    `| backup all / pg_dump loop | ${ratio.toFixed(3)} | ≤ 0.5 | ${ratio <= 0.5 ? 'yes' : 'no'} |`,
  ];
}

/** Wall and machine CPU seconds of work done in this process (the store's own throughput, with the SDK alone). */
async function timedHere(work: () => Promise<unknown>): Promise<Run> {
  const busy = machineBusySeconds();
  const started = process.hrtime.bigint();
  await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: machineBusySeconds() - busy };
}

const s3Tools = {
  fileBackup: 'kluis backup → local file',
  storeBackup: 'kluis backup → object store',
  fileRestore: 'kluis restore ← local file',
  storeRestore: 'kluis restore ← object store',
  upload: 'store upload of that file (SDK alone)',
  download: 'store download of it (SDK alone)',
} as const;

/**
 * Backup into the object store against backup into a local file, and
 * restore out of it against restore from the local file (bars ≤ 1.3), on
 * the server, each pair alternating; beside them the store's own upload
 * and download of the same file with the same part size, which is as fast
 * as kluis can go through it.
 */
async function benchObjectStore(target: Target, sizes: Record<string, number>) {
  const why = objectStoreUnavailable();
  if (why) return { lines: ['', `object storage: skipped — ${why}`], report: [] };
  const store = await startObjectStore();
  const lines: string[] = [];
  const report: Array<{ size: string; medians: Record<string, Run>; ratios: Record<string, number> }> = [];
  try {
    const bucket = await store.bucket('bench');
    const kluisEnv = { KLUIS_HOME: home, KLUIS_SYSTEM_DATABASE: systemDatabase, ...store.env };
    const kluis = (...a: string[]) => timed(process.execPath, [bin, ...target.kluisArgs, ...a], kluisEnv);
    const settle = () => psql('checkpoint', target.pgEnv);
    const partBytes = kluisPartBytes(process.env);
    for (const [label, number] of Object.entries(sizes)) {
      const runs: Record<keyof typeof s3Tools, Run[]> = {
        fileBackup: [],
        storeBackup: [],
        fileRestore: [],
        storeRestore: [],
        upload: [],
        download: [],
      };
      for (let rep = 0; rep < reps; rep++) {
        process.stderr.write(`bench: object storage ${label} repetition ${rep + 1}/${reps}\n`);
        const file = join(work, `${label}-s3-${rep}.ebu`);
        const name = `${label}-${rep}.ebu`;
        const object = `s3://${bucket}/bench/${name}`;
        const toFile = async () => {
          settle();
          runs.fileBackup.push({
            ...(await kluis('backup', 'create', String(number), '-o', file)),
            bytes: statSync(file).size,
          });
        };
        const toStore = async () => {
          settle();
          const run = await kluis('backup', 'create', String(number), '-o', object);
          runs.storeBackup.push({
            ...run,
            bytes: (await store.client.send(headOf(bucket, `bench/${name}`))).ContentLength,
          });
        };
        for (const step of rep % 2 === 0 ? [toFile, toStore] : [toStore, toFile]) await step();
        const restore = (from: string, into: number, into_: Run[]) => async () => {
          settle();
          into_.push(await kluis('backup', 'restore', from, '--to', String(into)));
          await kluis('admin', 'delete', String(into), '--confirm', String(into));
        };
        const fromFile = restore(file, 400 + rep, runs.fileRestore);
        const fromStore = restore(object, 500 + rep, runs.storeRestore);
        for (const step of rep % 2 === 0 ? [fromFile, fromStore] : [fromStore, fromFile]) await step();
        const bytes = statSync(file).size;
        const rawKey = `raw/${name}`;
        runs.upload.push({
          ...(await timedHere(() => uploadFile(store.client, bucket, rawKey, file, partBytes))),
          bytes,
        });
        runs.download.push({ ...(await timedHere(() => downloadObject(store.client, bucket, rawKey))), bytes });
        rmSync(file, { force: true });
      }
      const medians = Object.fromEntries(
        Object.entries(runs).map(([tool, r]) => [
          tool,
          {
            seconds: median(r.map((x) => x.seconds)),
            cpuSeconds: median(r.map((x) => x.cpuSeconds ?? NaN)),
            bytes: median(r.map((x) => x.bytes ?? 0)),
            peakRssMiB: Math.max(0, ...r.map((x) => x.peakRssMiB ?? 0)),
          },
        ]),
      ) as Record<keyof typeof s3Tools, Run>;
      const s = (tool: keyof typeof s3Tools) => medians[tool].seconds;
      const ratios = {
        'backup → store / backup → file': s('storeBackup') / s('fileBackup'),
        'restore ← store / restore ← file': s('storeRestore') / s('fileRestore'),
        'store upload MB/s (SDK alone)': medians.upload.bytes! / 1e6 / s('upload'),
        'store download MB/s (SDK alone)': medians.download.bytes! / 1e6 / s('download'),
        'backup → store MB/s': medians.storeBackup.bytes! / 1e6 / s('storeBackup'),
      };
      report.push({ size: label, medians, ratios });
      lines.push(
        '',
        `${label} through object storage (OpenStack Swift with s3api on loopback, parts of ${partBytes / 1024 / 1024} MiB) from the server (${env.PGHOST}:${env.PGPORT}), medians of ${reps}:`,
        '| tool | median s | machine CPU s (cores busy) | file | kluis peak RSS |',
        '|---|---|---|---|---|',
        ...Object.entries(s3Tools).map(([tool, shown]) => {
          const v = medians[tool as keyof typeof s3Tools];
          const cpu = v.cpuSeconds ?? NaN;
          return `| ${shown} | ${v.seconds.toFixed(2)} | ${Number.isFinite(cpu) ? `${cpu.toFixed(1)} (${(cpu / v.seconds).toFixed(2)})` : ''} | ${mib(v.bytes)} | ${v.peakRssMiB ? `${v.peakRssMiB} MiB` : ''} |`;
        }),
        '',
        '| ratio | value | bar | met |',
        '|---|---|---|---|',
        ...Object.entries(ratios).map(([ratio, value]) => {
          const bar = ratio.includes(' / ') ? 1.3 : undefined;
          return `| ${ratio} | ${value.toFixed(3)} | ${bar ? `≤ ${bar}` : ''} | ${bar ? (value <= bar ? 'yes' : 'no') : ''} |`;
        }),
      );
    }
  } finally {
    await store.stop();
  }
  return { lines, report };
}

/** What the change-package line needs of this bench: kluis, psql, a checkpoint, on `target`. */
function changesBenchDeps(target: Target, l: number): ChangesBenchDeps {
  const kluisEnv = { KLUIS_HOME: home, KLUIS_SYSTEM_DATABASE: systemDatabase };
  const on = { ...env, ...target.pgEnv };
  return {
    kluis: (...a: string[]) => timed(process.execPath, [bin, ...target.kluisArgs, ...a], kluisEnv),
    sql: (database, statements) => {
      const r = spawnSync('psql', ['-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-d', database, '-f', '-'], {
        env: on,
        input: statements.map((x) => `${x};`).join('\n'),
      });
      if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
    },
    value: (database, query) => {
      const r = spawnSync('psql', ['-X', '-tA', '-d', database, '-c', query], { env: on });
      if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
      return r.stdout.toString().trim();
    },
    settle: () => psql('checkpoint', target.pgEnv),
    databaseOf: (n) => `${systemDatabase}_adm_${String(n).padStart(3, '0')}`,
    work,
    reps,
    l,
    office: officeNumber,
    officeUser: 'bench',
  };
}

function headOf(bucket: string, key: string) {
  return new HeadObjectCommand({ Bucket: bucket, Key: key });
}

function mib(n: number | undefined): string {
  return n ? `${(n / 1024 / 1024).toFixed(0)} MiB` : '';
}

async function main(): Promise<void> {
  const version = spawnSync('pg_dump', ['--version'], { env }).stdout?.toString().trim() ?? '?';
  const pgcopydbVersion = /pgcopydb version \S+/.exec(
    spawnSync('pgcopydb', ['--version'], { env }).stdout?.toString() ?? '',
  )?.[0];
  const report: Array<Awaited<ReturnType<typeof benchSize>>> = [];
  const serverRuns = new Map<string, Results>();
  for (const target of sections.sizes ? targets() : []) {
    const sizes = await ensureData(target);
    serverUid = await findServerUid(target.engine);
    for (const [label, number] of Object.entries(sizes) as Array<[SizeLabel, number]>) {
      const r = await benchSize(target, label, number, serverRuns.get(label));
      if (target.name === 'server') serverRuns.set(label, r.runs);
      report.push(r);
    }
  }
  const lines: string[] = [
    `kluis bench — ${new Date().toISOString()} — ${version}, ${pgcopydbVersion ?? 'no pgcopydb'}, server ${env.PGHOST}:${env.PGPORT}, ${sections.sizes ? `medians of ${reps} (L) and ${smallReps} (demo, S)` : `medians of ${reps}`}`,
  ];
  const where = (engine: string) =>
    engine === 'server' ? `the server (${env.PGHOST}:${env.PGPORT})` : 'the embedded engine';
  for (const r of report) {
    lines.push('', `${r.size} on ${where(r.engine)}, medians of ${r.reps}:`);
    if (r.engine !== 'server')
      lines.push(
        `(pg_restore -j2 restores the server's directory dump into the embedded engine. ${r.borrowed.length ? `Ratios to ${r.borrowed.join(', ')} use the server's figures of this run: pg_dump refuses a server of a newer major${r.pgcopydbFailed ? ` and pgcopydb runs pg_dump (${r.pgcopydbFailed})` : ''}.` : ''})`,
      );
    lines.push(
      '| tool | median s | machine CPU s (cores busy) | file | kluis peak RSS | largest server process |',
      '|---|---|---|---|---|---|',
    );
    for (const [tool, v] of Object.entries(r.medians))
      lines.push(
        `| ${tool} | ${v.seconds.toFixed(2)} | ${Number.isFinite(v.cpuSeconds) ? `${v.cpuSeconds.toFixed(1)} (${(v.cpuSeconds / v.seconds).toFixed(2)})` : ''} | ${mib(v.bytes)} | ${v.peakRssMiB ? `${v.peakRssMiB} MiB` : ''} | ${v.serverPeakRssMiB ? `${v.serverPeakRssMiB} MiB` : ''} |`,
      );
    lines.push('', '| ratio | value | bar | met |', '|---|---|---|---|');
    for (const [name, value] of Object.entries(r.ratios)) {
      const bar = r.bars[name];
      if (!bar) lines.push(`| ${name} | ${shown(value)} | | |`);
      else
        lines.push(
          `| ${name} | ${shown(value)} | ${barValue(bar)} (${bar.kind}) | ${met(bar, value) ? 'yes' : 'no'} |`,
        );
    }
  }
  lines.push(...raisedBarLines(report));
  // The loop uses pg_dump, which must match the server's major: on the server only.
  const server = targets().find((t) => t.name === 'server');
  if (server && sections.all) lines.push(...(await benchBackupAll(server)));
  // Object storage on the server (or the embedded engine when only that one is asked for).
  const storeTarget = server ?? targets()[0];
  const objectStore =
    storeTarget && sections.s3 ? await benchObjectStore(storeTarget, await ensureData(storeTarget)) : undefined;
  lines.push(...(objectStore?.lines ?? []));
  // The change package of a year of corrections to L (needs L: not with --sizes S or --quick).
  const changesTarget = server ?? targets()[0];
  let changes: ChangesBenchResult | undefined;
  if (changesTarget && sections.changes && sizeLabels.includes('L')) {
    const sizes = await ensureData(changesTarget);
    changes = await benchChanges(
      changesBenchDeps(changesTarget, sizes.L!),
      changesTarget.name === 'server' ? `the server (${env.PGHOST}:${env.PGPORT})` : 'the embedded engine',
    );
    lines.push(...changes.lines);
  }
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  const outDir = join(repo, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ pgDump: version, pgcopydb: pgcopydbVersion, reps, smallReps, quick, engines, sizes: sizeLabels, report, objectStore: objectStore?.report, changes: changes?.report }, null, 2)}\n`,
  );
  process.stderr.write(`bench: results in ${file}\n`);
  rmSync(work, { recursive: true, force: true });
}

/**
 * The raised bar of PERFORMANCE.md as yes/no per size and engine (S marked:
 * it is held to the demo size's bars as a guide), and the peak memory of
 * kluis per size side by side: the bar is ≤ 300 MiB and flat as data grows.
 */
function raisedBarLines(report: ReadonlyArray<Awaited<ReturnType<typeof benchSize>>>): string[] {
  if (!report.length) return [];
  const engineNames = [...new Set(report.map((r) => r.engine))];
  const lines = [
    '',
    'The raised bar (shared/PERFORMANCE.md), per size and engine (value, then met):',
    `| size | bar | ${engineNames.join(' | ')} |`,
    `|---|---|${engineNames.map(() => '---|').join('')}`,
  ];
  for (const label of sizeLabels) {
    const bars = Object.entries(barsOf(label)).filter(([, bar]) => bar.kind !== 'first');
    for (const [name, bar] of bars) {
      const cells = engineNames.map((engine) => {
        const r = report.find((x) => x.engine === engine && x.size === label);
        const value = r?.ratios[name];
        if (value === undefined || !Number.isFinite(value)) return 'n/a';
        return `${shown(value)} ${met(bar, value) ? 'yes' : 'no'}`;
      });
      const size = bar.kind === 'raised' ? label : `${label} (guide: the demo bar)`;
      lines.push(`| ${size} | ${name} ${barValue(bar)} | ${cells.join(' | ')} |`);
    }
  }
  const labels = sizeLabels.filter((label) => report.some((r) => r.size === label));
  lines.push(
    '',
    'kluis peak RSS per size (bar ≤ 300 MiB, flat as data grows):',
    `| engine | ${labels.join(' | ')} | largest − smallest size |`,
    `|---|${labels.map(() => '---|').join('')}---|`,
  );
  for (const engine of engineNames) {
    const peaks = labels.map(
      (label) => report.find((r) => r.engine === engine && r.size === label)?.ratios['kluis peak RSS MiB'],
    );
    const cells = peaks.map((p) => (p === undefined ? 'n/a' : `${p} MiB ${p <= 300 ? 'yes' : 'no'}`));
    const growth = peaks.length > 1 && peaks.every((p) => p !== undefined) ? peaks.at(-1)! - peaks[0]! : undefined;
    lines.push(
      `| ${engine} | ${cells.join(' | ')} | ${growth === undefined ? '' : `${growth >= 0 ? '+' : ''}${growth} MiB`} |`,
    );
  }
  return lines;
}

/** A bar's value as PERFORMANCE.md writes it: 1.0, 0.25, 300. */
function barValue(bar: Bar): string {
  return `${bar.atMost ? '≤' : '≥'} ${bar.value < 10 && Number.isInteger(bar.value) ? bar.value.toFixed(1) : bar.value}`;
}

function shown(value: number): string {
  return Number.isFinite(value) ? (value < 10 ? value.toFixed(3) : value.toFixed(0)) : 'n/a';
}

await main();
