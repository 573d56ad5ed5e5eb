import { randomBytes } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { ProbeObservation } from '../probe.js';

export interface ObjectStorageTarget {
  endpoint: string | undefined;
  region: string;
  bucket: string;
  /** Where the probe's objects go, so that a lifecycle rule or a listing can tell them apart. */
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * A round trip through object storage: an object put, read back (same bytes) and deleted. A
 * bucket that lists but refuses writes (full, read-only) fails here, as it would for a user.
 */
export function objectStorageCheck(target: ObjectStorageTarget) {
  const client = new S3Client({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint, forcePathStyle: true } : {}),
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    // The probe's own timeout decides; the SDK's retries would hide an outage for seconds.
    maxAttempts: 1,
  });
  return {
    async check(signal: AbortSignal): Promise<ProbeObservation> {
      const key = `${target.prefix}probe-${Date.now()}-${randomBytes(4).toString('hex')}`;
      const body = randomBytes(32).toString('hex');
      const options = { abortSignal: signal };
      await client.send(
        new PutObjectCommand({
          Bucket: target.bucket,
          Key: key,
          Body: body,
          ContentType: 'text/plain',
        }),
        options,
      );
      try {
        const got = await client.send(
          new GetObjectCommand({ Bucket: target.bucket, Key: key }),
          options,
        );
        const text = await got.Body?.transformToString();
        if (text !== body)
          throw new Error(`s3://${target.bucket}/${key} read back other bytes than written`);
      } finally {
        await client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: key }), options);
      }
      return { detail: `s3://${target.bucket}/${target.prefix} put, get, delete` };
    },
    close: async () => client.destroy(),
  };
}
