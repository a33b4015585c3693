/**
 * S3-compatible object storage as a repository (AWS S3, Ceph, MinIO,
 * OpenStack Swift's s3api, every cloud), through the official AWS SDK v3.
 *
 * - A new file is a lib-storage `Upload` fed from a PassThrough: parts of
 *   16 MiB, three at a time, no temporary file. The object exists under its
 *   name only when the multipart upload completes (`commit`); `abort`, a
 *   failed part or a crash leaves an incomplete upload at most, which is
 *   invisible to readers and is aborted by `abort`, by recover (the journal
 *   names the object) or by `abortIncomplete`.
 * - Reads are GETs, ranged when asked (`Range: bytes=a-b`), streamed; a
 *   stream's GET goes out when it is first read.
 * - Requests are retried by the SDK (standard mode: backoff with jitter on
 *   5xx, throttling and timeouts), then fail as one coded error
 *   (s3-errors.ts).
 * - Objects are deleted one at a time: DeleteObjects needs a Content-MD5
 *   header on Swift, which the SDK no longer sends, and prune removes few.
 *
 * The SDK (about 20 MB) is imported on first use only, so a command that
 * never touches object storage does not load it (see scripts/bundle.js).
 */
import type { Socket } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { isToolError, ToolError } from '../errors/index.js';
import { checkFileName } from './names.js';
import type { PendingObject, Repository, RepositoryEntry } from './repository.js';
import { isMissing, type S3Where, s3Failure } from './s3-errors.js';
import { formatS3Place, parseS3Place, type S3Place } from './s3-location.js';

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface S3Options {
  /** `s3://bucket/prefix/`. */
  readonly url: string;
  /** The store's address; default AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else AWS itself. */
  readonly endpoint?: string;
  /** Default AWS_REGION, AWS_DEFAULT_REGION, the profile's; us-east-1 for a store at an endpoint of its own. */
  readonly region?: string;
  /** Default the SDK's chain: AWS_ACCESS_KEY_ID…, AWS_PROFILE and ~/.aws/credentials, SSO, instance roles. */
  readonly credentials?: S3Credentials;
  readonly env?: NodeJS.ProcessEnv;
  /** Bytes per part of a multipart upload (at least 5 MiB; default 16 MiB). */
  readonly partSize?: number;
  /** Parts uploaded at once (default 3). */
  readonly queueSize?: number;
  /** Tries per request, the first included (default 4). */
  readonly maxAttempts?: number;
}

const mib = 1024 * 1024;
/** How long an abort waits for the parts under way to stop before it sweeps the uploads itself. */
const abortWaitMs = 30_000;

type Sdk = {
  readonly s3: typeof import('@aws-sdk/client-s3');
  readonly storage: typeof import('@aws-sdk/lib-storage');
};
let sdk: Promise<Sdk> | undefined;

/** The SDK, imported once, on the first request to object storage. */
function loadSdk(): Promise<Sdk> {
  // The SDK warns on standard error that its releases after January 2027 need Node 22: the pinned one runs on 20,
  // and a warning about the SDK's future is no business of a person backing up their books.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(([s3, storage]) => ({
    s3,
    storage,
  }));
  return sdk;
}

/** The SDK's own warnings are no message for a person: kluis says what went wrong in its own words. */
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Seconds a request may go without an answer (KLUIS_S3_TIMEOUT, default 60) before it is retried. */
function requestTimeoutMs(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env['KLUIS_S3_TIMEOUT']);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000;
}

/** MiB per part of an upload (KLUIS_S3_PART_MIB, default 16, at least S3's 5): memory is about four parts per upload. */
function partSizeOf(env: NodeJS.ProcessEnv): number {
  const parts = Number(env['KLUIS_S3_PART_MIB']);
  return (Number.isFinite(parts) && parts >= 5 ? Math.floor(parts) : 16) * mib;
}

export class S3Repository implements Repository {
  readonly kind = 's3' as const;
  readonly url: string;
  readonly place: S3Place;
  /** Shown in errors: the endpoint, or "AWS" (never a key). */
  readonly endpointShown: string;
  private readonly options: S3Options;
  private readonly env: NodeJS.ProcessEnv;
  private readonly endpoint: string | undefined;
  private client: Promise<S3Client> | undefined;

  constructor(options: S3Options) {
    this.place = parseS3Place(options.url);
    this.url = formatS3Place(this.place);
    this.options = options;
    this.env = options.env ?? process.env;
    this.endpoint = options.endpoint || this.env['AWS_ENDPOINT_URL_S3'] || this.env['AWS_ENDPOINT_URL'] || undefined;
    this.endpointShown = this.endpoint ?? 'AWS S3';
  }

  private keyOf(name: string): string {
    checkFileName(name);
    return this.place.prefix ? `${this.place.prefix}/${name}` : name;
  }

  locationOf(name: string): string {
    return `${this.url}${checkFileName(name)}`;
  }

  private where(name?: string): S3Where {
    return {
      url: this.url,
      bucket: this.place.bucket,
      endpoint: this.endpointShown,
      ...(name !== undefined ? { location: this.locationOf(name) } : {}),
    };
  }

  private async s3(): Promise<{ client: S3Client; sdk: Sdk }> {
    const loaded = await loadSdk();
    this.client ??= Promise.resolve(this.makeClient(loaded));
    return { client: await this.client, sdk: loaded };
  }

  private makeClient({ s3 }: Sdk): S3Client {
    const client = this.newClient(s3);
    unsignedPartPayloads(client);
    return client;
  }

  private newClient(s3: Sdk['s3']): S3Client {
    const region =
      this.options.region ||
      this.env['AWS_REGION'] ||
      this.env['AWS_DEFAULT_REGION'] ||
      (this.endpoint ? 'us-east-1' : undefined);
    return new s3.S3Client({
      ...(region ? { region } : {}),
      ...(this.endpoint ? { endpoint: this.endpoint, forcePathStyle: true } : {}),
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
      // Checksums only where S3 requires them: stores other than AWS (Swift) refuse aws-chunked bodies.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      retryMode: 'standard',
      maxAttempts: this.options.maxAttempts ?? 4,
      // A request given up when nothing moved on its connection for KLUIS_S3_TIMEOUT (no answer, a stalled body;
      // an upload still sending counts as moving), then retried. The SDK's requestTimeout only logged a warning
      // (unless throwOnRequestTimeout) and also bounds a slow but moving part: a store that hung hung kluis.
      requestHandler: { connectionTimeout: 10_000, socketTimeout: requestTimeoutMs(this.env), logger: quietLogger },
    });
  }

  /** One request, its failure as our coded error. */
  private async send<T>(
    make: (s3: Sdk['s3']) => unknown,
    name?: string,
    doing: 'read' | 'request' = 'request',
  ): Promise<T> {
    const { client, sdk: loaded } = await this.s3();
    try {
      return (await client.send(make(loaded.s3) as never)) as T;
    } catch (err) {
      throw s3Failure(err, this.where(name), doing);
    }
  }

  /** The bucket answers to these keys (HeadBucket): reachable, keys accepted, bucket there. */
  async checkWritable(): Promise<void> {
    await this.send((s3) => new s3.HeadBucketCommand({ Bucket: this.place.bucket })).catch((err: unknown) => {
      // HEAD answers without a body: its 404 is the bucket's.
      if (isToolError(err, 'REPOSITORY_FILE_MISSING'))
        throw new ToolError('REPOSITORY_BUCKET_MISSING', { bucket: this.place.bucket, endpoint: this.endpointShown });
      throw err;
    });
  }

  async create(
    name: string,
    options: { readonly journal?: (partial: string) => Promise<void> } = {},
  ): Promise<PendingObject> {
    const key = this.keyOf(name);
    const location = this.locationOf(name);
    // Swift's s3api has no If-None-Match on PUT: existence is checked before, as the folder checks at create.
    if (await this.stat(name)) throw new ToolError('BACKUP_FILE_EXISTS', { path: location });
    // The journal names the object before any upload exists; recover aborts that key's uploads, nothing else.
    await options.journal?.(location);
    const { client, sdk: loaded } = await this.s3();
    const body = new PassThrough({ highWaterMark: mib });
    const upload = new loaded.storage.Upload({
      client,
      params: { Bucket: this.place.bucket, Key: key, Body: body, ContentType: 'application/octet-stream' },
      partSize: Math.max(5 * mib, this.options.partSize ?? partSizeOf(this.env)),
      queueSize: this.options.queueSize ?? 3,
      leavePartsOnError: false,
    });
    let failure: ToolError | undefined;
    let aborted = false;
    const done = upload.done().then(
      () => undefined,
      (err: unknown) => {
        failure ??= s3Failure(err, this.where(name), 'upload');
        // Whoever writes must stop now: nobody reads the stream any more.
        body.destroy(failure);
        throw failure;
      },
    );
    done.catch(() => undefined); // observed by commit or abort
    return {
      stream: body,
      partial: location,
      commit: async () => {
        if (aborted) throw failure ?? new ToolError('REPOSITORY_UPLOAD_FAILED', { location });
        if (!body.writableEnded) body.end();
        await done;
      },
      abort: async (reason?: Error) => {
        if (aborted) return;
        aborted = true;
        failure ??= new ToolError('REPOSITORY_UPLOAD_FAILED', { location }, reason ? { cause: reason } : {});
        // Ending the body with an error makes lib-storage stop, abort its multipart upload and only then
        // settle `done` (its own abort() settles at once and aborts later, after this has returned).
        body.destroy(failure);
        await Promise.race([done.catch(() => undefined), delay(abortWaitMs, undefined, { ref: false })]);
        // And whatever a store that stopped answering kept: the uploads of this name, listed and aborted.
        await this.abortIncomplete(name).catch(() => undefined);
      },
    };
  }

  read(name: string, range: { readonly start?: number; readonly end?: number } = {}): Readable {
    const key = this.keyOf(name);
    const out = new PassThrough({ highWaterMark: mib });
    const cancel = new AbortController();
    out.once('close', () => cancel.abort());
    const header = rangeHeader(range.start, range.end);
    // The GET goes out when the first byte is wanted: a stream made and dropped unread asks the store for nothing
    // (inspect reads an object's manifest in ranges instead).
    let started = false;
    const wanted = out._read.bind(out);
    out._read = (size: number) => {
      if (!started) {
        started = true;
        get();
      }
      wanted(size);
    };
    const get = () =>
      void (async () => {
        try {
          const { client, sdk: loaded } = await this.s3();
          const reply = await client.send(
            new loaded.s3.GetObjectCommand({
              Bucket: this.place.bucket,
              Key: key,
              ...(header ? { Range: header } : {}),
            }),
            { abortSignal: cancel.signal },
          );
          const bodyStream = reply.Body as Readable & { socket?: Socket };
          bodyStream.once('error', (err) => out.destroy(s3Failure(err, this.where(name), 'read')));
          this.watchBody(bodyStream, out);
          bodyStream.pipe(out);
        } catch (err) {
          if (!cancel.signal.aborted) out.destroy(s3Failure(err, this.where(name), 'read'));
        }
      })();
    return out;
  }

  /**
   * The connection's idle timeout guards the wait for an answer; once a
   * body streams, a reader that stops reading for a while (a restore while
   * PostgreSQL catches up) would look the same as a store that stopped
   * sending. So the body is watched here instead: it fails as a timeout only
   * when nothing arrived for KLUIS_S3_TIMEOUT while `out` wanted more.
   */
  private watchBody(body: Readable & { socket?: Socket }, out: PassThrough): void {
    body.socket?.setTimeout(0);
    const limit = requestTimeoutMs(this.env);
    let moved = Date.now();
    body.on('data', () => {
      moved = Date.now();
    });
    const watch = setInterval(
      () => {
        if (out.writableNeedDrain) moved = Date.now();
        else if (Date.now() - moved > limit)
          body.destroy(Object.assign(new Error(`no bytes for ${limit} ms`), { name: 'TimeoutError' }));
      },
      Math.min(1000, limit),
    );
    watch.unref();
    body.once('close', () => clearInterval(watch));
  }

  async readRange(name: string, start: number, length: number): Promise<Buffer> {
    if (length <= 0) return Buffer.alloc(0);
    const key = this.keyOf(name);
    const { client, sdk: loaded } = await this.s3();
    try {
      const reply = await client.send(
        new loaded.s3.GetObjectCommand({
          Bucket: this.place.bucket,
          Key: key,
          Range: rangeHeader(start, start + length),
        }),
      );
      return Buffer.from(await reply.Body!.transformToByteArray());
    } catch (err) {
      // A range that starts past the end: no bytes there, as a short pread gives.
      if ((err as { name?: string }).name === 'InvalidRange') return Buffer.alloc(0);
      throw s3Failure(err, this.where(name), 'read');
    }
  }

  async stat(name: string): Promise<RepositoryEntry | undefined> {
    const key = this.keyOf(name);
    const { client, sdk: loaded } = await this.s3();
    try {
      const head = await client.send(new loaded.s3.HeadObjectCommand({ Bucket: this.place.bucket, Key: key }));
      return { name, size: head.ContentLength ?? 0, modified: head.LastModified ?? new Date(0) };
    } catch (err) {
      // A HEAD's 404 has no body: the bucket may be missing too, which the next request says.
      if (isMissing(err)) return undefined;
      throw s3Failure(err, this.where(name), 'read');
    }
  }

  private get listPrefix(): string {
    return this.place.prefix ? `${this.place.prefix}/` : '';
  }

  async list(): Promise<RepositoryEntry[]> {
    const entries: RepositoryEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.send<import('@aws-sdk/client-s3').ListObjectsV2CommandOutput>(
        (s3) =>
          new s3.ListObjectsV2Command({
            Bucket: this.place.bucket,
            Prefix: this.listPrefix,
            Delimiter: '/',
            ...(token ? { ContinuationToken: token } : {}),
          }),
      );
      for (const o of page.Contents ?? []) {
        const name = (o.Key ?? '').slice(this.listPrefix.length);
        if (!name.endsWith('.ebu') || name.startsWith('.') || name.includes('/')) continue;
        entries.push({ name, size: o.Size ?? 0, modified: o.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return entries;
  }

  async remove(name: string): Promise<void> {
    const key = this.keyOf(name);
    await this.send((s3) => new s3.DeleteObjectCommand({ Bucket: this.place.bucket, Key: key }), name);
  }

  /** Every multipart upload under `prefix` not completed or aborted (ListMultipartUploads, page by page). */
  private async *uploadsUnder(prefix: string): AsyncGenerator<import('@aws-sdk/client-s3').MultipartUpload> {
    let keyMarker: string | undefined;
    let idMarker: string | undefined;
    do {
      const page = await this.send<import('@aws-sdk/client-s3').ListMultipartUploadsCommandOutput>(
        (s3) =>
          new s3.ListMultipartUploadsCommand({
            Bucket: this.place.bucket,
            Prefix: prefix,
            ...(keyMarker ? { KeyMarker: keyMarker } : {}),
            ...(idMarker ? { UploadIdMarker: idMarker } : {}),
          }),
      );
      yield* page.Uploads ?? [];
      const more = page.IsTruncated === true;
      keyMarker = more ? page.NextKeyMarker : undefined;
      idMarker = more ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
  }

  /** The names of this place's files with an upload that never completed. */
  async incompleteNames(): Promise<string[]> {
    const names = new Set<string>();
    for await (const u of this.uploadsUnder(this.listPrefix)) {
      const name = (u.Key ?? '').slice(this.listPrefix.length);
      if (name && !name.includes('/')) names.add(name);
    }
    return [...names];
  }

  /**
   * Aborts the multipart uploads under the prefix that never completed
   * (AbortMultipartUpload each); with a name, only that file's. Returns how many.
   */
  async abortIncomplete(name?: string): Promise<number> {
    const only = name === undefined ? undefined : this.keyOf(name);
    let aborted = 0;
    for await (const u of this.uploadsUnder(only ?? this.listPrefix)) {
      const key = u.Key ?? '';
      const mine = only ? key === only : !key.slice(this.listPrefix.length).includes('/');
      if (!mine || !u.UploadId) continue;
      await this.send(
        (s3) => new s3.AbortMultipartUploadCommand({ Bucket: this.place.bucket, Key: key, UploadId: u.UploadId }),
      ).catch((err: unknown) => {
        if (!isMissing(err)) throw err; // aborted meanwhile by someone else: that is what we wanted
      });
      aborted++;
    }
    return aborted;
  }
}

/**
 * The parts of an upload are sent with `x-amz-content-sha256:
 * UNSIGNED-PAYLOAD` (the headers are still signed): otherwise the SDK
 * hashes every 16 MiB part with SHA-256 on the main thread before sending
 * it, and the store hashes it again on arrival, about a fifth of what an
 * upload costs both sides in CPU (measured: docs/BENCHMARKS.md). The SDK
 * itself sends stream bodies unsigned; the bytes are covered end to end by
 * the backup file's own checksums, which restore and verify check, and on
 * https by TLS in transit.
 */
function unsignedPartPayloads(client: S3Client): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (context.commandName === 'UploadPartCommand' && request.headers)
        request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      return next(args);
    },
    { step: 'build', name: 'kluisUnsignedPartPayloads' },
  );
}

/** `bytes=a-b` (b inclusive) for [start, end), or undefined for the whole object. */
function rangeHeader(start: number | undefined, end: number | undefined): string | undefined {
  if (!start && end === undefined) return undefined;
  return `bytes=${start ?? 0}-${end === undefined ? '' : end - 1}`;
}
