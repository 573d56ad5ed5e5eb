import { InvalidRequestError } from '../errors.js';
import type { MountDriverName, MountSource } from './mount-request.js';

export interface DriverCapabilities {
  /** rclone is configured and this process can make FUSE mounts. */
  fuse: boolean;
  /** The privileged helper is configured: bind mounts, and rshared data dirs. */
  privileged: boolean;
}

/**
 * The driver for a source. POSIX data is a symlink, or a bind mount where the privileged
 * helper makes data dirs rshared: a symlink's target does not exist in a kernel container that
 * is already running, a bind mount propagates into it. S3 data is an rclone FUSE mount, or
 * where FUSE is impossible the fsspec description.
 */
export function chooseDriver(
  source: MountSource,
  requested: MountDriverName | undefined,
  can: DriverCapabilities,
): MountDriverName {
  if (source.kind === 'posix') {
    const driver = requested ?? (can.privileged ? 'bind' : 'symlink');
    if (driver === 'rclone' || driver === 'fsspec') {
      throw new InvalidRequestError(
        `the ${driver} driver mounts S3 data; a POSIX path takes symlink${can.privileged ? ' or bind' : ''}`,
      );
    }
    if (driver === 'bind' && !can.privileged) {
      throw new InvalidRequestError('bind mounts are not available on this server; use symlink');
    }
    return driver;
  }
  const driver = requested ?? (can.fuse ? 'rclone' : 'fsspec');
  if (driver === 'symlink' || driver === 'bind') {
    throw new InvalidRequestError(
      `the ${driver} driver shows POSIX data; S3 data takes ${can.fuse ? 'rclone or fsspec' : 'fsspec'}`,
    );
  }
  if (driver === 'rclone' && !can.fuse) {
    throw new InvalidRequestError(
      'FUSE mounts (rclone) are not available on this server; use the fsspec driver',
    );
  }
  return driver;
}
