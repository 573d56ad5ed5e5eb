import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type ResultStorage, SHA256_MULTIHASH_PREFIX, type StoredFile } from './result-storage.js';

/**
 * Results in a local folder (the embedded default), served to their owner by the processing
 * service at `<baseUrl>results/<owner>/<jobId>/<path>` (routes/results.ts).
 */
export class PosixResultStorage implements ResultStorage {
  readonly kind = 'posix' as const;

  constructor(
    private readonly root: string,
    /** The processing service's public URL, ending with '/'. */
    private readonly baseUrl: string,
  ) {}

  async put(key: string, localPath: string): Promise<StoredFile> {
    const target = join(this.root, ...key.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await copyFile(localPath, target);
    return {
      href: `${this.baseUrl}results/${key.split('/').map(encodeURIComponent).join('/')}`,
      size: (await stat(target)).size,
      checksum: await sha256Multihash(target),
    };
  }

  async removeJob(owner: string, jobId: string): Promise<void> {
    await rm(join(this.root, owner, jobId), { recursive: true, force: true });
  }
}

export async function sha256Multihash(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return `${SHA256_MULTIHASH_PREFIX}${hash.digest('hex')}`;
}
