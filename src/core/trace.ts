/**
 * Stage timings for finding where time goes: with KLUIS_TRACE=1 each stage
 * of a long operation prints "[kluis] <stage> <ms>" to stderr.
 */
export function stageTimer(operation: string): (stage: string) => void {
  if (!process.env['KLUIS_TRACE']) return () => undefined;
  let last = performance.now();
  return (stage) => {
    const now = performance.now();
    process.stderr.write(`[kluis] ${operation} ${stage} ${(now - last).toFixed(0)} ms\n`);
    last = now;
  };
}
