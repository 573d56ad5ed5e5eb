import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MountService } from '../../src/mounts/mount-service.js';
import { mountAt } from '../../src/mounts/mount-table.js';
import { MOUNT_HELPER } from '../../src/mounts/privileged/privileged-mounter.js';
import { auth, type MountSandbox, mountApp, mountSandbox } from './mount-app.js';

const run = promisify(execFile);
// Bind mounts need CAP_SYS_ADMIN: here the tests run as root, as the helper does under sudo.
const canMount = process.getuid?.() === 0;

describe.runIf(canMount)('bind mounts propagated into running containers', () => {
  let box: MountSandbox;
  let app: FastifyInstance;
  let mounts: MountService;
  /** Where a "container" sees alice's data dir: bound with rslave, as podman's `:rslave`. */
  let containerData: string;
  let dataDir: string;

  beforeAll(async () => {
    box = await mountSandbox();
    for (const name of ['era5', 'cmip6']) {
      await mkdir(join(box.dataRoot, name));
      await writeFile(join(box.dataRoot, name, 'index.json'), `{"dataset":"${name}"}`);
    }
    ({ app, mounts } = await mountApp(box, { privilegedHelper: [MOUNT_HELPER] }));
    containerData = join(box.root, 'container', 'home', 'jovyan', 'data');
    dataDir = join(box.homeFor('alice'), 'data');
  });

  afterAll(async () => {
    for (const point of [containerData, join(dataDir, 'era5'), join(dataDir, 'cmip6'), dataDir]) {
      if (point && (await mountAt(point))) await run('umount', ['-R', '-l', point]);
    }
    await app?.close();
    await box?.cleanup();
  });

  const post = (name: string) =>
    app.inject({
      method: 'POST',
      url: '/api/styx/mounts',
      headers: auth('alice'),
      payload: { name, source: { kind: 'posix', path: join(box.dataRoot, name) } },
    });

  it('bind-mounts POSIX data read-only on data/<name>, the data dir an rshared mount point', async () => {
    const response = await post('era5');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ driver: 'bind', path: 'data/era5', state: 'mounted' });
    expect(await readFile(join(dataDir, 'era5', 'index.json'), 'utf8')).toBe('{"dataset":"era5"}');
    await expect(writeFile(join(dataDir, 'era5', 'new'), 'x')).rejects.toThrow(/read-only/);
    expect((await mountAt(dataDir))?.propagation.some((f) => f.startsWith('shared:'))).toBe(true);
    expect(await mounts.sharedDataDirFor('alice')).toEqual({
      hostPath: dataDir,
      containerPath: '/home/jovyan/data',
      propagation: 'rslave',
    });
    expect(await mounts.sharedDataDirFor('bob')).toBeUndefined();
  });

  it('shows a mount made after the container started, and takes it away on DELETE', async () => {
    // The container starts now: its bind of the data dir is a slave of the host's.
    await mkdir(containerData, { recursive: true });
    await run('mount', ['--rbind', dataDir, containerData]);
    await run('mount', ['--make-rslave', containerData]);
    expect(await readdir(containerData)).toEqual(['era5']);

    expect((await post('cmip6')).statusCode).toBe(201);
    expect(await readFile(join(containerData, 'cmip6', 'index.json'), 'utf8')).toBe(
      '{"dataset":"cmip6"}',
    );

    const removed = await app.inject({
      method: 'DELETE',
      url: '/api/styx/mounts/cmip6',
      headers: auth('alice'),
    });
    expect(removed.statusCode).toBe(204);
    expect(await mountAt(join(dataDir, 'cmip6'))).toBeUndefined();
    expect(await readdir(dataDir)).toEqual(['era5']);
    expect(await readdir(join(containerData))).toEqual(['era5']);
    expect(await readdir(join(containerData, 'era5'))).toEqual(['index.json']);
  });

  it('the privileged helper refuses paths it could be tricked with', async () => {
    const helper = (...args: string[]) =>
      run(MOUNT_HELPER, args, {
        env: { PATH: process.env.PATH, STYX_MOUNT_ROOTS: box.dataRoot },
      }).then(
        () => 'mounted',
        (error: { stderr: string }) => error.stderr.trim(),
      );
    await mkdir(join(dataDir, 'empty'));
    expect(await helper('bind', `${box.dataRoot}/era5/../../..`, join(dataDir, 'empty'))).toMatch(
      /not a real path/,
    );
    await symlink('/etc', join(box.dataRoot, 'etc-link'));
    expect(await helper('bind', join(box.dataRoot, 'etc-link'), join(dataDir, 'empty'))).toMatch(
      /not a real path/,
    );
    await mkdir(join(box.root, 'elsewhere'));
    expect(await helper('bind', join(box.root, 'elsewhere'), join(dataDir, 'empty'))).toMatch(
      /outside the data roots/,
    );
    expect(await helper('bind', join(box.dataRoot, 'era5'), '/etc')).toMatch(
      /not inside a data directory/,
    );
    expect(await helper('share', '/etc')).toMatch(/only a data directory/);
    await symlink('/etc', join(box.homeFor('bob'), 'data'));
    expect(await helper('share', join(box.homeFor('bob'), 'data'))).toMatch(/not a real path/);
    expect(await helper('unmount', '/proc')).toMatch(/not inside a data directory/);
    expect(await mountAt(join(dataDir, 'empty'))).toBeUndefined();
  });
});
