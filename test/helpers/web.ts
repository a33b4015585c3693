/**
 * The web wizard as a user gets it: a real `kluis start` process, and Debian's
 * Chromium driven by playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;

export interface RunningWizard {
  readonly url: string;
  readonly origin: string;
  readonly child: ChildProcess;
  port(): number;
  /** Ends the process with SIGTERM and returns its exit code. */
  stop(): Promise<number | null>;
}

export async function startWizard(args: string[], env: Record<string, string>): Promise<RunningWizard> {
  const child = spawn(process.execPath, [bin, ...args, 'start', '--port', '0', '--lang', 'en'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/\S+\/\?token=\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`kluis start ended (${code}): ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    url,
    origin: new URL(url).origin,
    child,
    port: () => Number(new URL(url).port),
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export const chromiumPath = process.env['KLUIS_CHROMIUM'] ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(chromiumPath);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Screenshots of every step, kept as test artifacts (test-artifacts/screenshots). */
export const screenshotDir = join(new URL('../../../', import.meta.url).pathname, 'test-artifacts', 'screenshots');

export function screenshotter(page: Page, prefix: string): (name: string) => Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  let n = 0;
  return async (name) => {
    n++;
    await page.screenshot({ path: join(screenshotDir, `${prefix}-${String(n).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
}
