/**
 * Writes asset files under the data directory with bounded concurrency, and describes each
 * written file for its STAC asset (href, `file:size`, `file:checksum`).
 */

import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface WrittenFile {
  href: string;
  'file:size': number;
  /** Multihash: 0x12 (SHA2-256) and 0x20 (32 bytes), then the digest, in hex. */
  'file:checksum': string;
}

export class AssetSink {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly createdDirs = new Map<string, Promise<unknown>>();
  private failure: unknown;

  constructor(
    private readonly dataDir: string,
    private readonly hrefFor: (relPath: string) => string,
    private readonly maxConcurrentWrites = 16,
  ) {}

  /** Default href: the absolute path of the file, with forward slashes. */
  static absoluteHref(dataDir: string): (relPath: string) => string {
    const root = path.resolve(dataDir);
    return (relPath) =>
      path
        .join(root, ...relPath.split('/'))
        .split(path.sep)
        .join('/');
  }

  /**
   * Queues a file (relative POSIX path) for writing and returns its asset fields at once. Waits
   * only when too many writes are already under way.
   */
  async put(relPath: string, content: string | Uint8Array): Promise<WrittenFile> {
    this.throwIfFailed();
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const digest = createHash('sha256').update(bytes).digest('hex');
    while (this.inFlight.size >= this.maxConcurrentWrites) {
      await Promise.race(this.inFlight);
      this.throwIfFailed();
    }
    const target = path.join(this.dataDir, ...relPath.split('/'));
    const write = this.ensureDir(path.dirname(target))
      .then(() => writeFile(target, bytes))
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        this.inFlight.delete(write);
      });
    this.inFlight.add(write);
    return {
      href: this.hrefFor(relPath),
      'file:size': bytes.length,
      'file:checksum': `1220${digest}`,
    };
  }

  /** Resolves once every queued file is on disk; rejects with the first write error. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    this.throwIfFailed();
  }

  private ensureDir(dir: string): Promise<unknown> {
    let created = this.createdDirs.get(dir);
    if (!created) {
      created = mkdir(dir, { recursive: true });
      this.createdDirs.set(dir, created);
    }
    return created;
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
