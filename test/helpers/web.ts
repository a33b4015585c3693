/**
 * The web wizard as a user gets it: a real `kluis start` process, and Debian's
 * Chromium driven by playwright-core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

import { createBackup } from '../../src/core/index.js';
import { type CliInstallation, type DemoInstallation, demoInstallation, type EngineName } from './engines.js';

const bin = new URL('../../../bin/kluis.js', import.meta.url).pathname;

export interface RunningWizard {
  readonly url: string;
  readonly origin: string;
  readonly child: ChildProcess;
  port(): number;
  /** What the process printed on its standard output so far. */
  printed(): string;
  /** Ends the process with SIGTERM and returns its exit code. */
  stop(): Promise<number | null>;
}

export async function startWizard(args: string[], env: Record<string, string>): Promise<RunningWizard> {
  const child = spawn(process.execPath, [bin, ...args, 'start', '--port', '0', '--lang', 'en'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
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
    printed: () => out,
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
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Screenshots of every step, kept as test artifacts (test-artifacts/screenshots). */
export const screenshotDir = join(new URL('../../../', import.meta.url).pathname, 'test-artifacts', 'screenshots');

export function screenshotter(page: Page, prefix: string): (name: string) => Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  let n = 0;
  return async (name) => {
    n++;
    // Beyond the window only when the page is larger than it: for a page that fits, the window is the same picture,
    // and capturing beyond the window made each screenshot two to three times as slow.
    const larger = await page.evaluate(
      () =>
        document.documentElement.scrollHeight > window.innerHeight ||
        document.documentElement.scrollWidth > window.innerWidth,
    );
    await page.screenshot({
      path: join(screenshotDir, `${prefix}-${String(n).padStart(2, '0')}-${name}.png`),
      fullPage: larger,
    });
  };
}

/** Clicks something that submits a form, or presses a key that does, and waits for the page that answers it. */
export async function submit(page: Page, target: Locator | string): Promise<void> {
  await Promise.all([
    page.waitForEvent('framenavigated'),
    typeof target === 'string' ? page.keyboard.press(target) : target.click(),
  ]);
  await page.waitForLoadState('load');
}

/** Presses the button with exactly this name, as a submit. */
export const press = (page: Page, name: string): Promise<void> =>
  submit(page, page.getByRole('button', { name, exact: true }));
export const next = (page: Page): Promise<void> => press(page, 'Next');

/**
 * The two backups the browser suites pick from: the client's (002, plain) and
 * the office's (001, encrypted with `passphrase`). A low scrypt work factor
 * (2^10, as in test/core/backup-restore.test.ts): the wizard decrypts the
 * file's start at the passphrase step and again when it restores, and at the
 * default (2^18) each took seconds.
 */
export async function wizardBackups(
  inst: CliInstallation,
  dir: string,
  passphrase: string,
): Promise<{ clientFile: string; officeFile: string }> {
  const clientFile = join(dir, 'bakkerij-klant.ebu');
  const officeFile = join(dir, 'kantoor-versleuteld.ebu');
  await createBackup(inst.ctx, { adm: '002', output: clientFile });
  await createBackup(inst.ctx, { adm: '001', output: officeFile, encryption: { passphrase }, scryptWorkFactor: 10 });
  return { clientFile, officeFile };
}

/** A kluis installation with the demo in it, its scratch folder, a running `kluis start` and Chromium: what a browser suite starts from. */
export interface WebSetting {
  readonly inst: DemoInstallation;
  readonly web: RunningWizard;
  readonly browser: Browser;
  readonly dir: string;
  close(): Promise<void>;
}

/** Why a browser suite on `engine` cannot run here, or false when it can. */
export function webSuiteSkip(engine: string | undefined): string | false {
  if (!chromiumAvailable()) return "Chromium is not installed (.ci/run installs Debian's chromium)";
  return engine === undefined ? 'no engine selected' : false;
}

/**
 * `prepare` puts what the suite needs (backups, auditfiles) in place before the wizard starts. With `browser`, the
 * setting uses that Chromium (one for the whole file) and leaves closing it to its owner.
 */
export async function openWebSetting(
  kind: EngineName,
  prefix: string,
  prepare: (inst: CliInstallation, dir: string) => Promise<void> = async () => undefined,
  browser?: () => Promise<Browser>,
): Promise<WebSetting> {
  const inst = await demoInstallation(kind, prefix);
  let web: RunningWizard | undefined;
  let chromium: Browser;
  try {
    await prepare(inst, inst.dir);
    web = await startWizard(inst.cli.args, inst.cli.env);
    chromium = await (browser ?? launchChromium)();
  } catch (err) {
    await web?.stop();
    await inst.dispose();
    throw err;
  }
  return {
    inst,
    web,
    browser: chromium,
    dir: inst.dir,
    async close() {
      if (!browser) await chromium.close();
      await web.stop();
      await inst.dispose();
    },
  };
}
