/**
 * What `kluis schedule install` writes: a systemd service and timer, or a
 * cron entry, that run `kluis schedule run` every night. Pure text: where it
 * goes and who is told is schedule-install.ts.
 */
import { homedir as osHomedir } from 'node:os';
import type { Lang } from '../../errors/index.js';
import { cronFields, type DailyTime, formatDailyTime, onCalendar, randomizedDelayMinutes } from './schedule-time.js';

/** The unit names: the timer starts the service of the same name. */
export const unitName = 'kluis-backup';
export const cronFileName = 'kluis';
/** Marks kluis's line in a user's crontab, so remove takes that line and no other. */
export const crontabMarker = '# kluis schedule';

/** The command the timer runs, with everything spelled out: a timer has no PATH, no shell and no working folder. */
export interface RunCommand {
  /** The absolute path of node. */
  readonly node: string;
  /** The absolute path of bin/kluis.js. */
  readonly kluis: string;
  /** kluis's home (KLUIS_HOME), absolute. */
  readonly home: string;
  /** The server whose administrations are backed up. */
  readonly server: string;
  /** Read every stored file back and check it (schedule run --verify). */
  readonly verify?: boolean;
  /** Administrations backed up at once (schedule run --jobs N); default one per core. */
  readonly jobs?: number;
}

export function runArguments(cmd: RunCommand): string[] {
  return [
    cmd.node,
    cmd.kluis,
    '--server',
    cmd.server,
    'schedule',
    'run',
    ...(cmd.jobs !== undefined ? ['--jobs', String(cmd.jobs)] : []),
    ...(cmd.verify ? ['--verify'] : []),
  ];
}

/** The run as one line to type in a shell (for the messages and for cron). */
export function shellCommand(cmd: RunCommand): string {
  return `KLUIS_HOME=${shellQuote(cmd.home)} ${runArguments(cmd).map(shellQuote).join(' ')}`;
}

export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** One word of ExecStart= or Environment=, quoted as systemd.syntax(7) reads it; "%" is a specifier there. */
function systemdQuote(word: string, dollar: boolean): string {
  let quoted = word.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('%', '%%');
  if (dollar) quoted = quoted.replaceAll('$', '$$$$');
  return `"${quoted}"`;
}

const words = (lang: Lang, nl: string, en: string) => (lang === 'nl' ? nl : en);

/**
 * The service. A system unit gets HOME too (systemd sets none for root's
 * services), so the AWS SDK finds ~/.aws as it does in the installing shell.
 */
export function systemdService(cmd: RunCommand, lang: Lang, user = false, homedir = osHomedir()): string {
  return `# ${words(lang, 'Geschreven door "kluis schedule install"; weg met "kluis schedule remove".', 'Written by "kluis schedule install"; removed by "kluis schedule remove".')}
[Unit]
Description=${words(lang, 'kluis: nachtelijke back-up van elke administratie, daarna opruimen', 'kluis: nightly backup of every administration, then prune')}
Wants=network-online.target
After=network-online.target postgresql.service

[Service]
Type=oneshot
Environment=${systemdQuote(`KLUIS_HOME=${cmd.home}`, false)}
${user ? '' : `Environment=${systemdQuote(`HOME=${homedir}`, false)}\n`}ExecStart=${runArguments(cmd)
    .map((w) => systemdQuote(w, true))
    .join(' ')}
Nice=10
IOSchedulingClass=best-effort
IOSchedulingPriority=7
`;
}

export function systemdTimer(at: DailyTime, lang: Lang): string {
  return `# ${words(lang, 'Geschreven door "kluis schedule install"; weg met "kluis schedule remove".', 'Written by "kluis schedule install"; removed by "kluis schedule remove".')}
[Unit]
Description=${words(lang, `kluis: elke nacht om ${formatDailyTime(at)} een back-up van elke administratie`, `kluis: every night at ${formatDailyTime(at)} a backup of every administration`)}

[Timer]
OnCalendar=${onCalendar(at)}
Persistent=true
RandomizedDelaySec=${randomizedDelayMinutes}min
Unit=${unitName}.service

[Install]
WantedBy=timers.target
`;
}

/** cron turns a bare "%" in the command into a new line. */
const cronCommand = (cmd: RunCommand, log: string) =>
  `${shellCommand(cmd)} >> ${shellQuote(log)} 2>&1`.replaceAll('%', '\\%');

/** /etc/cron.d/kluis: with the user the command runs as. */
export function cronFile(at: DailyTime, cmd: RunCommand, log: string, lang: Lang): string {
  return `# ${words(lang, 'Geschreven door "kluis schedule install"; weg met "kluis schedule remove".', 'Written by "kluis schedule install"; removed by "kluis schedule remove".')}
# ${words(lang, 'Elke nacht: een back-up van elke administratie in de opslagplaatsen, daarna opruimen.', 'Every night: a backup of every administration into the repositories, then prune.')}
SHELL=/bin/sh
${cronFields(at)} root ${cronCommand(cmd, log)}
`;
}

/** The line in a user's own crontab (no user field), marked so that remove finds it. */
export function crontabLine(at: DailyTime, cmd: RunCommand, log: string): string {
  return `${cronFields(at)} ${cronCommand(cmd, log)} ${crontabMarker}`;
}

/** A crontab with kluis's line in place of any earlier one. */
export function withCrontabLine(crontab: string, line: string | undefined): string {
  const kept = crontab.split('\n').filter((l) => l !== '' && !l.endsWith(crontabMarker));
  return `${[...kept, ...(line ? [line] : [])].join('\n')}\n`;
}
