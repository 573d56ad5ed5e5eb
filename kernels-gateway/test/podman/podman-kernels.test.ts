import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelManager } from '@jupyterlab/services';
import { startPodmanService } from '@styx/testing';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelSpecConfig } from '../../src/kernels/kernel-specs.js';
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
import { ensureKernelImage } from '../support/kernel-image.js';

describe('kernels in podman containers (real podman, real ipykernel in the image)', () => {
  let podman: Awaited<ReturnType<typeof startPodmanService>>;
  let docker: Docker;
  let gateway: TestGateway;
  let manager: KernelManager;
  const home = mkdtempSync(join(tmpdir(), 'styx-home-'));
  const kernelContainers = async () =>
    (await docker.listContainers({ all: true, filters: { label: ['styx.kernel'] } })).map(
      (c) => c.Id,
    );

  beforeAll(async () => {
    const image = await ensureKernelImage();
    podman = await startPodmanService();
    docker = podman.docker;
    writeFileSync(join(home, 'gauges.csv'), 'station,level\nToulouse,2.1\n');
    const spec: KernelSpecConfig = {
      ...LOCAL_SPEC,
      name: 'python3-podman',
      displayName: 'Python 3 (container)',
      provisioner: 'podman',
      config: { image },
    };
    gateway = await startGateway({
      specs: [LOCAL_SPEC, spec],
      provisioners: [
        new PodmanProvisioner({ docker, launcherPath: LAUNCHER, homeFor: () => home }),
      ],
    });
    manager = new KernelManager({ serverSettings: clientSettings(gateway.url, USERS.alice.token) });
  });

  afterAll(async () => {
    manager?.dispose();
    await gateway?.close();
    await podman?.stop();
  });

  it('runs the kernel inside a container, with the user’s files at its home', async () => {
    const kernel = await manager.startNew({ name: 'python3-podman' });
    expect((await execute(kernel, "import os; os.path.exists('/run/.containerenv')")).result).toBe(
      'True',
    );
    expect((await execute(kernel, "open('gauges.csv').read().splitlines()[1]")).result).toBe(
      "'Toulouse,2.1'",
    );
    expect(await kernelContainers()).toHaveLength(1);

    const long = execute(kernel, 'import time\nfor _ in range(600): time.sleep(0.1)');
    await new Promise((r) => setTimeout(r, 1500));
    await kernel.interrupt();
    expect(await long).toMatchObject({ status: 'error', ename: 'KeyboardInterrupt' });

    await execute(kernel, 'x = 1');
    await kernel.restart();
    expect((await execute(kernel, "'x' in globals()")).result).toBe('False');
    expect(await kernelContainers()).toHaveLength(1);

    await kernel.shutdown();
    expect(await kernelContainers()).toEqual([]);
  });

  it('removes the container of a kernel that misses its launch timeout', async () => {
    const strict = await startGateway({
      launchTimeoutMs: 200,
      specs: [
        {
          ...LOCAL_SPEC,
          name: 'slow',
          provisioner: 'podman',
          config: { image: await ensureKernelImage() },
        },
      ],
      provisioners: [new PodmanProvisioner({ docker, launcherPath: LAUNCHER })],
    });
    try {
      const response = await fetch(`${strict.url}api/kernels`, {
        method: 'POST',
        headers: { Authorization: `token ${USERS.alice.token}` },
        body: JSON.stringify({ name: 'slow' }),
      });
      expect(response.status).toBe(504);
      expect(await kernelContainers()).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});
