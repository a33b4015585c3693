/**
 * The operation catalog on its own (src/core/catalog): every operation the
 * issue names is declared, every input it names exists and is used, labels
 * say which input a field is, command-line names do not collide, and the one
 * parse function types, checks and names the values as the help does.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as core from '../../../src/core/index.js';
import { l } from '../../../src/errors/index.js';
import { message, rejectsWithCode } from '../../helpers/assertions.js';

const ops = core.allOperations();
const inputs = core.allInputs();

/** The command-line names of an operation's inputs, for one kind of shell. */
function names(op: core.OperationDeclaration, shell: 'cli' | 'wizard'): string[] {
  return op.inputs.filter((e) => e.only === undefined || e.only === shell).flatMap((e) => core.inputNames(e));
}

describe('operation catalog: the declarations', () => {
  test('the operations of the issues are declared, each with its own command', () => {
    assert.deepEqual(Object.keys(core.operations).sort(), [
      'admin-create',
      'admin-delete',
      'backup-all',
      'check',
      'client-apply',
      'client-changes',
      'client-hand-out',
      'client-install',
      'cloud-prepare',
      'copy',
      'create-backup',
      'licence-import',
      'prune',
      'recover',
      'repository-add',
      'repository-list',
      'repository-remove',
      'repository-test',
      'restore',
      'schedule-install',
      'schedule-remove',
      'schedule-run',
      'schedule-status',
      'user-activate',
      'user-add',
      'user-deactivate',
      'user-list',
      'user-password',
      'user-remove',
      'user-role',
      'xaf-export',
      'xaf-import',
    ]);
    for (const [id, op] of Object.entries(core.operations)) assert.equal(op.id, id);
    const words = ops.map((o) => o.words.join(' '));
    assert.equal(new Set(words).size, words.length, `two operations share a command: ${words.join(', ')}`);
  });

  test('every input an operation names is declared, and every declared input is used', () => {
    const used = new Set<string>(core.wizardOwnInputs);
    for (const op of ops)
      for (const e of op.inputs) {
        assert.ok(core.isInputId(e.input), `${op.id}: unknown input "${e.input}"`);
        used.add(e.input);
      }
    assert.deepEqual(
      inputs.filter((i) => !used.has(i.id)).map((i) => i.id),
      [],
      'an input no operation takes',
    );
  });

  test('no two inputs have the same label, in either language', () => {
    for (const lang of ['nl', 'en'] as const) {
      const seen = new Map<string, string>();
      for (const i of inputs) {
        const other = seen.get(i.label[lang]);
        assert.equal(other, undefined, `"${i.label[lang]}" labels both ${other} and ${i.id}`);
        seen.set(i.label[lang], i.id);
      }
    }
  });

  test('ids and flags are kebab-case; a path says its use; a secret is read from a file; a choice has a default', () => {
    for (const i of inputs) {
      assert.match(i.id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, i.id);
      assert.match(core.inputFlag(i), /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, i.id);
      if (i.kind === 'path' || i.kind === 'secret-file') assert.ok(i.path, `${i.id} declares no path use`);
      if (i.kind === 'secret-file') {
        assert.equal(i.path, 'secret', i.id);
        assert.match(core.inputFlag(i), /-file$/, `${i.id}: a secret comes from a file, named --…-file`);
      }
      if (i.choices)
        assert.ok(
          i.choices.some((c) => c.value === i.default),
          `${i.id}: its default is a choice`,
        );
      for (const lang of ['nl', 'en'] as const) {
        assert.ok(i.label[lang].trim(), `${i.id} has no ${lang} label`);
        assert.ok(i.help[lang].trim(), `${i.id} has no ${lang} help`);
      }
    }
  });

  test('within one command, and across the terminal wizard, a name means one input', () => {
    for (const op of ops) {
      const cli = names(op, 'cli');
      assert.equal(new Set(cli).size, cli.length, `${op.id}: a command-line name twice: ${cli.join(' ')}`);
    }
    // The terminal wizard takes the flags of all its operations at once: the same flag must be the same input.
    const byFlag = new Map<string, string>();
    for (const id of core.wizardOwnInputs) byFlag.set(core.wizardInputFlag(core.inputOf(id)), id);
    for (const op of ops.filter((o) => o.wizard))
      for (const e of op.inputs.filter((x) => x.only !== 'cli')) {
        // An operation's own old names are its command's (`backup create --passphrase-file`), not the wizard's.
        const input = core.inputOf(e.input as core.InputId);
        for (const name of [core.wizardInputFlag(input), ...(input.aliases ?? [])]) {
          const other = byFlag.get(name);
          assert.ok(other === undefined || other === e.input, `--${name} is both ${other} and ${e.input}`);
          byFlag.set(name, e.input);
        }
      }
  });

  test('what an operation declares besides its inputs', () => {
    for (const op of ops) {
      if (op.confirmation)
        assert.ok(
          op.inputs.some((e) => e.input === op.confirmation!.input),
          `${op.id} confirms with an input it does not take`,
        );
      assert.ok(op.result.length > 0, `${op.id} declares no result`);
      assert.equal(new Set(op.result).size, op.result.length, `${op.id}: a result key twice`);
      assert.ok(op.summary.nl && op.summary.en, op.id);
      for (const p of op.phases) assert.ok(p.label.nl && p.label.en, `${op.id}: phase ${p.id} has no label`);
    }
    // Working on a client's books needs E-Accountancy; nothing else asks for an article.
    assert.deepEqual(
      ops.filter((o) => o.article !== null).map((o) => [o.id, o.article]),
      [
        ['client-install', core.accountancyArticle],
        ['xaf-import', core.accountancyArticle],
      ],
    );
    // Every wizard action performs one declared operation.
    for (const action of ['backup', 'restore', 'recover', 'client-install', 'cloud', 'copy'])
      assert.ok(core.operationOfAction(action), action);
  });
});

describe('operation catalog: reading values', () => {
  test('typed from the declaration: required, optional, boolean, lists; old names still work', () => {
    const v = core.readValues(core.operations['client-install'], {
      file: 'klant.ebu',
      open: '001',
      to: 'Bakkerij',
      users: 'anna, bram,,',
      'dry-run': true,
      identity: ['a.key', 'b.key'],
    });
    const file: string = v.file;
    const replace: string | undefined = v.replace;
    const users: string[] = v.users;
    const dryRun: boolean = v['dry-run'];
    assert.equal(file, 'klant.ebu');
    assert.equal(replace, undefined);
    assert.deepEqual(users, ['anna', 'bram']);
    assert.equal(dryRun, true);
    assert.equal(v['all-users'], false);
    assert.deepEqual(v['identity-file'], ['a.key', 'b.key']);
    // A wizard-only input is not among the command line's values.
    assert.ok(!('target-server' in v));
    // The backup's new passphrase keeps its old name on `backup create` only.
    const b = core.readValues(core.operations['create-backup'], { adm: '1', 'passphrase-file': 'p.txt' });
    assert.equal(b['new-passphrase-file'], 'p.txt');
    assert.deepEqual(b.recipient, []);
  });

  test('a missing required input is named as the help names it', async () => {
    const option = await rejectsWithCode(
      () => core.readValues(core.operations.restore, { file: 'x.ebu' }),
      'USAGE_MISSING_ARGUMENT',
    );
    assert.match(message(option, 'en'), /"backup restore".*--to/);
    const argument = await rejectsWithCode(
      () => core.readValues(core.operations.restore, { to: 'x' }),
      'USAGE_MISSING_ARGUMENT',
    );
    assert.match(message(argument, 'en'), /<file>/);
  });

  test("a wrong value is refused with the input's own error", async () => {
    await rejectsWithCode(
      () => core.readValues(core.operations.restore, { file: 'x', to: 'y', replace: 'twelve' }),
      'ADMIN_NUMBER_INVALID',
    );
    await rejectsWithCode(
      () => core.readValues(core.operations['create-backup'], { adm: '1', recipient: ['age1nope'] }),
      'RECIPIENT_INVALID',
    );
  });
});

describe('operation catalog: the summary (preview) rows', () => {
  // The operations a shell previews: every wizard action's, and the XAF import (client install from an auditfile, kluis xaf import).
  const previewed = ops.filter((o) => o.wizard !== undefined || o.id === 'xaf-import');

  test('each previewed operation declares its rows: an action row first, keys once, labels in nl and en', () => {
    assert.deepEqual(previewed.map((o) => o.id).sort(), [
      'client-apply',
      'client-hand-out',
      'client-install',
      'cloud-prepare',
      'copy',
      'create-backup',
      'recover',
      'restore',
      'xaf-import',
    ]);
    for (const op of previewed) {
      assert.equal(op.preview[0]?.from, 'action', `${op.id}: the summary opens with what is about to happen`);
      const keys = op.preview.map((r) => r.from);
      assert.equal(new Set(keys).size, keys.length, `${op.id}: a row key twice: ${keys.join(', ')}`);
      for (const r of op.preview) {
        assert.match(r.from, /^[a-z][A-Za-z]*$/, `${op.id}: "${r.from}" is a plain key`);
        assert.ok(r.label.nl.trim() && r.label.en.trim(), `${op.id}: row ${r.from} lacks a label`);
      }
    }
  });

  test('declaredRows: the declared order and labels, whatever order the values come in; null left out; a list a row each', () => {
    const rows = core.declaredRows(core.operations.restore, {
      warnings: [l('eerste', 'first'), null, 'tweede'],
      usersKept: null,
      licence: 'L-1',
      backup: '/tmp/b.ebu',
      administration: '004 "Nieuw" (nieuw)',
      server: 'local',
      action: l('Terugzetten', 'Restore'),
    });
    assert.deepEqual(
      rows.map((r) => [r.label.en, r.value]),
      [
        ['Action', l('Terugzetten', 'Restore')],
        ['Server', 'local'],
        ['Administration', '004 "Nieuw" (nieuw)'],
        ['Backup', '/tmp/b.ebu'],
        ['Licence', 'L-1'],
        ['Note', l('eerste', 'first')],
        ['Note', 'tweede'],
      ],
    );
    // Each row carries the declaration's label object, in both languages.
    for (const r of rows) assert.ok(core.operations.restore.preview.some((d) => d.label === r.label));
  });

  test('declaredRows: a qualified value names which one in its label', () => {
    const rows = core.declaredRows(core.operations.recover, {
      action: 'x',
      server: 'local',
      administrationItems: [{ which: '004', value: l('terugdraaien', 'roll back') }],
      serverItems: ['restant opruimen'],
    });
    assert.deepEqual(rows[2], {
      label: l('Administratie 004', 'Administration 004'),
      value: l('terugdraaien', 'roll back'),
    });
    assert.deepEqual(rows[3], { label: l('Server', 'Server'), value: 'restant opruimen' });
  });

  test('the values must name every declared row, and nothing else (checked by the compiler)', () => {
    const copy = core.operations.copy;
    const complete = { action: 'a', source: 's', server: 'v', target: 't', identity: 'i' };
    assert.equal(core.declaredRows(copy, complete).length, 5);
    const { identity: _left, ...missing } = complete;
    // A shell that forgets a declared row does not build: the unused directive below would fail the build.
    // @ts-expect-error identity is declared and missing
    assert.equal(core.declaredRows(copy, missing).length, 4);
    // @ts-expect-error a row the declaration does not have
    core.declaredRows(copy, { ...complete, extra: 'x' });
    const key: core.PreviewKey<typeof copy> = 'target';
    // @ts-expect-error not a key of copy's preview
    const other: core.PreviewKey<typeof copy> = 'licence';
    assert.notEqual(key, other);
  });
});

describe("an apply's conflict in the words of the side that won", () => {
  test('both-changed says whose value stands: the accountant for the chart, the client for a relation', () => {
    assert.deepEqual(core.conflictRuleLabel('both-changed', 'relation'), {
      nl: 'beide kanten wijzigden hetzelfde veld: uw gegevens blijven',
      en: 'both sides changed the same field: your data stays',
    });
    for (const object of ['account', 'vat_code', 'fiscal_year'])
      assert.deepEqual(core.conflictRuleLabel('both-changed', object), {
        nl: 'beide kanten wijzigden hetzelfde veld: de waarde van de accountant geldt',
        en: "both sides changed the same field: the accountant's value stands",
      });
    assert.deepEqual(core.conflictRuleLabel('number-taken', 'entry'), core.conflictRuleLabels['number-taken']);
  });
});
