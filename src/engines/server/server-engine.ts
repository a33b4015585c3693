/**
 * The server engine: any PostgreSQL server reached with libpq conventions.
 * kluis does not manage its process; start() only checks that it answers.
 */
import type pg from 'pg';
import { ToolError } from '../../errors/index.js';
import type { CallOptions, EngineDescription, EngineStatus } from '../engine.js';
import { PgEngine } from '../pg-engine.js';
import type { ConnSettings } from './conninfo.js';
import { passwordFromFile } from './pgpass.js';
import { describeTarget, isSocketHost, type ResolvedSettings, resolveSettings, tlsOptions } from './server-config.js';

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
  /** Where PGPASSWORD and PGPASSFILE are read: the given environment over the process's (the pg driver used to read the latter). */
  readonly #env: NodeJS.ProcessEnv;
  /** Whether TLS is used, once an sslmode of prefer/allow has been negotiated. */
  #tls: boolean | undefined;

  constructor(config: ServerEngineConfig) {
    super();
    this.name = config.name;
    this.#settings = resolveSettings(config.settings, config.env ?? process.env);
    this.#env = { ...process.env, ...config.env };
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

  /** Running unless nothing answers; a server that answers but will not let kluis in runs, with that as its problem. */
  async status(options: CallOptions = {}): Promise<EngineStatus> {
    try {
      const v = await this.serverVersion(options);
      return { running: true, version: v.text };
    } catch (err) {
      if (!(err instanceof ToolError) || nothingAnswered(err))
        return { running: false, detail: (err as Error).message };
      return { running: true, problem: err };
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
      // Where nothing answers, the other way will not answer either (and a timeout would be waited out twice).
      if (err instanceof ToolError && nothingAnswered(err)) {
        this.#tls = undefined;
        throw err;
      }
      this.#tls = !first;
      try {
        return await super.connect(database, options);
      } catch (second) {
        this.#tls = undefined;
        throw moreTelling(err, second);
      }
    }
  }

  /**
   * The password, asked for only when the server wants one: PGPASSWORD, then
   * the password file (~/.pgpass or PGPASSFILE), as libpq does. None is a
   * clear error of its own rather than the driver's complaint about SCRAM.
   */
  #passwordWhenAsked(database: string): string {
    const s = this.#settings;
    const fromEnv = this.#env['PGPASSWORD'];
    if (fromEnv) return fromEnv;
    const fromFile = passwordFromFile({ host: s.host, port: s.port, database, user: s.user }, this.#env);
    if (fromFile !== undefined) return fromFile;
    throw new ToolError('SERVER_PASSWORD_MISSING', { server: this.name, target: describeTarget(s) });
  }

  protected async clientConfig(database: string): Promise<pg.ClientConfig> {
    const s = this.#settings;
    return {
      host: s.host,
      port: s.port,
      user: s.user,
      database,
      ssl: tlsOptions(s, this.#tls ?? false, this.name),
      connectionTimeoutMillis: s.connectTimeoutSeconds * 1000,
      password: s.password ?? (() => this.#passwordWhenAsked(database)),
    };
  }
}

const networkFailures = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The server did not answer at all: no name, no route, no listener, no reply in time. */
function nothingAnswered(err: ToolError): boolean {
  if (err.code === 'SERVER_HOST_UNKNOWN') return true;
  if (err.code !== 'SERVER_UNREACHABLE') return false;
  const cause = err.cause as { code?: string; message?: string } | undefined;
  return networkFailures.has(cause?.code ?? '') || /timeout/i.test(cause?.message ?? '');
}

/**
 * Of the two attempts of sslmode prefer/allow, the failure that says more: a
 * login refused or a password missing over "does not support TLS" (the first
 * attempt of prefer against a server without TLS), a server's answer over a
 * network failure.
 */
function moreTelling(first: unknown, second: unknown): unknown {
  const weight = (err: unknown): number => {
    if (!(err instanceof ToolError)) return 0;
    if (
      err.code === 'SERVER_PASSWORD_MISSING' ||
      (err.code === 'SERVER_AUTH_FAILED' && err.postgres?.sqlstate === '28P01')
    )
      return 3;
    if (err.code === 'SERVER_TLS_REFUSED') return 0;
    return err.postgres?.sqlstate ? 2 : 1;
  };
  return weight(second) > weight(first) ? second : first;
}
