/** The operations on backup files: create a backup, restore one, install a client's one, take a client's licence. */

import { l } from '../../../errors/index.js';
import { accountancyArticle } from '../../licence/licence.js';
import type { OperationDeclaration } from '../types.js';
import {
  actionRow,
  clientUsersRow,
  licenceRow,
  overwriteConfirmation,
  restoreTailInputs,
  serverRow,
  targetRow,
} from './shared.js';

export const createBackup = {
  id: 'create-backup',
  words: ['backup', 'create'],
  wizard: 'backup',
  summary: l(
    'maakt een back-up van een administratie terwijl er gewoon doorgewerkt wordt',
    'backs up an administration while people keep working',
  ),
  description: l(
    'Standaard komt de back-up in de back-upmap van kluis, met de naam JJJJMMDD-<kluisversie>-PG<versie>-<naam>.ebu. Met -o kiest u een bestand, een map, of - voor standaarduitvoer. Een onvolledig bestand krijgt nooit de definitieve naam. Versleutel met een wachtwoord (--new-passphrase-file) of voor de openbare sleutel van de ontvanger (--recipient age1…).',
    "By default the backup goes to kluis's backup folder, named YYYYMMDD-<kluis version>-PG<major>-<name>.ebu. With -o choose a file, a folder, or - for standard output. An incomplete file never carries the final name. Encrypt with a passphrase (--new-passphrase-file) or for the recipient's public key (--recipient age1…).",
  ),
  examples: [
    'kluis backup create 002',
    'kluis backup create "Bakkerij Jansen" -o /media/usb',
    'kluis backup create 2 -o - --recipient age1… | ssh kantoor kluis backup restore - --to 12',
  ],
  inputs: [
    { input: 'adm', required: true, positional: true },
    { input: 'output' },
    // The wizard asks whether to encrypt; the command line encrypts when a passphrase or key is given.
    { input: 'encrypt', only: 'wizard' },
    { input: 'new-passphrase-file', aliases: ['passphrase-file'] },
    // The wizard encrypts for one public key (encrypt: recipient), the command line for as many as are given.
    { input: 'recipient' },
    // A client's handed-out administration goes back as only the changes (kluis client changes) or whole.
    { input: 'hand-back', only: 'wizard' },
  ],
  article: null,
  lock: { journal: 'backup', holds: l('de administratie', 'the administration') },
  confirmation: null,
  // A hand-back (the administration was installed from a client's backup) shows its own rows:
  // handBack, clientUsers and usersLeftOut instead of usersIncluded.
  preview: [
    actionRow,
    serverRow,
    { label: l('Administratie', 'Administration'), from: 'administration' },
    // A client's handed-out administration (issue 22): only the changes, or the whole administration.
    { label: l('Wat gaat terug', 'What goes back'), from: 'contents' },
    { label: l('Back-up', 'Backup'), from: 'backup' },
    { label: l('Wijzigingenpakket', 'Change package'), from: 'package' },
    { label: l('Versleuteld', 'Encrypted'), from: 'encrypted' },
    { label: l('Teruglevering', 'Hand-back'), from: 'handBack' },
    licenceRow,
    { label: l('Gebruikers gaan mee', 'Users included'), from: 'usersIncluded' },
    clientUsersRow,
    { label: l('Gebruikers weggelaten', 'Users left out'), from: 'usersLeftOut' },
    // What the client does with it (issue 22), read before Finish.
    { label: l('Bij de klant', "At the client's"), from: 'atClient', note: true },
  ],
  result: ['location', 'sizeBytes', 'seconds', 'transactions', 'documents', 'handBack', 'licence', 'users'],
  phases: [{ id: 'backup', label: l('Back-up', 'Backup') }],
} as const satisfies OperationDeclaration;

export const restoreBackup = {
  id: 'restore',
  words: ['backup', 'restore'],
  wizard: 'restore',
  summary: l(
    'zet een back-up terug als nieuwe administratie of over een bestaande',
    'restores a backup as a new administration or over an existing one',
  ),
  description: l(
    'Met een naam (--to "Nieuwe naam") ontstaat een nieuwe administratie met het eerstvolgende vrije nummer. Met een nummer (--to 12) komt de back-up in dat nummer; bestaat het al, dan wordt het alleen overschreven na bevestiging (--replace 012 zonder vraag) en als niemand anders het open heeft. Er wordt eerst een tijdelijke kopie opgebouwd en gecontroleerd; pas daarna wordt gewisseld. De licentie en gebruikers in de back-up blijven zoals ze zijn.',
    'With a name (--to "New name") a new administration is made with the next free number. With a number (--to 12) the backup goes into that number; if it exists it is only overwritten after confirmation (--replace 012 without a question) and when nobody else has it open. A temporary copy is built and checked first; only then is it swapped in. The licence and users in the backup stay as they are.',
  ),
  examples: [
    'kluis backup restore 20261124-0.1.0-PG18-Bakkerij.ebu --to "Bakkerij (kopie)"',
    'kluis backup restore backup.ebu --to 2 --replace 002',
  ],
  inputs: [
    { input: 'file', required: true, positional: true },
    // The command line works on the server of --server; the wizard, signed in on one server, asks.
    { input: 'target-server', only: 'wizard' },
    { input: 'to', required: true },
    ...restoreTailInputs,
  ],
  article: null,
  lock: { journal: 'restore', holds: l('het nummer waarin teruggezet wordt', 'the number restored into') },
  confirmation: overwriteConfirmation,
  preview: [
    actionRow,
    serverRow,
    targetRow,
    { label: l('Back-up', 'Backup'), from: 'backup' },
    licenceRow,
    { label: l('Gebruikers blijven', 'Users kept'), from: 'usersKept' },
    // One row per warning, each shown as a note.
    { label: l('Let op', 'Note'), from: 'warnings', note: true },
  ],
  result: ['number', 'name', 'databaseName', 'overwrites', 'warnings', 'footer', 'seconds', 'administration', 'dryRun'],
  // Measured on the demo's client and on L: the data is about three quarters of the time, the finish the rest.
  phases: [
    { id: 'restore', label: l('Gegevens terugzetten', 'Restoring the data'), share: 0.75 },
    { id: 'finish', label: l('Sleutels, indexen en controles', 'Keys, indexes and checks'), share: 0.25 },
  ],
} as const satisfies OperationDeclaration;

export const installClient = {
  id: 'client-install',
  words: ['client', 'install'],
  wizard: 'client-install',
  summary: l(
    'installeert de back-up van een klant onder uw accountantslicentie',
    "installs a client's backup under your accountant's licence",
  ),
  description: l(
    'Alleen vanuit een geopende administratie (--open) met het artikel E-Accountancy. De back-up wordt teruggezet zoals bij "backup restore" (naam of nummer, bevestiging bij overschrijven), maar draait daarna onder uw licentie en gebruikersnaam, met de gekozen gebruikers uit de geopende administratie. De licentie en gebruikers van de klant worden bewaard: een back-up van deze administratie draagt ze weer, zonder uw gebruikers. De geopende administratie zelf wordt nooit overschreven.',
    'Only from an open administration (--open) whose licence has the article E-Accountancy. The backup is restored as with "backup restore" (name or number, confirmation when overwriting), but then runs under your licence and user name, with the chosen users of the open administration. The client\'s licence and users are kept: a backup of this administration carries them again, without your users. The open administration itself is never overwritten.',
  ),
  examples: ['kluis client install klant.ebu --open 001 --to "Bakkerij Jansen" --users anna,bram'],
  inputs: [
    { input: 'file', required: true, positional: true },
    { input: 'target-server', only: 'wizard' },
    // In the wizard the open administration is the one signed in to (--open there too).
    { input: 'open', required: true, only: 'cli' },
    { input: 'to', required: true },
    { input: 'users' },
    // The wizard's users question has "all" as a choice (* on its flag).
    { input: 'all-users', only: 'cli' },
    ...restoreTailInputs,
  ],
  article: accountancyArticle,
  lock: {
    journal: 'client-install',
    holds: l(
      'het nummer waarin geïnstalleerd wordt en de geopende administratie',
      'the number installed into and the open administration',
    ),
  },
  confirmation: overwriteConfirmation,
  preview: [
    actionRow,
    serverRow,
    targetRow,
    { label: l('Back-up', 'Backup'), from: 'backup' },
    licenceRow,
    { label: l('Licentie van de klant', "Client's licence"), from: 'clientLicence' },
    { label: l('Gebruikers toegevoegd', 'Users added'), from: 'usersAdded' },
    clientUsersRow,
    { label: l('Opzij gezet', 'Set aside'), from: 'usersSetAside' },
  ],
  result: [
    'number',
    'name',
    'databaseName',
    'overwrites',
    'warnings',
    'activeLicence',
    'clientLicence',
    'addedUsers',
    'clientUsersStaying',
    'clientUsersSetAside',
    'footer',
    'seconds',
    'administration',
    'dryRun',
  ],
  // The data (from a backup, or an auditfile's xaf-import step), then the finish; shares as a restore's.
  phases: [
    { id: 'restore', label: l('Gegevens installeren', 'Installing the data'), share: 0.75 },
    { id: 'finish', label: l('Sleutels, indexen en controles', 'Keys, indexes and checks'), share: 0.25 },
  ],
} as const satisfies OperationDeclaration;

export const importClientLicence = {
  id: 'licence-import',
  words: ['licence', 'import-client'],
  summary: l(
    'zet de licentie van een klant in een administratie, voor de teruglevering',
    "puts a client's licence into an administration, for the hand-back",
  ),
  description: l(
    'Voor een administratie die u onder uw eigen licentie hebt opgezet: vanaf nu dragen haar back-ups de licentie van de klant. De geregistreerde gebruiker van die licentie moet in de administratie bestaan en actief zijn; die gebruiker (en wie u met --client-users noemt) gaat met de back-up mee, de anderen niet.',
    "For an administration you set up under your own licence: from now on its backups carry the client's licence. The licence's registered user must exist and be active in the administration; that user (and whoever you name with --client-users) goes with the backup, the others do not.",
  ),
  inputs: [
    { input: 'adm', required: true, positional: true },
    { input: 'client-licence', required: true, positional: true },
    { input: 'client-users' },
  ],
  article: null,
  lock: { journal: 'licence-import-client', holds: l('de administratie', 'the administration') },
  confirmation: null,
  preview: [],
  result: ['adm', 'clientLicence', 'clientUsers', 'accountantUsers'],
  phases: [],
} as const satisfies OperationDeclaration;

export const backupAll = {
  id: 'backup-all',
  words: ['backup', 'all'],
  summary: l(
    'maakt een back-up van elke administratie op de server, meerdere tegelijk',
    'backs up every administration on the server, several at a time',
  ),
  description: l(
    'Elke administratie krijgt haar eigen momentopname, zoals bij "backup create", terwijl er gewoon doorgewerkt wordt. Met --only alleen de genoemde. Met meer dan één --to wordt de back-up in de eerste bestemming uit de database geschreven en daarna naar de andere gekopieerd. Een administratie die door een andere bewerking bezet is, wordt een tijd opnieuw geprobeerd (--wait) en anders gemeld; geen enkele wordt stilzwijgend overgeslagen. Het overzicht geeft per administratie het bestand, de grootte, de duur en het resultaat. Mislukt er één, dan gaan de andere door en eindigt kluis met een foutcode.',
    'Each administration gets its own snapshot, as with "backup create", while people keep working. With --only just the ones named. With more than one --to the backup is written from the database into the first destination and then copied to the others. An administration another operation holds is tried again for a while (--wait) and otherwise reported; none is skipped silently. The report gives each administration\'s file, size, duration and result. When one fails the others go on, and kluis ends with an error code.',
  ),
  examples: [
    'kluis backup all',
    'kluis backup all --jobs 2 --to /srv/kluis --to /mnt/nas/kluis --verify',
    'kluis backup all --only 001,"Bakkerij Jansen" --json',
  ],
  inputs: [{ input: 'only' }, { input: 'destination' }, { input: 'jobs' }, { input: 'verify' }, { input: 'wait' }],
  article: null,
  lock: {
    journal: 'backup',
    holds: l('elke administratie zolang haar back-up loopt', 'each administration while its backup runs'),
  },
  confirmation: null,
  preview: [],
  result: ['server', 'destinations', 'jobs', 'administrations', 'total', 'peakRssBytes'],
  phases: [{ id: 'backup-all', label: l('Back-ups van alle administraties', 'Backing up every administration') }],
} as const satisfies OperationDeclaration;
