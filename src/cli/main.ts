/**
 * The kluis command. The one place that turns errors into a message and an
 * exit code, and the only place that calls process.exit.
 */
import { argumentShown, kluisVersion, operationsRunning, requestCancel } from '../core/index.js';
import { asToolError, detectLang, isLang, type Lang, renderError, ToolError } from '../errors/index.js';
import type { CommandSpec, GlobalOptions } from './command.js';
import { adminCommands } from './commands/admin.js';
import { backupCommands } from './commands/backup.js';
import { changesCommands } from './commands/changes.js';
import { clientCommands } from './commands/client.js';
import { cloudCommands } from './commands/cloud.js';
import { demoCommand } from './commands/demo.js';
import { licenceCommands } from './commands/licence.js';
import { recoverCommand } from './commands/recover.js';
import { repositoryCommands } from './commands/repository.js';
import { checkCommands, scheduleCommands } from './commands/schedule.js';
import { serverCommands } from './commands/server.js';
import { startCommand } from './commands/start.js';
import { userCommands } from './commands/user.js';
import { wizardCommand } from './commands/wizard.js';
import { xafCommands } from './commands/xaf.js';
import { commandHelp, groupHelp, mainHelp } from './help.js';
import { createOutput } from './output.js';
import { globalValues, parseCommandLine } from './parse.js';
import { closeTerminal } from './terminal.js';

export const commands: readonly CommandSpec[] = [
  startCommand,
  wizardCommand,
  demoCommand,
  ...adminCommands,
  ...backupCommands,
  ...clientCommands,
  ...changesCommands,
  recoverCommand,
  ...cloudCommands,
  ...licenceCommands,
  ...userCommands,
  ...repositoryCommands,
  ...serverCommands,
  ...xafCommands,
  ...scheduleCommands,
  ...checkCommands,
];

/** Runs one command line and returns the exit code; never exits itself. */
export async function run(argv: readonly string[]): Promise<number> {
  // --lang is read before parsing so that even a parse error speaks the chosen language.
  const langFlag = argv.find((a, i) => argv[i - 1] === '--lang' || a.startsWith('--lang='))?.replace(/^--lang=/, '');
  let lang: Lang = langFlag && isLang(langFlag) ? langFlag : detectLang();
  let json = argv.includes('--json');
  let debug = argv.includes('--debug');
  try {
    const parsed = parseCommandLine(argv, commands);
    const o = parsed.options;
    if (typeof o['lang'] === 'string') {
      if (!isLang(o['lang'])) throw new ToolError('USAGE_BAD_LANGUAGE', { lang: o['lang'] });
      lang = o['lang'];
    }
    json = o['json'] === true;
    debug = o['debug'] === true;
    const out = createOutput(lang, json);
    if (o['version']) {
      out.data({ version: kluisVersion() });
      out.line(kluisVersion());
      return 0;
    }
    if (!parsed.command) {
      const group = groupHelp(commands, parsed.unknownWords, lang);
      if (group !== undefined) {
        process.stdout.write(`${group}\n`);
        return 0;
      }
      if (parsed.unknownWords.length > 0)
        throw new ToolError('USAGE_UNKNOWN_COMMAND', { command: parsed.unknownWords.join(' ') });
      process.stdout.write(`${mainHelp(commands, lang, kluisVersion())}\n`);
      return 0;
    }
    const command = parsed.command;
    if (o['help']) {
      process.stdout.write(`${commandHelp(command, lang)}\n`);
      return 0;
    }
    for (const spec of command.args ?? []) {
      if (spec.required && parsed.args[spec.name] === undefined) {
        throw new ToolError('USAGE_MISSING_ARGUMENT', {
          command: command.words.join(' '),
          argument: argumentShown(spec.name),
        });
      }
    }
    const { home, server } = globalValues(o);
    const global: GlobalOptions = {
      home,
      server,
      json,
      lang,
      debug,
    };
    const interruptible = command.ownsSignals ? undefined : stopOnInterrupt(lang, json);
    try {
      return await command.run({ args: parsed.args, options: o, global, out });
    } finally {
      interruptible?.();
    }
  } catch (err) {
    return reportError(err, lang, json, debug);
  } finally {
    closeTerminal(); // the terminal as kluis found it, whatever was asked
  }
}

/**
 * Ctrl-C (or SIGTERM) while a command runs. With no operation under way
 * nothing has changed, and kluis stops at once. During an operation it stops
 * at the operation's next safe point, undoing what was begun (CANCELLED); a
 * second Ctrl-C stops at once and leaves the rest to recover. Returns a
 * function that removes the handler.
 */
function stopOnInterrupt(lang: Lang, json: boolean): () => void {
  let asked = false;
  const stopNow = (code: 'CANCELLED' | 'STOPPED_AT_ONCE') => {
    closeTerminal();
    process.exit(reportError(new ToolError(code), lang, json, false));
  };
  const onSignal = () => {
    if (operationsRunning() === 0) return stopNow('CANCELLED');
    if (asked) return stopNow('STOPPED_AT_ONCE');
    asked = true;
    requestCancel();
    if (!json)
      process.stderr.write(
        lang === 'nl'
          ? '\nkluis: stoppen bij het eerstvolgende veilige punt; wat begonnen is wordt ongedaan gemaakt (nog een keer Ctrl-C stopt direct)…\n'
          : '\nkluis: stopping at the next safe point; what was begun is undone (Ctrl-C again stops at once)…\n',
      );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** Ctrl-C before kluis had loaded: nothing was begun. */
function cancelledWhileLoading(argv: readonly string[]): number {
  const langFlag = argv.find((a, i) => argv[i - 1] === '--lang' || a.startsWith('--lang='))?.replace(/^--lang=/, '');
  return reportError(
    new ToolError('CANCELLED'),
    langFlag && isLang(langFlag) ? langFlag : detectLang(),
    argv.includes('--json'),
    false,
  );
}

function reportError(err: unknown, lang: Lang, json: boolean, debug: boolean): number {
  const error = asToolError(err);
  const rendered = renderError(error, lang);
  if (json) {
    process.stderr.write(`${JSON.stringify({ error: rendered }, null, 2)}\n`);
  } else {
    process.stderr.write(`kluis: ${rendered.message}\n`);
    for (const hint of rendered.hints) process.stderr.write(`  ${lang === 'nl' ? 'tip' : 'hint'}: ${hint}\n`);
    if (rendered.postgres?.detail) process.stderr.write(`  detail: ${rendered.postgres.detail}\n`);
  }
  if (debug) process.stderr.write(`\n[${rendered.code}] ${(error.cause as Error | undefined)?.stack ?? error.stack}\n`);
  return rendered.exitCode;
}

/** Entry point for bin/kluis.js. */
export async function main(argv: readonly string[], start: { readonly interrupted?: boolean } = {}): Promise<void> {
  const code = start.interrupted ? cancelledWhileLoading(argv) : await run(argv);
  // Let stdout drain before leaving; a pending pipe write must not be cut off.
  process.stdout.write('', () => process.exit(code));
}
