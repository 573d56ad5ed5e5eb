import { mountRelativePath } from './mount-point.js';
import type { MountModel } from './mount-request.js';

/** What the service keeps about a mount: the model the user sees, and where it really is. */
export interface MountRecord extends Omit<MountModel, 'path'> {
  /** The user whose mount it is: nobody else sees it. */
  owner: string;
  /** The real mount point, `<home>/data/<name>` resolved when it was made. */
  mountPoint: string;
  /** POSIX sources: the real directory, checked against the data roots when mounted. */
  sourcePath?: string;
}

export function mountModel(record: MountRecord): MountModel {
  const { owner: _owner, mountPoint: _mountPoint, sourcePath: _sourcePath, ...model } = record;
  return { ...model, path: mountRelativePath(record.name) };
}

/** The real directory of a POSIX mount, resolved (and checked) when it was made. */
export function posixSourceOf(record: MountRecord): string {
  if (!record.sourcePath) throw new Error(`mount ${record.name} has no resolved source path`);
  return record.sourcePath;
}
