/** The core context for the global flags (--home, --server). */
import * as core from '../../core/index.js';
import type { GlobalOptions } from '../command.js';

export function contextFor(global: GlobalOptions): core.KluisContext {
  return core.createContext({
    ...(global.home ? { home: global.home } : {}),
    ...(global.server ? { server: global.server } : {}),
  });
}
