/**
 * The embedded engine ("My computer"): a PostgreSQL server that kluis runs
 * itself from its home folder, reached over a unix socket only.
 */
import type pg from 'pg';
import type { CallOptions, EngineDescription, EngineStatus } from '../engine.js';
import { PgEngine } from '../pg-engine.js';
import { type EmbeddedLayout, embeddedLayout, embeddedPort, embeddedRole } from './embedded-config.js';
import { EmbeddedProcess } from './embedded-process.js';

export interface EmbeddedEngineConfig {
  /** The server's name in kluis (normally "local"). */
  readonly name: string;
  /** kluis's home folder; the cluster lives in <home>/pg. */
  readonly home: string;
}

export class EmbeddedEngine extends PgEngine {
  readonly name: string;
  readonly kind = 'embedded' as const;
  readonly #process: EmbeddedProcess;

  constructor(config: EmbeddedEngineConfig) {
    super();
    this.name = config.name;
    this.#process = new EmbeddedProcess(embeddedLayout(config.home));
  }

  get layout(): EmbeddedLayout {
    return this.#process.layout;
  }

  describe(): EngineDescription {
    return { name: this.name, kind: this.kind, target: `socket ${this.layout.socketDir}`, user: embeddedRole };
  }

  async start(): Promise<void> {
    await this.#process.ensureRunning();
  }

  async stop(): Promise<void> {
    await this.#process.stop();
  }

  async status(): Promise<EngineStatus> {
    const pid = this.#process.runningPid();
    return pid ? { running: true, pid, detail: this.layout.data } : { running: false, detail: this.layout.data };
  }

  protected async clientConfig(database: string, _options?: CallOptions): Promise<pg.ClientConfig> {
    await this.#process.ensureRunning();
    return { host: this.layout.socketDir, port: embeddedPort, user: embeddedRole, database };
  }
}
