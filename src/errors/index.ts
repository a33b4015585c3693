export {
  errorRegistry,
  ExitCode,
  type ErrorCode,
  type ErrorCategory,
  type ErrorDefinition,
  type Localized,
} from './registry.js';
export { ToolError, asToolError, isToolError, fill, type ErrorParams, type PostgresDetails } from './tool-error.js';
export { shownValue } from './shown-value.js';
export { renderError, renderMessage, type RenderedError } from './render.js';
export { detectLang, isLang, languages, type Lang } from './lang.js';
export { fromPostgresError } from './postgres-error.js';
export { errnoOf, fileErrorReason, readFileError, folderWriteError, kindOfSpecialFile } from './file-error.js';
