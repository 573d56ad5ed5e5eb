import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MountRecord } from './mount-record.js';

const SUFFIX = '.mounts.json';

/**
 * A user name as one safe file name: JupyterHub names may hold `@`, `.` or worse, and `..`
 * must not become a directory step.
 */
export function ownerFileKey(owner: string): string {
  return encodeURIComponent(owner).replace(/\./g, '%2E');
}

/**
 * Mount records on disk, one file per user (mode 0600, in a 0700 directory), replaced whole by
 * rename so that a crash leaves the old file or the new one, never half of either.
 */
export class MountStore {
  constructor(private readonly dir: string) {}

  async read(owner: string): Promise<MountRecord[]> {
    try {
      const parsed = JSON.parse(await readFile(this.fileOf(owner), 'utf8')) as {
        mounts?: MountRecord[];
      };
      return parsed.mounts ?? [];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async write(owner: string, mounts: readonly MountRecord[]): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.fileOf(owner);
    const next = `${file}.${process.pid}.tmp`;
    await writeFile(next, `${JSON.stringify({ owner, mounts }, null, 2)}\n`, { mode: 0o600 });
    await rename(next, file);
  }

  /** Every user with a record file, for restoring after a restart. */
  async owners(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names
      .filter((name) => name.endsWith(SUFFIX))
      .map((name) => decodeURIComponent(name.slice(0, -SUFFIX.length)));
  }

  private fileOf(owner: string): string {
    return join(this.dir, `${ownerFileKey(owner)}${SUFFIX}`);
  }
}
