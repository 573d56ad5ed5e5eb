import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';

const PODMAN_SH = fileURLToPath(new URL('../../../scripts/podman.sh', import.meta.url));
const PODMAN_DIR = fileURLToPath(new URL('../../../.styx/podman/', import.meta.url));

/** The variables that point the podman command at the project's podman (scripts/podman.sh). */
export function podmanCliEnv(): Record<string, string> {
  return {
    CONTAINERS_CONF: join(PODMAN_DIR, 'containers.conf'),
    CONTAINERS_STORAGE_CONF: join(PODMAN_DIR, 'storage.conf'),
    CONTAINERS_REGISTRIES_CONF: join(PODMAN_DIR, 'registries.conf'),
  };
}

/**
 * podman's Docker-compatible API on a private socket, configured by scripts/podman.sh (the
 * project's storage, so the base image built by the set-up is there), stopped afterwards.
 */
export async function startPodmanService(
  /** A socket path of the caller's (to start it again at the same address); kept on stop. */
  socketPath: string | undefined = undefined,
): Promise<{
  host: string;
  docker: Docker;
  stop(): Promise<void>;
}> {
  const dir = socketPath ? undefined : await mkdtemp(join(tmpdir(), 'styx-podman-'));
  const socket = socketPath ?? join(dir as string, 'podman.sock');
  let output = '';
  const child = spawn('bash', [PODMAN_SH, 'service'], {
    env: { ...process.env, STYX_PODMAN_SOCKET: socket },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const docker = new Docker({ socketPath: socket });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await docker.ping();
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`podman's API did not come up on ${socket}:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { host: `unix://${socket}`, docker, stop };
}
