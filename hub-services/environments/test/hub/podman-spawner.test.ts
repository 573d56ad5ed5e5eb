import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  hubAdmin,
  type LocalHub,
  startLocalHub,
  startPodmanService,
} from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podman, podmanExec, singleUserTestImage } from '../support/singleuser-image.js';

/**
 * STYX_SPAWNER=podman: the real Hub spawns each user's JupyterLab with DockerSpawner through
 * podman's Docker-compatible API, and the environments service's profile (256 MiB, half a CPU,
 * a read-only mount) becomes the container's cgroup limits: a process over the memory limit is
 * killed by the kernel, one under it runs, and stopping the server removes the container.
 */
describe('the podman spawner enforces a profile', () => {
  let service: Awaited<ReturnType<typeof startPodmanService>>;
  let hub: LocalHub;
  let admin: ReturnType<typeof hubAdmin>;
  let image: string;
  let shared: string;
  let userToken: string;
  // A name of its own: the containers and volumes live in the project's podman storage.
  const user = `pod${randomBytes(3).toString('hex')}`;
  const container = `jupyter-${user}`;

  beforeAll(async () => {
    image = await singleUserTestImage();
    shared = await mkdtemp(join(tmpdir(), 'styx-profile-mount-'));
    await writeFile(join(shared, 'gauges.csv'), 'time,level_m\n2026-01-01T00:00:00Z,1.25\n');
    // Readable by the image's user (jovyan, uid 1000), as shared data on a host would be.
    await chmod(shared, 0o755);
    service = await startPodmanService();
    hub = await startLocalHub({
      env: {
        STYX_SPAWNER: 'podman',
        STYX_DOCKER_HOST: service.host,
        STYX_ENVIRONMENTS: 'on',
        STYX_ENVIRONMENTS_PORT: String(await freePort()),
      },
      services: ['catalog', 'environments'],
    });
    admin = hubAdmin(hub);
    await admin.createUser(user);
    userToken = await admin.tokenFor(user);
    const root = await admin.tokenFor('admin');
    const created = await fetch(`${hub.url}services/environments/api/profiles`, {
      method: 'POST',
      headers: { authorization: `token ${root}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        slug: 'limited',
        displayName: 'Limited',
        image,
        cpu: 0.5,
        memory: '256M',
        mounts: [{ source: shared, target: '/home/jovyan/shared', readOnly: true }],
      }),
    });
    expect(created.status, await created.text()).toBe(201);
    // The first run builds the test image (about 3 minutes on a loaded 2-core machine).
  }, 600_000);
  afterAll(async () => {
    await hub?.stop();
    // Whatever a failed test left behind in the shared storage.
    await podman(['rm', '--force', '--ignore', container]).catch(() => {});
    await podman(['volume', 'rm', '--force', `styx-home-${user}`]).catch(() => {});
    await service?.stop();
    if (shared) await rm(shared, { recursive: true, force: true });
  });

  const inspect = async () =>
    JSON.parse((await podman(['container', 'inspect', container])).stdout)[0] as {
      Id: string;
      Config: { Image: string; Env: string[] };
      HostConfig: { Memory: number; CpuQuota: number; CpuPeriod: number; NetworkMode: string };
      Mounts: Array<{ Source: string; Destination: string; RW: boolean }>;
    };

  it("runs the user's JupyterLab in a container with the profile's image, memory and CPU", async () => {
    const started = await fetch(`${hub.url}hub/api/users/${user}/server`, {
      method: 'POST',
      headers: { authorization: `token ${userToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ profile: 'limited' }),
    });
    expect([201, 202]).toContain(started.status);
    const server = await admin.waitForServer(user, true);

    const details = await inspect();
    expect(server?.state?.object_id).toBe(details.Id);
    expect(details.Config.Image).toBe(image);
    expect(details.HostConfig.Memory).toBe(268_435_456);
    expect(details.HostConfig.CpuQuota).toBe(50_000);
    expect(details.HostConfig.CpuPeriod).toBe(100_000);
    expect(details.HostConfig.NetworkMode).toBe('host');
    expect(details.Config.Env).toContain('STYX_PROFILE=limited');
    expect(details.Mounts).toContainEqual(
      expect.objectContaining({ Source: shared, Destination: '/home/jovyan/shared', RW: false }),
    );
    // The kernel holds the limits (cgroup v1 on this kind of machine, v2 elsewhere).
    const memory = await podmanExec(container, [
      'sh',
      '-c',
      'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes',
    ]);
    expect(memory.stdout.trim()).toBe('268435456');
    const cpu = await podmanExec(container, [
      'sh',
      '-c',
      'cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo "$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)"',
    ]);
    expect(cpu.stdout.trim()).toBe('50000 100000');

    // JupyterLab answers through the Hub's proxy, with the user's own token.
    const lab = await fetch(`${hub.url}user/${user}/lab`, {
      headers: { authorization: `token ${userToken}` },
    });
    expect(lab.status).toBe(200);
    expect(await lab.text()).toContain('JupyterLab');
    const status = await fetch(`${hub.url}user/${user}/api/status`, {
      headers: { authorization: `token ${userToken}` },
    });
    expect(status.status).toBe(200);
  });

  it('kills a process that allocates more than the memory limit, and lets a smaller one run', async () => {
    const allocate = (mib: number) =>
      podmanExec(container, ['python3', '-c', `x = b"\\x01" * (${mib} << 20); print(len(x))`]);
    const over = await allocate(512);
    // 128 + SIGKILL: the kernel's OOM killer, inside the container's memory cgroup.
    expect(over.code, over.stdout).toBe(137);
    const under = await allocate(64);
    expect(under).toEqual({ code: 0, stdout: `${64 << 20}\n` });
    // The profile's mount is there, read-only.
    expect((await podmanExec(container, ['cat', 'shared/gauges.csv'])).stdout).toContain('1.25');
    const write = await podmanExec(container, ['touch', 'shared/new-file']);
    expect(write.code).not.toBe(0);
    expect(write.stdout).toMatch(/Read-only file system/);
    // The user's JupyterLab itself is still up.
    const status = await fetch(`${hub.url}user/${user}/api/status`, {
      headers: { authorization: `token ${userToken}` },
    });
    expect(status.status).toBe(200);
  });

  it('stops the server and removes its container', async () => {
    const stopped = await fetch(`${hub.url}hub/api/users/${user}/server`, {
      method: 'DELETE',
      headers: { authorization: `token ${userToken}` },
    });
    expect([202, 204]).toContain(stopped.status);
    await admin.waitForServer(user, false);
    const exists = await podman(['container', 'exists', container]).then(
      () => true,
      () => false,
    );
    expect(exists).toBe(false);
  });
});
