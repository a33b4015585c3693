/**
 * Only the accountant's changes (issue 22): the accountant writes a change
 * package of a client's handed-out administration, the client reviews and
 * applies it to the live books.
 */

import { type Localized, l } from '../../../errors/index.js';
import type { OperationDeclaration } from '../types.js';
import { actionRow, serverRow } from './shared.js';

export const clientChanges = {
  id: 'client-changes',
  words: ['client', 'changes'],
  summary: l(
    'schrijft alleen uw wijzigingen in de uitgeleverde administratie van een klant, voor de klant om te verwerken',
    "writes only your changes to a client's handed-out administration, for the client to apply",
  ),
  description: l(
    'Voor een administratie die u installeerde uit de uitlevering van een klant (kluis client hand-out, dan kluis client install). Het pakket bevat elke boeking (met haar regels), grootboekrekening, relatie, btw-code en periodeafsluiting die u sinds de uitlevering wijzigde, zoals ze bij de uitlevering waren en zoals ze nu zijn, met wie ze wijzigde en wanneer; wat u terugdraaide, zit er niet in. Dagboeken die u hernoemde of verwijderde, perioden, beginbalansen, documenten en subadministraties gaan niet mee: kluis zegt het als u die wijzigde, en dan gaat alleen de hele administratie (kluis backup create) ermee terug. Het is een .ebu-bestand zoals een back-up (met controlesommen, en versleuteld voor de sleutel van de klant met --recipient), gebonden aan de administratie van de klant en aan de uitlevering. Elk pakket bevat alle wijzigingen sinds de uitlevering: de klant heeft alleen het nieuwste nodig.',
    "For an administration you installed from a client's hand-out (kluis client hand-out, then kluis client install). The package holds every entry (with its lines), ledger account, relation, VAT code and period closing you changed since the hand-out, as it was at the hand-out and as it is now, with who changed it and when; what you changed back is left out. Journals you renamed or removed, periods, opening balances, documents and subledgers do not go: kluis says so when you changed them, and then only the whole administration (kluis backup create) takes them back. It is an .ebu file like a backup (checksummed, and encrypted for the client's key with --recipient), bound to the client's administration and to the hand-out. Every package holds all changes since the hand-out: the client needs only the newest.",
  ),
  examples: [
    'kluis client changes "Bakkerij Jansen" -o /media/usb',
    'kluis client changes 003 -o wijzigingen.ebu --recipient age1…',
  ],
  inputs: [
    { input: 'adm', required: true, positional: true },
    { input: 'changes-output' },
    { input: 'new-passphrase-file', aliases: ['passphrase-file'] },
    { input: 'recipient' },
  ],
  article: null,
  lock: { journal: 'backup', holds: l('de administratie', 'the administration') },
  confirmation: null,
  preview: [],
  result: ['adm', 'location', 'sizeBytes', 'sequence', 'handOut', 'counts', 'notCarried', 'seconds'],
  phases: [{ id: 'backup', label: l('Wijzigingen schrijven', 'Writing the changes') }],
} as const satisfies OperationDeclaration;

export const clientApply = {
  id: 'client-apply',
  words: ['client', 'apply'],
  wizard: 'client-apply',
  summary: l(
    'verwerkt het wijzigingenpakket van de accountant in uw administratie, na een overzicht',
    "applies the accountant's change package to your administration, after a review",
  ),
  description: l(
    'Eerst het overzicht: elke wijziging per periode (boekingen toegevoegd, gewijzigd en verwijderd), grootboekrekeningen, relaties, btw-codes en periodeafsluitingen, het saldo per rekening ervoor en erna, en elk conflict met de regel die het beslist. Met --dry-run alleen het overzicht: er verandert niets. Daarna wordt alles in één transactie verwerkt, met een journaal zoals bij terugzetten: na een onderbreking is de administratie precies zoals ervoor of zoals erna. De accountant staat in het logboek als auteur van elke wijziging, en de uitgeleverde periode gaat weer open.',
    'First the review: every change per period (entries added, changed and removed), ledger accounts, relations, VAT codes and period closings, the balance per account before and after, and every conflict with the rule that settles it. With --dry-run only the review: nothing changes. Then everything is applied in one transaction, journaled like a restore: after an interruption the administration is exactly as before or as after. The accountant is recorded in the audit log as the author of each change, and the handed-out period opens again.',
  ),
  examples: [
    'kluis client apply wijzigingen.ebu --to "Bakkerij Jansen" --dry-run',
    'kluis client apply wijzigingen.ebu --to 003 --identity-file sleutel.txt',
  ],
  inputs: [
    { input: 'changes-file', required: true, positional: true },
    { input: 'changes-to', required: true },
    // The wizard always shows the review first.
    { input: 'dry-run', only: 'cli' },
    { input: 'passphrase-file' },
    { input: 'identity-file' },
  ],
  article: null,
  lock: { journal: 'client-apply', holds: l('de administratie van de klant', "the client's administration") },
  confirmation: null,
  preview: [
    actionRow,
    serverRow,
    { label: l('Administratie', 'Administration'), from: 'administration' },
    { label: l('Wijzigingenpakket', 'Change package'), from: 'package' },
    { label: l('Accountant', 'Accountant'), from: 'accountant' },
    { label: l('Uitgeleverd tot en met', 'Handed out up to and including'), from: 'until' },
    // The wizard's summary: the changes counted, and the conflicts as a note to read before Finish.
    { label: l('Wijzigingen', 'Changes'), from: 'changes' },
    { label: l('Conflicten', 'Conflicts'), from: 'conflicts', note: true },
  ],
  result: ['adm', 'name', 'package', 'review', 'dryRun', 'seconds'],
  phases: [
    { id: 'load', label: l('Pakket inlezen', 'Reading the package'), share: 0.4 },
    { id: 'merge', label: l('Wijzigingen verwerken', 'Applying the changes'), share: 0.6 },
  ],
} as const satisfies OperationDeclaration;

/**
 * Each conflict rule of an apply's review, in the words every shell shows
 * (the CLI's review, the wizards'): what happened and how it was settled.
 */
export const conflictRuleLabels = {
  'both-changed': l(
    'beide kanten wijzigden hetzelfde veld; bij rekeningen, btw-codes en boekjaren wint de accountant, bij relaties uw gegevens',
    "both sides changed the same field; for accounts, VAT codes and fiscal years the accountant's value wins, for relations yours",
  ),
  'removed-but-used': l(
    'de accountant verwijderde het, maar uw boekingen gebruiken het nog: het blijft',
    'the accountant removed it, but your entries still use it: it stays',
  ),
  'removed-but-changed': l(
    'de accountant verwijderde het, maar u wijzigde het: uw versie blijft',
    'the accountant removed it, but you changed it: your version stays',
  ),
  'removed-by-client': l(
    'u verwijderde het, maar de accountant wijzigde of gebruikt het: het komt terug zoals de accountant het heeft',
    'you removed it, but the accountant changed or uses it: it comes back as the accountant has it',
  ),
  'locked-period-changed': l(
    'u wijzigde een boeking in de uitgeleverde periode: die van de accountant geldt; uw versie staat in het logboek',
    "you changed an entry in the handed-out period: the accountant's stands; your version is in the audit log",
  ),
  'number-taken': l(
    'u boekte intussen onder hetzelfde nummer: de boeking van de accountant krijgt het volgende vrije nummer',
    "you booked under the same number meanwhile: the accountant's entry gets the next free number",
  ),
} as const;

/**
 * A conflict's rule as it settled this object: for `both-changed` the side
 * whose value stands (the accountant's for an account, VAT code or fiscal
 * year, the client's for a relation) instead of both cases at once; the
 * other rules as conflictRuleLabels says them.
 */
export function conflictRuleLabel(rule: keyof typeof conflictRuleLabels, object: string): Localized {
  if (rule !== 'both-changed') return conflictRuleLabels[rule];
  return object === 'relation'
    ? l(
        'beide kanten wijzigden hetzelfde veld: uw gegevens blijven',
        'both sides changed the same field: your data stays',
      )
    : l(
        'beide kanten wijzigden hetzelfde veld: de waarde van de accountant geldt',
        "both sides changed the same field: the accountant's value stands",
      );
}

/** What each kind of object in a change package is called, in the review's sentences. */
export const changeObjectLabels = {
  entry: l('boeking', 'entry'),
  account: l('rekening', 'account'),
  relation: l('relatie', 'relation'),
  vat_code: l('btw-code', 'VAT code'),
  fiscal_year: l('boekjaar', 'fiscal year'),
  journal: l('dagboek', 'journal'),
} as const;

/** The fields a review lists as changed (the columns of accounts, relations, VAT codes and fiscal years). */
export const changeFieldLabels: Readonly<Record<string, Localized>> = {
  code: l('code', 'code'),
  name: l('naam', 'name'),
  kind: l('soort', 'kind'),
  debit_credit: l('debet/credit', 'debit/credit'),
  vat_code: l('btw-code', 'VAT code'),
  blocked: l('geblokkeerd', 'blocked'),
  vat_number: l('btw-nummer', 'VAT number'),
  iban: l('IBAN', 'IBAN'),
  city: l('plaats', 'city'),
  country: l('land', 'country'),
  email: l('e-mail', 'email'),
  description: l('omschrijving', 'description'),
  percentage: l('percentage', 'percentage'),
  pay_account: l('rekening af te dragen', 'account payable'),
  claim_account: l('rekening te vorderen', 'account receivable'),
  start_date: l('begindatum', 'start date'),
  end_date: l('einddatum', 'end date'),
  closed: l('afgesloten', 'closed'),
  xaf: l('overige auditfilegegevens', 'other auditfile data'),
};

/** A field's name in the person's language; a column kluis does not name is shown as it is. */
export function changeFieldLabel(field: string): Localized {
  return changeFieldLabels[field] ?? l(field, field);
}

type OpCounts = { readonly added: number; readonly changed: number; readonly removed: number };

/** A package's counts in words, for inspect, the CLI and the wizards: "entries: 1 added, 2 changed, 0 removed; 1 relation; …". */
export function changeCountsText(counts: {
  readonly entries: OpCounts;
  readonly accounts: OpCounts;
  readonly relations: OpCounts;
  readonly vatCodes: OpCounts;
  readonly fiscalYears: OpCounts;
}): Localized {
  const sum = (c: OpCounts) => c.added + c.changed + c.removed;
  const e = counts.entries;
  const n = (c: OpCounts, one: Localized, many: Localized) => {
    const k = sum(c);
    return l(`${k} ${k === 1 ? one.nl : many.nl}`, `${k} ${k === 1 ? one.en : many.en}`);
  };
  const parts = [
    n(counts.accounts, l('rekening', 'account'), l('rekeningen', 'accounts')),
    n(counts.relations, l('relatie', 'relation'), l('relaties', 'relations')),
    n(counts.vatCodes, l('btw-code', 'VAT code'), l('btw-codes', 'VAT codes')),
    n(counts.fiscalYears, l('boekjaar', 'fiscal year'), l('boekjaren', 'fiscal years')),
  ];
  return l(
    [
      `boekingen: ${e.added} toegevoegd, ${e.changed} gewijzigd, ${e.removed} verwijderd`,
      ...parts.map((p) => p.nl),
    ].join('; '),
    [`entries: ${e.added} added, ${e.changed} changed, ${e.removed} removed`, ...parts.map((p) => p.en)].join('; '),
  );
}

/** What a change package does not carry (core/client/changes.ts notCarried), in words. */
export const notCarriedLabels = {
  journals: l('dagboeken (hernoemd of verwijderd)', 'journals (renamed or removed)'),
  periods: l('perioden', 'periods'),
  'opening-balances': l('beginbalansen', 'opening balances'),
  documents: l('documenten', 'documents'),
  subledgers: l('subadministraties uit een auditfile', "an auditfile's subledgers"),
} as const satisfies Record<string, Localized>;

/**
 * "Niet in het pakket: beginbalansen (3 wijzigingen), documenten (1 wijziging); die gaan alleen mee met de
 * hele administratie." — undefined when the package carries everything that was changed.
 */
export function notCarriedText(
  list: ReadonlyArray<{ readonly what: keyof typeof notCarriedLabels; readonly changes: number }>,
  command?: string,
): Localized | undefined {
  if (list.length === 0) return undefined;
  const part = (lang: 'nl' | 'en') =>
    list
      .map(({ what, changes }) => {
        const unit =
          lang === 'nl' ? (changes === 1 ? 'wijziging' : 'wijzigingen') : changes === 1 ? 'change' : 'changes';
        return `${notCarriedLabels[what][lang]} (${changes} ${unit})`;
      })
      .join(', ');
  const how = command ? ` (${command})` : '';
  return l(
    `Niet in het pakket: ${part('nl')}. Die gaan alleen mee met de hele administratie${how}.`,
    `Not in the package: ${part('en')}. Those go back only with the whole administration${how}.`,
  );
}
