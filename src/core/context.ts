/**
 * What every operation needs to know about where it runs: kluis's home, the
 * server it works on (as an Engine), and the trust settings for licences.
 */
import type { Engine } from '../engines/index.js';
import { readConfig } from './config/config-store.js';
import { homeLayout, resolveHome, type HomeLayout } from './config/home.js';
import type { IssuerOptions } from './licence/issuers.js';
import { localServerName, openEngine } from './servers/server-registry.js';

export interface KluisContext {
  readonly home: string;
  readonly paths: HomeLayout;
  readonly engine: Engine;
  readonly issuers: IssuerOptions;
}

export interface ContextOptions {
  readonly home?: string;
  readonly server?: string;
  /** An engine to use instead of a named server (tests, embedding). */
  readonly engine?: Engine;
  readonly env?: NodeJS.ProcessEnv;
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
    issuers: { trustedIssuersDir: paths.trustedIssuersDir, trustDemoIssuer: config.trustDemoIssuer !== false },
  };
}
