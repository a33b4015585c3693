/**
 * Every named input of every operation, declared once: the CLI's option
 * (or argument) and help line, the terminal wizard's flag and the wizard
 * field's label and help all come from here. Labels are unique, so a field
 * says which input it is; the help is one text for all shells.
 */

import { type Localized, l, phrase, ToolError } from '../../errors/index.js';
import { MIN_PASSPHRASE_LENGTH, validateRecipient } from '../../format/index.js';
import { maxNameLength, parseAdminNumber, parseAdminRef, validateAdminName } from '../domain/administration-ref.js';
import { parseHandOutDate } from '../domain/dividing-date.js';
import { validateRepositoryName } from '../repositories/repository-registry.js';
import { minPasswordLength } from '../users/password.js';
import { maxFullNameLength, parseRole, validateUserName } from '../users/user.js';
import { parsePingUrl } from '../watch/ping.js';
import { defaultRunTime, parseDailyTime, randomizedDelayMinutes } from '../watch/schedule-time.js';
import type { InputDeclaration } from './types.js';

const adminNumber = (value: string) => void parseAdminNumber(value);

/** A whole number from `min` to `max` for the option `flag`, or USAGE_BAD_ARGUMENTS naming it. */
function positiveWhole(value: string, flag: string, max: number, min = 1): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max)
    throw new ToolError('OPTION_NOT_A_COUNT', { flag, value, min: String(min), max: String(max) });
  return n;
}

/** A keep-* rule of the retention policy on the command line: a whole number, 0 = not this rule. */
function keepCount(flag: string, what: Localized) {
  return {
    kind: 'number',
    value: 'N',
    label: l(`Bewaar (${flag})`, `Keep (${flag})`),
    help: l(`bewaar ${what.nl} (per administratie)`, `keep ${what.en} (per administration)`),
    validate: (value: string) => void positiveWhole(value, flag, 100_000, 0),
  } as const;
}

const table = {
  // --- the administration worked on, and where the result goes ---
  adm: {
    kind: 'text',
    value: 'ADM',
    label: l('Administratie', 'Administration'),
    help: l('administratienummer (001–999) of -naam', 'administration number (001–999) or name'),
  },
  to: {
    kind: 'text',
    value: 'NAME|NUMBER',
    label: l('Administratie (naam of nummer)', 'Administration (name or number)'),
    help: l(
      'naam voor een nieuwe administratie, of een nummer (001–999): een bestaande wordt pas na bevestiging overschreven',
      'name for a new administration, or a number (001–999): an existing one is only overwritten after confirmation',
    ),
    maxLength: maxNameLength,
    validate: (value: string) => void parseAdminRef(value),
  },
  replace: {
    kind: 'text',
    value: 'N',
    label: l('Overschrijven bevestigen', 'Confirm overwriting'),
    // Read on the page too, next to the number asked for: no "N" the page never explains.
    help: l(
      'het nummer van de administratie die overschreven wordt, als bevestiging',
      'the number of the administration being overwritten, as confirmation',
    ),
    validate: adminNumber,
  },
  'target-server': {
    kind: 'choice',
    value: 'NAME',
    aliases: ['to-server'],
    label: l('Server', 'Server'),
    help: l(
      'server waarop de actie werkt (standaard dezelfde; local = Mijn computer)',
      'server the work is done on (default the same; local = My computer)',
    ),
  },
  'database-dir': {
    kind: 'path',
    path: 'folder',
    value: 'DIR',
    label: l('Databasemap', 'Database directory'),
    help: l(
      'map voor de databasebestanden, zoals deze computer hem ziet',
      'folder for the database files, as this computer sees it',
    ),
  },
  'server-folder': {
    kind: 'path',
    path: 'server-folder',
    value: 'DIR',
    label: l('Servermap', 'Server folder'),
    help: l(
      'dezelfde map zoals de server hem ziet (alleen bij een server)',
      'the same folder as the server sees it (server only)',
    ),
  },
  'dry-run': {
    kind: 'boolean',
    label: l('Proefrun', 'Dry run'),
    help: l('toon alleen wat er zou gebeuren; er verandert niets', 'only show what would happen; nothing is changed'),
  },

  // --- backup files and their keys ---
  file: {
    kind: 'path',
    path: 'backup',
    value: 'FILE',
    label: l('Bestandsnaam', 'File name'),
    help: l(
      'het back-upbestand (*.ebu), hier of in objectopslag (s3://bucket/map/naam.ebu)',
      'the backup file (*.ebu), here or in object storage (s3://bucket/folder/name.ebu)',
    ),
    example: l('Bijvoorbeeld /media/usb/20261124-Bakkerij.ebu', 'For example /media/usb/20261124-Bakery.ebu'),
  },
  'passphrase-file': {
    kind: 'secret-file',
    path: 'secret',
    value: 'FILE',
    label: l('Wachtwoord van de back-up', 'Passphrase of the backup'),
    help: l('het wachtwoord waarmee het bestand versleuteld is', 'the passphrase the file is encrypted with'),
  },
  'identity-file': {
    kind: 'secret-file',
    path: 'secret',
    value: 'FILE',
    repeat: true,
    aliases: ['identity'],
    label: l('Geheime sleutel', 'Secret key'),
    help: l(
      'uw geheime sleutel (AGE-SECRET-KEY-1…), voor een bestand dat voor u versleuteld is',
      'your secret key (AGE-SECRET-KEY-1…), for a file encrypted for you',
    ),
  },
  output: {
    kind: 'path',
    path: 'output',
    short: 'o',
    value: 'FILE|DIR|-',
    label: l('Map of bestand', 'Folder or file'),
    help: l(
      'waar de back-up heen gaat: een map, een bestandsnaam, een opslagplaats (zijn naam, of s3://bucket/map/)',
      'where the backup goes: a folder, a file name, a repository (its name, or s3://bucket/folder/)',
    ),
  },
  encrypt: {
    kind: 'choice',
    value: 'no|passphrase|recipient',
    label: l('Versleutelen', 'Encrypt'),
    help: l('de back-up versleutelen', 'encrypt the backup'),
    choices: [
      { value: 'no', label: l('Nee', 'No') },
      { value: 'passphrase', label: l('Ja, met een wachtwoord', 'Yes, with a passphrase') },
      // Only the holder of the secret key opens it: the accountant (a hand-out), the client (a hand-back).
      { value: 'recipient', label: l('Ja, voor een openbare sleutel (age1…)', 'Yes, for a public key (age1…)') },
    ],
    default: 'no',
  },
  // The wizard's hand-back of a client's handed-out administration (issue 22): only the changes, or all of it.
  'hand-back': {
    kind: 'choice',
    value: 'changes|whole',
    label: l('Wat gaat terug naar de klant', 'What goes back to the client'),
    help: l(
      'alleen uw wijzigingen (de klant verwerkt ze in de eigen boeken en boekt door), of de hele administratie (vervangt die van de klant)',
      "only your changes (the client applies them to their own books and keeps booking), or the whole administration (replaces the client's)",
    ),
    choices: [
      { value: 'changes', label: l('Alleen mijn wijzigingen', 'Only my changes') },
      { value: 'whole', label: l('De hele administratie', 'The whole administration') },
    ],
    default: 'changes',
  },
  'new-passphrase-file': {
    kind: 'secret-file',
    path: 'secret',
    value: 'FILE',
    label: l('Wachtwoord (bij versleutelen)', 'Passphrase (when encrypting)'),
    help: l(
      `het wachtwoord waarmee het nieuwe bestand versleuteld wordt (minstens ${MIN_PASSPHRASE_LENGTH} tekens; zonder is het niet te openen)`,
      `the passphrase to encrypt the new file with (at least ${MIN_PASSPHRASE_LENGTH} characters; without it the file cannot be opened)`,
    ),
  },
  recipient: {
    kind: 'text',
    value: 'age1…',
    repeat: true,
    label: l('Openbare sleutel', 'Public key'),
    help: l(
      'versleutel voor deze openbare sleutel: alleen wie de geheime sleutel erbij heeft, kan het bestand openen',
      'encrypt for this public key: only whoever holds its secret key can open the file',
    ),
    validate: (value: string) => void validateRecipient(value),
  },

  // --- backing up every administration of a server ---
  only: {
    kind: 'multi',
    value: 'ADM,ADM',
    // A script's `--only "$LIST"` with the list empty: not every administration, as leaving it out would be.
    emptyList: () => new ToolError('BACKUP_ALL_ONLY_EMPTY'),
    label: l('Alleen deze administraties', 'Only these administrations'),
    help: l(
      "alleen deze administraties (nummers of namen, gescheiden door komma's); standaard allemaal",
      'only these administrations (numbers or names, separated by commas); default all of them',
    ),
  },
  destination: {
    kind: 'text',
    flag: 'to',
    value: 'LOCATION',
    repeat: true,
    label: l('Bestemming', 'Destination'),
    help: l(
      'waar de back-ups heen gaan: een map, een benoemde opslagplaats of een s3://-adres (standaard de back-upmap van kluis)',
      "where the backups go: a folder, a named repository or an s3:// address (default kluis's backup folder)",
    ),
  },
  jobs: {
    kind: 'number',
    value: 'N',
    label: l('Tegelijk', 'At once'),
    help: l(
      'het aantal administraties dat tegelijk een back-up krijgt (standaard het aantal processorkernen)',
      'the number of administrations backed up at once (default the number of processor cores)',
    ),
    validate: (value: string) => void positiveWhole(value, 'jobs', 64),
  },
  verify: {
    kind: 'boolean',
    label: l('Controleren', 'Verify'),
    help: l(
      'lees elke opgeslagen back-up terug en controleer elk controlegetal',
      'read every stored backup back and check every checksum',
    ),
  },
  wait: {
    kind: 'number',
    value: 'SECONDS',
    label: l('Wachten op bezette administraties', 'Wait for administrations in use'),
    help: l(
      'hoe lang (in seconden) een administratie die in gebruik is opnieuw geprobeerd wordt (standaard 120)',
      'how long (in seconds) an administration in use is tried again (default 120)',
    ),
    validate: (value: string) => void positiveWhole(value, 'wait', 86_400, 0),
  },

  // --- pruning a repository by its retention policy ---
  'prune-repository': {
    kind: 'text',
    flag: 'repository',
    value: 'NAME|DIR|s3://…',
    label: l('Opslagplaats', 'Repository'),
    help: l(
      'een opslagplaats uit config.json (haar bewaarbeleid geldt), een map, of s3://bucket/map/; standaard de back-upmap van kluis',
      "a repository from config.json (its retention policy applies), a folder, or s3://bucket/folder/; default kluis's backup folder",
    ),
  },
  'keep-last': keepCount('keep-last', l('de laatste N back-ups', 'the last N backups')),
  'keep-daily': keepCount(
    'keep-daily',
    l(
      'de nieuwste back-up van elk van de laatste N dagen met een back-up',
      'the newest backup of each of the last N days with a backup',
    ),
  ),
  'keep-weekly': keepCount(
    'keep-weekly',
    l('de nieuwste van elk van de laatste N weken (ISO-weken)', 'the newest of each of the last N weeks (ISO weeks)'),
  ),
  'keep-monthly': keepCount(
    'keep-monthly',
    l('de nieuwste van elk van de laatste N maanden', 'the newest of each of the last N months'),
  ),
  'keep-yearly': keepCount(
    'keep-yearly',
    l('de nieuwste van elk van de laatste N jaren', 'the newest of each of the last N years'),
  ),
  'fiscal-years': {
    kind: 'number',
    value: 'N',
    label: l('Bewaarplicht in jaren', 'Bewaarplicht in years'),
    help: l(
      'zoveel jaar na het einde van een afgesloten boekjaar blijft de eerste back-up na het afsluiten bewaard (standaard 7)',
      'the first backup after a fiscal year was closed is kept this many years after the year ends (default 7)',
    ),
    validate: (value: string) => void positiveWhole(value, 'fiscal-years', 100, 0),
  },

  // --- working from an open administration, for a client ---
  open: {
    kind: 'text',
    value: 'ADM',
    label: l('Geopende administratie', 'Open administration'),
    help: l(
      'uw eigen administratie, van waaruit u werkt (voor de boeken van een klant: met E-Accountancy)',
      "your own administration, the one you work from (for a client's books: with E-Accountancy)",
    ),
  },
  users: {
    kind: 'multi',
    value: 'A,B|*',
    label: l('Gebruikers met toegang', 'Users with access'),
    help: l(
      'gebruikers van de geopende administratie die toegang krijgen (* = allemaal)',
      'users of the open administration who get access (* = all)',
    ),
  },
  'all-users': {
    kind: 'boolean',
    label: l('Alle gebruikers', 'All users'),
    help: l('alle actieve gebruikers van de geopende administratie', 'all active users of the open administration'),
  },
  'client-licence': {
    kind: 'path',
    flag: 'file',
    path: 'licence',
    value: 'FILE',
    label: l('Licentiebestand van de klant', "The client's licence file"),
    help: l('licentiebestand van de klant', "the client's licence file"),
  },
  'client-users': {
    kind: 'multi',
    value: 'A,B',
    label: l('Meer gebruikers van de klant', 'More users of the client'),
    help: l('meer gebruikers die van de klant zijn', 'more users who belong to the client'),
  },

  // --- a hand-out to the accountant with a dividing date (kluis client hand-out) ---
  until: {
    kind: 'text',
    value: 'DATE',
    label: l('Afsluitdatum', 'Dividing date'),
    help: l(
      'boekingen tot en met deze datum gaan naar de accountant (DD-MM-JJJJ of JJJJ-MM-DD); daarna boekt u gewoon door',
      'entries up to and including this date go to the accountant (YYYY-MM-DD or DD-MM-YYYY); after it you keep booking',
    ),
    maxLength: 10,
    validate: (value: string) => void parseHandOutDate(value),
  },
  cancel: {
    kind: 'boolean',
    label: l('Uitlevering intrekken', 'Withdraw the hand-out'),
    help: l(
      'trek de uitstaande uitlevering in: alle datums zijn weer te boeken, en wijzigingen van de accountant voor deze uitlevering worden geweigerd',
      "withdraw the outstanding hand-out: every date can be booked again, and the accountant's changes for this hand-out are refused",
    ),
  },
  'hand-out-confirm': {
    kind: 'text',
    flag: 'confirm',
    value: 'N',
    label: l('Intrekken bevestigen', 'Confirm the withdrawal'),
    // Read on the page too, next to the number asked for (as replace's): no "without a question" the page never asks.
    help: l(
      'het nummer van de administratie, als bevestiging dat de uitlevering wordt ingetrokken',
      "the administration's number, as confirmation that the hand-out is withdrawn",
    ),
    validate: adminNumber,
  },

  // --- a database migrated to a (cloud) server ---
  database: {
    kind: 'text',
    value: 'DB',
    label: l('Databasenaam', 'Database name'),
    help: l(
      'de gemigreerde database, zoals de migratie hem heeft aangemaakt',
      'the migrated database, as the migration created it',
    ),
  },
  'register-number': {
    kind: 'text',
    flag: 'number',
    value: 'N',
    label: l(
      'Administratienummer (leeg: het nummer in de database)',
      'Administration number (empty: the number in the database)',
    ),
    help: l(
      'registreer onder dit nummer (standaard het nummer in de administratie)',
      'register under this number (default the number in the administration)',
    ),
    validate: adminNumber,
  },

  // --- recover ---
  list: {
    kind: 'boolean',
    label: l('Alleen tonen', 'Only show'),
    help: l('toon alleen wat er hersteld zou worden', 'only show what would be recovered'),
  },

  // --- change packages (issue 22: only the accountant's changes) ---
  'changes-output': {
    kind: 'path',
    flag: 'output',
    path: 'output',
    short: 'o',
    value: 'FILE|DIR|-',
    label: l('Map of bestand voor de wijzigingen', 'Folder or file for the changes'),
    help: l(
      'waar het wijzigingenpakket heen gaat: een map (daarin JJJJMMDD-…-<naam>-wijzigingen.ebu), een bestandsnaam, een opslagplaats, of - voor standaarduitvoer',
      'where the change package goes: a folder (then YYYYMMDD-…-<name>-wijzigingen.ebu in it), a file name, a repository, or - for standard output',
    ),
  },
  'changes-file': {
    kind: 'path',
    flag: 'file',
    // In the terminal wizard --file is the backup file (restore, client install).
    wizardFlag: 'changes-file',
    path: 'backup',
    value: 'FILE',
    label: l('Wijzigingenpakket', 'Change package'),
    help: l(
      'het wijzigingenpakket van de accountant (*.ebu), hier of in objectopslag',
      "the accountant's change package (*.ebu), here or in object storage",
    ),
    example: l(
      'Bijvoorbeeld /media/usb/20261124-Bakkerij-wijzigingen.ebu',
      'For example /media/usb/20261124-Bakery-wijzigingen.ebu',
    ),
  },
  'changes-to': {
    kind: 'text',
    flag: 'to',
    // In the terminal wizard --to is a restore's target (a new name or a number).
    wizardFlag: 'changes-to',
    value: 'ADM',
    label: l('Administratie van de klant', "The client's administration"),
    help: l(
      'de administratie die u aan de accountant uitleverde: nummer (001–999) of naam',
      'the administration you handed out to the accountant: number (001–999) or name',
    ),
    maxLength: maxNameLength,
    validate: (value: string) => void parseAdminRef(value),
  },

  // --- XAF auditfiles ---
  year: {
    kind: 'number',
    value: 'YYYY',
    label: l('Boekjaar', 'Fiscal year'),
    help: l('het boekjaar', 'the fiscal year'),
  },
  'auditfile-output': {
    kind: 'path',
    flag: 'output',
    path: 'output',
    short: 'o',
    value: 'FILE|DIR|-',
    label: l('Bestand voor de auditfile', 'File for the auditfile'),
    help: l(
      'het bestand, of een map (daarin <nummer>-<jaar>.xaf; standaard de huidige map), of - voor standaarduitvoer',
      'the file, or a folder (then <number>-<year>.xaf in it; default the current folder), or - for standard output',
    ),
  },
  auditfile: {
    kind: 'path',
    flag: 'file',
    path: 'auditfile',
    value: 'FILE',
    label: l('Auditfile', 'Auditfile'),
    help: l('de auditfile (.xaf)', 'the auditfile (.xaf)'),
  },

  // --- a new administration ---
  name: {
    kind: 'text',
    value: 'NAME',
    label: l('Naam', 'Name'),
    help: l('naam, hoogstens 60 tekens', 'name, at most 60 characters'),
    maxLength: maxNameLength,
    validate: (value: string) => void validateAdminName(value),
  },
  number: {
    kind: 'text',
    value: 'N',
    label: l('Administratienummer', 'Administration number'),
    help: l('administratienummer 001–999', 'administration number 001–999'),
    validate: adminNumber,
  },
  licence: {
    kind: 'path',
    path: 'licence',
    value: 'FILE',
    label: l('Licentiebestand', 'Licence file'),
    help: l('licentiebestand (JSON)', 'licence file (JSON)'),
  },
  'full-name': {
    kind: 'text',
    value: 'NAME',
    label: l('Volledige naam', 'Full name'),
    help: l('volledige naam van de eerste gebruiker', 'full name of the first user'),
  },
  'first-password-file': {
    kind: 'secret-file',
    flag: 'password-file',
    path: 'secret',
    value: 'FILE',
    label: l('Wachtwoord van de eerste gebruiker', "The first user's password"),
    help: l('het wachtwoord van de eerste gebruiker', "the first user's password"),
  },
  confirm: {
    kind: 'text',
    value: 'N',
    label: l('Bevestiging', 'Confirmation'),
    help: l('herhaal het nummer om zonder vraag te verwijderen', 'repeat the number to delete without a question'),
    validate: adminNumber,
  },

  // --- an administration's users (kluis user) ---
  'user-name': {
    kind: 'text',
    flag: 'user',
    value: 'USER',
    label: l('Gebruiker', 'User'),
    help: l(
      'gebruikersnaam: kleine letters, cijfers en . _ -, hoogstens 40 tekens',
      'user name: lower-case letters, digits and . _ -, at most 40 characters',
    ),
    maxLength: 40,
    validate: (value: string) => void validateUserName(value),
  },
  'user-full-name': {
    kind: 'text',
    flag: 'name',
    value: 'NAME',
    label: l('Naam van de gebruiker', "The user's name"),
    help: l('volledige naam van de gebruiker', "the user's full name"),
    maxLength: maxFullNameLength,
  },
  role: {
    kind: 'text',
    value: 'ROLE',
    label: l('Rol', 'Role'),
    help: l(
      'beheerder (administrator), accountant, boekhouder (bookkeeper) of alleen inzien (viewer)',
      'administrator, accountant, bookkeeper or viewer',
    ),
    validate: (value: string) => void parseRole(value),
  },
  'user-password-file': {
    kind: 'secret-file',
    flag: 'password-file',
    path: 'secret',
    value: 'FILE',
    label: l('Wachtwoord van de gebruiker', "The user's password"),
    help: l(
      `het wachtwoord van de gebruiker (minstens ${minPasswordLength} tekens; zonder deze optie vraagt kluis het in de terminal, twee keer)`,
      `the user's password (at least ${minPasswordLength} characters; without this option kluis asks for it on the terminal, twice)`,
    ),
  },

  // --- the nightly run and the watch over it (kluis schedule, kluis check) ---
  at: {
    kind: 'text',
    value: 'HH:MM',
    label: l('Tijdstip', 'Time'),
    help: l(
      `hoe laat de nachtelijke back-up begint, plaatselijke tijd (standaard ${defaultRunTime}; systemd spreidt het begin over ${randomizedDelayMinutes} minuten)`,
      `when the nightly run starts, local time (default ${defaultRunTime}; systemd spreads the start over ${randomizedDelayMinutes} minutes)`,
    ),
    default: defaultRunTime,
    validate: (value: string) => void parseDailyTime(value),
  },
  method: {
    kind: 'choice',
    value: 'auto|systemd|cron',
    label: l('Planner', 'Scheduler'),
    help: l(
      'systemd (een timer) of cron; standaard auto: systemd als dat draait, anders cron',
      'systemd (a timer) or cron; default auto: systemd when it runs, else cron',
    ),
    choices: [
      { value: 'auto', label: l('wat er is', 'whatever there is') },
      { value: 'systemd', label: l('systemd-timer', 'systemd timer') },
      { value: 'cron', label: l('cron', 'cron') },
    ],
    default: 'auto',
    validate: (value: string) => {
      if (!['auto', 'systemd', 'cron'].includes(value))
        throw new ToolError('USAGE_BAD_ARGUMENTS', {
          command: 'schedule install',
          reason: phrase('SCHEDULE_METHOD_UNKNOWN', { method: value }),
        });
    },
  },
  root: {
    kind: 'path',
    path: 'folder',
    value: 'DIR',
    label: l('Andere hoofdmap', 'Other root folder'),
    help: l(
      'schrijf de bestanden onder deze map in plaats van onder / (om ze eerst te bekijken, of voor een image); er wordt niets ingeschakeld',
      'write the files under this folder instead of under / (to look at them first, or for an image); nothing is enabled',
    ),
  },
  ping: {
    kind: 'text',
    value: 'URL',
    label: l('Pingadres', 'Ping address'),
    help: l(
      'meld de uitkomst aan een bewaking zoals healthchecks.io: URL als alles in orde is, URL/fail als niet',
      'report the outcome to a monitor such as healthchecks.io: URL when all is well, URL/fail when not',
    ),
    validate: (value: string) => void parsePingUrl(value),
  },

  // --- the terminal wizard's own: signing in, choosing, finishing ---
  action: {
    kind: 'choice',
    value: 'ACTION',
    label: l('Actie', 'Action'),
    help: l(
      'backup, restore, recover, client-install, hand-out, client-apply, cloud of copy',
      'backup, restore, recover, client-install, hand-out, client-apply, cloud or copy',
    ),
  },
  user: {
    kind: 'text',
    value: 'NAME',
    label: l('Gebruikersnaam', 'User name'),
    help: l('uw gebruikersnaam in die administratie', 'your user name in that administration'),
  },
  'password-file': {
    kind: 'secret-file',
    path: 'secret',
    value: 'FILE',
    label: l('Wachtwoord', 'Password'),
    help: l('uw wachtwoord', 'your password'),
  },
  yes: {
    kind: 'boolean',
    label: l('Zonder vraag voltooien', 'Finish without asking'),
    help: l('niet vragen om te voltooien', 'do not ask before finishing'),
  },

  // --- repositories: where backups are kept ---
  repository: {
    kind: 'text',
    value: 'NAME',
    label: l('Naam van de opslagplaats', 'Repository name'),
    help: l(
      'naam van de opslagplaats: letters, cijfers, - en _, te beginnen met een letter',
      'name of the repository: letters, digits, - and _, starting with a letter',
    ),
    maxLength: 40,
    validate: (value: string) => void validateRepositoryName(value),
  },
  'repository-url': {
    kind: 'text',
    flag: 'url',
    value: 'DIR|s3://BUCKET/PREFIX/',
    label: l('Plaats', 'Location'),
    help: l(
      'een map (hier of op een gekoppelde schijf) of objectopslag: s3://bucket/map/',
      'a folder (here or on a mounted share) or object storage: s3://bucket/folder/',
    ),
  },
  'repository-location': {
    kind: 'text',
    flag: 'repository',
    value: 'NAME|DIR|s3://…',
    label: l('Opslagplaats of plaats', 'Repository or location'),
    help: l(
      'de naam van een opslagplaats, een map, of s3://bucket/map/',
      'the name of a repository, a folder, or s3://bucket/folder/',
    ),
  },
  endpoint: {
    kind: 'text',
    value: 'URL',
    label: l('Adres van de opslag', 'Storage address'),
    help: l(
      'adres van S3-compatibele opslag (https://…), als het niet AWS zelf is; standaard AWS_ENDPOINT_URL',
      'address of S3-compatible storage (https://…) when it is not AWS itself; default AWS_ENDPOINT_URL',
    ),
  },
  region: {
    kind: 'text',
    value: 'REGION',
    label: l('Regio', 'Region'),
    help: l('regio van de opslag; standaard AWS_REGION', 'region of the storage; default AWS_REGION'),
  },
  'credentials-file': {
    kind: 'secret-file',
    path: 'secret',
    value: 'FILE',
    label: l('Sleutels van de opslag', 'Storage keys'),
    help: l(
      'de toegangssleutel en de geheime sleutel (twee regels, of de vorm van ~/.aws/credentials), versleuteld bewaard; zonder deze optie gelden AWS_ACCESS_KEY_ID, AWS_PROFILE en ~/.aws',
      'the access key and the secret key (two lines, or the form of ~/.aws/credentials), stored encrypted; without this option AWS_ACCESS_KEY_ID, AWS_PROFILE and ~/.aws apply',
    ),
  },
} as const satisfies Record<string, Omit<InputDeclaration, 'id'>>;

export type InputTable = typeof table;
export type InputId = keyof InputTable;

/** The declaration of one input, with its id. */
export function inputOf(id: InputId): InputDeclaration {
  return { id, ...table[id] };
}

/** Every declared input, in the table's order. */
export function allInputs(): InputDeclaration[] {
  return (Object.keys(table) as InputId[]).map(inputOf);
}

export function isInputId(id: string): id is InputId {
  return Object.hasOwn(table, id);
}

/** The name on the command line. */
export function flagOf(input: InputDeclaration): string {
  return input.flag ?? input.id;
}

/** The terminal wizard's flag: the command line's name, unless the input declares one of its own there. */
export function wizardFlagOf(input: InputDeclaration): string {
  return input.wizardFlag ?? flagOf(input);
}

/** The inputs the terminal wizard takes before and after an action's own: sign in, choose, finish. */
export const wizardOwnInputs = ['action', 'open', 'user', 'password-file', 'yes'] as const satisfies readonly InputId[];
