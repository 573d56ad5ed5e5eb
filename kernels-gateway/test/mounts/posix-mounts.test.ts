import { lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MountService } from '../../src/mounts/mount-service.js';
import { auth, type MountSandbox, mountApp, mountSandbox } from './mount-app.js';

describe('POSIX mounts through the API', () => {
  let box: MountSandbox;
  let app: FastifyInstance;
  let mounts: MountService;
  let era5: string;

  beforeAll(async () => {
    box = await mountSandbox();
    era5 = join(box.dataRoot, 'era5');
    await mkdir(join(era5, '2024'), { recursive: true });
    await writeFile(join(era5, '2024', 't2m.nc'), 'netcdf bytes');
    ({ app, mounts } = await mountApp(box));
  });
  afterAll(async () => {
    await app?.close();
    await box?.cleanup();
  });

  const post = (body: unknown, who: 'alice' | 'bob' = 'alice') =>
    app.inject({
      method: 'POST',
      url: '/api/styx/mounts',
      headers: auth(who),
      payload: body as object,
    });

  it('shows a POSIX directory in the user`s home as data/<name>', async () => {
    const response = await post({
      name: 'era5',
      source: { kind: 'posix', path: era5 },
      stac: { collection: 'era5-reanalysis' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      name: 'era5',
      path: 'data/era5',
      driver: 'symlink',
      source: { kind: 'posix', path: era5 },
      stac: { collection: 'era5-reanalysis' },
      state: 'mounted',
    });
    const home = box.homeFor('alice');
    expect(await readFile(join(home, 'data', 'era5', '2024', 't2m.nc'), 'utf8')).toBe(
      'netcdf bytes',
    );
    expect(await mounts.mountsFor('alice')).toEqual([
      { name: 'era5', hostPath: era5, containerPath: '/home/jovyan/data/era5' },
    ]);
  });

  it('lists and gets the owner`s mounts', async () => {
    const list = await app.inject({ url: '/api/styx/mounts', headers: auth('alice') });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((m: { name: string }) => m.name)).toEqual(['era5']);
    const one = await app.inject({ url: '/api/styx/mounts/era5', headers: auth('alice') });
    expect(one.statusCode).toBe(200);
    expect(one.json().path).toBe('data/era5');
  });

  it('hides one user`s mounts from another (404, as if absent)', async () => {
    const list = await app.inject({ url: '/api/styx/mounts', headers: auth('bob') });
    expect(list.json()).toEqual([]);
    const get = await app.inject({ url: '/api/styx/mounts/era5', headers: auth('bob') });
    expect(get.statusCode).toBe(404);
    expect(get.json()).toEqual({ message: 'you have no mount named era5', reason: 'Not Found' });
    const del = await app.inject({
      method: 'DELETE',
      url: '/api/styx/mounts/era5',
      headers: auth('bob'),
    });
    expect(del.statusCode).toBe(404);
    expect((await lstat(join(box.homeFor('alice'), 'data', 'era5'))).isSymbolicLink()).toBe(true);
    // Bob mounting the same data under the same name is his own, separate mount.
    expect(
      (await post({ name: 'era5', source: { kind: 'posix', path: era5 } }, 'bob')).statusCode,
    ).toBe(201);
    expect(await mounts.mountsFor('alice')).toHaveLength(1);
  });

  it('answers 409 for a name in use, or a path the user already has', async () => {
    const again = await post({ name: 'era5', source: { kind: 'posix', path: era5 } });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/already have a mount named era5/);
    await mkdir(join(box.homeFor('alice'), 'data', 'notes'));
    const covered = await post({ name: 'notes', source: { kind: 'posix', path: era5 } });
    expect(covered.statusCode).toBe(409);
    expect(covered.json().message).toMatch(/data\/notes already exists/);
  });

  it.each([
    [
      'a name with ..',
      { name: '..', source: { kind: 'posix', path: '/x' } },
      /body\/name must match/,
    ],
    ['a name with a slash', { name: 'a/b', source: { kind: 'posix', path: '/x' } }, /body\/name/],
    ['no source', { name: 'x' }, /must have required property 'source'/],
    ['an unknown source kind', { name: 'x', source: { kind: 'ftp', path: '/x' } }, /body\/source/],
    [
      '/etc',
      { name: 'x', source: { kind: 'posix', path: '/etc' } },
      /outside the data this server shares/,
    ],
    [
      'a relative path',
      { name: 'x', source: { kind: 'posix', path: '../../etc' } },
      /must be absolute/,
    ],
    [
      'dot-dot out of the data root',
      { name: 'x', source: { kind: 'posix', path: 'ROOT/../../../etc' } },
      /outside/,
    ],
    [
      'S3 without credentials',
      { name: 'x', source: { kind: 's3', url: 's3://bucket/p' } },
      /anonymous: true/,
    ],
    [
      'an s3 URL that is not one',
      { name: 'x', source: { kind: 's3', url: 'http://bucket' } },
      /body\/source/,
    ],
    [
      'a driver that does not fit',
      { name: 'x', source: { kind: 'posix', path: 'ROOT/era5' }, driver: 'rclone' },
      /mounts S3 data/,
    ],
  ])('refuses %s with 400 saying why', async (_what, body, message) => {
    const payload = JSON.parse(JSON.stringify(body).replaceAll('ROOT', box.dataRoot));
    const response = await post(payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().message).toMatch(message);
  });

  it('refuses a symlink inside the data root that escapes it', async () => {
    await symlink(box.homeFor('bob'), join(box.dataRoot, 'bobs-home'));
    const response = await post({
      name: 'bob',
      source: { kind: 'posix', path: join(box.dataRoot, 'bobs-home') },
    });
    expect(response.statusCode).toBe(400);
    expect(await readdir(join(box.homeFor('alice'), 'data'))).not.toContain('bob');
  });

  it('needs a token', async () => {
    const response = await app.inject({ url: '/api/styx/mounts' });
    expect(response.statusCode).toBe(401);
  });

  it('restores kept mounts in a new service, and marks the ones it cannot make', async () => {
    const other = join(box.dataRoot, 'other');
    await mkdir(other);
    expect((await post({ name: 'other', source: { kind: 'posix', path: other } })).statusCode).toBe(
      201,
    );
    // Gone after a "reboot": the links, and one source.
    const { rm } = await import('node:fs/promises');
    await rm(join(box.homeFor('alice'), 'data', 'era5'));
    await rm(join(box.homeFor('alice'), 'data', 'other'));
    await rm(other, { recursive: true });
    await app.close();
    ({ app, mounts } = await mountApp(box));
    expect(await mounts.restore()).toEqual({ mounted: 2, failed: 1 });
    expect(
      await readFile(join(box.homeFor('alice'), 'data', 'era5', '2024', 't2m.nc'), 'utf8'),
    ).toBe('netcdf bytes');
    const failed = await app.inject({ url: '/api/styx/mounts/other', headers: auth('alice') });
    expect(failed.json()).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/no such directory/),
    });
    expect((await mounts.mountsFor('alice')).map((m) => m.name)).toEqual(['era5']);
    const stateFile = join(box.stateDir, 'alice.mounts.json');
    expect((await stat(stateFile)).mode & 0o777).toBe(0o600);
  });

  it('removes a mount (and removing it twice is a 404, the link already gone)', async () => {
    const del = await app.inject({
      method: 'DELETE',
      url: '/api/styx/mounts/era5',
      headers: auth('alice'),
    });
    expect(del.statusCode).toBe(204);
    expect(await readdir(join(box.homeFor('alice'), 'data'))).not.toContain('era5');
    expect(await readdir(era5)).toEqual(['2024']);
    const again = await app.inject({
      method: 'DELETE',
      url: '/api/styx/mounts/era5',
      headers: auth('alice'),
    });
    expect(again.statusCode).toBe(404);
    // A failed mount is removed all the same.
    const failed = await app.inject({
      method: 'DELETE',
      url: '/api/styx/mounts/other',
      headers: auth('alice'),
    });
    expect(failed.statusCode).toBe(204);
  });
});
