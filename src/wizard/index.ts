/** The wizard model shared by the web page and the terminal wizard. */
export * from './model.js';
export { WizardFlow, type Position } from './flow.js';
export { allActions, availableActions, actionById } from './actions/index.js';
export { createWizardEnv, openAdministration, type EnvOptions } from './session.js';
