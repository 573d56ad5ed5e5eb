import { lstat, readlink, symlink, unlink } from 'node:fs/promises';
import { type MountRecord, posixSourceOf } from '../mount-record.js';
import type { MountDriver } from './mount-driver.js';

/**
 * POSIX data the server can see, shown by a symlink to its real directory. Nothing is
 * mounted, so it needs no privilege; a kernel container sees the link's target only when the
 * provisioner binds it (see MountService.mountsFor).
 */
export class SymlinkDriver implements MountDriver {
  async mount(record: MountRecord): Promise<void> {
    await symlink(posixSourceOf(record), record.mountPoint, 'dir');
  }

  async isMounted(record: MountRecord): Promise<boolean> {
    const target = await readlink(record.mountPoint).catch(() => undefined);
    return target === posixSourceOf(record);
  }

  async unmount(record: MountRecord): Promise<void> {
    const found = await lstat(record.mountPoint).catch(() => undefined);
    // Only our link: if the user has put something else there, it is theirs.
    if (found?.isSymbolicLink()) await unlink(record.mountPoint);
  }

  hostPath(record: MountRecord): string {
    return posixSourceOf(record);
  }
}
