/**
 * The wizard's flow on its own (the part both shells drive): steps that do
 * not apply are skipped, Next checks, Back keeps every answer, a posted
 * form cannot smuggle in a choice the screen did not offer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ToolError } from '../../../src/errors/index.js';
import { WizardFlow } from '../../../src/wizard/flow.js';
import { type Answers, FieldError, l, type WizardAction, type WizardEnv } from '../../../src/wizard/model.js';

const action: WizardAction = {
  id: 'backup',
  title: l('Backup', 'Backup'),
  explanation: l('', ''),
  available: async () => true,
  steps: [
    {
      id: 'file',
      inputs: ['file'],
      screen: async () => ({
        title: l('Bestand', 'File'),
        fields: [{ id: 'file', input: 'file', kind: 'text', label: l('Bestand', 'File') }],
      }),
    },
    {
      id: 'passphrase',
      inputs: ['passphrase-file'],
      when: (answers) => answers['file'] === 'secret.ebu',
      screen: async () => ({
        title: l('Wachtwoordzin', 'Passphrase'),
        fields: [
          { id: 'passphrase', input: 'passphrase-file', kind: 'password', label: l('Wachtwoordzin', 'Passphrase') },
        ],
      }),
      check: async (answers) => {
        if (answers['passphrase'] !== 'right') throw new ToolError('PASSWORD_TOO_SHORT', { min: 8 });
      },
    },
    {
      id: 'tables',
      inputs: ['users', 'database'],
      screen: async () => ({
        title: l('Tabellen', 'Tables'),
        fields: [
          {
            id: 'tables',
            input: 'users',
            kind: 'multi',
            label: l('Tabellen', 'Tables'),
            choices: [
              { value: 'a', label: 'a' },
              { value: 'b', label: 'b' },
            ],
          },
          { id: 'note', input: 'database', kind: 'text', optional: true, label: l('Notitie', 'Note') },
        ],
      }),
    },
    {
      id: 'confirm',
      inputs: ['replace'],
      screen: async () => ({
        title: l('Bevestig', 'Confirm'),
        fields: [
          { id: 'confirm', input: 'replace', kind: 'confirm', expect: 'demo', label: l('Typ demo', 'Type demo') },
        ],
      }),
    },
  ],
  summary: async (answers: Answers) => [{ label: l('Bestand', 'File'), value: String(answers['file']) }],
  run: async () => ({ title: l('Klaar', 'Done'), rows: [] }),
};

// The flow itself never reaches into the environment; the steps above do not either.
const env = {} as WizardEnv;

async function stepId(flow: WizardFlow): Promise<string> {
  const at = await flow.position();
  return at.kind === 'step' ? at.step.id : 'summary';
}

async function fieldOf(promise: Promise<unknown>): Promise<{ field: string; code: string }> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof FieldError, String(err));
    return { field: err.field, code: (err.problem as ToolError).code };
  }
  assert.fail('expected a FieldError');
}

describe('wizard flow', () => {
  test('a step that does not apply is skipped, forwards and back', async () => {
    const flow = new WizardFlow(action, env);
    assert.equal(await stepId(flow), 'file');
    await flow.next({ file: 'plain.ebu' });
    assert.equal(await stepId(flow), 'tables');
    assert.equal(await flow.back({ tables: ['a'] }), true);
    assert.equal(await stepId(flow), 'file');
  });

  test('a step that applies is shown, and its check keeps the flow on it', async () => {
    const flow = new WizardFlow(action, env);
    await flow.next({ file: 'secret.ebu' });
    assert.equal(await stepId(flow), 'passphrase');
    await assert.rejects(flow.next({ passphrase: 'wrong' }), ToolError);
    assert.equal(await stepId(flow), 'passphrase');
    await flow.next({ passphrase: 'right' });
    assert.equal(await stepId(flow), 'tables');
  });

  test('a required field left empty names itself and its flag', async () => {
    const flow = new WizardFlow(action, env);
    assert.deepEqual(await fieldOf(flow.next({ file: '  ' })), { field: 'file', code: 'FIELD_REQUIRED' });
    assert.equal(await stepId(flow), 'file');
  });

  test("the flag a required field names is the command line's, not the form's name for it", async () => {
    // The terminal wizard prints the hint "In a terminal it can also be given with {flag}": a field whose
    // form name differs from its input (passphrase, changesFile, identityFile) named --passphrase, --changesFile.
    const flow = new WizardFlow(action, env);
    await flow.next({ file: 'secret.ebu' });
    try {
      await flow.next({ passphrase: '' });
      assert.fail('expected a FieldError');
    } catch (err) {
      assert.ok(err instanceof FieldError, String(err));
      assert.equal((err.problem as ToolError).code, 'FIELD_REQUIRED');
      assert.equal((err.problem as ToolError).params['flag'], '--passphrase-file');
    }
  });

  test('a posted choice the screen did not offer is refused; an optional field may stay empty', async () => {
    const flow = new WizardFlow(action, env);
    await flow.next({ file: 'plain.ebu' });
    assert.deepEqual(await fieldOf(flow.next({ tables: ['a', 'evil'] })), {
      field: 'tables',
      code: 'FIELD_NOT_A_CHOICE',
    });
    await flow.next({ tables: 'a, b' });
    assert.deepEqual(flow.answers['tables'], ['a', 'b']);
    assert.equal(flow.answers['note'], '');
  });

  test('a typed confirmation must match', async () => {
    const flow = new WizardFlow(action, env);
    await flow.next({ file: 'plain.ebu' });
    await flow.next({ tables: [] });
    assert.deepEqual(await fieldOf(flow.next({ confirm: 'dem' })), { field: 'confirm', code: 'CONFIRMATION_MISMATCH' });
    await flow.next({ confirm: 'demo' });
    assert.deepEqual(await flow.position(), {
      kind: 'summary',
      rows: [{ label: l('Bestand', 'File'), value: 'plain.ebu' }],
      tables: [],
    });
    assert.equal(flow.atSummary, true);
  });

  test('Back from the summary returns to the last step with every answer kept; before the first step it says so', async () => {
    const flow = new WizardFlow(action, env);
    await flow.next({ file: 'plain.ebu' });
    await flow.next({ tables: ['b'], note: 'n' });
    await flow.next({ confirm: 'demo' });
    assert.equal(await flow.back(), true);
    assert.equal(await stepId(flow), 'confirm');
    await flow.back({ confirm: 'half' });
    await flow.back();
    assert.equal(await stepId(flow), 'file');
    assert.deepEqual(flow.answers, { file: 'plain.ebu', tables: ['b'], note: 'n', confirm: 'half' });
    assert.equal(await flow.back(), false);
  });

  test('keep stores what was entered without moving', async () => {
    const flow = new WizardFlow(action, env);
    await flow.keep({ file: 'half' });
    assert.equal(await stepId(flow), 'file');
    assert.equal(flow.answers['file'], 'half');
  });
});

describe('wizard flow: only declared inputs', () => {
  test('a screen that shows a field its step does not declare is refused, not shown', async () => {
    const stray: WizardAction = {
      ...action,
      steps: [
        {
          id: 'file',
          inputs: ['file'],
          screen: async () => ({
            title: l('Bestand', 'File'),
            fields: [{ id: 'output', input: 'output', kind: 'text', label: l('Map', 'Folder') }],
          }),
        },
      ],
    };
    await assert.rejects(new WizardFlow(stray, env).position(), /step "file" shows field "output"/);
  });
});
