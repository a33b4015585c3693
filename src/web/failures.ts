/**
 * What a person sees of a failure in the web wizard: always a coded error,
 * never an errno, a stack or "something went wrong inside kluis". What kluis
 * did not foresee is written in full to the window where `kluis start`
 * runs, and the page says so (WEB_UNEXPECTED). The process itself never
 * ends on a failure: `guardProcess` keeps an error nobody handled (a stream
 * without an 'error' listener, a promise nobody awaited) from taking the
 * wizard, and every running operation, down with it.
 */
import {
  type ErrorParams,
  fromPostgresError,
  type Lang,
  type RenderedError,
  renderError,
  ToolError,
} from '../errors/index.js';
import { serverShown } from '../wizard/index.js';

/**
 * A coded error as the page says it: the web's form of each hint (what to do
 * on the page, never a command or a flag), and kluis's own server by the
 * name the page gives it ("Mijn computer"), not by the name a command takes.
 */
export function renderForWeb(err: ToolError, lang: Lang): RenderedError {
  const server = err.params['server'];
  if (typeof server !== 'string' || serverShown(server) === server) return renderError(err, lang, 'web');
  const params: ErrorParams = { ...err.params, server: serverShown(server) };
  const shown = new ToolError(err.code, params as never, {
    cause: err,
    ...(err.postgres ? { postgres: err.postgres } : {}),
  });
  return renderError(shown, lang, 'web');
}

/** Writes the details of an unforeseen failure where the person who started kluis can read them. */
export function logUnexpected(where: string, err: unknown): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  const cause =
    err instanceof Error && err.cause instanceof Error ? `\ncaused by: ${err.cause.stack ?? err.cause.message}` : '';
  process.stderr.write(`kluis start: ${where}: ${detail}${cause}\n`);
}

/** The coded error to show for `err`; `server` names the server an operation worked on (for a server's own error). */
export function shownError(err: unknown, where: string, server = ''): ToolError {
  if (err instanceof ToolError && err.code !== 'INTERNAL') return err;
  // A server's error (a SQLSTATE) that reached us unmapped: the server's mapping has words for it.
  const raw = err instanceof ToolError ? err.cause : err;
  const sqlstate = raw && typeof raw === 'object' && 'code' in raw ? String(raw.code) : '';
  if (!(raw instanceof ToolError) && /^[0-9A-Z]{5}$/.test(sqlstate)) {
    const mapped = fromPostgresError(raw, server, '', 'query');
    if (mapped.code !== 'INTERNAL') return mapped;
  }
  logUnexpected(where, err);
  return new ToolError('WEB_UNEXPECTED', {}, { cause: err });
}

/**
 * While the web wizard runs, an error that nothing handled is written down
 * instead of ending the process. Returns the function that removes the guard.
 */
export function guardProcess(): () => void {
  const onException = (err: unknown) => logUnexpected('unhandled error (the wizard keeps running)', err);
  const onRejection = (err: unknown) => logUnexpected('unhandled rejection (the wizard keeps running)', err);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
