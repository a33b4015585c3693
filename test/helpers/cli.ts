/**
 * Runs the real kluis command and collects what it printed: the way the CLI
 * suites talk to kluis as a user would.
 */
import { spawn } from 'node:child_process';

export const kluisBin = new URL('../../../bin/kluis.js', import.meta.url).pathname;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Given on standard input (then closed). */
  readonly stdin?: string;
  /** Called every 20 ms while the command runs (to look at the machine meanwhile). */
  readonly whileRunning?: () => void;
  /** The working folder of the kluis process (default this one's). */
  readonly cwd?: string;
}

/** `kluis <args>` in English under the given environment (LANG=C, no KLUIS_LANG). */
export function runKluis(
  args: readonly string[],
  env: Record<string, string> = {},
  options: CliOptions = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [kluisBin, ...args], {
      env: { ...process.env, LANG: 'C', KLUIS_LANG: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(options.stdin ?? '');
    // Every 20 ms: a look at every process costs the machine a few milliseconds, and more often would take the
    // cores from the kluis being watched.
    const ticker = options.whileRunning ? setInterval(options.whileRunning, 20) : undefined;
    child.on('exit', (code) => {
      clearInterval(ticker);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
