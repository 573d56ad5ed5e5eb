/**
 * Where a job's output files are kept once it ends: the local results folder (the embedded
 * default) or an S3 bucket. Keys are `<owner>/<jobId>/<path in the output folder>`.
 */
export interface StoredFile {
  /** The file's URL for people and notebooks. */
  href: string;
  /** Another way to reach it (an `s3://` URL), for STAC's alternate assets. */
  alternate?: { name: string; href: string };
  size: number;
  /** SHA-256 of the content, as a multihash in hex (STAC file extension's `file:checksum`). */
  checksum: string;
}

export interface ResultStorage {
  readonly kind: 'posix' | 's3';
  put(key: string, localPath: string, mediaType: string): Promise<StoredFile>;
  /** Removes everything stored under a job (`<owner>/<jobId>/`). */
  removeJob(owner: string, jobId: string): Promise<void>;
}

/** A key's parts must never climb out of the owner's folder. */
export function resultKey(owner: string, jobId: string, path: string): string {
  const parts = [owner, jobId, ...path.split('/')];
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\')))
    throw new Error(`not a result path: ${owner}/${jobId}/${path}`);
  return parts.join('/');
}

/** SHA-256 multihash prefix (code 0x12, length 0x20). */
export const SHA256_MULTIHASH_PREFIX = '1220';
