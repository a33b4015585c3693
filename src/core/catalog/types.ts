/**
 * The shapes of the operation catalog: a named input (one declaration of
 * what a value means, shown the same way by every shell) and an operation
 * (the inputs it takes and what it does with them). The tables themselves
 * are in inputs.ts and operations.ts.
 */
import type { Localized } from '../../errors/index.js';
import type { OperationKind } from '../../schema/journal.js';

/**
 * What a path names. Declared with the input so the checks it gets are the
 * same everywhere, and so that the path test matrix (test/cli/paths.test.ts)
 * finds every path argument of every command.
 */
export type PathUse =
  /** A small file with a passphrase, password or key ("-" = standard input). */
  | 'secret'
  /** A licence file. */
  | 'licence'
  /** A backup file to read ("-" = standard input); for a client install also an auditfile. */
  | 'backup'
  /** An auditfile to read ("-" = standard input). */
  | 'auditfile'
  /** Where a new file goes: a file, a folder (the file gets a standard name in it) or "-". */
  | 'output'
  /** A small file to create (a key, a licence). */
  | 'new-file'
  /** An existing folder kluis writes in (the database directory). */
  | 'folder'
  /** A folder as the database server sees it; the server checks it. */
  | 'server-folder'
  /** kluis's home folder. */
  | 'home';

/** The path uses whose "-" means standard input. */
export const readsStandardInput: readonly PathUse[] = ['secret', 'backup', 'auditfile'];

export type InputKind =
  /** One line of text. */
  | 'text'
  /** A path on the computer kluis runs on (see `path`). */
  | 'path'
  /** A secret: on the command line a file that holds it ("-" = standard input), in a wizard typed unseen. */
  | 'secret-file'
  /** One of `choices` (in a wizard the choices may be found at run time). */
  | 'choice'
  /** Any number of values: on the command line separated by commas. */
  | 'multi'
  /** On or off; on the command line a flag without a value. */
  | 'boolean'
  /** A whole number. */
  | 'number';

export interface InputChoice {
  readonly value: string;
  readonly label: Localized;
}

export interface InputDeclaration {
  /** The option's name on the command line when `flag` is not set (kebab-case). */
  readonly id: string;
  /**
   * The command-line name when two inputs mean different things under the
   * same flag in different commands (`-o` of a backup and of an auditfile).
   */
  readonly flag?: string;
  /**
   * The terminal wizard's flag when the command line's is another question's
   * there (the wizard takes the flags of all its actions at once: the
   * apply's --to would be the restore's --to).
   */
  readonly wizardFlag?: string;
  readonly kind: InputKind;
  readonly path?: PathUse;
  readonly short?: string;
  /** May be given more than once on the command line; the value is then a list. */
  readonly repeat?: boolean;
  /** The value's placeholder in help, e.g. FILE. */
  readonly value?: string;
  /** The wizard's field label. */
  readonly label: Localized;
  /**
   * The CLI's help line and the wizard field's help: one text. For a
   * secret-file input it names the secret; the CLI says "file with …".
   */
  readonly help: Localized;
  /** An example shown under a wizard field (a path to copy the shape of). */
  readonly example?: Localized;
  readonly choices?: readonly InputChoice[];
  readonly default?: string;
  /** The longest value that can be right, in characters: a form field takes no more. */
  readonly maxLength?: number;
  /** Refuses a wrong value with a coded error (ToolError); returns nothing. */
  readonly validate?: (value: string) => void;
  /** A list given on the command line that names nothing (`--only ""`): refused with the coded error this makes. */
  readonly emptyList?: () => Error;
  /** Old command-line names that keep working. */
  readonly aliases?: readonly string[];
}

/** How an operation takes one input. */
export interface OperationInput {
  readonly input: string;
  /** The CLI refuses the command without it (USAGE_MISSING_ARGUMENT). */
  readonly required?: boolean;
  /** A positional argument of the CLI command (named by the input's flag) instead of an option. */
  readonly positional?: boolean;
  /** The input exists in one kind of shell only, with the reason in the declaration. */
  readonly only?: 'cli' | 'wizard';
  /** Old command-line names that keep working for this operation only. */
  readonly aliases?: readonly string[];
}

/** A row of the summary before the work (declaredRows in preview.ts gives the rows their labels and order). */
export interface RowDeclaration {
  readonly label: Localized;
  /** The key a shell gives the row's value under; unique within one operation's preview. */
  readonly from: string;
  /** A warning to read before Finish rather than a line of the list: the shells show it as a note. */
  readonly note?: true;
}

export interface PhaseDeclaration {
  /** The progress event's step (core/progress.ts), or the journal phase. */
  readonly id: string;
  readonly label: Localized;
  /**
   * The part of the operation's progress bar this phase fills; the shares of
   * an operation's phases add up to 1 (core/progress.ts). Without shares an
   * event's done / total is the whole bar.
   */
  readonly share?: number;
}

export interface LockDeclaration {
  /**
   * The journal kind (src/schema/journal.ts) the operation is recorded and
   * locked under; recover is not journaled and holds a lock of its own.
   */
  readonly journal: OperationKind | 'recover';
  /** Which administrations the lock holds, in words. */
  readonly holds: Localized;
}

export interface ConfirmationDeclaration {
  /** The input whose value confirms, e.g. `replace` (typed "replace N"). */
  readonly input: string;
  readonly asks: Localized;
}

export interface OperationDeclaration {
  readonly id: string;
  /** The CLI command's words. */
  readonly words: readonly string[];
  /** The wizard action that offers it, if any. */
  readonly wizard?: string;
  readonly summary: Localized;
  readonly description?: Localized;
  readonly examples?: readonly string[];
  readonly inputs: readonly OperationInput[];
  /** The licence article it needs (core/licence), or null for any licence. */
  readonly article: string | null;
  readonly lock: LockDeclaration | null;
  readonly confirmation: ConfirmationDeclaration | null;
  /** The summary (preview) rows, shown before the work, in this order and with these labels. */
  readonly preview: readonly RowDeclaration[];
  /** The keys of the object `--json` prints. */
  readonly result: readonly string[];
  readonly phases: readonly PhaseDeclaration[];
}
