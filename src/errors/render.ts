/**
 * Turns a ToolError into what a person reads: one sentence in their language,
 * then hints. The CLI, the terminal wizard and the web wizard say the same
 * sentence; a hint that names a command or a flag has a form for the web
 * (what to do on the page), since no terminal is in sight there.
 */
import type { Hint, Localized, Shell } from './definition.js';
import type { Lang } from './lang.js';
import { longestShown, shownValue } from './shown-value.js';
import { fill, type PostgresDetails, type ToolError } from './tool-error.js';

export interface RenderedError {
  readonly code: string;
  readonly exitCode: number;
  readonly message: string;
  readonly hints: string[];
  readonly postgres?: { sqlstate?: string; detail?: string; hint?: string };
}

/** Just the one sentence, in the reader's language. */
export function renderMessage(err: ToolError, lang: Lang): string {
  return fill(err.definition.message[lang], err.params, lang);
}

/** The hints as `shell` gives them: the web's own form where a hint has one, none where it has `web: null`. */
export function hintsFor(hints: readonly Hint[], shell: Shell): Localized[] {
  if (shell === 'terminal') return [...hints];
  return hints.flatMap((h) => (h.web === undefined ? [h] : h.web === null ? [] : [h.web]));
}

export function renderError(err: ToolError, lang: Lang, shell: Shell = 'terminal'): RenderedError {
  const def = err.definition;
  const hints = hintsFor(def.hints ?? [], shell).map((h) => fill(h[lang], err.params, lang));
  const postgres = err.postgres ? shownPostgres(err.postgres) : undefined;
  if (postgres?.hint) hints.push(postgres.hint);
  return {
    code: err.code,
    exitCode: def.exit,
    message: fill(def.message[lang], err.params, lang),
    hints,
    ...(postgres ? { postgres } : {}),
  };
}

/** The server's detail and hint are text from outside too: shown escaped and bounded. */
function shownPostgres(p: PostgresDetails): PostgresDetails {
  return {
    ...(p.sqlstate ? { sqlstate: shownValue(p.sqlstate) } : {}),
    ...(p.detail ? { detail: shownValue(p.detail, longestShown('detail')) } : {}),
    ...(p.hint ? { hint: shownValue(p.hint, longestShown('hint')) } : {}),
  };
}
