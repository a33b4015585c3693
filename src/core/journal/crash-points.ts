/**
 * Test hooks for the crash and concurrency tests; they do nothing unless
 * KLUIS_CRASH_AT or KLUIS_PAUSE_AT is set. KLUIS_CRASH_AT="<kind>:<point>[@<who>]" makes an operation of that
 * kind die when it reaches that point (a phase its journal just recorded, or
 * a step of the swap), as a power cut or a server crash would:
 *
 * - `@kluis` (the default): this process is killed with SIGKILL;
 * - `@server`: the database server dies and kluis carries on, to meet the
 *   failure at its next statement. The embedded postmaster is killed with
 *   SIGKILL; on a server kluis does not run, every session of this process
 *   is terminated (what a crash or a cut connection looks like from here);
 * - `@both`: the server dies, then this process (a power cut).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../engines/index.js';
import { writeFileAtomic } from '../../storage/atomic-write.js';
import { isAlive, sessionTag } from '../../storage/process-info.js';

type Victim = 'kluis' | 'server' | 'both';

function armed(kind: string, point: string): Victim | undefined {
  const at = process.env['KLUIS_CRASH_AT'];
  if (!at) return undefined;
  const [where, who = 'kluis'] = at.split('@');
  if (where !== `${kind}:${point}`) return undefined;
  return who === 'server' || who === 'both' ? who : 'kluis';
}

export async function crashPoint(engine: Engine | undefined, kind: string, point: string): Promise<void> {
  const victim = armed(kind, point);
  if (!victim) return;
  if (victim !== 'kluis' && engine) await killServer(engine);
  if (victim !== 'server') process.kill(process.pid, 'SIGKILL');
}

/** The server "dies": see the module comment. Returns once it is gone. */
export async function killServer(engine: Engine): Promise<void> {
  if (engine.kind === 'embedded') {
    const { pid } = await engine.status();
    if (pid === undefined) return;
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 5));
    return;
  }
  await engine.endSessions(sessionTag());
}

/**
 * Test hook for concurrency tests: KLUIS_PAUSE_AT="<kind>:<phase>" holds
 * this process right after that phase was recorded, with its locks taken,
 * until a file "release" appears in the folder KLUIS_PAUSE_DIR. It writes
 * "paused" (its pid) there first, so a test knows when to start a second
 * operation: no timing is guessed. Has no effect otherwise.
 */
export async function pausePoint(kind: string, phase: string): Promise<void> {
  const at = process.env['KLUIS_PAUSE_AT'];
  const dir = process.env['KLUIS_PAUSE_DIR'];
  if (!at || !dir || at !== `${kind}:${phase}`) return;
  writeFileAtomic(join(dir, 'paused'), String(process.pid), { durable: false }); // never seen empty by the test
  while (!existsSync(join(dir, 'release'))) await new Promise((resolve) => setTimeout(resolve, 20));
}
