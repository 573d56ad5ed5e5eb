import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Whether this process can make FUSE mounts: it needs /dev/fuse (absent in most unprivileged
 * containers) and, unless it is root, the setuid fusermount3 that mounts for it.
 */
export async function fuseUsable(): Promise<boolean> {
  const usable = (path: string, mode: number) =>
    access(path, mode).then(
      () => true,
      () => false,
    );
  if (!(await usable('/dev/fuse', constants.R_OK | constants.W_OK))) return false;
  if (process.getuid?.() === 0) return true;
  const dirs = (process.env.PATH ?? '/usr/bin:/bin').split(':');
  for (const dir of dirs) {
    if (await usable(join(dir, 'fusermount3'), constants.X_OK)) return true;
  }
  return false;
}
