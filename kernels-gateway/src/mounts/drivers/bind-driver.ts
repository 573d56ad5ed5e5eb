import { mkdir, rmdir } from 'node:fs/promises';
import { type MountRecord, posixSourceOf } from '../mount-record.js';
import { mountAt } from '../mount-table.js';
import type { PrivilegedMounter } from '../privileged/privileged-mounter.js';
import type { MountDriver } from './mount-driver.js';

/**
 * POSIX data bind-mounted (read-only) on `<home>/data/<name>`. Unlike a symlink it is a real
 * mount, so when the data dir is an rshared mount point it propagates into kernel containers
 * that are already running (they bind the data dir with rslave). Needs the privileged helper.
 */
export class BindDriver implements MountDriver {
  constructor(private readonly privileged: PrivilegedMounter) {}

  async mount(record: MountRecord): Promise<void> {
    await mkdir(record.mountPoint, { mode: 0o755 });
    try {
      await this.privileged.bind(posixSourceOf(record), record.mountPoint);
    } catch (error) {
      await rmdir(record.mountPoint).catch(() => undefined);
      throw error;
    }
  }

  async isMounted(record: MountRecord): Promise<boolean> {
    return (await mountAt(record.mountPoint)) !== undefined;
  }

  async unmount(record: MountRecord): Promise<void> {
    if (await mountAt(record.mountPoint)) await this.privileged.unmount(record.mountPoint);
    await rmdir(record.mountPoint).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  hostPath(record: MountRecord): string {
    return record.mountPoint;
  }
}
