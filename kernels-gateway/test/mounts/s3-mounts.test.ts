import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startMinio } from '@styx/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuseUsable } from '../../src/mounts/fuse-support.js';
import type { MountService } from '../../src/mounts/mount-service.js';
import { mountAt } from '../../src/mounts/mount-table.js';
import { type ProxiedRequest, startCountingProxy } from './counting-proxy.js';
import { auth, type MountSandbox, mountApp, mountSandbox } from './mount-app.js';

const run = promisify(execFile);
const MiB = 1024 * 1024;
const OBJECT_SIZE = 16 * MiB;
const haveFuse =
  (await fuseUsable()) &&
  (await run('rclone', ['version']).then(
    () => true,
    () => false,
  ));

describe('S3 mounts on a real MinIO', () => {
  let minio: Awaited<ReturnType<typeof startMinio>>;
  let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
  let box: MountSandbox;
  let app: FastifyInstance;
  let mounts: MountService;
  let object: Buffer;
  let source: Record<string, unknown>;

  beforeAll(async () => {
    minio = await startMinio();
    proxy = await startCountingProxy(minio.endpoint);
    box = await mountSandbox();
    // The data goes in with rclone straight to MinIO (not through the proxy being counted).
    const uploadConfig = join(box.root, 'upload.conf');
    await writeFile(
      uploadConfig,
      `[minio]\ntype = s3\nprovider = Minio\nenv_auth = false\naccess_key_id = ${minio.accessKeyId}\nsecret_access_key = ${minio.secretAccessKey}\nendpoint = ${minio.endpoint}\n`,
      { mode: 0o600 },
    );
    object = randomBytes(OBJECT_SIZE);
    await writeFile(join(box.root, 't2m.bin'), object);
    await writeFile(join(box.root, 'README.txt'), 'ERA5 2 m temperature\n');
    // Without the sandbox's AWS_* variables (AWS_CA_BUNDLE breaks rclone's plain-HTTP client).
    const rclone = (...args: string[]) =>
      run('rclone', ['--config', uploadConfig, ...args], { env: { PATH: process.env.PATH } });
    await rclone('mkdir', 'minio:styx-data');
    await rclone('copyto', join(box.root, 't2m.bin'), 'minio:styx-data/era5/2024/t2m.bin');
    await rclone('copyto', join(box.root, 'README.txt'), 'minio:styx-data/era5/README.txt');
    source = {
      kind: 's3',
      url: 's3://styx-data/era5',
      endpoint: proxy.url,
      accessKeyId: minio.accessKeyId,
      secretAccessKey: minio.secretAccessKey,
    };
    ({ app, mounts } = await mountApp(box, {
      rclone: { binary: 'rclone', cacheDir: join(box.root, 'rclone-cache') },
    }));
  });

  afterAll(async () => {
    for (const name of ['era5', 'era5-again']) {
      const point = join(box.homeFor('alice'), 'data', name);
      if (await mountAt(point))
        await run('fusermount3', ['-u', '-z', point]).catch(() => undefined);
    }
    await app?.close();
    await proxy?.close();
    await minio?.stop();
    await box?.cleanup();
  });

  const mountPoint = () => join(box.homeFor('alice'), 'data', 'era5');
  const objectGets = (requests: ProxiedRequest[]) =>
    requests.filter((r) => r.method === 'GET' && r.path.includes('t2m.bin'));

  it.runIf(haveFuse)(
    'mounts S3 data with rclone FUSE, its files seen in the user`s home',
    async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/styx/mounts',
        headers: auth('alice'),
        payload: { name: 'era5', source, stac: { item: 'era5-2024' } },
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({
        name: 'era5',
        path: 'data/era5',
        driver: 'rclone',
        state: 'mounted',
        source: { kind: 's3', url: 's3://styx-data/era5', endpoint: proxy.url },
      });
      expect(response.body).not.toContain(minio.secretAccessKey);
      expect(response.body).not.toContain(minio.accessKeyId);
      expect((await mountAt(mountPoint()))?.fsType).toBe('fuse.rclone');
      expect((await readdir(mountPoint())).sort()).toEqual(['2024', 'README.txt']);
      expect(await readFile(join(mountPoint(), 'README.txt'), 'utf8')).toBe(
        'ERA5 2 m temperature\n',
      );
      expect((await stat(join(mountPoint(), '2024', 't2m.bin'))).size).toBe(OBJECT_SIZE);
      await expect(writeFile(join(mountPoint(), 'new.txt'), 'x')).rejects.toThrow();
    },
  );

  it.runIf(haveFuse)(
    'reads lazily: a small read is a ranged GET of far less than the object',
    async () => {
      proxy.requests.length = 0;
      const offset = 9 * MiB + 12345;
      const file = await open(join(mountPoint(), '2024', 't2m.bin'));
      const { buffer, bytesRead } = await file.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, offset);
      await file.close();
      expect(bytesRead).toBe(64 * 1024);
      expect(buffer.equals(object.subarray(offset, offset + 64 * 1024))).toBe(true);
      const gets = objectGets(proxy.requests);
      expect(gets.length).toBeGreaterThan(0);
      for (const get of gets) expect(get.range).toMatch(/^bytes=\d+-\d*$/);
      const fetched = gets.reduce((sum, get) => sum + get.bytes, 0);
      expect(fetched).toBeLessThan(OBJECT_SIZE / 4);
      expect(fetched).toBeGreaterThanOrEqual(64 * 1024);
    },
  );

  it.runIf(haveFuse)(
    'keeps the credentials in one 0600 file: not on the command line, in the records or logs',
    async () => {
      const confDir = join(box.stateDir, 'rclone', 'alice');
      const conf = join(confDir, 'era5.conf');
      expect((await stat(conf)).mode & 0o777).toBe(0o600);
      expect((await stat(confDir)).mode & 0o777).toBe(0o700);
      expect(await readFile(conf, 'utf8')).toContain(minio.secretAccessKey);
      const { stdout: commandLines } = await run('ps', ['-eo', 'args']);
      expect(commandLines).toContain(mountPoint());
      expect(commandLines).not.toContain(minio.secretAccessKey);
      expect(await readFile(join(box.stateDir, 'alice.mounts.json'), 'utf8')).not.toContain(
        minio.secretAccessKey,
      );
      expect(await readFile(join(confDir, 'era5.log'), 'utf8').catch(() => '')).not.toContain(
        minio.secretAccessKey,
      );
      const get = await app.inject({ url: '/api/styx/mounts/era5', headers: auth('alice') });
      expect(get.body).not.toContain(minio.secretAccessKey);
      const bob = await app.inject({ url: '/api/styx/mounts/era5', headers: auth('bob') });
      expect(bob.statusCode).toBe(404);
    },
  );

  it.runIf(haveFuse)('restores the mount in a new service after rclone died', async () => {
    await run('fusermount3', ['-u', '-z', mountPoint()]);
    await app.close();
    ({ app, mounts } = await mountApp(box, {
      rclone: { binary: 'rclone', cacheDir: join(box.root, 'rclone-cache') },
    }));
    expect(await mounts.restore()).toEqual({ mounted: 1, failed: 0 });
    expect((await mountAt(mountPoint()))?.fsType).toBe('fuse.rclone');
    expect(await readFile(join(mountPoint(), 'README.txt'), 'utf8')).toBe('ERA5 2 m temperature\n');
    expect(await mounts.mountsFor('alice')).toEqual([
      { name: 'era5', hostPath: mountPoint(), containerPath: '/home/jovyan/data/era5' },
    ]);
  });

  it.runIf(haveFuse)(
    'unmounts on DELETE, removing the mount point and the credentials',
    async () => {
      const response = await app.inject({
        method: 'DELETE',
        url: '/api/styx/mounts/era5',
        headers: auth('alice'),
      });
      expect(response.statusCode, response.body).toBe(204);
      expect(await mountAt(mountPoint())).toBeUndefined();
      expect(await readdir(join(box.homeFor('alice'), 'data'))).toEqual([]);
      await expect(stat(join(box.stateDir, 'rclone', 'alice', 'era5.conf'))).rejects.toThrow();
    },
  );

  it.runIf(haveFuse)('answers 502 saying why when rclone cannot mount', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/styx/mounts',
      headers: auth('alice'),
      payload: { name: 'era5-again', source: { ...source, endpoint: 'http://127.0.0.1:1' } },
    });
    expect(response.statusCode, response.body).toBe(502);
    expect(response.json().message).toMatch(
      /could not list s3:\/\/styx-data\/era5: .*connection refused/,
    );
    expect(response.body).not.toContain(minio.secretAccessKey);
    expect(await mountAt(join(box.homeFor('alice'), 'data', 'era5-again'))).toBeUndefined();
    expect(await readdir(join(box.homeFor('alice'), 'data'))).toEqual([]);
    const list = await app.inject({ url: '/api/styx/mounts', headers: auth('alice') });
    expect(list.json()).toEqual([]);
  });

  it('falls back to fsspec where FUSE is not available, without secrets', async () => {
    const noFuse = await mountApp(box, { stateDir: join(box.root, 'state-no-fuse') });
    try {
      const response = await noFuse.app.inject({
        method: 'POST',
        url: '/api/styx/mounts',
        headers: auth('bob'),
        payload: { name: 'era5', source },
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ driver: 'fsspec', path: 'data/era5' });
      const dir = join(box.homeFor('bob'), 'data', 'era5');
      const description = JSON.parse(await readFile(join(dir, 'styx-mount.json'), 'utf8'));
      expect(description).toMatchObject({
        driver: 'fsspec',
        protocol: 's3',
        url: 's3://styx-data/era5',
        storage_options: { endpoint_url: proxy.url },
      });
      const readme = await readFile(join(dir, 'README.md'), 'utf8');
      expect(readme).toContain('fsspec.filesystem("s3"');
      for (const text of [readme, JSON.stringify(description), response.body]) {
        expect(text).not.toContain(minio.secretAccessKey);
        expect(text).not.toContain(minio.accessKeyId);
      }
      const refused = await noFuse.app.inject({
        method: 'POST',
        url: '/api/styx/mounts',
        headers: auth('bob'),
        payload: { name: 'era5-fuse', source, driver: 'rclone' },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message).toMatch(/use the fsspec driver/);
      const removed = await noFuse.app.inject({
        method: 'DELETE',
        url: '/api/styx/mounts/era5',
        headers: auth('bob'),
      });
      expect(removed.statusCode).toBe(204);
      expect(await readdir(join(box.homeFor('bob'), 'data'))).toEqual([]);
    } finally {
      await noFuse.app.close();
    }
  });
});
