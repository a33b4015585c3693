/**
 * The engines' public entry: the interface, and a factory from a server
 * definition to an engine. Core imports only this file.
 */

export { CopyOutBlocks } from './copy-out.js';
export { dropConnection } from './drop-connection.js';
export { embeddedMajorVersion } from './embedded/binaries.js';
export { embeddedLayout, embeddedPort, embeddedRole } from './embedded/embedded-config.js';
export { EmbeddedEngine, type EmbeddedEngineConfig } from './embedded/embedded-engine.js';
export { readPostmaster } from './embedded/embedded-process.js';
// The contract is public as a whole: every type engine.ts declares is part of it.
export type * from './engine.js';
export {
  type ConnSettings,
  formatConninfo,
  parseConninfo,
  redactConninfo,
  type SslMode,
  sslModes,
} from './server/conninfo.js';
export { environmentNamesServer, resolveSettings } from './server/server-config.js';
export { ServerEngine, type ServerEngineConfig } from './server/server-engine.js';
export { listServices, serviceFiles } from './server/service-file.js';
export { quoteIdent, quoteLiteral } from './sql.js';
