/**
 * kluis schedule install | remove: where the nightly run goes and who is
 * told. A systemd timer where systemd runs (system units as root, the
 * user's units otherwise), else a cron entry (/etc/cron.d as root, the
 * user's crontab otherwise); where systemd is installed but not running
 * (a container) the units are written and the commands to enable them
 * said; with neither, nothing is written and the shell prints what goes
 * where. `root` installs under another folder (an image being built, or a
 * look at the files first): nothing is enabled then.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { folderWriteError, type Lang, l, ToolError } from '../../errors/index.js';
import { unprintable } from '../../schema/common.js';
import { writeFileAtomic } from '../../storage/atomic-write.js';
import { makeFolder, requireWritableFolder } from '../../storage/folders.js';
import type { KluisContext } from '../context.js';
import {
  forgetInstalledSchedule,
  type InstalledSchedule,
  readInstalledSchedule,
  scheduleFiles,
  writeInstalledSchedule,
} from './records.js';
import { type DailyTime, defaultRunTime, formatDailyTime, nextRunAfter, parseDailyTime } from './schedule-time.js';
import {
  cronFile,
  cronFileName,
  crontabLine,
  type RunCommand,
  shellCommand,
  systemdService,
  systemdTimer,
  unitName,
  withCrontabLine,
} from './units.js';

export type ScheduleMethod = InstalledSchedule['method'];
export type MethodChoice = 'auto' | 'systemd' | 'cron';
export const methodChoices: readonly MethodChoice[] = ['auto', 'systemd', 'cron'];

/** What this computer offers, looked up once (PATH and /run/systemd/system). */
export interface SchedulerFacts {
  readonly root: boolean;
  /** systemd is the init process: a timer will run. */
  readonly systemdRunning: boolean;
  /** systemctl is installed (it may not be running: a container). */
  readonly systemctl: boolean;
  /** A cron daemon (cron, crond) is installed. */
  readonly cronDaemon: boolean;
  /** The crontab command is installed. */
  readonly crontab: boolean;
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env['PATH'] ?? '')
    .split(delimiter)
    .filter((dir) => isAbsolute(dir))
    .some((dir) => {
      try {
        return statSync(join(dir, command)).isFile();
      } catch {
        return false;
      }
    });
}

export function schedulerFacts(env: NodeJS.ProcessEnv = process.env): SchedulerFacts {
  return {
    root: process.getuid?.() === 0,
    systemdRunning: existsSync('/run/systemd/system'),
    systemctl: onPath('systemctl', env),
    cronDaemon: onPath('cron', env) || onPath('crond', env),
    crontab: onPath('crontab', env),
  };
}

export interface ScheduleInput {
  /** HH:MM (default 02:30). */
  readonly at?: string;
  readonly method?: MethodChoice;
  /** Install under this folder instead of / (nothing is enabled). */
  readonly root?: string;
  /** node and bin/kluis.js, absolute: the shell knows where it runs from. */
  readonly node: string;
  readonly kluis: string;
  readonly lang: Lang;
  /** Passed on to the run: read every stored file back; administrations at once. */
  readonly verify?: boolean;
  readonly jobs?: number;
  readonly now?: Date;
  readonly facts?: SchedulerFacts;
  readonly env?: NodeJS.ProcessEnv;
}

export interface PlannedFile {
  readonly path: string;
  readonly content: string;
}

export interface SchedulePlan {
  /** none: neither systemd nor cron; `files` then says what would go where. */
  readonly method: ScheduleMethod | 'none';
  readonly at: string;
  readonly server: string;
  readonly files: readonly PlannedFile[];
  /** The commands kluis runs to enable it (systemctl, crontab), in order. */
  readonly enable: readonly (readonly string[])[];
  /** Commands for a person to run later, when kluis cannot enable it now (systemd not running, --root). */
  readonly enableLater: readonly string[];
  /** For cron: the user's crontab line, installed with `crontab -`. */
  readonly crontabLine?: string;
  readonly root?: string;
  /** What the timer runs, as a shell line. */
  readonly command: string;
  readonly nextRun: string;
}

function systemdFolder(user: boolean, env: NodeJS.ProcessEnv): string {
  if (!user) return '/etc/systemd/system';
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'systemd', 'user');
}

const under = (root: string | undefined, path: string) => (root ? join(root, path) : path);

function chooseMethod(choice: MethodChoice, facts: SchedulerFacts, root: string | undefined): ScheduleMethod | 'none' {
  const systemd: ScheduleMethod = facts.root ? 'systemd' : 'systemd-user';
  const cron: ScheduleMethod = facts.root ? 'cron' : 'crontab';
  if (root) return choice === 'cron' ? cron : systemd;
  if (choice === 'systemd') {
    if (!facts.systemctl && !facts.systemdRunning)
      throw new ToolError('SCHEDULE_METHOD_UNAVAILABLE', { method: 'systemd' });
    return systemd;
  }
  if (choice === 'cron') {
    if (!(facts.root ? facts.cronDaemon || existsSync('/etc/cron.d') : facts.crontab))
      throw new ToolError('SCHEDULE_METHOD_UNAVAILABLE', { method: 'cron' });
    return cron;
  }
  if (facts.systemdRunning) return systemd;
  if (facts.root ? facts.cronDaemon : facts.crontab && facts.cronDaemon) return cron;
  if (facts.systemctl) return systemd;
  return 'none';
}

/** A path in a unit file or a cron line: absolute and on one line, or the file would mean something else. */
function checkedPath(path: string): string {
  if (!isAbsolute(path) || unprintable.test(path)) throw new ToolError('SCHEDULE_PATH_UNFIT', { path });
  return path;
}

function systemdFiles(user: boolean, root: string | undefined, at: DailyTime, cmd: RunCommand, input: ScheduleInput) {
  const folder = under(root, systemdFolder(user, input.env ?? process.env));
  return [
    { path: join(folder, `${unitName}.service`), content: systemdService(cmd, input.lang, user) },
    { path: join(folder, `${unitName}.timer`), content: systemdTimer(at, input.lang) },
  ];
}

/** What install would write and run, without writing or running anything. */
export function planSchedule(ctx: KluisContext, input: ScheduleInput): SchedulePlan {
  const at = parseDailyTime(input.at ?? defaultRunTime);
  const facts = input.facts ?? schedulerFacts(input.env);
  // Checked first: a root that cannot take the files is said before anything else is looked at.
  const root = input.root === undefined ? undefined : requireWritableFolder(input.root);
  const method = chooseMethod(input.method ?? 'auto', facts, root);
  const cmd: RunCommand = {
    node: checkedPath(input.node),
    kluis: checkedPath(input.kluis),
    home: checkedPath(ctx.home),
    server: ctx.engine.name,
    ...(input.verify ? { verify: true } : {}),
    ...(input.jobs !== undefined ? { jobs: input.jobs } : {}),
  };
  const log = scheduleFiles(ctx.home).log;
  const systemctl = method === 'systemd-user' ? ['systemctl', '--user'] : ['systemctl'];
  const base = {
    method,
    at: formatDailyTime(at),
    server: cmd.server,
    command: shellCommand(cmd),
    nextRun: nextRunAfter(at, input.now ?? new Date()).toISOString(),
    ...(root ? { root } : {}),
  };
  switch (method) {
    case 'systemd':
    case 'systemd-user': {
      const enable = [
        [...systemctl, 'daemon-reload'],
        [...systemctl, 'enable', '--now', `${unitName}.timer`],
      ];
      const now = facts.systemdRunning && !root;
      return {
        ...base,
        files: systemdFiles(method === 'systemd-user', root, at, cmd, input),
        enable: now ? enable : [],
        enableLater: now ? [] : enable.map((c) => c.join(' ')),
      };
    }
    case 'cron':
      return {
        ...base,
        files: [{ path: under(root, join('/etc/cron.d', cronFileName)), content: cronFile(at, cmd, log, input.lang) }],
        enable: [],
        enableLater: [],
      };
    case 'crontab': {
      const line = crontabLine(at, cmd, log);
      if (root)
        return {
          ...base,
          files: [{ path: join(root, 'var/spool/cron/crontabs', userName()), content: `${line}\n` }],
          enable: [],
          enableLater: [],
        };
      return { ...base, files: [], enable: [['crontab', '-']], enableLater: [], crontabLine: line };
    }
    case 'none':
      // What would go where: the systemd units as root would have them, and the cron line.
      return {
        ...base,
        files: [
          ...systemdFiles(!facts.root, undefined, at, cmd, input),
          { path: join('/etc/cron.d', cronFileName), content: cronFile(at, cmd, log, input.lang) },
        ],
        enable: [],
        enableLater: [],
      };
  }
}

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'user');
  }
}

/** Runs a scheduler's command; a failure is SCHEDULE_TOOL_FAILED naming it, never its own words. */
function runTool(command: readonly string[], what: 'enabled' | 'disabled', stdin?: string): string {
  const r = spawnSync(command[0]!, command.slice(1), {
    input: stdin ?? '',
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (r.status !== 0)
    throw new ToolError(
      'SCHEDULE_TOOL_FAILED',
      {
        command: command.join(' '),
        what: what === 'enabled' ? l('ingeschakeld', 'enabled') : l('uitgeschakeld', 'disabled'),
      },
      { cause: r.error ?? new Error(r.stderr) },
    );
  return r.stdout;
}

/** The user's crontab as it is; none yet is empty. */
function currentCrontab(): string {
  const r = spawnSync('crontab', ['-l'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? r.stdout : '';
}

export interface InstallResult extends SchedulePlan {
  /** Whether the scheduler was told: false when only the files were written. */
  readonly enabled: boolean;
  /** The files of an earlier install that this one no longer uses, removed. */
  readonly replaced: readonly string[];
}

function writeFiles(files: readonly PlannedFile[]): void {
  for (const f of files) {
    const folder = dirname(f.path);
    try {
      makeFolder(folder, 0o755);
      writeFileAtomic(f.path, f.content, { mode: 0o644 });
    } catch (err) {
      throw folderWriteError(err, folder);
    }
  }
}

/** Carries out a plan (not one whose method is none): writes, enables, and records what it did in the home. */
export function installSchedule(ctx: KluisContext, plan: SchedulePlan): InstallResult {
  if (plan.method === 'none') throw new Error('a plan without a scheduler cannot be installed');
  const earlier = readInstalledSchedule(ctx.home);
  writeFiles(plan.files);
  for (const command of plan.enable)
    if (command[0] === 'crontab') runTool(command, 'enabled', withCrontabLine(currentCrontab(), plan.crontabLine));
    else runTool(command, 'enabled');
  const written = plan.files.map((f) => f.path);
  const replaced = (earlier?.files ?? []).filter((f) => !written.includes(f));
  for (const f of replaced) rmSync(f, { force: true });
  if (earlier?.method === 'crontab' && plan.method !== 'crontab' && !earlier.root) removeCrontabLine();
  const enabled = plan.enable.length > 0 || (plan.method === 'cron' && !plan.root);
  writeInstalledSchedule(ctx.home, {
    version: 1,
    method: plan.method,
    at: plan.at,
    server: plan.server,
    files: written,
    enabled,
    ...(plan.root ? { root: plan.root } : {}),
    installedAt: new Date().toISOString(),
  });
  return { ...plan, enabled, replaced };
}

function removeCrontabLine(): void {
  const before = currentCrontab();
  const after = withCrontabLine(before, undefined);
  if (after.trim() !== before.trim()) runTool(['crontab', '-'], 'disabled', after);
}

export interface RemoveResult {
  /** What was installed, if anything. */
  readonly method?: ScheduleMethod;
  readonly removed: readonly string[];
  /** Commands for a person to run (systemd not running: the timer was never enabled by kluis). */
  readonly disableLater: readonly string[];
}

/** Takes away what install put in place and forgets it; the record of past runs stays. */
export function removeSchedule(ctx: KluisContext, facts: SchedulerFacts = schedulerFacts()): RemoveResult {
  const installed = readInstalledSchedule(ctx.home);
  if (!installed) return { removed: [], disableLater: [] };
  const systemd = installed.method === 'systemd' || installed.method === 'systemd-user';
  const systemctl = installed.method === 'systemd-user' ? ['systemctl', '--user'] : ['systemctl'];
  const live = facts.systemdRunning && !installed.root;
  if (systemd && live && installed.enabled)
    runTool([...systemctl, 'disable', '--now', `${unitName}.timer`], 'disabled');
  const removed = installed.files.filter((f) => existsSync(f));
  for (const f of removed) rmSync(f, { force: true });
  if (systemd && live) runTool([...systemctl, 'daemon-reload'], 'disabled');
  if (installed.method === 'crontab' && !installed.root) removeCrontabLine();
  forgetInstalledSchedule(ctx.home);
  const disableLater =
    systemd && installed.enabled && !live && !installed.root
      ? [`${systemctl.join(' ')} disable --now ${unitName}.timer`]
      : [];
  return { method: installed.method, removed, disableLater };
}

/** Whether each file of an install is still where install put it (someone may have removed one by hand). */
export function missingFiles(installed: InstalledSchedule): string[] {
  return installed.files.filter((f) => {
    try {
      readFileSync(f);
      return false;
    } catch {
      return true;
    }
  });
}
