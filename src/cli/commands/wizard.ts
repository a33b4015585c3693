/** kluis wizard: the backup wizard as questions in the terminal, or from flags in a script. */
import * as core from '../../core/index.js';
import { type CommandSpec, l, type OptionSpec } from '../command.js';
import { optionOf } from '../operation-command.js';
import { canPrompt } from '../prompt.js';
import { contextFor } from './context.js';

/**
 * The wizard's own inputs (sign in, the action, finishing) and every input
 * of the operations it offers: each question can be answered by its flag.
 */
function answerInputs(): core.InputId[] {
  const own = core.wizardOwnInputs.filter((id) => id !== 'yes');
  const ids = new Set<core.InputId>(own);
  for (const op of core.allOperations())
    if (op.wizard) for (const e of op.inputs) if (e.only !== 'cli') ids.add(e.input as core.InputId);
  return [...ids, 'yes'];
}

/** Old names (hidden options) by the flag they stand for. */
const canonical = new Map<string, string>();
const answerOptions: Record<string, OptionSpec> = {};
for (const id of answerInputs()) {
  const input = core.inputOf(id);
  const flag = core.wizardInputFlag(input);
  answerOptions[flag] = optionOf(input, { byPathOnly: true });
  for (const alias of input.aliases ?? []) {
    answerOptions[alias] = optionOf(input, { hidden: true, byPathOnly: true });
    canonical.set(alias, flag);
  }
}

export const wizardCommand: CommandSpec = {
  words: ['wizard'],
  summary: l('de back-upwizard in de terminal', 'the backup wizard in the terminal'),
  description: l(
    'Dezelfde stappen als de webwizard: aanmelden bij een administratie, een actie kiezen, de vragen van die actie, een samenvatting, voortgang en resultaat. Elke vraag kan ook met een optie beantwoord worden; zonder terminal moet dat (wachtwoorden alleen via een bestand). Typ < om een stap terug te gaan; Enter neemt wat tussen [ ] staat; Ctrl-C of Ctrl-D bij een vraag stopt zonder iets te wijzigen.',
    'The same steps as the web wizard: sign in to an administration, choose an action, its questions, a summary, progress and the result. Every question can also be answered with an option; without a terminal it must be (passwords only through a file). Type < to go one step back; Enter takes what is shown in [ ]; Ctrl-C or Ctrl-D at a question stops without changing anything.',
  ),
  options: answerOptions,
  examples: [
    'kluis wizard',
    'kluis wizard --open 001 --user anna --password-file pw.txt --action client-install --file klant.ebu --target-server local --to "Bakkerij Jansen" --users anna,bram --yes',
  ],
  async run({ options, global, out }) {
    const ctx = contextFor(global);
    const flags: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(options))
      if (v !== undefined && v !== false) flags[canonical.get(k) ?? k] = v === true ? '' : String(v);
    const interactive = canPrompt();
    if (!interactive) flags['non-interactive'] = '';
    const say = (text: string) => process.stderr.write(`${text}\n`);
    // Loaded when used: the wizard and its model are not needed by the other commands.
    const [{ noPrompter, terminalPrompter }, { runTerminalWizard }] = await Promise.all([
      import('../wizard/prompter.js'),
      import('../wizard/terminal-wizard.js'),
    ]);
    return runTerminalWizard({
      home: ctx.home,
      server: ctx.engine.name,
      lang: out.lang,
      flags,
      prompter: interactive ? terminalPrompter() : noPrompter(global.json ? () => undefined : say),
      out,
      contexts: new Map([[ctx.engine.name, ctx]]),
    });
  },
};
