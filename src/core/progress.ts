/**
 * Progress of long work, reported as events so each shell shows it its own
 * way (a bar on a terminal, server-sent events in the web UI, nothing in a
 * script).
 */
export interface ProgressEvent {
  /** A stable name for the step, e.g. "journal" or "documents". */
  readonly step: string;
  readonly done: number;
  readonly total: number;
  /** Step-specific figures (tables done, rows, bytes written, …). */
  readonly detail?: Readonly<Record<string, number>>;
}

export type ProgressListener = (event: ProgressEvent) => void;
