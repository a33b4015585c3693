/**
 * The object-store lines of npm run bench: the store's own throughput,
 * measured with the SDK alone on the very file kluis wrote, so that a
 * backup or restore through object storage can be held against what the
 * store can take and give at all (the bar itself is a ratio of kluis to
 * kluis: into the store against into a local file, out of it against out
 * of a local file). The store is the tests' real one (OpenStack Swift with
 * s3api, test/helpers/object-store.ts), started for the bench.
 */
import { createReadStream } from 'node:fs';
import { type Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

const mib = 1024 * 1024;

/** The part size kluis uses (KLUIS_S3_PART_MIB, default 16), to measure the store with the same parts. */
export function kluisPartBytes(env: NodeJS.ProcessEnv): number {
  const parts = Number(env['KLUIS_S3_PART_MIB']);
  return (Number.isFinite(parts) && parts >= 5 ? Math.floor(parts) : 16) * mib;
}

/** A multipart upload of a local file: parts of `partBytes`, `queueSize` at a time (kluis's defaults). */
export async function uploadFile(
  client: S3Client,
  bucket: string,
  key: string,
  file: string,
  partBytes: number,
  queueSize = 3,
): Promise<void> {
  await new Upload({
    client,
    params: { Bucket: bucket, Key: key, Body: createReadStream(file, { highWaterMark: mib }) },
    partSize: partBytes,
    queueSize,
    leavePartsOnError: false,
  }).done();
}

/** One GET of the whole object, its bytes counted and dropped. */
export async function downloadObject(client: S3Client, bucket: string, key: string): Promise<number> {
  const reply = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  let bytes = 0;
  await pipeline(
    reply.Body as Readable,
    new Writable({
      highWaterMark: mib,
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    }),
  );
  return bytes;
}
