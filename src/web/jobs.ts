/**
 * Operations started from the web run in this process as jobs; the page
 * follows one over server-sent events. A job belongs to the session that
 * started it and to the administration and user open in it then: nobody
 * else can follow or download from it, and neither can the same browser
 * once someone signed out or into another administration.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ProgressEvent, ProgressMeter, ProgressView } from '../core/index.js';
import { asToolError, type ToolError } from '../errors/index.js';
import type { Outcome } from '../wizard/index.js';

/** What the progress page shows of a job's progress: the percentage, the phase in words with it, and the figures. */
export interface ProgressShown {
  readonly percent: number;
  /** The phase and the percentage, e.g. "Gegevens terugzetten — 45%". */
  readonly text: string;
  readonly figures: readonly { readonly id: string; readonly label: string; readonly value: string }[];
}

export interface Job {
  readonly id: string;
  owner: string;
  /** Server, administration and user the job was started for ('' before sign-in). */
  readonly scope: string;
  status: 'running' | 'done' | 'failed';
  /** The latest progress as its meter read it (one meter per job: the percentage only grows, the time left is the job's). */
  view?: ProgressView;
  outcome?: Outcome;
  error?: ToolError;
  readonly listeners: Set<ServerResponse>;
}

export class Jobs {
  readonly #jobs = new Map<string, Job>();
  readonly #describe = new Map<ServerResponse, (v: ProgressView | undefined) => unknown>();

  start(
    owner: string,
    scope: string,
    meter: ProgressMeter,
    work: (onProgress: (e: ProgressEvent) => void) => Promise<Outcome>,
  ): Job {
    const job: Job = { id: randomUUID(), owner, scope, status: 'running', listeners: new Set() };
    this.#jobs.set(job.id, job);
    const onProgress = (e: ProgressEvent) => {
      job.view = meter.view(e);
      this.#send(job, 'progress');
    };
    // A job's failure ends on its result page, whatever it threw and however (even before its first await).
    Promise.resolve()
      .then(() => work(onProgress))
      .then(
        (outcome) => {
          job.outcome = outcome;
          job.status = 'done';
          this.#finish(job);
        },
        (err: unknown) => {
          job.error = asToolError(err);
          job.status = 'failed';
          this.#finish(job);
        },
      );
    return job;
  }

  /** The job, only for its owner while the same administration and user are open. */
  get(id: string, owner: string, scope: string): Job | undefined {
    const job = this.#jobs.get(id);
    return job && job.owner === owner && job.scope === scope ? job : undefined;
  }

  /** Moves a job to a new session id (sign-in replaces the id). */
  transfer(from: string, to: string): void {
    for (const job of this.#jobs.values()) if (job.owner === from) job.owner = to;
  }

  follow(job: Job, res: ServerResponse, describe: (v: ProgressView | undefined) => unknown): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.on('error', () => undefined); // a page that went away: its 'close' removes it
    job.listeners.add(res);
    this.#describe.set(res, describe);
    res.on('close', () => {
      job.listeners.delete(res);
      this.#describe.delete(res);
    });
    if (job.status !== 'running') {
      res.end('event: done\ndata: {}\n\n');
      return;
    }
    this.#write(res, 'progress', describe(job.view));
  }

  /** Whether a job of this session still runs. */
  runsFor(owner: string): boolean {
    for (const job of this.#jobs.values()) if (job.owner === owner && job.status === 'running') return true;
    return false;
  }

  get running(): number {
    return [...this.#jobs.values()].filter((j) => j.status === 'running').length;
  }

  /** Resolves when no job runs any more (a stop waits for operations to finish rather than cut them off). */
  async idle(): Promise<void> {
    while (this.running > 0) await new Promise((r) => setTimeout(r, 100));
  }

  /** Progress to every page that follows; a page that cannot take it never fails the operation. */
  #send(job: Job, event: string): void {
    for (const res of job.listeners) {
      try {
        this.#write(res, event, this.#describe.get(res)?.(job.view) ?? {});
      } catch {
        job.listeners.delete(res);
        res.destroy();
      }
    }
  }

  #write(res: ServerResponse, event: string, data: unknown): void {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  #finish(job: Job): void {
    for (const res of job.listeners) res.end('event: done\ndata: {}\n\n');
    job.listeners.clear();
  }
}
