/**
 * Walking one action's steps: which step is current, Next (check, then on),
 * Back (keeping every answer), and the summary at the end. The web page and
 * the terminal drive the same flow.
 */
import * as core from '../core/index.js';
import { ToolError } from '../errors/index.js';
import { fieldFlag } from './fields.js';
import {
  type Answers,
  type Field,
  FieldError,
  list,
  type Screen,
  type StepDefinition,
  type SummaryRow,
  type Table,
  text,
  type WizardAction,
  type WizardEnv,
} from './model.js';

export type Position =
  | { readonly kind: 'step'; readonly step: StepDefinition; readonly screen: Screen }
  | { readonly kind: 'summary'; readonly rows: SummaryRow[]; readonly tables: readonly Table[] };

export class WizardFlow {
  readonly answers: Answers = {};
  #index = 0;
  #atSummary = false;

  constructor(
    readonly action: WizardAction,
    readonly env: WizardEnv,
  ) {}

  /** The operation the run performs (its phases name the progress): the action's own, or the one the answers choose. */
  get operation(): core.OperationDeclaration | undefined {
    const id = this.action.performs?.(this.answers);
    return id ? core.operations[id] : core.operationOfAction(this.action.id);
  }

  get atSummary(): boolean {
    return this.#atSummary;
  }

  /** The step shown now; skips steps that do not apply to the answers. */
  async position(): Promise<Position> {
    if (this.#atSummary) {
      const summary = await this.action.summary(this.answers, this.env);
      return Array.isArray(summary)
        ? { kind: 'summary', rows: summary, tables: [] }
        : { kind: 'summary', rows: summary.rows, tables: summary.tables };
    }
    while (this.#index < this.action.steps.length && !(await this.#applies(this.#index))) this.#index++;
    const step = this.action.steps[this.#index];
    if (!step) {
      this.#atSummary = true;
      return this.position();
    }
    const screen = await step.screen(this.answers, this.env);
    // The fields are the catalog's inputs the step declares: that is what the shells' flags and help are built from.
    const stray = screen.fields.find((f) => f.input === undefined || !step.inputs.includes(f.input));
    if (stray) throw new Error(`wizard step "${step.id}" shows field "${stray.id}", not one of its declared inputs`);
    return { kind: 'step', step, screen };
  }

  /** Takes the step's answers, checks them and moves on; throws FieldError/ToolError and stays when they do not pass. */
  async next(posted: Answers): Promise<void> {
    const at = await this.position();
    if (at.kind === 'summary') return;
    take(this.answers, at.screen.fields, posted);
    checkFilledIn(at.screen.fields, this.answers);
    await at.step.check?.(this.answers, this.env);
    this.#index++;
  }

  /** Keeps what was entered on this step without moving (a button on the step, such as Browse). */
  async keep(posted: Answers): Promise<void> {
    const at = await this.position();
    if (at.kind === 'step') take(this.answers, at.screen.fields, posted);
  }

  /** Keeps what was entered on this step (so Next later shows it again) and goes one applicable step back. */
  async back(posted?: Answers): Promise<boolean> {
    if (this.#atSummary) {
      this.#atSummary = false;
      this.#index = this.action.steps.length;
    } else if (posted) {
      const at = await this.position();
      if (at.kind === 'step') take(this.answers, at.screen.fields, posted);
    }
    for (let i = this.#index - 1; i >= 0; i--) {
      if (await this.#applies(i)) {
        this.#index = i;
        return true;
      }
    }
    this.#index = 0;
    return false; // before the first step: back to the choice of action
  }

  async #applies(index: number): Promise<boolean> {
    const step = this.action.steps[index]!;
    return step.when ? step.when(this.answers, this.env) : true;
  }
}

function take(answers: Answers, fields: readonly Field[], posted: Answers): void {
  for (const field of fields) {
    const value = posted[field.id];
    if (field.kind === 'multi')
      answers[field.id] = value === undefined ? [] : Array.isArray(value) ? value : list(posted, field.id);
    else answers[field.id] = Array.isArray(value) ? value[0] : (value ?? '');
  }
}

function checkFilledIn(fields: readonly Field[], answers: Answers): void {
  for (const field of fields) {
    if (field.kind === 'multi') {
      // A posted form can carry anything: only what the screen offered is taken.
      const unknown = list(answers, field.id).find((v) => !field.choices?.some((c) => c.value === v));
      if (unknown !== undefined)
        throw new FieldError(
          field.id,
          new ToolError('FIELD_NOT_A_CHOICE', {
            value: unknown.length > 60 ? `${unknown.slice(0, 60)}…` : unknown,
            field: field.label,
          }),
        );
      continue;
    }
    if (field.optional) continue;
    const value = text(answers, field.id);
    if (!value)
      throw new FieldError(
        field.id,
        new ToolError('FIELD_REQUIRED', { field: field.label, flag: `--${fieldFlag(field)}` }),
      );
    if (field.kind === 'confirm' && field.expect !== undefined && value !== field.expect) {
      throw new FieldError(field.id, new ToolError('CONFIRMATION_MISMATCH', { expected: field.expect }));
    }
  }
}
