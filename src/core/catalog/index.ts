/** The operation catalog: every operation and its inputs, declared once for every shell. */
export { allInputs, flagOf, type InputId, inputOf, isInputId, wizardFlagOf, wizardOwnInputs } from './inputs.js';
export {
  changeCountsText,
  changeFieldLabel,
  changeObjectLabels,
  conflictRuleLabel,
  conflictRuleLabels,
  notCarriedLabels,
  notCarriedText,
} from './operations/changes.js';
export { allOperations, type OperationId, operationOfAction, operations, phaseLabel } from './operations.js';
export { argumentName, argumentShown, placeholderIn } from './placeholders.js';
export {
  declaredRows,
  type PreviewKey,
  type PreviewRow,
  type PreviewValue,
  type PreviewValues,
  type QualifiedValue,
  type RowValue,
} from './preview.js';
export { resultOf } from './result.js';
export type {
  InputDeclaration,
  InputKind,
  OperationDeclaration,
  OperationInput,
  PathUse,
  PhaseDeclaration,
} from './types.js';
export { readsStandardInput } from './types.js';
export { type Declared, namesOf, type RawValues, readValues, type ValuesOf } from './values.js';
