/** A one-line progress bar on a terminal: the declared phase, percentage, bytes, tables, ETA. */
import * as core from '../core/index.js';
import type { Output } from './output.js';

export function progressBar(out: Output, op: core.OperationDeclaration): (e: core.ProgressEvent) => void {
  const started = Date.now();
  let last = 0;
  return (e) => {
    const now = Date.now();
    if (now - last < 100 && e.done < e.total) return;
    last = now;
    const fraction = e.total > 0 ? Math.min(1, e.done / e.total) : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const elapsed = (now - started) / 1000;
    const eta = fraction > 0.02 ? Math.max(0, Math.round(elapsed / fraction - elapsed)) : undefined;
    const tables = e.detail?.['tables']
      ? ` ${out.lang === 'nl' ? 'tabellen' : 'tables'} ${e.detail['tablesDone'] ?? 0}/${e.detail['tables']}`
      : '';
    const rows = e.detail?.['rows'] ? ` ${out.count(e.detail['rows'])} ${out.lang === 'nl' ? 'rijen' : 'rows'}` : '';
    const etaText = eta === undefined ? '' : ` ETA ${Math.floor(eta / 60)}:${String(eta % 60).padStart(2, '0')}`;
    out.status(
      `${out.t(core.phaseLabel(op, e.step))} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${out.bytes(e.done)}/${out.bytes(e.total)}${tables}${rows}${etaText}`,
    );
  };
}
