/**
 * Turns a ToolError into what a person reads: one sentence in their language,
 * then hints. Used by the CLI and (later) the web UI so both say the same.
 */
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

export function renderError(err: ToolError, lang: Lang): RenderedError {
  const def = err.definition;
  const hints = (def.hints ?? []).map((h) => fill(h[lang], err.params, lang));
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
