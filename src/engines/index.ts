/**
 * The engines' public entry: the interface, and a factory from a server
 * definition to an engine. Core imports only this file.
 */
export type {
  Engine,
  EngineKind,
  EngineDescription,
  EngineStatus,
  EngineCapabilities,
  ServerVersion,
  CallOptions,
  DatabaseState,
} from './engine.js';
export { EmbeddedEngine, type EmbeddedEngineConfig } from './embedded/embedded-engine.js';
export { ServerEngine, type ServerEngineConfig } from './server/server-engine.js';
export {
  parseConninfo,
  formatConninfo,
  redactConninfo,
  sslModes,
  type ConnSettings,
  type SslMode,
} from './server/conninfo.js';
export { listServices, serviceFiles } from './server/service-file.js';
export { environmentNamesServer, resolveSettings } from './server/server-config.js';
export { quoteIdent, quoteLiteral } from './sql.js';
export { embeddedLayout, embeddedPort, embeddedRole } from './embedded/embedded-config.js';
export { readPostmaster } from './embedded/embedded-process.js';
export { CopyOutBlocks } from './copy-out.js';
export { dropConnection } from './drop-connection.js';
