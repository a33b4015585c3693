/**
 * The review of an apply on a narrow screen (390 px), where each row of a
 * table is a card of label/value lines: an entry number, an account's name
 * or an amount that fits the card is not broken in the middle of a word
 * ("VRK/2025000011 6", "Accountantskoste n": the labels' column took half
 * the card for labels of a dozen letters). The summary page as the web
 * wizard renders it, with its own stylesheet, in Debian's Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { ChangeReview } from '../../src/core/index.js';
import { wizardCss } from '../../src/web/assets.js';
import { summaryPage } from '../../src/web/pages.js';
import { l, type WizardAction } from '../../src/wizard/index.js';
import { reviewTables } from '../../src/wizard/review.js';
import { chromiumAvailable, launchChromium } from '../helpers/web.js';

const entry = (key: string, date: string, description: string, amount: string, op: 'added' | 'removed') => ({
  key,
  journal: key.split('/')[0]!,
  number: key.split('/')[1]!,
  newNumber: null,
  date,
  description,
  amount,
  lines: 2,
  op,
  outcome: 'applied' as const,
  rule: null,
});

const review: ChangeReview = {
  periods: [
    {
      fiscalYear: 2025,
      period: 3,
      added: [],
      changed: [],
      removed: [entry('VRK/20250000116', '2025-03-03', 'Factuur 2025-1947 (gecontroleerd)', '4768.32', 'removed')],
    },
    {
      fiscalYear: 2026,
      period: 3,
      added: [entry('MEM/A4', '2026-03-15', 'Correctie afschrijving inventaris', '1234.56', 'added')],
      changed: [],
      removed: [],
    },
  ],
  journals: [],
  accounts: [
    {
      key: '4600',
      name: 'Algemene kosten en overige bedrijfslasten',
      op: 'changed',
      fields: ['name'],
      outcome: 'applied',
      rule: 'both-changed',
    },
    { key: '4660', name: 'Accountantskosten', op: 'added', fields: [], outcome: 'applied', rule: null },
  ],
  relations: [
    {
      key: '000081',
      name: 'Adviesbureau Hendriks en Zonen',
      op: 'changed',
      fields: ['city', 'email'],
      outcome: 'merged',
      rule: 'both-changed',
    },
  ],
  vatCodes: [],
  fiscalYears: [],
  periodClosings: [{ year: 2025, before: false, after: true }],
  balances: [
    { account: '1510', name: 'Af te dragen btw hoog', before: '-1909760.88', after: '-1908933.32' },
    { account: '4660', name: 'Accountantskosten', before: '0', after: '1234.56' },
  ],
  conflicts: [
    { object: 'account', key: '4600', rule: 'both-changed', settled: 'accountant', newKey: null },
    { object: 'relation', key: '000081', rule: 'both-changed', settled: 'client', newKey: null },
  ],
};

const action = {
  title: l('Wijzigingen van de accountant verwerken', "Apply the accountant's changes"),
} as WizardAction;

/** The page as the wizard serves it, its stylesheet inline (the page itself links /assets/wizard.css). */
function summaryHtml(lang: 'nl' | 'en'): string {
  return summaryPage({ lang, csrf: 'x' }, action, [], undefined, reviewTables(review))
    .replace('<link rel="stylesheet" href="/assets/wizard.css">', `<style>${wizardCss}</style>`)
    .replace(/<script[^>]*><\/script>/, '');
}

describe('the review on a narrow screen', {
  skip: chromiumAvailable() ? false : "Chromium is not installed (.ci/run installs Debian's chromium)",
}, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser?.close());

  for (const lang of ['nl', 'en'] as const) {
    test(`${lang}: at 390 px no word of a card is broken in two`, async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      try {
        await page.setContent(summaryHtml(lang));
        const broken = await page.evaluate(() => {
          const found: string[] = [];
          for (const td of document.querySelectorAll('table.stack td')) {
            const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
              // A word, or the part of one up to a hyphen (where a line may end).
              for (const m of n.data.matchAll(/[^\s-]+/g)) {
                const range = document.createRange();
                range.setStart(n, m.index);
                range.setEnd(n, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                if (lines.size > 1) found.push(`${(td as HTMLElement).dataset['label']}: ${m[0]}`);
              }
            }
          }
          return found;
        });
        assert.ok(
          (await page.locator('table.stack thead').first().boundingBox())!.width <= 1,
          'the rows are stacked into cards',
        );
        assert.deepEqual(broken, [], 'words broken in the middle');
      } finally {
        await page.close();
      }
    });
  }
});
