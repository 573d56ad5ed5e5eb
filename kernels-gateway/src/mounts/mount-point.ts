import { lstat, mkdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, posix, sep } from 'node:path';
import { ConflictError, InvalidRequestError } from '../errors.js';
import { MOUNT_NAME_PATTERN } from './mount-request.js';

const MOUNT_NAME = new RegExp(MOUNT_NAME_PATTERN);

/** Where a user's mounts live, relative to their home. */
export const DATA_DIR = 'data';

/** Where kernel containers see the user's home (the Jupyter docker-stacks user). */
export const CONTAINER_HOME = '/home/jovyan';

/** Refuses anything that is not one plain path segment (no `..`, no `/`, no hidden names). */
export function checkMountName(name: string): string {
  if (!MOUNT_NAME.test(name)) {
    throw new InvalidRequestError(
      `the mount name '${name}' is not allowed: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return name;
}

/** `data/<name>`: the mount as the user's file browser (the Jupyter contents API) shows it. */
export function mountRelativePath(name: string): string {
  return posix.join(DATA_DIR, checkMountName(name));
}

/** `<home>/data/<name>`, lexically: the name can only ever add one segment below data/. */
export function mountPointPath(home: string, name: string): string {
  if (!isAbsolute(home)) throw new Error(`a home directory must be absolute, not '${home}'`);
  return join(home, DATA_DIR, checkMountName(name));
}

/** Where the same mount appears in a kernel container. */
export function containerMountPath(name: string): string {
  return posix.join(CONTAINER_HOME, mountRelativePath(name));
}

/** Whether `path` is `root` or below it; both must already be normalised absolute paths. */
export function isWithin(root: string, path: string): boolean {
  if (root === sep) return path.startsWith(sep);
  return path === root || path.startsWith(root + sep);
}

/**
 * The real `<home>/data`, created when missing (unless `create: false`). The user owns their home, so `data` may be a
 * symlink they made; it is followed only when it stays inside the home, or a mount could be
 * placed (by a service that may run as root) anywhere they point it.
 */
export async function resolveDataDir(home: string): Promise<string>;
export async function resolveDataDir(
  home: string,
  options: { create: false },
): Promise<string | undefined>;
export async function resolveDataDir(
  home: string,
  options = { create: true },
): Promise<string | undefined> {
  let realHome: string;
  try {
    realHome = await realpath(home);
  } catch {
    throw new ConflictError('your home directory does not exist yet: start your server once');
  }
  const data = join(realHome, DATA_DIR);
  const found = await lstat(data).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!found) {
    if (!options.create) return undefined;
    await mkdir(data, { mode: 0o755 });
    return data;
  }
  const realData = await realpath(data).catch(() => {
    throw new ConflictError(`${DATA_DIR} in your home is a broken link: remove or rename it`);
  });
  if (!isWithin(realHome, realData) || realData === realHome) {
    throw new ConflictError(
      `${DATA_DIR} in your home points outside it: remove or rename it so that mounts can be made there`,
    );
  }
  if (!(await lstat(realData)).isDirectory()) {
    throw new ConflictError(`${DATA_DIR} in your home is not a directory: remove or rename it`);
  }
  return realData;
}

/** The real mount point: it must not exist yet, so that no file of the user's is covered. */
export async function freeMountPoint(home: string, name: string): Promise<string> {
  const mountPoint = join(await resolveDataDir(home), checkMountName(name));
  const existing = await lstat(mountPoint).catch(() => undefined);
  if (existing) {
    throw new ConflictError(
      `${mountRelativePath(name)} already exists in your home; choose another name or move it away`,
    );
  }
  return mountPoint;
}
