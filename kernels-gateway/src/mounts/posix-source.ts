import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import { InvalidRequestError } from '../errors.js';
import { isWithin } from './mount-point.js';

/**
 * The real directory behind a POSIX source, refused unless it lies inside one of the data
 * roots the server exposes. The check is made on real paths, so neither `..` nor a symlink
 * (inside a root, pointing out) can reach `/etc` or another user's home. A path outside every
 * root is refused before the file system is asked, so that the answer tells nothing about it.
 */
export async function resolvePosixSource(
  path: string,
  allowedRoots: readonly string[],
): Promise<string> {
  const outside = () =>
    new InvalidRequestError(
      `${path} is outside the data this server shares (${allowedRoots.join(', ') || 'none'})`,
    );
  if (!isAbsolute(path)) throw new InvalidRequestError(`the source path must be absolute: ${path}`);
  const realRoots = await realRootsOf(allowedRoots);
  const lexical = normalize(path);
  if (!allowedRoots.some((root) => isWithin(normalize(root), lexical))) {
    if (!realRoots.some((root) => isWithin(root, lexical))) throw outside();
  }
  let real: string;
  try {
    real = await realpath(lexical);
  } catch {
    throw new InvalidRequestError(`no such directory: ${path}`);
  }
  if (!realRoots.some((root) => isWithin(root, real))) throw outside();
  if (!(await stat(real)).isDirectory()) {
    throw new InvalidRequestError(`${path} is not a directory; mount the directory that holds it`);
  }
  return real;
}

async function realRootsOf(roots: readonly string[]): Promise<string[]> {
  const real = await Promise.all(roots.map((root) => realpath(root).catch(() => undefined)));
  return real.filter((root): root is string => root !== undefined);
}
