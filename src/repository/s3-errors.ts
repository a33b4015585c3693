/**
 * What the AWS SDK throws, as one coded error of ours per kind: the store
 * cannot be reached (after the SDK's retries), the keys are refused, the
 * bucket or the object is missing, or else the upload or read failed. The
 * SDK's own text never reaches a person; it stays in `cause` for --debug.
 */
import { ToolError } from '../errors/index.js';

/** Where the failure happened, for the message. */
export interface S3Where {
  readonly url: string;
  readonly bucket: string;
  readonly endpoint: string;
  /** The file's full address, when one file was being written or read. */
  readonly location?: string;
}

type SdkError = Error & {
  readonly code?: string;
  readonly Code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
};

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
]);
const deniedNames = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'ExpiredToken',
  'Forbidden',
]);

function statusOf(err: SdkError): number | undefined {
  return err.$metadata?.httpStatusCode;
}

/** The name the SDK gives an error, or the errno code of a socket error. */
function kindOf(err: SdkError): string {
  return err.Code ?? err.code ?? err.name;
}

/** True when the store said the object (or the bucket, for a HEAD) is not there. */
export function isMissing(err: unknown): boolean {
  const e = err as SdkError;
  return kindOf(e) === 'NoSuchKey' || kindOf(e) === 'NotFound' || statusOf(e) === 404;
}

export function isBucketMissing(err: unknown): boolean {
  return kindOf(err as SdkError) === 'NoSuchBucket';
}

/**
 * True when the store gave no answer: refused or lost connections, names
 * that do not resolve, timeouts (after the SDK's retries). A store that
 * answers with a 5xx is reachable: its failure is the upload's or read's.
 */
export function isUnreachable(err: unknown): boolean {
  const e = err as SdkError;
  const kind = kindOf(e);
  if (networkCodes.has(kind) || kind === 'TimeoutError' || kind === 'RequestTimeout') return true;
  // A socket that closed before an answer: the SDK reports it without a status.
  return statusOf(e) === undefined && /socket|network|timed? ?out|ECONN/i.test(e.message ?? '');
}

/**
 * The coded error for a failure of the SDK. `doing` says what failed when it
 * is none of the named kinds: an upload, a read, or any other request.
 */
export function s3Failure(err: unknown, where: S3Where, doing: 'upload' | 'read' | 'request'): ToolError {
  if (err instanceof ToolError) return err;
  const e = err as SdkError;
  const cause = { cause: err };
  const kind = kindOf(e);
  if (e.name === 'CredentialsProviderError')
    return new ToolError('REPOSITORY_NO_CREDENTIALS', { url: where.url }, cause);
  if (/region is missing/i.test(e.message ?? ''))
    return new ToolError('REPOSITORY_REGION_MISSING', { url: where.url }, cause);
  if (deniedNames.has(kind) || statusOf(e) === 403)
    return new ToolError('REPOSITORY_ACCESS_DENIED', { url: where.url }, cause);
  if (isBucketMissing(e))
    return new ToolError('REPOSITORY_BUCKET_MISSING', { bucket: where.bucket, endpoint: where.endpoint }, cause);
  if (isUnreachable(e))
    return new ToolError('REPOSITORY_UNREACHABLE', { url: where.url, endpoint: where.endpoint }, cause);
  const location = where.location ?? where.url;
  if (doing !== 'upload' && isMissing(e)) return new ToolError('REPOSITORY_FILE_MISSING', { location }, cause);
  if (doing === 'upload') return new ToolError('REPOSITORY_UPLOAD_FAILED', { location }, cause);
  return new ToolError('REPOSITORY_READ_FAILED', { location }, cause);
}
