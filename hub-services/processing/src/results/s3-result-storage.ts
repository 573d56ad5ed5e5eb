import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { sha256Multihash } from './posix-result-storage.js';
import type { ResultStorage, StoredFile } from './result-storage.js';

export interface S3ResultStorageOptions {
  /** An S3 endpoint (MinIO, Ceph, AWS); unset: AWS's own for the region. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Inside the bucket, before `<owner>/<jobId>/…`. */
  prefix?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`endpoint/bucket/key`), as MinIO wants. */
  forcePathStyle?: boolean;
  /** Where people reach the bucket over HTTP(S) (asset hrefs); default: the endpoint. */
  publicUrl?: string;
  /** Create the bucket when it is missing. */
  createBucket?: boolean;
}

/** The storage answered, but not with success: its words, for the job's message and the log. */
export class ResultStorageError extends Error {}

/**
 * Results in an S3 bucket through @aws-sdk/client-s3: each file a PutObject (streamed, with its
 * length) at `<prefix><owner>/<jobId>/<path>`; the asset href is its HTTP URL, with the
 * `s3://` URL as an alternate.
 */
export class S3ResultStorage implements ResultStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private bucketChecked = false;

  constructor(private readonly options: S3ResultStorageOptions) {
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      credentials: {
        accessKeyId: options.accessKeyId,
        secretAccessKey: options.secretAccessKey,
      },
    });
  }

  async put(key: string, localPath: string, mediaType: string): Promise<StoredFile> {
    await this.ensureBucket();
    const objectKey = `${this.options.prefix ?? ''}${key}`;
    const size = (await stat(localPath)).size;
    const checksum = await sha256Multihash(localPath);
    await this.attempt(`upload ${objectKey}`, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: objectKey,
          Body: createReadStream(localPath),
          ContentLength: size,
          ContentType: mediaType,
          Metadata: { 'styx-checksum': checksum },
        }),
      ),
    );
    return {
      href: this.httpUrl(objectKey),
      alternate: { name: 's3', href: `s3://${this.options.bucket}/${objectKey}` },
      size,
      checksum,
    };
  }

  async removeJob(owner: string, jobId: string): Promise<void> {
    const prefix = `${this.options.prefix ?? ''}${owner}/${jobId}/`;
    const listed = await this.attempt(`list ${prefix}`, () =>
      this.client.send(new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix })),
    );
    const keys = (listed.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (keys.length === 0) return;
    await this.attempt(`delete ${prefix}`, () =>
      this.client.send(
        new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: keys } }),
      ),
    );
  }

  private async ensureBucket(): Promise<void> {
    if (this.bucketChecked) return;
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (error) {
      const status = (error as S3ServiceException).$metadata?.httpStatusCode;
      if (status !== 404 || !this.options.createBucket)
        throw this.explain(error, 'reach the bucket');
      try {
        await this.client.send(new CreateBucketCommand({ Bucket: this.options.bucket }));
      } catch (created) {
        // Another upload (or service) created it in the meantime: what was wanted.
        if ((created as S3ServiceException).name !== 'BucketAlreadyOwnedByYou')
          throw this.explain(created, 'create the bucket');
      }
    }
    this.bucketChecked = true;
  }

  private async attempt<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.explain(error, what);
    }
  }

  private explain(error: unknown, what: string): Error {
    const e = error as S3ServiceException;
    const status = e.$metadata?.httpStatusCode;
    return new ResultStorageError(
      `could not ${what} in s3://${this.options.bucket} at ${this.options.endpoint ?? 'AWS'}: ${e.name ?? 'error'}${status ? ` (HTTP ${status})` : ''}${e.message ? `: ${e.message}` : ''}`,
      { cause: error },
    );
  }

  /** The object's HTTP(S) URL: path-style under the public URL or endpoint, else AWS's virtual-hosted style. */
  private httpUrl(objectKey: string): string {
    const path = objectKey.split('/').map(encodeURIComponent).join('/');
    const { publicUrl, endpoint, bucket, region } = this.options;
    if (!publicUrl && !endpoint && !this.options.forcePathStyle)
      return `https://${bucket}.s3.${region}.amazonaws.com/${path}`;
    const base = (publicUrl ?? endpoint ?? `https://s3.${region}.amazonaws.com`).replace(/\/$/, '');
    return `${base}/${bucket}/${path}`;
  }
}
