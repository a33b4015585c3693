/** Handing the books out to the accountant with a dividing date, and withdrawing it (issue 22). */

import { l } from '../../../errors/index.js';
import type { OperationDeclaration } from '../types.js';
import { actionRow, serverRow } from './shared.js';

export const handOutToAccountant = {
  id: 'client-hand-out',
  words: ['client', 'hand-out'],
  wizard: 'hand-out',
  summary: l(
    'levert de administratie uit aan de accountant tot en met een afsluitdatum; daarna boekt u gewoon door',
    'hands the administration out to the accountant up to a dividing date; after it you keep booking',
  ),
  description: l(
    'Maakt de back-up voor de accountant (zoals "backup create": -o, versleutelen met --new-passphrase-file of voor de openbare sleutel van de accountant met --recipient age1…) en legt in de administratie vast dat ze is uitgeleverd tot en met de afsluitdatum. Zolang de uitlevering uitstaat, weigert de administratie boekingen op of vóór die datum; boekingen daarna gaan gewoon. De accountant installeert het bestand met "kluis client install" en stuurt met "kluis client changes" alleen zijn wijzigingen terug, die u verwerkt met "kluis client apply". Met --cancel trekt u de uitlevering in (typ het nummer ter bevestiging, of geef --confirm N): alle datums zijn dan weer te boeken. Een uitlevering die niet af kwam (afgebroken, stroomstoring) wordt door "kluis recover" ingetrokken, samen met het onvolledige bestand.',
    'Makes the backup for the accountant (as "backup create": -o, encrypted with --new-passphrase-file or for the accountant\'s public key with --recipient age1…) and records in the administration that it is handed out up to and including the dividing date. While the hand-out is outstanding, the administration refuses entries dated on or before that date; entries after it go ahead. The accountant installs the file with "kluis client install" and sends back only their changes with "kluis client changes", which you apply with "kluis client apply". With --cancel you withdraw the hand-out (type the number to confirm, or pass --confirm N): every date can be booked again. A hand-out that did not finish (interrupted, power cut) is withdrawn by "kluis recover", together with its incomplete file.',
  ),
  examples: [
    'kluis client hand-out 002 --until 30-06-2026 -o /media/usb --recipient age1…',
    'kluis client hand-out "Bakkerij Jansen" --until 2026-06-30',
    'kluis client hand-out 002 --cancel --confirm 002',
  ],
  inputs: [
    { input: 'adm', required: true, positional: true },
    // Required to hand out; --cancel needs none (the command says so when it is missing).
    { input: 'until' },
    { input: 'output' },
    // The wizard asks whether to encrypt; the command line encrypts when a passphrase or key is given.
    { input: 'encrypt', only: 'wizard' },
    { input: 'new-passphrase-file', aliases: ['passphrase-file'] },
    { input: 'recipient' },
    // The wizard withdraws when the administration chosen is handed out already (it can be nothing else).
    { input: 'cancel', only: 'cli' },
    { input: 'hand-out-confirm' },
  ],
  article: null,
  lock: { journal: 'hand-out', holds: l('de administratie', 'the administration') },
  confirmation: {
    input: 'hand-out-confirm',
    asks: l(
      'intrekken: het nummer van de administratie, getypt of met --confirm N',
      "withdrawing: the administration's number, typed or with --confirm N",
    ),
  },
  preview: [
    actionRow,
    serverRow,
    { label: l('Administratie', 'Administration'), from: 'administration' },
    // Withdrawing (the wizard): the hand-out that is withdrawn.
    { label: l('Uitlevering', 'Hand-out'), from: 'handOut' },
    { label: l('Afsluitdatum', 'Dividing date'), from: 'until' },
    { label: l('Back-up', 'Backup'), from: 'backup' },
    { label: l('Versleuteld', 'Encrypted'), from: 'encrypted' },
    // What the client can no longer book, and until when: read before Finish.
    { label: l('Daarna', 'Afterwards'), from: 'locked', note: true },
  ],
  result: ['adm', 'name', 'handOut', 'location', 'sizeBytes', 'seconds', 'transactions', 'documents', 'cancelled'],
  phases: [{ id: 'backup', label: l('Back-up voor de accountant', 'Backup for the accountant') }],
} as const satisfies OperationDeclaration;
