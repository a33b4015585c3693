/**
 * Results and notes (src/wizard/results.ts, the result pages): sentences end
 * in one full stop also after a name that ends in one, the next steps name
 * who signs in, and a summary's warning is a note of its own on the page,
 * not a line of the list.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as core from '../../../src/core/index.js';
import { l } from '../../../src/errors/index.js';
import { resultPage, summaryPage } from '../../../src/web/pages.js';
import { restoreWarningText } from '../../../src/wizard/actions/rows.js';
import { actionById } from '../../../src/wizard/index.js';
import { copyMethodText, countOf, namesOf, sentence, signInNext } from '../../../src/wizard/results.js';

describe('results', () => {
  test('a sentence ends in one full stop, also after a name ending in one', () => {
    assert.equal(sentence('Gekopieerd naar Bakkerij Jansen B.V.'), 'Gekopieerd naar Bakkerij Jansen B.V.');
    assert.equal(sentence('Gekopieerd naar Bakkerij Jansen'), 'Gekopieerd naar Bakkerij Jansen.');
    assert.equal(sentence('Klaar? '), 'Klaar?');
  });

  test('the next step names who signs in, joined as each language joins names', () => {
    assert.deepEqual(signInNext(3, 'Bakkerij Jansen B.V.', ['anna', 'bram', 'devries']), {
      nl: 'Meld u aan bij administratie 003 "Bakkerij Jansen B.V." als anna, bram of devries.',
      en: 'Sign in to administration 003 "Bakkerij Jansen B.V." as anna, bram or devries.',
    });
    assert.equal(signInNext(3, 'Leeg', []), undefined);
    assert.deepEqual(namesOf(['jansen', 'petra']), { nl: 'jansen en petra', en: 'jansen and petra' });
    assert.deepEqual(countOf(19965), { nl: '19.965', en: '19,965' });
  });

  test('a copy says how it was made in words an accountant reads, not the database’s', () => {
    for (const method of ['template', 'stream'] as const)
      for (const text of Object.values(copyMethodText(method)))
        assert.doesNotMatch(text, /template|stream|bestandskopie|file copy/i, text);
  });

  test('the "did you mean" warning is a note on the summary and the result, apart from the list, with one full stop', () => {
    const warning = restoreWarningText({
      code: 'FOREIGN_LICENCE',
      holder: 'Bakkerij Jansen B.V.',
      number: 'DEMO-2026-1',
    });
    assert.doesNotMatch(warning.nl, /\.\./);
    assert.doesNotMatch(warning.en, /\.\./);
    const rows = core.declaredRows(core.operations.restore, {
      action: l('Lees back-up terug', 'Restore backup'),
      server: 'Mijn computer',
      administration: '004 "Bakkerij" (nieuw)',
      backup: '/tmp/b.ebu',
      licence: 'DEMO-2026-1 Bakkerij Jansen B.V.',
      usersKept: 'jansen',
      warnings: [warning],
    });
    assert.deepEqual(
      rows.filter((r) => r.note).map((r) => r.value),
      [warning],
    );
    const action = actionById('restore')!;
    const view = { lang: 'nl' as const, csrf: 'x' };
    for (const page of [
      summaryPage(view, action, rows),
      resultPage(
        view,
        action,
        { title: l('Teruggezet', 'Restored'), rows, next: [l('Meld u aan.', 'Sign in.')] },
        undefined,
      ),
    ]) {
      const list = /<dl class="summary">([\s\S]*?)<\/dl>/.exec(page)?.[1] ?? '';
      assert.doesNotMatch(list, /Bedoelt u/, 'the warning is not a line of the list');
      assert.match(
        page,
        /<div class="notice warning" role="note"><p><strong>Let op:<\/strong> De licentie in deze back-up is van Bakkerij Jansen B\.V\. \(DEMO-2026-1\)/,
      );
    }
    assert.match(
      resultPage(
        view,
        action,
        { title: l('Teruggezet', 'Restored'), rows: [], next: [l('Meld u aan.', 'Sign in.')] },
        undefined,
      ),
      /<h2 id="next-steps">Wat nu\?<\/h2>\s*<ul><li>Meld u aan\.<\/li><\/ul>/,
    );
  });
});
