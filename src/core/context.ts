/**
 * What every operation needs to know about where it runs: kluis's home, the
 * server it works on (as an Engine), and the trust settings for licences.
 */
import type { Engine } from '../engines/index.js';
import { ToolError } from '../errors/index.js';
import { readConfig } from './config/config-store.js';
import { type HomeLayout, homeLayout, resolveHome } from './config/home.js';
import type { IssuerOptions } from './licence/issuers.js';
import { localServerName, openEngine } from './servers/server-registry.js';
import { systemDatabaseName } from './system-db/system-schema.js';

export interface KluisContext {
  readonly home: string;
  readonly paths: HomeLayout;
  readonly engine: Engine;
  /** The system database on that server ("kluis" unless KLUIS_SYSTEM_DATABASE says otherwise). */
  readonly systemDatabase: string;
  readonly issuers: IssuerOptions;
}

export interface ContextOptions {
  readonly home?: string;
  readonly server?: string;
  /** An engine to use instead of a named server (tests, embedding). */
  readonly engine?: Engine;
  readonly systemDatabase?: string;
  readonly env?: NodeJS.ProcessEnv;
}

function validSystemDatabase(name: string): string {
  // Administration databases are "<name>_adm_NNN" and must stay within PostgreSQL's 63 bytes.
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(name)) throw new ToolError('SYSTEM_DATABASE_NAME_INVALID', { input: name });
  return name;
}

export function createContext(options: ContextOptions = {}): KluisContext {
  const env = options.env ?? process.env;
  const home = resolveHome(options.home, env);
  const paths = homeLayout(home);
  const engine = options.engine ?? openEngine(home, options.server ?? localServerName, env);
  const config = readConfig(home);
  return {
    home,
    paths,
    engine,
    systemDatabase: validSystemDatabase(options.systemDatabase ?? env['KLUIS_SYSTEM_DATABASE'] ?? systemDatabaseName),
    issuers: { trustedIssuersDir: paths.trustedIssuersDir, trustDemoIssuer: config.trustDemoIssuer !== false },
  };
}

/** Whether two contexts are the same kluis installation: one server and one system database. */
export function sameInstallation(a: KluisContext, b: KluisContext): boolean {
  if (a.systemDatabase !== b.systemDatabase) return false;
  return (
    a.engine === b.engine ||
    (a.engine.kind === b.engine.kind && a.engine.describe().target === b.engine.describe().target)
  );
}
