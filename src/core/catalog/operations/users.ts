/**
 * An administration's users: the list and each change (kluis user …, and
 * the web wizard's Users page, which makes the same changes). Every change
 * holds the administration's lock and is written to its audit log.
 */
import { l } from '../../../errors/index.js';
import type { OperationDeclaration } from '../types.js';

const adm = { input: 'adm', required: true, positional: true } as const;
const user = { input: 'user-name', required: true, positional: true } as const;
const lock = { journal: 'user-change', holds: l('de administratie', 'the administration') } as const;
const change = { article: null, lock, confirmation: null, preview: [], phases: [] } as const;
/** What every change prints with --json. */
const changed = ['adm', 'user', 'change', 'changed'] as const;

export const listUsers = {
  id: 'user-list',
  words: ['user', 'list'],
  summary: l('toont de gebruikers van een administratie', 'lists the users of an administration'),
  description: l(
    'Met gebruikersnaam, naam, rol, of de gebruiker actief is en waar hij vandaan komt (eigen, van de klant, van de accountant). De licentie telt alleen actieve gebruikers.',
    'With user name, name, role, whether the user is active and where the user comes from (own, the client’s, the accountant’s). The licence counts active users only.',
  ),
  examples: ['kluis user list 012', 'kluis user list "Garage Smit" --json'],
  inputs: [adm],
  article: null,
  lock: null,
  confirmation: null,
  preview: [],
  result: ['adm', 'name', 'users', 'activeUsers', 'maxUsers', 'registered'],
  phases: [],
} as const satisfies OperationDeclaration;

export const addUser = {
  id: 'user-add',
  words: ['user', 'add'],
  summary: l('voegt een gebruiker toe aan een administratie', 'adds a user to an administration'),
  description: l(
    'De gebruiker is meteen actief. Het wachtwoord komt uit --password-file of wordt in de terminal gevraagd (twee keer, zonder het te tonen); nooit als waarde op de opdrachtregel. Geweigerd als de licentie al haar maximum aan actieve gebruikers heeft (inactieve gebruikers tellen niet mee).',
    'The user is active at once. The password comes from --password-file or is asked on the terminal (twice, without showing it); never as a value on the command line. Refused when the licence already has its maximum of active users (inactive users do not count).',
  ),
  examples: ['kluis user add 012 smit --name "Jan Smit" --role beheerder --password-file pw.txt'],
  inputs: [adm, user, { input: 'user-full-name' }, { input: 'role', required: true }, { input: 'user-password-file' }],
  ...change,
  result: changed,
} as const satisfies OperationDeclaration;

export const activateUser = {
  id: 'user-activate',
  words: ['user', 'activate'],
  summary: l('maakt een gebruiker weer actief', 'makes a user active again'),
  description: l(
    'Een actieve gebruiker kan zich aanmelden en telt mee voor het maximum van de licentie.',
    'An active user can sign in and counts towards the licence’s maximum.',
  ),
  inputs: [adm, user],
  ...change,
  result: changed,
} as const satisfies OperationDeclaration;

export const deactivateUser = {
  id: 'user-deactivate',
  words: ['user', 'deactivate'],
  summary: l('zet een gebruiker op inactief', 'deactivates a user'),
  description: l(
    'Een inactieve gebruiker kan zich niet aanmelden en telt niet mee voor de licentie; de gebruiker blijft bestaan. De geregistreerde gebruiker van de licentie en de laatste actieve beheerder blijven actief.',
    'An inactive user cannot sign in and does not count for the licence; the user stays. The licence’s registered user and the last active administrator stay active.',
  ),
  inputs: [adm, user],
  ...change,
  result: changed,
} as const satisfies OperationDeclaration;

export const setUserPassword = {
  id: 'user-password',
  words: ['user', 'password'],
  summary: l('geeft een gebruiker een nieuw wachtwoord', 'gives a user a new password'),
  description: l(
    'Het wachtwoord komt uit --password-file of wordt in de terminal gevraagd (twee keer, zonder het te tonen).',
    'The password comes from --password-file or is asked on the terminal (twice, without showing it).',
  ),
  examples: ['kluis user password 012 smit --password-file pw.txt'],
  inputs: [adm, user, { input: 'user-password-file' }],
  ...change,
  result: changed,
} as const satisfies OperationDeclaration;

export const setUserRole = {
  id: 'user-role',
  words: ['user', 'role'],
  summary: l('geeft een gebruiker een andere rol', 'gives a user another role'),
  description: l(
    'De laatste actieve beheerder blijft beheerder.',
    'The last active administrator stays an administrator.',
  ),
  examples: ['kluis user role 012 smit --role boekhouder'],
  inputs: [adm, user, { input: 'role', required: true }],
  ...change,
  result: changed,
} as const satisfies OperationDeclaration;

export const removeUser = {
  id: 'user-remove',
  words: ['user', 'remove'],
  summary: l('verwijdert een gebruiker uit een administratie', 'removes a user from an administration'),
  description: l(
    'De geregistreerde gebruiker van de licentie en de laatste actieve beheerder blijven. Het auditlog houdt bij wie de gebruiker verwijderde.',
    'The licence’s registered user and the last active administrator stay. The audit log records who removed the user.',
  ),
  inputs: [adm, user],
  ...change,
  result: changed,
} as const satisfies OperationDeclaration;
