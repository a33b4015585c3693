/** The wizard model shared by the web page and the terminal wizard. */

export { clientInstallAction } from './actions/client-install.js';
export { actionById, allActions, availableActions } from './actions/index.js';
export { importPreview, installPreview, serverShown } from './actions/rows.js';
export { fieldFlag } from './fields.js';
export { type Position, WizardFlow } from './flow.js';
export * from './model.js';
export { type LoginAnswers, loginOf, saveLogin, tlsChoices } from './server-login.js';
export { createWizardEnv, type EnvOptions, openAdministration } from './session.js';
export { type Welcome, welcome } from './welcome.js';
