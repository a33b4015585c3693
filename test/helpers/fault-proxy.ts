/**
 * Setup helper: fault injection in front of the REAL object store (not a
 * fake S3). An HTTP proxy on loopback that forwards every request unchanged
 * (the Host header too, so signatures still hold) to the store, and can be
 * told to answer some requests with a 500, to delay every answer, to
 * never answer some (a store that hangs) or stop sending a body half-way,
 * or to count what passed. What
 * the store does is still the store's own.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';

export interface FaultPlan {
  /** Answers these requests with HTTP 500 instead of forwarding them. */
  readonly fail?: (req: IncomingMessage, seen: number) => boolean;
  /** Milliseconds to wait before forwarding each request. */
  readonly delayMs?: number;
  /** Takes these requests in and never answers them (a store that hangs), until the proxy stops. */
  readonly hang?: (req: IncomingMessage) => boolean;
  /** Answers, but stops sending the body after this many bytes and holds the connection open (a stalled body). */
  readonly stallAfter?: (req: IncomingMessage) => number | undefined;
}

export interface FaultProxy {
  readonly endpoint: string;
  /** Requests seen, how many were answered with a 500, how many were parts of uploads, how many left unanswered. */
  readonly counts: { seen: number; failed: number; parts: number; hung: number };
  /** Every request seen, in order: its method, path and Range header (for what a reader asked of the store). */
  readonly requests: Array<{ readonly method: string; readonly url: string; readonly range: string | undefined }>;
  plan(next: FaultPlan): void;
  stop(): Promise<void>;
}

/** True for an UploadPart request of a multipart upload. */
export const isUploadPart = (req: IncomingMessage) => req.method === 'PUT' && /[?&]partNumber=/.test(req.url ?? '');

const internalError =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>injected by the test</Message></Error>';

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  let current: FaultPlan = {};
  const counts = { seen: 0, failed: 0, parts: 0, hung: 0 };
  const requests: FaultProxy['requests'] = [];
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const upstream = request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        const stall = current.stallAfter?.(req);
        if (stall === undefined) {
          answer.pipe(res);
          return;
        }
        let sent = 0;
        answer.on('data', (chunk: Buffer) => {
          if (sent < stall) res.write(chunk.subarray(0, stall - sent));
          sent += chunk.length;
        });
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server: Server = createServer((req, res) => {
    const seen = ++counts.seen;
    requests.push({ method: req.method ?? '', url: req.url ?? '', range: req.headers.range });
    if (isUploadPart(req)) counts.parts++;
    if (current.fail?.(req, seen)) {
      counts.failed++;
      req.resume();
      req.once('end', () => {
        res.writeHead(500, { 'content-type': 'application/xml' });
        res.end(internalError);
      });
      return;
    }
    if (current.hang?.(req)) {
      counts.hung++;
      req.resume();
      return;
    }
    if (current.delayMs) setTimeout(() => forward(req, res), current.delayMs);
    else forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    requests,
    plan(next) {
      current = next;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
