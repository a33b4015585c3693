export { type Hint, l, type Shell } from './definition.js';
export { errnoOf, fileErrorReason, folderWriteError, kindOfSpecialFile, readFileError } from './file-error.js';
export { detectLang, isLang, type Lang, languages } from './lang.js';
export { type Phrase, type PhraseCode, type PlainPhraseCode, phrase } from './phrase.js';
export { folderRefusal, fromPostgresError } from './postgres-error.js';
export {
  type ErrorCategory,
  type ErrorCode,
  type ErrorDefinition,
  ExitCode,
  errorRegistry,
  type Localized,
} from './registry.js';
export { hintsFor, type RenderedError, renderError, renderMessage } from './render.js';
export { shownValue } from './shown-value.js';
export { asToolError, type ErrorParams, fill, isToolError, type PostgresDetails, ToolError } from './tool-error.js';
