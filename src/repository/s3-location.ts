/**
 * Object storage addresses as a person writes them: `s3://bucket/prefix/`
 * for a place that holds backups (a folder-like prefix in a bucket) and
 * `s3://bucket/prefix/name.ebu` for one backup in it. No credentials, no
 * endpoint: those come from the repository's settings or the AWS variables.
 */
import { ToolError } from '../errors/index.js';

export interface S3Place {
  readonly bucket: string;
  /** The key prefix without a leading or trailing "/" ('' for the bucket's top). */
  readonly prefix: string;
}

export interface S3File extends S3Place {
  /** The backup's file name under the prefix. */
  readonly name: string;
}

const scheme = 's3://';
/** Bucket names of S3 (3–63 lower-case) and of Swift and MinIO (looser): what none of them could mean is refused. */
const bucketPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

function parts(url: string): { bucket: string; segments: string[] } {
  if (!url.startsWith(scheme)) throw new ToolError('REPOSITORY_URL_INVALID', { url });
  const [bucket = '', ...rest] = url.slice(scheme.length).split('/');
  const segments = rest.filter((s) => s !== '');
  const climbs = segments.some((s) => s === '.' || s === '..' || s.includes('\\') || s.includes('\0'));
  if (!bucketPattern.test(bucket) || climbs || url.includes('?') || url.includes('#'))
    throw new ToolError('REPOSITORY_URL_INVALID', { url });
  return { bucket, segments };
}

/** A place: every segment after the bucket is the prefix. */
export function parseS3Place(url: string): S3Place {
  const { bucket, segments } = parts(url);
  return { bucket, prefix: segments.join('/') };
}

/**
 * An address that names a file (it ends in `.ebu`, not in "/"), or
 * undefined when it names a place.
 */
export function parseS3File(url: string): S3File | undefined {
  if (url.endsWith('/')) return undefined;
  const { bucket, segments } = parts(url);
  const name = segments.at(-1);
  if (name === undefined || !name.toLowerCase().endsWith('.ebu')) return undefined;
  return { bucket, prefix: segments.slice(0, -1).join('/'), name };
}

/** The place written back as an address, always ending in "/". */
export function formatS3Place(place: S3Place): string {
  return `${scheme}${place.bucket}/${place.prefix ? `${place.prefix}/` : ''}`;
}
