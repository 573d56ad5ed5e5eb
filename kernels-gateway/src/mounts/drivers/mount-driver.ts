import type { MountRecord } from '../mount-record.js';

/**
 * One way of making data appear at a mount point. The service has already checked the name,
 * the mount point (free, inside the user's data dir) and the source; a driver only mounts.
 */
export interface MountDriver {
  /** Makes the data appear at `record.mountPoint`, which does not exist yet. */
  mount(record: MountRecord): Promise<void>;
  /** Whether the mount made earlier (before a restart, say) is still in place and working. */
  isMounted(record: MountRecord): Promise<boolean>;
  /**
   * Takes the mount away and removes the mount point; nothing to do is not an error. What is
   * needed to mount it again (rclone's config) stays, for restoring after a restart.
   */
  unmount(record: MountRecord): Promise<void>;
  /** Deletes what the driver keeps for the mount besides the mount itself. */
  forget?(record: MountRecord): Promise<void>;
  /** Where the data is on the host, for binding into a kernel container. */
  hostPath(record: MountRecord): string;
}
