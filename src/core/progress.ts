/**
 * Progress of long work, reported as events so each shell shows it its own
 * way (a bar on a terminal, server-sent events in the web UI, nothing in a
 * script), and the one reading of those events both shells show: the phase
 * in words, a percentage that never goes back and stays below 100 while a
 * phase is still to come, size, tables, rows and the time left.
 */
import type { Lang, Localized } from '../errors/index.js';
import { formatBytes, formatCount, formatRemaining, formatTimeLeft } from './formats.js';

export interface ProgressEvent {
  /** A stable name for the step, e.g. "journal" or "documents"; an operation's declared phase id. */
  readonly step: string;
  /** How far the step is, in its own unit (bytes of data, statements, records). */
  readonly done: number;
  readonly total: number;
  /**
   * Step-specific figures: administrations and administrationsDone (backup all), tables and tablesDone, rows, bytes and bytesTotal
   * (the backup data handled so far and in all; they stay on the events of
   * the phases after the data, so a shell keeps showing them).
   */
  readonly detail?: Readonly<Record<string, number>>;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** A phase as the operation catalog declares it (core/catalog): its step id, its words, its part of the bar. */
export interface ProgressPhase {
  readonly id: string;
  readonly label: Localized;
  /** The part of the whole bar this phase fills (an operation's shares add up to 1); none: the phase is the bar. */
  readonly share?: number;
}

/** What a person is shown of an operation's progress at one moment. */
export interface ProgressView {
  readonly phase: Localized;
  /** Administrations done of all (backup all). */
  readonly administrations?: { readonly done: number; readonly total: number };
  /** 0–100, whole; never lower than before, and 100 only when the last phase is done. */
  readonly percent: number;
  readonly bytes?: { readonly done: number; readonly total: number };
  readonly tables?: { readonly done: number; readonly total: number };
  readonly rows?: number;
  /** Seconds still to go, once the work has gone far enough to tell. */
  readonly secondsLeft?: number;
}

/**
 * How much of the whole operation an event stands for: the shares of the
 * phases before its step, and its own share times done / total. A step the
 * operation does not declare counts as its first phase.
 */
export function fractionDone(phases: readonly ProgressPhase[], e: ProgressEvent): number {
  const own = e.total > 0 ? Math.min(1, Math.max(0, e.done / e.total)) : 0;
  const at = Math.max(
    0,
    phases.findIndex((p) => p.id === e.step),
  );
  const phase = phases[at];
  if (phase?.share === undefined) return own;
  const before = phases.slice(0, at).reduce((sum, p) => sum + (p.share ?? 0), 0);
  return Math.min(1, before + phase.share * own);
}

/**
 * Follows one operation's events from its start: the percentage it shows
 * only grows, and the time left is the time so far scaled by what is still
 * to do (shown once 2% is done and a second has passed, so the first
 * guesses, which swing most, are not shown).
 */
export class ProgressMeter {
  readonly #phases: readonly ProgressPhase[];
  readonly #fallback: Localized;
  readonly #started: number;
  #best = 0;

  constructor(phases: readonly ProgressPhase[], fallback: Localized, started = Date.now()) {
    this.#phases = phases;
    this.#fallback = fallback;
    this.#started = started;
  }

  view(e: ProgressEvent, now = Date.now()): ProgressView {
    const fraction = Math.max(this.#best, fractionDone(this.#phases, e));
    this.#best = fraction;
    const elapsed = (now - this.#started) / 1000;
    const d = e.detail ?? {};
    const phase = (this.#phases.find((p) => p.id === e.step) ?? this.#phases[0])?.label ?? this.#fallback;
    return {
      phase,
      // Floor, so 100 means finished; a last phase that is under way shows 99 at most.
      percent: Math.floor(fraction * 100),
      ...(d['administrations']
        ? { administrations: { done: d['administrationsDone'] ?? 0, total: d['administrations'] } }
        : {}),
      ...(d['bytesTotal'] ? { bytes: { done: d['bytes'] ?? 0, total: d['bytesTotal'] } } : {}),
      ...(d['tables'] ? { tables: { done: d['tablesDone'] ?? 0, total: d['tables'] } } : {}),
      ...(d['rows'] ? { rows: d['rows'] } : {}),
      ...(fraction >= 0.02 && fraction < 1 && elapsed >= 1 ? { secondsLeft: elapsed / fraction - elapsed } : {}),
    };
  }
}

/** The figures a progress view can have, in the order they are shown, with their labels. */
export const progressFigureLabels = {
  administrations: { nl: 'Administraties', en: 'Administrations' },
  size: { nl: 'Grootte', en: 'Size' },
  tables: { nl: 'Tabellen', en: 'Tables' },
  rows: { nl: 'Rijen', en: 'Rows' },
  left: { nl: 'Resterende tijd', en: 'Time left' },
} as const satisfies Record<string, Localized>;

/** One figure of a view, in one language: for a labelled list (label, value) or a line of text (inline). */
export interface ProgressFigure {
  readonly id: keyof typeof progressFigureLabels;
  readonly label: string;
  readonly value: string;
  readonly inline: string;
}

/** The figures a view has, in words of one language, in the order both shells show them. */
export function progressFigures(v: ProgressView, lang: Lang): ProgressFigure[] {
  const nl = lang === 'nl';
  const of = nl ? 'van' : 'of';
  const figures: ProgressFigure[] = [];
  if (v.administrations) {
    const { done, total } = v.administrations;
    figures.push({
      id: 'administrations',
      label: progressFigureLabels.administrations[lang],
      value: `${formatCount(done, lang)} ${of} ${formatCount(total, lang)}`,
      inline: `${nl ? 'administraties' : 'administrations'} ${done}/${total}`,
    });
  }
  if (v.bytes) {
    const value = `${formatBytes(v.bytes.done, lang)} ${of} ${formatBytes(v.bytes.total, lang)}`;
    figures.push({ id: 'size', label: progressFigureLabels.size[lang], value, inline: value });
  }
  if (v.tables) {
    const { done, total } = v.tables;
    figures.push({
      id: 'tables',
      label: progressFigureLabels.tables[lang],
      value: `${done} ${of} ${total}`,
      inline: `${nl ? 'tabellen' : 'tables'} ${done}/${total}`,
    });
  }
  if (v.rows) {
    const value = formatCount(v.rows, lang);
    figures.push({
      id: 'rows',
      label: progressFigureLabels.rows[lang],
      value,
      inline: `${value} ${nl ? 'rijen' : 'rows'}`,
    });
  }
  if (v.secondsLeft !== undefined) {
    figures.push({
      id: 'left',
      label: progressFigureLabels.left[lang],
      value: formatRemaining(v.secondsLeft, lang),
      inline: formatTimeLeft(v.secondsLeft, lang),
    });
  }
  return figures;
}
