import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KernelManager } from '@jupyterlab/services';
import type { IKernelConnection } from '@jupyterlab/services/lib/kernel/kernel.js';
import { startMinio, startPodmanService } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOUNT_HELPER, MountService } from '../../src/mounts/index.js';
import { PodmanProvisioner } from '../../src/provisioners/podman-provisioner.js';
import { execute } from '../support/execute.js';
import {
  clientSettings,
  LAUNCHER,
  LOCAL_SPEC,
  startGateway,
  type TestGateway,
  USERS,
} from '../support/gateway.js';
import { type JupyterServer, startJupyterServer } from '../support/jupyter-server.js';
import { ensureKernelImage } from '../support/kernel-image.js';

const run = promisify(execFile);

/** The cell's result, or the error it raised. */
async function evaluate(kernel: IKernelConnection, code: string): Promise<string> {
  const run = await execute(kernel, code);
  return run.result || `error: ${run.evalue}`;
}

/**
 * What "Mount" gives a user: the dataset's files under data/<name> in their Jupyter Server's
 * contents (the file browser) and inside a kernel container that was already running when the
 * mount was made (bind mounts with rshared → rslave propagation); POSIX data and S3 (rclone).
 */
describe('mounts seen in the user’s files and in a running podman kernel', () => {
  let podman: Awaited<ReturnType<typeof startPodmanService>>;
  let minio: Awaited<ReturnType<typeof startMinio>>;
  let gateway: TestGateway;
  let server: JupyterServer;
  let mounts: MountService;
  let kernel: IKernelConnection;
  let manager: KernelManager;
  const root = mkdtempSync(join(tmpdir(), 'styx-mounts-e2e-'));
  const home = join(root, 'homes', 'alice');
  const datasets = join(root, 'datasets');
  const auth = { Authorization: `token ${USERS.alice.token}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    mkdirSync(home, { recursive: true });
    mkdirSync(join(datasets, 'garonne'), { recursive: true });
    writeFileSync(join(datasets, 'garonne', 'levels.csv'), 'station,level\nToulouse,2.1\n');
    const image = await ensureKernelImage();
    podman = await startPodmanService();
    minio = await startMinio();
    const upload = join(root, 'upload.conf');
    writeFileSync(
      upload,
      `[minio]\ntype = s3\nprovider = Minio\nenv_auth = false\naccess_key_id = ${minio.accessKeyId}\nsecret_access_key = ${minio.secretAccessKey}\nendpoint = ${minio.endpoint}\n`,
      { mode: 0o600 },
    );
    writeFileSync(join(root, 'swot.txt'), 'SWOT river reaches, pass 042\n');
    const rclone = (...args: string[]) =>
      run('rclone', ['--config', upload, ...args], { env: { PATH: process.env.PATH } });
    await rclone('mkdir', 'minio:swot');
    await rclone('copyto', join(root, 'swot.txt'), 'minio:swot/l2/README.txt');

    mounts = new MountService({
      homeFor: () => home,
      stateDir: join(root, 'mount-state'),
      allowedPosixRoots: [datasets],
      rclone: { binary: 'rclone', cacheDir: join(root, 'rclone-cache') },
      privilegedHelper: [MOUNT_HELPER],
    });
    gateway = await startGateway({
      mounts,
      specs: [
        LOCAL_SPEC,
        { ...LOCAL_SPEC, name: 'python3-podman', provisioner: 'podman', config: { image } },
      ],
      provisioners: [
        new PodmanProvisioner({
          docker: podman.docker,
          launcherPath: LAUNCHER,
          homeFor: () => home,
          prepareHome: (owner) => mounts.prepareForContainers(owner),
        }),
      ],
    });
    server = await startJupyterServer({ rootDir: home });
    manager = new KernelManager({ serverSettings: clientSettings(gateway.url, USERS.alice.token) });
    // The kernel starts before any mount exists.
    kernel = await manager.startNew({ name: 'python3-podman' });
  });

  afterAll(async () => {
    for (const name of ['garonne', 'swot']) {
      await fetch(`${gateway.url}api/styx/mounts/${name}`, {
        method: 'DELETE',
        headers: auth,
      }).catch(() => undefined);
    }
    manager?.dispose();
    await gateway?.close();
    await server?.stop();
    await minio?.stop();
    await podman?.stop();
  });

  const contents = async (path: string) =>
    (await (
      await fetch(`${server.url}api/contents/${path}`, {
        headers: { Authorization: `token ${server.token}` },
      })
    ).json()) as { content: Array<{ name: string }> | string };

  it('mounts a POSIX dataset: listed by the file browser’s API, read inside the running container', async () => {
    const created = await fetch(`${gateway.url}api/styx/mounts`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        name: 'garonne',
        source: { kind: 'posix', path: join(datasets, 'garonne') },
      }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      name: 'garonne',
      path: 'data/garonne',
      driver: 'bind',
      state: 'mounted',
    });
    const listing = await contents('data/garonne');
    expect((listing.content as Array<{ name: string }>).map((e) => e.name)).toEqual(['levels.csv']);
    expect(await evaluate(kernel, "open('data/garonne/levels.csv').read().splitlines()[1]")).toBe(
      "'Toulouse,2.1'",
    );
  });

  it('mounts S3 data through rclone: in the contents API and in the running container', async () => {
    const created = await fetch(`${gateway.url}api/styx/mounts`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        name: 'swot',
        source: {
          kind: 's3',
          url: 's3://swot/l2',
          endpoint: minio.endpoint,
          accessKeyId: minio.accessKeyId,
          secretAccessKey: minio.secretAccessKey,
        },
      }),
    });
    const body = await created.text();
    expect(created.status, body).toBe(201);
    const model = JSON.parse(body) as { driver: string; source: Record<string, unknown> };
    expect(model.driver).toBe('rclone');
    expect(JSON.stringify(model)).not.toContain(minio.secretAccessKey);
    const listing = await contents('data/swot');
    expect((listing.content as Array<{ name: string }>).map((e) => e.name)).toEqual(['README.txt']);
    expect(await evaluate(kernel, "open('data/swot/README.txt').read().strip()")).toBe(
      "'SWOT river reaches, pass 042'",
    );
  });

  it('takes an unmounted dataset away from the running container too', async () => {
    const removed = await fetch(`${gateway.url}api/styx/mounts/garonne`, {
      method: 'DELETE',
      headers: auth,
    });
    expect(removed.status).toBe(204);
    expect(await evaluate(kernel, "__import__('os').path.exists('data/garonne/levels.csv')")).toBe(
      'False',
    );
  });
});
