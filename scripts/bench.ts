/**
 * npm run bench [-- --quick] [-- --reps N]
 *
 * Times kluis backup and restore against pg_dump -Fc, pg_dump -Fc -Z1 and
 * pg_restore -j2 on the same server and the same data, alternating the
 * tools, and prints medians, ratios, file sizes and the peak memory of the
 * kluis process. The S and L administrations (shared/PERFORMANCE.md) are
 * generated once and kept in the system database "kluis_bench".
 *
 * The server is the one named by the PG* variables (default 127.0.0.1:5432,
 * user postgres); pg_dump/pg_restore come from PATH and must match its major.
 * Results go to bench-results/bench-<time>.json. Absolute seconds depend on
 * the machine; the ratios are what the bar in PERFORMANCE.md is about.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addServer, createContext, generateAdministration, generatorSizes, issueDemoLicence, listServers, SystemDb } from '../src/core/index.js';
import { ServerEngine } from '../src/engines/index.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const reps = Number(args[args.indexOf('--reps') + 1]) > 0 && args.includes('--reps') ? Number(args[args.indexOf('--reps') + 1]) : 3;
const env = { PGHOST: '127.0.0.1', PGPORT: '5432', PGUSER: 'postgres', PGSSLMODE: 'disable', ...process.env, PGDATABASE: 'postgres' };
const systemDatabase = 'kluis_bench';
const repo = new URL('../..', import.meta.url).pathname;
const bin = join(repo, 'bin', 'kluis.js');
const home = join(tmpdir(), 'kluis-bench-home');
const work = mkdtempSync(join(tmpdir(), 'kluis-bench-'));

interface Run {
  seconds: number;
  peakRssMiB?: number;
  bytes?: number;
}

/** Runs a command, returning wall time and (for kluis) the peak RSS polled from /proc. */
function timed(cmd: string, argv: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peak = 0;
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak = Math.max(peak, kb);
      } catch {
        // exited
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} ${argv.join(' ')} failed (${code}): ${stderr}`));
      else resolve({ seconds, ...(peak ? { peakRssMiB: Math.round(peak / 1024) } : {}) });
    });
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function psql(sql: string): void {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { env });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
}

function sourceLocale(db: string): string {
  const r = spawnSync('psql', ['-X', '-At', '-c', `select datcollate from pg_database where datname = '${db}'`], { env });
  return r.stdout.toString().trim() || 'C';
}

async function ensureData(): Promise<Record<string, number>> {
  const engine = new ServerEngine({ name: 'bench', settings: {}, env });
  const ctx = createContext({ home, engine, systemDatabase });
  const sizes: Record<string, number> = { S: 1, ...(quick ? {} : { L: 2 }) };
  const sys = await SystemDb.open(engine, systemDatabase);
  try {
    for (const [label, number] of Object.entries(sizes)) {
      if (await sys.byNumber(number)) continue;
      process.stderr.write(`bench: generating ${label} (once; kept in ${systemDatabase})…\n`);
      await generateAdministration(ctx, {
        name: `Bench ${label}`,
        number,
        size: label === 'S' ? generatorSizes.s : generatorSizes.l,
        seed: `bench-${label}`,
        licence: issueDemoLicence({ holder: 'Bench B.V.', registeredUser: 'bench' }),
        users: [{ userName: 'bench', fullName: 'Bench', role: 'administrator', password: 'bench-wachtwoord' }],
      });
    }
  } finally {
    await sys.close();
  }
  mkdirSync(home, { recursive: true });
  if (!listServers(home).some((s) => s.name === 'bench')) {
    const s = engine.settings;
    addServer(home, 'bench', `host=${s.host} port=${s.port} user=${s.user} dbname=postgres sslmode=${s.sslmode}`);
  }
  return sizes;
}

async function benchSize(label: string, number: number) {
  const db = `${systemDatabase}_adm_${String(number).padStart(3, '0')}`;
  const kluisEnv = { KLUIS_HOME: home, KLUIS_SYSTEM_DATABASE: systemDatabase };
  const results: Record<string, Run[]> = { 'kluis backup': [], 'pg_dump -Fc': [], 'pg_dump -Fc -Z1': [], 'kluis restore': [], 'pg_restore -j2': [], 'kluis copy': [] };
  for (let rep = 0; rep < reps; rep++) {
    process.stderr.write(`bench: ${label} repetition ${rep + 1}/${reps}\n`);
    const ebu = join(work, `${label}-${rep}.ebu`);
    const fc = join(work, `${label}-${rep}.dump`);
    const z1 = join(work, `${label}-${rep}-z1.dump`);
    const kb = await timed(process.execPath, [bin, '--server', 'bench', 'backup', 'create', String(number), '-o', ebu], kluisEnv);
    results['kluis backup']!.push({ ...kb, bytes: statSync(ebu).size });
    const pd = await timed('pg_dump', ['-Fc', '-f', fc, '-d', db]);
    results['pg_dump -Fc']!.push({ ...pd, bytes: statSync(fc).size });
    const pz = await timed('pg_dump', ['-Fc', '-Z1', '-f', z1, '-d', db]);
    results['pg_dump -Fc -Z1']!.push({ ...pz, bytes: statSync(z1).size });
    const target = 100 + rep;
    const kr = await timed(process.execPath, [bin, '--server', 'bench', 'backup', 'restore', ebu, '--to', String(target)], kluisEnv);
    results['kluis restore']!.push(kr);
    await timed(process.execPath, [bin, '--server', 'bench', 'admin', 'delete', String(target), '--confirm', String(target)], kluisEnv);
    const copyTarget = 200 + rep;
    results['kluis copy']!.push(await timed(process.execPath, [bin, '--server', 'bench', 'admin', 'copy', String(number), '--to', String(copyTarget)], kluisEnv));
    await timed(process.execPath, [bin, '--server', 'bench', 'admin', 'delete', String(copyTarget), '--confirm', String(copyTarget)], kluisEnv);
    psql('drop database if exists kluis_bench_pg_restore');
    // The same encoding and locale as the source, so pg_restore builds its indexes under the same collation.
    psql(`create database kluis_bench_pg_restore template template0 encoding 'UTF8' locale '${sourceLocale(db)}'`);
    results['pg_restore -j2']!.push(await timed('pg_restore', ['-j2', '-d', 'kluis_bench_pg_restore', fc]));
    psql('drop database kluis_bench_pg_restore');
    for (const f of [ebu, fc, z1]) rmSync(f, { force: true });
  }
  const m = (tool: string) => median(results[tool]!.map((r) => r.seconds));
  const size = (tool: string) => median(results[tool]!.map((r) => r.bytes ?? 0));
  const rss = (tool: string) => Math.max(...results[tool]!.map((r) => r.peakRssMiB ?? 0));
  const ratios = {
    'backup / pg_dump -Fc': m('kluis backup') / m('pg_dump -Fc'),
    'backup / pg_dump -Fc -Z1': m('kluis backup') / m('pg_dump -Fc -Z1'),
    'file / pg_dump -Fc file': size('kluis backup') / size('pg_dump -Fc'),
    'restore / pg_restore -j2': m('kluis restore') / m('pg_restore -j2'),
    'copy / (backup + restore)': m('kluis copy') / (m('kluis backup') + m('kluis restore')),
  };
  const bars: Record<string, number> = { 'backup / pg_dump -Fc': 0.2, 'backup / pg_dump -Fc -Z1': 0.6, 'file / pg_dump -Fc file': 0.95, 'restore / pg_restore -j2': 0.8, 'copy / (backup + restore)': 0.5 };
  return {
    size: label,
    medians: Object.fromEntries(Object.keys(results).map((tool) => [tool, { seconds: m(tool), bytes: size(tool) || undefined, peakRssMiB: rss(tool) || undefined }])),
    ratios,
    bars,
    runs: results,
  };
}

function mib(n: number | undefined): string {
  return n ? `${(n / 1024 / 1024).toFixed(0)} MiB` : '';
}

async function main(): Promise<void> {
  const version = spawnSync('pg_dump', ['--version'], { env }).stdout?.toString().trim() ?? '?';
  const sizes = await ensureData();
  const report = [];
  for (const [label, number] of Object.entries(sizes)) report.push(await benchSize(label, number));
  const lines: string[] = [`kluis bench — ${new Date().toISOString()} — ${version}, server ${env.PGHOST}:${env.PGPORT}, medians of ${reps}`];
  for (const r of report) {
    lines.push('', `${r.size}:`, '| tool | median s | file | peak RSS |', '|---|---|---|---|');
    for (const [tool, v] of Object.entries(r.medians)) lines.push(`| ${tool} | ${v.seconds.toFixed(2)} | ${mib(v.bytes)} | ${v.peakRssMiB ? `${v.peakRssMiB} MiB` : ''} |`);
    lines.push('', '| ratio | value | bar | met |', '|---|---|---|---|');
    for (const [name, value] of Object.entries(r.ratios)) lines.push(`| ${name} | ${value.toFixed(3)} | ≤ ${r.bars[name]} | ${value <= r.bars[name]! ? 'yes' : 'no'} |`);
  }
  const text = lines.join('\n');
  process.stdout.write(text + '\n');
  const outDir = join(repo, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ pgDump: version, reps, quick, report }, null, 2) + '\n');
  process.stderr.write(`bench: results in ${file}\n`);
  rmSync(work, { recursive: true, force: true });
}

await main();
