/**
 * A one-line progress bar on a terminal: the declared phase, the bar and its
 * percentage, size done of total, tables, rows and the time left — the same
 * reading of the same events as the web's progress page (core ProgressMeter).
 */
import * as core from '../core/index.js';
import type { Output } from './output.js';

export function progressBar(out: Output, op: core.OperationDeclaration): (e: core.ProgressEvent) => void {
  // Off a terminal nothing is drawn: the figures are not worked out either (a restore sends an event per block).
  if (!out.showsStatus) return () => undefined;
  const meter = new core.ProgressMeter(op.phases, op.summary);
  let last = 0;
  return (e) => {
    const now = Date.now();
    const view = meter.view(e, now);
    // A redraw at most every 100 ms, but always the end of a phase (its counts whole).
    if (now - last < 100 && e.done < e.total) return;
    last = now;
    const width = 24;
    const filled = Math.round((view.percent / 100) * width);
    const figures = core
      .progressFigures(view, out.lang)
      .map((f) => f.inline)
      .join(' · ');
    out.status(
      `${out.t(view.phase)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${view.percent}%${figures ? ` ${figures}` : ''}`,
    );
  };
}
