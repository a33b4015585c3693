/**
 * The chart of accounts and journals every new administration starts with:
 * a small Dutch chart in the spirit of the reference classification (RGS),
 * enough to book sales, purchases, bank, cash, VAT and wages.
 */
export interface AccountSeed {
  readonly code: string;
  readonly name: string;
  readonly kind: 'balance' | 'profit_loss';
  readonly debitCredit: 'D' | 'C';
  readonly vatCode?: string;
}

export const standardAccounts: readonly AccountSeed[] = [
  { code: '0100', name: 'Gebouwen', kind: 'balance', debitCredit: 'D' },
  { code: '0200', name: 'Inventaris', kind: 'balance', debitCredit: 'D' },
  { code: '0300', name: 'Vervoermiddelen', kind: 'balance', debitCredit: 'D' },
  { code: '0500', name: 'Eigen vermogen', kind: 'balance', debitCredit: 'C' },
  { code: '0800', name: 'Lening u/g', kind: 'balance', debitCredit: 'C' },
  { code: '1000', name: 'Kas', kind: 'balance', debitCredit: 'D' },
  { code: '1100', name: 'Bank', kind: 'balance', debitCredit: 'D' },
  { code: '1300', name: 'Debiteuren', kind: 'balance', debitCredit: 'D' },
  { code: '1510', name: 'Af te dragen btw hoog', kind: 'balance', debitCredit: 'C' },
  { code: '1520', name: 'Af te dragen btw laag', kind: 'balance', debitCredit: 'C' },
  { code: '1530', name: 'Voorbelasting', kind: 'balance', debitCredit: 'D' },
  { code: '1600', name: 'Crediteuren', kind: 'balance', debitCredit: 'C' },
  { code: '1700', name: 'Loonheffing', kind: 'balance', debitCredit: 'C' },
  { code: '4000', name: 'Lonen en salarissen', kind: 'profit_loss', debitCredit: 'D' },
  { code: '4100', name: 'Sociale lasten', kind: 'profit_loss', debitCredit: 'D' },
  { code: '4200', name: 'Huisvestingskosten', kind: 'profit_loss', debitCredit: 'D', vatCode: 'H' },
  { code: '4300', name: 'Autokosten', kind: 'profit_loss', debitCredit: 'D', vatCode: 'H' },
  { code: '4400', name: 'Kantoorkosten', kind: 'profit_loss', debitCredit: 'D', vatCode: 'H' },
  { code: '4500', name: 'Verkoopkosten', kind: 'profit_loss', debitCredit: 'D', vatCode: 'H' },
  { code: '4600', name: 'Algemene kosten', kind: 'profit_loss', debitCredit: 'D', vatCode: 'H' },
  { code: '4900', name: 'Afschrijvingen', kind: 'profit_loss', debitCredit: 'D' },
  { code: '7000', name: 'Inkoopwaarde van de omzet', kind: 'profit_loss', debitCredit: 'D', vatCode: 'H' },
  { code: '8000', name: 'Omzet hoog tarief', kind: 'profit_loss', debitCredit: 'C', vatCode: 'H' },
  { code: '8100', name: 'Omzet laag tarief', kind: 'profit_loss', debitCredit: 'C', vatCode: 'L' },
  { code: '8200', name: 'Omzet verlegd', kind: 'profit_loss', debitCredit: 'C', vatCode: 'V' },
  { code: '9000', name: 'Rentebaten en -lasten', kind: 'profit_loss', debitCredit: 'D' },
];

export const standardJournals: ReadonlyArray<{
  code: string;
  name: string;
  type: 'bank' | 'cash' | 'sales' | 'purchase' | 'general';
}> = [
  { code: 'BNK', name: 'Bank', type: 'bank' },
  { code: 'KAS', name: 'Kas', type: 'cash' },
  { code: 'VRK', name: 'Verkoopboek', type: 'sales' },
  { code: 'INK', name: 'Inkoopboek', type: 'purchase' },
  { code: 'MEM', name: 'Memoriaal', type: 'general' },
];

/** The VAT codes the standard chart's accounts use, with the accounts VAT is paid from and claimed on. */
export const standardVatCodes: ReadonlyArray<{
  code: string;
  description: string;
  percentage: string;
  payAccount: string | null;
  claimAccount: string | null;
}> = [
  { code: 'H', description: 'Btw hoog', percentage: '21.000', payAccount: '1510', claimAccount: '1530' },
  { code: 'L', description: 'Btw laag', percentage: '9.000', payAccount: '1520', claimAccount: '1530' },
  { code: 'V', description: 'Btw verlegd', percentage: '0.000', payAccount: null, claimAccount: null },
];
