/** kluis wizard: the backup wizard as questions in the terminal, or from flags in a script. */
import { type CommandSpec, l } from '../command.js';
import { canPrompt } from '../prompt.js';
import { contextFor } from './context.js';

const answerOptions = {
  action: {
    type: 'string',
    value: 'ACTION',
    help: l(
      'backup, restore, recover, client-install, cloud of copy',
      'backup, restore, recover, client-install, cloud or copy',
    ),
  },
  open: {
    type: 'string',
    value: 'ADM',
    help: l('administratie om te openen (aanmelden)', 'administration to open (sign in)'),
  },
  user: {
    type: 'string',
    value: 'NAME',
    help: l('uw gebruikersnaam in die administratie', 'your user name in that administration'),
  },
  'password-file': {
    type: 'string',
    path: 'secret',
    value: 'FILE',
    help: l('bestand met uw wachtwoord (- = standaardinvoer)', 'file with your password (- = standard input)'),
  },
  adm: {
    type: 'string',
    value: 'ADM',
    help: l('administratie voor back-up of kopie', 'administration to back up or copy'),
  },
  output: {
    type: 'string',
    path: 'output',
    value: 'FILE|DIR',
    help: l('waar de back-up komt', 'where the backup goes'),
  },
  encrypt: { type: 'string', value: 'no|passphrase', help: l('back-up versleutelen', 'encrypt the backup') },
  'new-passphrase-file': {
    type: 'string',
    path: 'secret',
    value: 'FILE',
    help: l('bestand met het wachtwoord voor een nieuwe back-up', 'file with the passphrase for a new backup'),
  },
  file: {
    type: 'string',
    path: 'backup',
    value: 'FILE',
    help: l('back-upbestand om terug te zetten', 'backup file to restore'),
  },
  'passphrase-file': {
    type: 'string',
    path: 'secret',
    value: 'FILE',
    help: l('bestand met het wachtwoord van de back-up', "file with the backup's passphrase"),
  },
  'target-server': {
    type: 'string',
    value: 'NAME',
    help: l('server waarop de actie werkt (local = Mijn computer)', 'server the action works on (local = My computer)'),
  },
  to: {
    type: 'string',
    value: 'NAME|NUMBER',
    help: l('naam of nummer van de administratie na afloop', 'name or number of the administration afterwards'),
  },
  replace: {
    type: 'string',
    value: 'N',
    help: l('bevestig dat administratie N overschreven wordt', 'confirm that administration N is overwritten'),
  },
  'database-dir': { type: 'string', path: 'folder', value: 'DIR', help: l('databasemap', 'database directory') },
  'server-folder': {
    type: 'string',
    path: 'server-folder',
    value: 'DIR',
    help: l('dezelfde map zoals de server hem ziet', 'the same folder as the server sees it'),
  },
  users: {
    type: 'string',
    value: 'A,B|*',
    help: l('gebruikers die toegang krijgen (* = allemaal)', 'users who get access (* = all)'),
  },
  database: { type: 'string', value: 'DB', help: l('gemigreerde database (cloud)', 'migrated database (cloud)') },
  number: { type: 'string', value: 'N', help: l('administratienummer (cloud)', 'administration number (cloud)') },
  yes: { type: 'boolean', help: l('niet vragen om te voltooien', 'do not ask before finishing') },
} as const;

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
      if (v !== undefined && v !== false) flags[k] = v === true ? '' : String(v);
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
