/**
 * A real pseudo-terminal for tests, with nothing to build: util-linux's
 * `script -qfec <command> /dev/null` runs the command on a new pty and copies
 * our keystrokes to it and the screen back (with the pty's own echo on, the
 * kernel echoes in cooked mode and the program echoes in raw mode, exactly as
 * on a person's terminal). What is printed is everything the person would see,
 * standard output and standard error together.
 *
 * `ptyUnavailable()` says why there is no pty (then the tests skip and say so).
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kluisBin } from './cli.js';

/** Undefined when `script` can run a command on a pty here; otherwise the reason. */
export function ptyUnavailable(): string | undefined {
  const probe = spawnSync('script', ['-qfec', 'test -t 0 && test -t 2', '/dev/null'], {
    input: '',
    timeout: 10_000,
    env: { ...process.env, SHELL: '/bin/sh' },
  });
  if (probe.error) return 'util-linux "script" is not installed (it gives the tests a pseudo-terminal)';
  if (probe.status !== 0) return `"script" does not give the command a terminal here (exit ${probe.status})`;
  return undefined;
}

/** Ctrl-C, Ctrl-D, Enter and Backspace as a terminal sends them. */
export const keys = { ctrlC: '\u0003', ctrlD: '\u0004', enter: '\r', backspace: '\u007f' } as const;

const listenerProbe = new URL('./pty-listener-probe.js', import.meta.url).pathname;

/** Sessions not yet ended: a failed test must not leave a kluis waiting on a terminal. */
const running = new Set<PtySession>();

/** Ends every session still running (call in `after`). */
export function killPtySessions(): void {
  for (const s of running) s.kill();
}

export interface PtyRun {
  /** The exit code of the command. */
  readonly code: number;
  /** Everything shown on the terminal. */
  readonly screen: string;
  /** The most listeners each stream event had at any moment (e.g. "stdin keypress"), measured inside kluis. */
  readonly maxListeners: Readonly<Record<string, number>>;
}

/** `kluis <args>` on a pseudo-terminal: type with `type`, wait for text with `expect`, then `exit()`. */
export class PtySession {
  #screen = '';
  /** Where the next `expect` starts looking: just after the previous match. */
  #from = 0;
  #waiters = new Set<() => void>();
  readonly #exit: Promise<{ code: number; maxListeners: Record<string, number> }>;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #probeDir = mkdtempSync(join(tmpdir(), 'kluis-pty-'));

  constructor(args: readonly string[], env: Record<string, string>) {
    const command = [process.execPath, '--import', listenerProbe, kluisBin, ...args].map(shellQuote).join(' ');
    this.#child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: {
        ...process.env,
        LANG: 'C',
        KLUIS_LANG: '',
        TERM: 'xterm',
        SHELL: '/bin/sh',
        ...env,
        KLUIS_TEST_LISTENER_FILE: join(this.#probeDir, 'listeners.json'),
      },
    });
    this.#child.stdout.setEncoding('utf8').on('data', (text: string) => {
      this.#screen += text;
      for (const w of this.#waiters) w();
    });
    this.#child.stderr.setEncoding('utf8').on('data', (text: string) => (this.#screen += `[script: ${text}]`));
    this.#exit = new Promise((resolve) =>
      // 'close', not 'exit': everything the terminal showed has been read by then.
      this.#child.on('close', (code, signal) => {
        running.delete(this);
        this.#child.stdin.destroy();
        resolve({ code: code ?? (signal ? 128 : -1), maxListeners: this.#takeListenerCounts() });
      }),
    );
    running.add(this);
  }

  /** What the probe inside kluis wrote (nothing when kluis was killed), and its folder removed. */
  #takeListenerCounts(): Record<string, number> {
    try {
      return JSON.parse(readFileSync(join(this.#probeDir, 'listeners.json'), 'utf8')) as Record<string, number>;
    } catch {
      return {}; // the caller's assertions on the exit code say why
    } finally {
      rmSync(this.#probeDir, { recursive: true, force: true });
    }
  }

  /** Ends the session: the terminal hangs up, as when its window is closed. */
  kill(): void {
    this.#child.kill('SIGKILL');
  }

  get screen(): string {
    return this.#screen;
  }

  /** Waits until `pattern` shows after the previous match (60 s at most: a loaded machine is slow, a hang is not). */
  expect(pattern: RegExp, what = String(pattern)): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(this.#screen.slice(this.#from));
        if (!m) return;
        this.#from += m.index + m[0].length;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        this.kill();
        reject(
          new Error(
            `waited 60 s for ${what}; the screen after the previous match:\n${JSON.stringify(this.#screen.slice(this.#from))}`,
          ),
        );
      }, 60_000);
      this.#waiters.add(check);
      check();
    });
  }

  /** Types `text` (keys included) as one burst, like a paste. */
  type(text: string): void {
    this.#child.stdin.write(text);
  }

  /** Waits for the command to end (30 s at most, then kills it). */
  async exit(): Promise<PtyRun> {
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 30_000);
    const { code, maxListeners } = await this.#exit;
    clearTimeout(timer);
    return { code, screen: this.#screen, maxListeners };
  }
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The line the wizard ends with after Ctrl-C or Cancel, in each language. */
export const wizardCancelled = {
  en: 'kluis: Cancelled; nothing was changed.',
  nl: 'kluis: Afgebroken; er is niets gewijzigd.',
} as const;

/** The questions every terminal wizard run starts with (sign in, then the action), as they appear on screen. */
export const signInPrompts = {
  en: {
    open: /Administration to open:[\s\S]*?Choice \[1\]: /,
    user: /User name: /,
    password: /Password: /,
    action: /Choose an action:[\s\S]*?Choice \[1\]: /,
  },
  nl: {
    open: /Administratie om te openen:[\s\S]*?Keuze \[1\]: /,
    user: /Gebruikersnaam: /,
    password: /Wachtwoord: /,
    action: /Kies een actie:[\s\S]*?Keuze \[1\]: /,
  },
} as const;
