/**
 * Every input of every operation is reachable under the same name and help
 * from all three shells: the CLI command of the operation (an argument or an
 * option, old names hidden), the terminal wizard's flag and the wizard's
 * field (web and terminal) for the operations the wizard offers. The help is
 * the catalog's one text; the command line adds only how a file is given.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CommandSpec } from '../../../src/cli/command.js';
import { wizardCommand } from '../../../src/cli/commands/wizard.js';
import { commands } from '../../../src/cli/main.js';
import { cliHelp } from '../../../src/cli/operation-command.js';
import { flagOf } from '../../../src/cli/wizard/terminal-wizard.js';
import * as core from '../../../src/core/index.js';
import { actionById, allActions } from '../../../src/wizard/actions/index.js';
import { inputField } from '../../../src/wizard/fields.js';

const langs = ['nl', 'en'] as const;

function commandOf(op: core.OperationDeclaration): CommandSpec {
  const found = commands.find((c) => c.words.join(' ') === op.words.join(' '));
  assert.ok(found, `no command "kluis ${op.words.join(' ')}" for ${op.id}`);
  return found;
}

/** The help a shell shows carries the catalog's text, word for word. */
function assertSameHelp(shown: core.InputDeclaration['help'] | undefined, input: core.InputDeclaration, where: string) {
  assert.ok(shown, `${where}: no help`);
  for (const lang of langs)
    assert.ok(
      shown[lang].includes(input.help[lang]),
      `${where} (${lang}): "${shown[lang]}" is not the catalog's "${input.help[lang]}"`,
    );
}

describe('operation catalog: the same input, name and help in every shell', () => {
  for (const op of core.allOperations()) {
    test(`${op.words.join(' ')}: the command line`, () => {
      const command = commandOf(op);
      for (const entry of op.inputs.filter((e) => e.only !== 'wizard')) {
        const input = core.inputOf(entry.input as core.InputId);
        const [name, ...oldNames] = core.inputNames(entry);
        const where = `kluis ${op.words.join(' ')} ${entry.positional ? `<${name}>` : `--${name}`}`;
        if (entry.positional) {
          const arg = command.args?.find((a) => a.name === name);
          assert.ok(arg, `${where} is missing`);
          assert.equal(arg.required, entry.required === true, where);
          assert.deepEqual(arg.help, cliHelp(input), where);
          assertSameHelp(arg.help, input, where);
        } else {
          const option = command.options?.[name!];
          assert.ok(option && !option.hidden, `${where} is missing`);
          assert.deepEqual(option.help, cliHelp(input), where);
          assertSameHelp(option.help, input, where);
          assert.equal(option.type, input.kind === 'boolean' ? 'boolean' : 'string', where);
        }
        for (const old of oldNames) assert.equal(command.options?.[old]?.hidden, true, `${where}: --${old} kept`);
      }
      // Nothing besides: every argument and option of the command is a declared input.
      const declared = new Set(op.inputs.filter((e) => e.only !== 'wizard').flatMap((e) => core.inputNames(e)));
      for (const a of command.args ?? []) assert.ok(declared.has(a.name), `<${a.name}> is not in the catalog`);
      for (const o of Object.keys(command.options ?? {})) assert.ok(declared.has(o), `--${o} is not in the catalog`);
    });

    if (!op.wizard) continue;
    test(`${op.words.join(' ')}: the terminal wizard's flags and the wizard's fields`, () => {
      const action = actionById(op.wizard!);
      assert.ok(action, `no wizard action "${op.wizard}"`);
      const wizardInputs = op.inputs.filter((e) => e.only !== 'cli').map((e) => e.input as core.InputId);
      for (const id of wizardInputs) {
        const input = core.inputOf(id);
        const flag = core.wizardInputFlag(input);
        const option = wizardCommand.options?.[flag];
        assert.ok(option && !option.hidden, `kluis wizard --${flag} (${op.id}) is missing`);
        assertSameHelp(option.help, input, `kluis wizard --${flag}`);
        // The field the wizard shows for it: the catalog's label and help, answered by the same flag.
        const field = inputField(id);
        assert.deepEqual(field.label, input.label, `field ${field.id}`);
        assert.deepEqual(field.help, input.help, `field ${field.id}`);
        assert.equal(flagOf(field), flag, `field ${field.id} is answered by --${flag}`);
        assert.ok(
          action.steps.some((s) => s.inputs.includes(id)),
          `the wizard's "${action.id}" never asks ${id} (--${flag})`,
        );
      }
      // And the wizard asks nothing its operation does not declare.
      for (const step of action.steps)
        for (const id of step.inputs)
          assert.ok(wizardInputs.includes(id), `step "${step.id}" of "${action.id}" asks ${id}, not declared`);
    });
  }

  test('every wizard action performs one declared operation, whose phases name its progress', () => {
    for (const action of allActions) {
      const op = core.operationOfAction(action.id);
      assert.ok(op, `the wizard's "${action.id}" performs no declared operation`);
      assert.equal(core.allOperations().filter((o) => o.wizard === action.id).length, 1, action.id);
    }
    // An event is named by the phase it reports, else by the operation's first phase.
    const restore = core.operations.restore;
    assert.deepEqual(core.phaseLabel(restore, 'restore'), restore.phases[0]!.label);
    assert.deepEqual(core.phaseLabel(core.operations['client-install'], 'restore').nl, 'Gegevens installeren');
    assert.deepEqual(core.phaseLabel(restore, 'finish').en, 'Keys, indexes and checks');
    assert.deepEqual(core.phaseLabel(core.operations['cloud-prepare'], 'checked').en, 'Checked');
    assert.deepEqual(core.phaseLabel(core.operations['cloud-prepare'], 'unknown').en, 'Ownership taken');
  });

  test('kluis wizard --help names every action --action takes, in the order the wizard offers them', () => {
    // It said "backup, restore, recover, client-install, cloud or copy": hand-out and client-apply were missing.
    const help = wizardCommand.options?.['action']?.help;
    assert.ok(help, 'kluis wizard --action has no help');
    const ids: string[] = allActions.map((a) => a.id);
    for (const lang of langs) {
      const words: string[] = [...help[lang].matchAll(/[a-z]+(?:-[a-z]+)*/g)].map((m) => m[0]);
      const named = words.filter((w) => ids.includes(w));
      assert.deepEqual(named, ids, `kluis wizard --action (${lang}): "${help[lang]}"`);
    }
  });

  test("the terminal wizard's flags are its own inputs and its operations', nothing written by hand", () => {
    const expected = new Set<string>(core.wizardOwnInputs.map((id) => core.wizardInputFlag(core.inputOf(id))));
    for (const op of core.allOperations().filter((o) => o.wizard))
      for (const e of op.inputs.filter((x) => x.only !== 'cli'))
        expected.add(core.wizardInputFlag(core.inputOf(e.input as core.InputId)));
    const shown = Object.entries(wizardCommand.options ?? {})
      .filter(([, o]) => !o.hidden)
      .map(([name]) => name);
    assert.deepEqual([...shown].sort(), [...expected].sort());
    for (const id of core.wizardOwnInputs) {
      const input = core.inputOf(id);
      assertSameHelp(wizardCommand.options?.[core.wizardInputFlag(input)]?.help, input, `kluis wizard --${id}`);
    }
  });
});
