/** The XAF 3.2 auditfile operations: export a fiscal year, import a client's books. */

import { l } from '../../../errors/index.js';
import { accountancyArticle } from '../../licence/licence.js';
import type { OperationDeclaration } from '../types.js';
import { actionRow, licenceRow, overwriteConfirmation, serverRow, targetRow } from './shared.js';

export const exportXaf = {
  id: 'xaf-export',
  words: ['xaf', 'export'],
  summary: l('maakt een XAF 3.2-auditfile van één boekjaar', 'makes an XAF 3.2 auditfile of one fiscal year'),
  description: l(
    'De standaard waarin Nederlandse boekhoudpakketten een boekjaar aan een accountant overdragen: bedrijf, relaties, grootboekrekeningen, btw-codes, perioden, beginbalans en alle boekingen van het jaar per dagboek. Het bestand wordt naast het doel geschreven en pas op zijn plaats gezet als het compleet is. Met -o - gaat de auditfile naar standaarduitvoer.',
    'The standard in which Dutch accounting packages hand a fiscal year to an accountant: company, relations, ledger accounts, VAT codes, periods, opening balance and every entry of the year by journal. The file is written beside its target and only put in place when complete. With -o - the auditfile goes to standard output.',
  ),
  examples: [
    'kluis xaf export 001 --year 2025 -o bakkerij-2025.xaf',
    'kluis xaf export "Bakkerij Jansen" --year 2025 -o - | xmllint --noout -',
  ],
  inputs: [
    { input: 'adm', required: true, positional: true },
    { input: 'year', required: true },
    { input: 'auditfile-output' },
  ],
  article: null,
  lock: { journal: 'xaf-export', holds: l('de administratie', 'the administration') },
  confirmation: null,
  preview: [],
  result: ['adm', 'name', 'year', 'path', 'bytes', 'transactions', 'lines', 'seconds', 'warnings'],
  phases: [{ id: 'xaf-export', label: l('Auditfile maken', 'Making the auditfile') }],
} as const satisfies OperationDeclaration;

export const importXaf = {
  id: 'xaf-import',
  words: ['xaf', 'import'],
  summary: l(
    'maakt een administratie van een XAF 3.2-auditfile, onder uw accountantslicentie',
    "makes an administration from an XAF 3.2 auditfile, under your accountant's licence",
  ),
  description: l(
    'Voor de boeken van een klant op een ander pakket. Alleen vanuit een geopende administratie (--open) met het artikel E-Accountancy: de nieuwe administratie draait onder die licentie, met de gekozen gebruikers. Eerst wordt alles gecontroleerd: het schema, de verwijzingen naar rekeningen, relaties, btw-codes en perioden, de aantallen en totalen, en of elke boeking in balans is. Bij de eerste fout stopt het inlezen met de regel en het element erbij, en is er niets geschreven. Net als bij terugzetten: een naam maakt een nieuwe administratie, een bestaand nummer wordt alleen met --replace overschreven, en nooit de geopende administratie zelf.',
    'For the books of a client on another package. Only from an open administration (--open) whose licence has the article E-Accountancy: the new administration runs under that licence, with the chosen users. Everything is checked first: the schema, the references to accounts, relations, VAT codes and periods, the counts and totals, and that every entry balances. At the first fault the import stops with the line and the element, and nothing has been written. As with a restore: a name makes a new administration, an existing number is only overwritten with --replace, and never the open administration itself.',
  ),
  examples: ['kluis xaf import klant-2025.xaf --open 001 --to "Bakkerij Jansen" --users anna,bram'],
  inputs: [
    { input: 'auditfile', required: true, positional: true },
    { input: 'open', required: true },
    { input: 'to', required: true },
    { input: 'users' },
    { input: 'all-users' },
    { input: 'replace' },
    { input: 'database-dir' },
    { input: 'server-folder' },
    { input: 'dry-run' },
  ],
  article: accountancyArticle,
  lock: {
    journal: 'xaf-import',
    holds: l(
      'het nummer waarin ingelezen wordt en de geopende administratie',
      'the number imported into and the open administration',
    ),
  },
  confirmation: overwriteConfirmation,
  preview: [
    actionRow,
    serverRow,
    targetRow,
    { label: l('Auditfile', 'Auditfile'), from: 'auditfile' },
    { label: l('Bedrijf', 'Company'), from: 'company' },
    { label: l('Boekjaar', 'Fiscal year'), from: 'fiscalYear' },
    { label: l('Gemaakt met', 'Made with'), from: 'madeWith' },
    licenceRow,
    { label: l('Gebruikers', 'Users'), from: 'users' },
  ],
  result: [
    'number',
    'name',
    'databaseName',
    'overwrites',
    'header',
    'companyName',
    'activeLicence',
    'users',
    'counts',
    'bytes',
    'seconds',
    'dryRun',
  ],
  phases: [
    { id: 'xaf-import', label: l('Auditfile inlezen', 'Reading the auditfile'), share: 0.75 },
    { id: 'finish', label: l('Sleutels, indexen en controles', 'Keys, indexes and checks'), share: 0.25 },
  ],
} as const satisfies OperationDeclaration;
