/**
 * Stage timings for finding where time goes: with KLUIS_TRACE=1 each stage
 * of a long operation prints "[kluis] <stage> <ms>" to stderr.
 */
/** When this module was loaded: events are timed from here. */
const processStart = performance.now();

export function stageTimer(operation: string): (stage: string) => void {
  if (!process.env['KLUIS_TRACE']) return () => undefined;
  let last = performance.now();
  return (stage) => {
    const now = performance.now();
    process.stderr.write(`[kluis] ${operation} ${stage} ${(now - last).toFixed(0)} ms\n`);
    last = now;
  };
}

/** Runs one SQL statement; with KLUIS_TRACE=1 prints how long it took. */
export async function traceStatement<T>(sql: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  if (process.env['KLUIS_TRACE'])
    process.stderr.write(
      `[kluis] +${(performance.now() - processStart).toFixed(0)} ms ${(performance.now() - started).toFixed(0).padStart(6)} ms  ${sql.split('\n')[0]!.trim().slice(0, 90)}\n`,
    );
  return result;
}

/** With KLUIS_TRACE=1, prints an event with the time since the process started. */
export function traceEvent(text: string): void {
  if (process.env['KLUIS_TRACE'])
    process.stderr.write(`[kluis] +${(performance.now() - processStart).toFixed(0)} ms ${text}\n`);
}
