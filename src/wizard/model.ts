/**
 * The wizard as data (SPEC §2): actions, their steps and fields, a summary
 * that previews what will happen, and a run that reports progress. The web
 * page and the terminal wizard are two renderings of this one model; neither
 * holds a rule of its own.
 */
import type { InputId, KluisContext, OperationId, ProgressListener, SignedIn } from '../core/index.js';
import type { Lang, Localized } from '../errors/index.js';

/** What the user entered so far, by field id. Kept across Back and Next. */
export type Answers = Record<string, string | string[] | undefined>;

export type FieldKind =
  /** One line of text. */
  | 'text'
  /** Hidden text; never echoed, logged or stored beyond the wizard's memory. */
  | 'password'
  /** One of `choices`. */
  | 'choice'
  /** Any of `choices` (select all / none). */
  | 'multi'
  /** A backup file: a path on the machine kluis runs on, or (web) an upload. */
  | 'file'
  /** Typed confirmation: the answer must equal `expect`. */
  | 'confirm'
  /**
   * The server step's choice, as in the source: "My computer" (the first
   * choice, value "local") or "Server" (the second, value "") with a name
   * typed, or taken from Browse or Advanced. The answer is "local" or the name.
   */
  | 'server';

export interface Choice {
  readonly value: string;
  readonly label: Localized | string;
  readonly hint?: Localized | string;
  /** Always chosen (the licence's registered user): shown chosen, and cannot be unchosen. */
  readonly fixed?: boolean;
}

export interface Field {
  readonly id: string;
  /** The catalog input the field answers (core/catalog): its flag in the terminal wizard, its label and help. */
  readonly input?: InputId;
  readonly kind: FieldKind;
  readonly label: Localized;
  readonly help?: Localized;
  /** Shown after the help: an example of what to enter. */
  readonly example?: Localized;
  readonly optional?: boolean;
  readonly choices?: readonly Choice[];
  /** For a confirmation: the text that must be typed. */
  readonly expect?: string;
  /**
   * A path on the computer kluis runs on (a 'file' field always is). Steps
   * take full paths only; the terminal makes a relative one full against
   * the folder it was started in, as a shell user expects.
   */
  readonly path?: boolean;
  /** Proposed when nothing was entered yet. */
  readonly suggestion?: string | readonly string[];
  /** For a 'file' field: the file name extensions a file picker offers (default .ebu). */
  readonly accept?: readonly string[];
  /** The longest answer that can be right (a name: 60 characters). */
  readonly maxLength?: number;
  /** Asked only when another field of the step has this answer (the passphrase, when encrypting with one). */
  readonly shownWhen?: { readonly field: string; readonly value: string };
}

/** A table shown with a step, e.g. the backup history; a row can fill in a field. */
export interface Table {
  readonly caption: Localized;
  readonly columns: readonly Localized[];
  readonly rows: ReadonlyArray<{
    /** Plain text (numbers, names, paths) or words in both languages. */
    readonly cells: ReadonlyArray<string | Localized>;
    readonly fills?: { readonly field: string; readonly value: string };
  }>;
  readonly empty: Localized;
  /** The columns that hold amounts (right-aligned); without it, a step's table (the history) has counts after the third. */
  readonly figures?: readonly number[];
}

export interface Notice {
  readonly tone: 'info' | 'warning';
  readonly text: Localized;
}

/** One screen of an action, built from the answers so far. */
export interface Screen {
  readonly title: Localized;
  readonly intro?: Localized;
  readonly fields: readonly Field[];
  readonly notices?: readonly Notice[];
  readonly table?: Table;
  /** The server picker: known and discovered servers, and the advanced login settings. */
  readonly serverPicker?: boolean;
}

export interface StepDefinition {
  readonly id: string;
  /** The catalog inputs this step's screen may ask (a screen shows no other field). */
  readonly inputs: readonly InputId[];
  /** Whether the step applies to these answers (e.g. a passphrase only for an encrypted file). */
  readonly when?: (answers: Answers, env: WizardEnv) => boolean | Promise<boolean>;
  readonly screen: (answers: Answers, env: WizardEnv) => Promise<Screen>;
  /** Checks the answers of this step before Next; throws a FieldError or ToolError. May add derived answers. */
  readonly check?: (answers: Answers, env: WizardEnv) => Promise<void>;
}

export interface SummaryRow {
  readonly label: Localized;
  readonly value: Localized | string;
  /** A warning to read (a summary's "did you mean"): shown as a note, apart from the list. */
  readonly note?: true;
}

/** A summary with tables under its rows: the apply's review (the balances before and after). */
export interface SummaryWithTables {
  readonly rows: SummaryRow[];
  readonly tables: readonly Table[];
}

export interface Outcome {
  readonly title: Localized;
  readonly rows: readonly SummaryRow[];
  /** Tables under the rows (what an apply changed: the balances before and after). */
  readonly tables?: readonly Table[];
  /** What the person can do now, one sentence each (who can sign in, how the hand-back is made). */
  readonly next?: readonly Localized[];
  /** A file the user may download (web): a backup just made. */
  readonly file?: string;
  /** The download button's words when the file is not a backup (a change package). */
  readonly fileLabel?: Localized;
}

export interface RunOptions {
  readonly onProgress: ProgressListener;
  readonly signal?: AbortSignal;
}

export type ActionId =
  | 'backup'
  | 'restore'
  | 'recover'
  | 'client-install'
  | 'cloud'
  | 'copy'
  | 'hand-out'
  | 'client-apply';

export interface WizardAction {
  readonly id: ActionId;
  readonly title: Localized;
  readonly explanation: Localized;
  readonly available: (env: WizardEnv) => Promise<boolean>;
  /**
   * The operation a run performs when the answers decide it (the backup of a
   * client's handed-out administration: only the changes, client-changes);
   * without it, the operation that declares this action (core/catalog).
   */
  readonly performs?: (answers: Answers) => OperationId;
  readonly steps: readonly StepDefinition[];
  /** The preview on the summary screen: computed with a dry run where the core offers one; tables under the rows where it needs them. */
  readonly summary: (answers: Answers, env: WizardEnv) => Promise<SummaryRow[] | SummaryWithTables>;
  readonly run: (answers: Answers, env: WizardEnv, options: RunOptions) => Promise<Outcome>;
}

/** The administration the user signed in to, and its server: its licence decides what is offered. */
export interface OpenAdministration extends SignedIn {
  readonly server: string;
}

/** Where the wizard works, for whom, and in which language. */
export interface WizardEnv {
  readonly home: string;
  readonly lang: Lang;
  readonly open: OpenAdministration;
  /** The context of a named server (cached per wizard session). */
  context(server: string): KluisContext;
}

/** A problem with one field: shown next to it, and the step is shown again. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly problem: Error,
  ) {
    super(problem.message, { cause: problem });
    this.name = 'FieldError';
  }
}

export function text(answers: Answers, id: string): string {
  const v = answers[id];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
}

export function list(answers: Answers, id: string): string[] {
  const v = answers[id];
  return v === undefined
    ? []
    : Array.isArray(v)
      ? v
      : v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
}

export function t(value: Localized | string, lang: Lang): string {
  return typeof value === 'string' ? value : value[lang];
}

export { l } from '../errors/index.js';
