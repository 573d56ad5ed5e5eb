import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/errors.js';
import {
  checkMountName,
  containerMountPath,
  freeMountPoint,
  isWithin,
  mountPointPath,
  mountRelativePath,
  resolveDataDir,
} from '../../src/mounts/mount-point.js';
import { resolvePosixSource } from '../../src/mounts/posix-source.js';

describe('mount names and mount points', () => {
  it.each(['..', '.', '', 'a/b', '../etc', '.hidden', '-flag', 'a b', 'x'.repeat(65), 'a\nb'])(
    'refuses the name %j',
    (name) => {
      expect(() => checkMountName(name)).toThrow(InvalidRequestError);
      expect(() => mountPointPath('/home/alice', name)).toThrow(InvalidRequestError);
    },
  );

  it('puts a mount at <home>/data/<name>, and so in the container', () => {
    expect(mountPointPath('/home/alice', 'sentinel-2.l2a_v1')).toBe(
      '/home/alice/data/sentinel-2.l2a_v1',
    );
    expect(mountRelativePath('era5')).toBe('data/era5');
    expect(containerMountPath('era5')).toBe('/home/jovyan/data/era5');
  });

  it('compares paths by segments, not by prefix', () => {
    expect(isWithin('/srv/data', '/srv/data/x')).toBe(true);
    expect(isWithin('/srv/data', '/srv/data')).toBe(true);
    expect(isWithin('/srv/data', '/srv/database')).toBe(false);
    expect(isWithin('/', '/etc')).toBe(true);
  });
});

describe('real paths', () => {
  let root: string;
  let shared: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'styx-mount-paths-'));
    shared = join(root, 'shared');
    await mkdir(join(shared, 'era5'), { recursive: true });
    await mkdir(join(root, 'secret'), { recursive: true });
    await mkdir(join(root, 'alice'), { recursive: true });
    await mkdir(join(root, 'mallory'), { recursive: true });
    await symlink(join(root, 'secret'), join(shared, 'escape'));
    await symlink(join(shared, 'era5'), join(shared, 'era5-latest'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('accepts a directory inside a data root, through symlinks that stay inside', async () => {
    await expect(resolvePosixSource(join(shared, 'era5'), [shared])).resolves.toBe(
      join(shared, 'era5'),
    );
    await expect(resolvePosixSource(join(shared, 'era5-latest'), [shared])).resolves.toBe(
      join(shared, 'era5'),
    );
  });

  it.each([
    ['a system directory', '/etc'],
    ['dot-dot out of the root', 'SHARED/era5/../../secret'],
    ['a symlink that escapes the root', 'SHARED/escape'],
    ['a relative path', '../../etc'],
    ['a root that merely shares a prefix', 'SHARED-other'],
  ])('refuses %s', async (_what, path) => {
    const error = await resolvePosixSource(path.replace('SHARED', shared), [shared]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
  });

  it('refuses a file, saying to mount its directory', async () => {
    await expect(resolvePosixSource('/etc/passwd', ['/etc'])).rejects.toThrow(/not a directory/);
  });

  it('creates <home>/data, and refuses a data dir that is a symlink out of the home', async () => {
    await expect(resolveDataDir(join(root, 'alice'))).resolves.toBe(join(root, 'alice', 'data'));
    await symlink(join(root, 'secret'), join(root, 'mallory', 'data'));
    await expect(resolveDataDir(join(root, 'mallory'))).rejects.toThrow(/points outside/);
    await expect(freeMountPoint(join(root, 'mallory'), 'x')).rejects.toThrow(/points outside/);
  });

  it('refuses a mount point that already holds something of the user', async () => {
    await mkdir(join(root, 'alice', 'data', 'mine'));
    await expect(freeMountPoint(join(root, 'alice'), 'mine')).rejects.toThrow(/already exists/);
    await expect(freeMountPoint(join(root, 'alice'), 'era5')).resolves.toBe(
      join(root, 'alice', 'data', 'era5'),
    );
  });
});
