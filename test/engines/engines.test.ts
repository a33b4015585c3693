/** Runs the engine contract against every selected engine. */
import { openTestEngine, selectedEngines } from '../helpers/engines.js';
import { engineContract } from './engine-contract.js';

for (const kind of selectedEngines()) {
  engineContract(kind, () => openTestEngine(kind));
}
