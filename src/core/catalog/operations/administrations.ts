/** The operations on administrations as a whole: copy, cloud prepare, recover, create, delete. */
import { l } from '../../../errors/index.js';
import type { OperationDeclaration } from '../types.js';
import { actionRow, overwriteConfirmation, serverRow } from './shared.js';

export const copyAdministration = {
  id: 'copy',
  words: ['admin', 'copy'],
  wizard: 'copy',
  summary: l(
    'maakt een volledige kopie van een administratie, met een nieuwe identiteit',
    'makes a complete copy of an administration, with a new identity',
  ),
  description: l(
    'Met een naam ontstaat een nieuwe administratie met het eerstvolgende vrije nummer; met een nummer komt de kopie in dat nummer (bestaat het al, dan alleen met --replace of een getypte bevestiging). Een administratie een ander nummer geven is: kopiëren naar dat nummer. Op dezelfde server kopieert PostgreSQL de bestanden als niemand de administratie open heeft; anders, of naar een andere server (--target-server), gaat een momentopname rechtstreeks over, zonder tussenbestand.',
    'A name makes a new administration with the next free number; a number puts the copy in that number (if it exists, only with --replace or a typed confirmation). Giving an administration another number is: copy it to that number. On the same server PostgreSQL copies the files when nobody has the administration open; otherwise, or to another server (--target-server), a snapshot streams straight across, without a file in between.',
  ),
  examples: [
    'kluis admin copy 2 --to "Bakkerij Jansen (oefen)"',
    'kluis admin copy 2 --to 12',
    'kluis admin copy 2 --to 2 --target-server kantoor',
  ],
  inputs: [
    { input: 'adm', required: true, positional: true },
    { input: 'target-server' },
    { input: 'to', required: true },
    { input: 'replace' },
  ],
  article: null,
  lock: {
    journal: 'copy',
    holds: l('het nummer van de kopie en de administratie die gekopieerd wordt', 'the copy’s number and the source'),
  },
  confirmation: overwriteConfirmation,
  preview: [
    actionRow,
    // The administration copied and its server; then the server the copy goes to.
    { label: l('Van', 'From'), from: 'source' },
    serverRow,
    { label: l('Naar', 'To'), from: 'target' },
    { label: l('Identiteit', 'Identity'), from: 'identity' },
  ],
  result: ['number', 'name', 'identity', 'method', 'seconds'],
  // A copy streams a backup into a restore: the restore's phases and shares.
  phases: [
    { id: 'restore', label: l('Gegevens kopiëren', 'Copying the data'), share: 0.75 },
    { id: 'finish', label: l('Sleutels, indexen en controles', 'Keys, indexes and checks'), share: 0.25 },
  ],
} as const satisfies OperationDeclaration;

export const prepareCloud = {
  id: 'cloud-prepare',
  words: ['cloud', 'prepare'],
  wizard: 'cloud',
  summary: l(
    'maakt een naar een (cloud)server gemigreerde administratie gereed voor gebruik',
    'makes an administration migrated to a (cloud) server ready for use',
  ),
  description: l(
    'Voor een administratiedatabase die op een andere manier op de server kwam (pg_dump/pg_restore van een beheerder, een migratiedienst). Controleert dat het een kluis-administratie is, werkt een ouder schema bij, neemt de objecten over voor de rol waarmee kluis verbindt (zonder superuser), zet reeksen bij, controleert debet = credit, sleutels en aantallen, en registreert de administratie. Nog een keer uitvoeren verandert niets.',
    "For an administration database that reached the server by other means (an administrator's pg_dump/pg_restore, a migration service). Checks that it is a kluis administration, upgrades an older schema, takes the objects over for the role kluis connects as (without superuser), moves sequences on, checks debits = credits, keys and counts, and registers the administration. Running it again changes nothing.",
  ),
  examples: ['kluis cloud prepare --server cloud --database bakkerij_jansen'],
  inputs: [
    // The command line works on the server of --server; the wizard asks which server holds the database.
    { input: 'target-server', only: 'wizard' },
    { input: 'database', required: true },
    { input: 'register-number' },
  ],
  article: null,
  lock: { journal: 'cloud-prepare', holds: l('het nummer dat geregistreerd wordt', 'the number registered') },
  confirmation: null,
  preview: [
    actionRow,
    serverRow,
    { label: l('Database', 'Database'), from: 'database' },
    { label: l('Administratienummer', 'Administration number'), from: 'number' },
    { label: l('Wat er gebeurt', 'What happens'), from: 'whatHappens' },
  ],
  result: ['database', 'role', 'administration', 'schema', 'actions', 'problems', 'checks'],
  phases: [
    { id: 'owned', label: l('Eigendom overgenomen', 'Ownership taken') },
    { id: 'migrated', label: l('Schema bijgewerkt', 'Schema upgraded') },
    { id: 'checked', label: l('Gecontroleerd', 'Checked') },
    { id: 'numbered', label: l('Geregistreerd', 'Registered') },
  ],
} as const satisfies OperationDeclaration;

export const recover = {
  id: 'recover',
  words: ['recover'],
  wizard: 'recover',
  summary: l(
    'herstelt na een afgebroken back-up, terugzetting of andere bewerking',
    'recovers after an interrupted backup, restore or other operation',
  ),
  description: l(
    'Heeft alleen werk als een bewerking niet is afgemaakt (crash, stroomstoring, afgebroken proces, verbroken verbinding). Elke getroffen administratie wordt teruggebracht naar precies hoe ze was, of naar hoe ze zou zijn als de bewerking was afgemaakt. Ook registraties zonder database en databases die niet correct gekoppeld zijn worden hersteld. Opnieuw uitvoeren is veilig.',
    'Only has work when an operation did not finish (crash, power loss, killed process, lost connection). Every affected administration is brought back to exactly how it was, or to how it would be had the operation finished. Registrations without a database and databases that are not correctly attached are repaired too. Running it again is safe.',
  ),
  // The wizard lists what will be recovered on its summary screen.
  inputs: [{ input: 'list', only: 'cli' }],
  article: null,
  lock: {
    journal: 'recover',
    holds: l(
      'één herstel tegelijk per server, plus de sloten van wat het afmaakt',
      'one recover at a time per server, plus the locks of what it settles',
    ),
  },
  confirmation: null,
  // One row per item: an administration's labelled with its number, the server's after them.
  preview: [
    actionRow,
    serverRow,
    { label: l('Administratie', 'Administration'), from: 'administrationItems' },
    { label: l('Server', 'Server'), from: 'serverItems' },
  ],
  result: ['items', 'performed'],
  phases: [{ id: 'recover', label: l('Herstellen', 'Recovering') }],
} as const satisfies OperationDeclaration;

export const createAdministration = {
  id: 'admin-create',
  words: ['admin', 'create'],
  summary: l('maakt een nieuwe, lege administratie aan', 'creates a new, empty administration'),
  description: l(
    'De administratie krijgt het eerstvolgende vrije nummer, of het nummer uit --number. Ze draait onder de licentie uit --licence, of onder de standaardlicentie van deze installatie ("kluis licence install"). De geregistreerde gebruiker van die licentie wordt de eerste gebruiker (beheerder).',
    'The administration gets the next free number, or the number from --number. It runs under the licence from --licence, or under this installation\'s default licence ("kluis licence install"). That licence\'s registered user becomes the first user (administrator).',
  ),
  examples: ['kluis admin create "Garage Smit" --number 12 --licence licentie.json --password-file pw.txt'],
  inputs: [
    { input: 'name', required: true, positional: true },
    { input: 'number' },
    { input: 'licence' },
    { input: 'full-name' },
    { input: 'first-password-file' },
  ],
  article: null,
  lock: { journal: 'admin-create', holds: l('het nieuwe nummer', 'the new number') },
  confirmation: null,
  preview: [],
  result: ['number', 'name', 'database', 'identity', 'user'],
  phases: [{ id: 'indexes', label: l('Indexen', 'Indexes') }],
} as const satisfies OperationDeclaration;

export const deleteAdministration = {
  id: 'admin-delete',
  words: ['admin', 'delete'],
  summary: l('verwijdert een administratie met al haar gegevens', 'deletes an administration and all its data'),
  description: l(
    'Vraagt om bevestiging: typ het nummer over (Enter, Ctrl-C of Ctrl-D breekt af), of geef het mee met --confirm. Geweigerd zolang iemand de administratie geopend heeft.',
    'Asks for confirmation: type the number (Enter, Ctrl-C or Ctrl-D cancels), or pass it with --confirm. Refused while anyone has the administration open.',
  ),
  inputs: [{ input: 'adm', required: true, positional: true }, { input: 'confirm' }],
  article: null,
  lock: { journal: 'admin-delete', holds: l('de administratie', 'the administration') },
  confirmation: {
    input: 'confirm',
    asks: l(
      'het nummer van de administratie, getypt of met --confirm N',
      "the administration's number, typed or with --confirm N",
    ),
  },
  // No summary rows: the question that asks for the typed number names the administration and what it holds.
  preview: [],
  result: ['deleted', 'name'],
  phases: [
    { id: 'marked-deleting', label: l('Gemarkeerd', 'Marked') },
    { id: 'database-dropped', label: l('Database verwijderd', 'Database dropped') },
  ],
} as const satisfies OperationDeclaration;
