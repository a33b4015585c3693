/**
 * The HTTP plumbing every route shares: the answers (a page, JSON, a
 * redirect), a request's headers and address, a posted form read within its
 * size limit, an upload streamed to a file, and the browser's language.
 * Nothing here knows about sessions or the wizard.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AtomicFile } from '../core/index.js';
import { isLang, type Lang, ToolError } from '../errors/index.js';

/** The most a posted form may hold; an upload is streamed to a file and has no such limit. */
export const maxFormBytes = 256 * 1024;

export const htmlType = 'text/html; charset=utf-8';
export const textType = 'text/plain; charset=utf-8';

export function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/** See Other: the Get after a Post. */
export function redirect(res: ServerResponse, to: string): void {
  res.writeHead(303, { Location: to });
  res.end();
}

export function notFound(res: ServerResponse): void {
  send(res, 404, textType, 'Not found');
}

/** A request's address against a placeholder origin; undefined when it is no address at all. */
export function parseUrl(raw: string | undefined): URL | undefined {
  const base = 'http://kluis.invalid';
  return URL.canParse(raw ?? '/', base) ? new URL(raw ?? '/', base) : undefined;
}

/** A header's value (the first, when sent more than once). */
export function header(req: Pick<IncomingMessage, 'headers'>, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A percent-encoded header value; a malformed one is taken as empty rather than thrown. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
}

/** The first of the browser's languages that kluis speaks; else the one `kluis start` was given, else English. */
export function browserLang(req: Pick<IncomingMessage, 'headers'>, fallback: Lang | undefined): Lang {
  for (const part of (req.headers['accept-language'] ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (isLang(code)) return code;
  }
  return fallback ?? 'en';
}

/**
 * A posted form (application/x-www-form-urlencoded). A body over `limit`
 * bytes is refused (WEB_REQUEST_TOO_LARGE) as soon as it passes the limit,
 * without reading the rest into memory.
 */
export async function readForm(body: AsyncIterable<Buffer>, limit = maxFormBytes): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw new ToolError('WEB_REQUEST_TOO_LARGE', { limit: `${Math.round(limit / 1024)} KiB` });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Writes a request's body to a new file (under a temporary name until the
 * body is complete and on disk); resolves with the system error, if any. On
 * a write error (a full disk) the rest of the body is still read, so the
 * browser gets the answer instead of a connection cut mid-upload.
 */
export function receive(req: IncomingMessage, path: string): Promise<unknown> {
  return new Promise((resolve) => {
    const drainThen = (err: unknown) => {
      req.resume();
      if (req.complete || req.readableEnded) resolve(err);
      else req.once('end', () => resolve(err));
    };
    let file: AtomicFile;
    try {
      file = AtomicFile.create(path, { mode: 0o600, replace: false });
    } catch (err) {
      return drainThen((err as Error).cause ?? err); // the system's error: the caller words it as a failed write
    }
    const out = file.stream();
    out.on('error', (err) => {
      req.unpipe(out);
      file.abort();
      drainThen(err);
    });
    out.on('finish', () => file.commit().then(() => resolve(undefined), resolve));
    req.on('error', (err) => {
      file.abort();
      resolve(err);
    });
    req.pipe(out);
  });
}
