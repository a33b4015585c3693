/**
 * A wizard field built from the catalog input it answers (core/catalog):
 * its label and help are the catalog's, the same text the command line's
 * help shows, and its kind follows the input's.
 */
import * as core from '../core/index.js';
import type { Field, FieldKind } from './model.js';

/** Field ids are the web form's names; they differ from the input's flag where the wizard always named them so. */
const fieldIds: Partial<Record<core.InputId, string>> = {
  'passphrase-file': 'passphrase',
  'new-passphrase-file': 'newPassphrase',
  'target-server': 'server',
  'register-number': 'number',
};

export function fieldIdOf(input: core.InputId): string {
  return fieldIds[input] ?? input.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The command-line flag that answers a field (`kluis wizard --help`), without "--": its input's, else its id. */
export function fieldFlag(field: Pick<Field, 'id' | 'input'>): string {
  return field.input ? core.wizardInputFlag(core.inputOf(field.input)) : field.id;
}

function kindOf(input: core.InputDeclaration): FieldKind {
  switch (input.kind) {
    case 'secret-file':
      return 'password';
    case 'choice':
      return 'choice';
    case 'multi':
      return 'multi';
    case 'path':
      return input.path === 'backup' ? 'file' : 'text';
    default:
      return 'text';
  }
}

/** What a screen may set beyond the catalog's: choices found at run time, a suggestion, a second field for the same input. */
export type FieldExtras = Partial<Omit<Field, 'input' | 'help'>>;

export function inputField(id: core.InputId, extras: FieldExtras = {}): Field {
  const input = core.inputOf(id);
  // A path on the computer kluis runs on is made full; the server folder is the server's to read.
  const local = input.path !== undefined && input.path !== 'server-folder' && input.path !== 'secret';
  return {
    id: fieldIdOf(id),
    input: id,
    kind: kindOf(input),
    label: input.label,
    help: input.help,
    ...(input.example ? { example: input.example } : {}),
    ...(local ? { path: true } : {}),
    ...(input.choices ? { choices: input.choices } : {}),
    ...(input.default !== undefined ? { suggestion: input.default } : {}),
    ...(input.maxLength !== undefined ? { maxLength: input.maxLength } : {}),
    ...extras,
  };
}
