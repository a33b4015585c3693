/**
 * The server engine: any PostgreSQL server reached with libpq conventions.
 * kluis does not manage its process; start() only checks that it answers.
 */
import type pg from 'pg';
import type { CallOptions, EngineDescription, EngineStatus } from '../engine.js';
import { PgEngine } from '../pg-engine.js';
import type { ConnSettings } from './conninfo.js';
import { describeTarget, isSocketHost, resolveSettings, tlsOptions, type ResolvedSettings } from './server-config.js';

export interface ServerEngineConfig {
  readonly name: string;
  /** Explicit settings (from kluis's config or the command line); the rest comes from the environment. */
  readonly settings: ConnSettings;
  readonly env?: NodeJS.ProcessEnv;
}

export class ServerEngine extends PgEngine {
  readonly name: string;
  readonly kind = 'server' as const;
  readonly #settings: ResolvedSettings;
  /** Whether TLS is used, once an sslmode of prefer/allow has been negotiated. */
  #tls: boolean | undefined;

  constructor(config: ServerEngineConfig) {
    super();
    this.name = config.name;
    this.#settings = resolveSettings(config.settings, config.env ?? process.env);
    const mode = this.#settings.sslmode;
    if (mode === 'disable' || isSocketHost(this.#settings.host)) this.#tls = false;
    else if (mode !== 'prefer' && mode !== 'allow') this.#tls = true;
  }

  get settings(): ResolvedSettings {
    return this.#settings;
  }

  describe(): EngineDescription {
    return { name: this.name, kind: this.kind, target: describeTarget(this.#settings), user: this.#settings.user };
  }

  protected override maintenanceDatabase(): string {
    return this.#settings.dbname;
  }

  async start(options: CallOptions = {}): Promise<void> {
    const client = await this.connect(this.maintenanceDatabase(), options);
    await client.end();
  }

  async stop(): Promise<void> {
    // kluis does not manage this server's process.
  }

  async status(options: CallOptions = {}): Promise<EngineStatus> {
    try {
      const v = await this.serverVersion(options);
      return { running: true, version: v.text };
    } catch (err) {
      return { running: false, detail: (err as Error).message };
    }
  }

  override async connect(database: string, options: CallOptions = {}): Promise<pg.Client> {
    if (this.#tls !== undefined) return super.connect(database, options);
    // sslmode prefer tries TLS first, allow tries plain first; the other is the fallback.
    const first = this.#settings.sslmode === 'prefer';
    this.#tls = first;
    try {
      return await super.connect(database, options);
    } catch (err) {
      this.#tls = !first;
      try {
        return await super.connect(database, options);
      } catch {
        this.#tls = undefined;
        throw err;
      }
    }
  }

  protected async clientConfig(database: string): Promise<pg.ClientConfig> {
    const s = this.#settings;
    return {
      host: s.host,
      port: s.port,
      user: s.user,
      database,
      ssl: tlsOptions(s, this.#tls ?? false),
      connectionTimeoutMillis: s.connectTimeoutSeconds * 1000,
      // undefined lets pg use PGPASSWORD and then ~/.pgpass, as libpq does.
      ...(s.password !== undefined ? { password: s.password } : {}),
    };
  }
}
