import Docker from 'dockerode';
import { buildKernelContainer } from './container-spec.js';
import type {
  KernelProvisioner,
  LaunchPlan,
  LaunchRequest,
  ProvisionedKernel,
} from './provisioner.js';
import { waitForExit } from './wait-for-exit.js';

export interface PodmanProvisionerOptions {
  docker: Docker;
  /** The image when the spec names none (the Styx notebook image). */
  defaultImage?: string | undefined;
  launcherPath: string;
  /** The user's home on the host, bound into their kernels; none: the container's own. */
  homeFor?: ((owner: string) => string | undefined) | undefined;
  /** Called before a user's container starts (the mounts make the data dir propagate). */
  prepareHome?: ((owner: string) => Promise<void>) | undefined;
}

interface PodmanKernel extends ProvisionedKernel {
  kind: 'podman';
  containerId: string;
}

/**
 * Kernels in containers, on podman's (or Docker's) API through dockerode: the pinned
 * environment of an image, the user's files bound in. The container is the kernel; its id is
 * what is persisted.
 */
export class PodmanProvisioner implements KernelProvisioner {
  readonly kind = 'podman';

  constructor(private readonly options: PodmanProvisionerOptions) {}

  static connect(
    host: string,
    options: Omit<PodmanProvisionerOptions, 'docker'>,
  ): PodmanProvisioner {
    const url = new URL(host);
    const docker =
      url.protocol === 'unix:'
        ? new Docker({ socketPath: url.pathname })
        : new Docker({ host: url.hostname, port: Number(url.port), protocol: 'http' });
    return new PodmanProvisioner({ ...options, docker });
  }

  describe(): string {
    return 'a podman container on the gateway host';
  }

  async preLaunch(request: LaunchRequest): Promise<LaunchPlan> {
    const c = request.config;
    const image = typeof c.image === 'string' ? c.image : this.options.defaultImage;
    if (!image) throw new Error(`kernel spec ${request.specName} names no image`);
    await this.options.prepareHome?.(request.owner);
    return {
      request,
      container: buildKernelContainer(request, {
        image,
        launcherPath: this.options.launcherPath,
        hostHome: this.options.homeFor?.(request.owner),
        home: typeof c.home === 'string' ? c.home : '/home/jovyan',
        python: typeof c.python === 'string' ? c.python : 'python3',
        user: typeof c.user === 'string' ? c.user : undefined,
        cpus: typeof c.cpus === 'number' ? c.cpus : undefined,
        memoryBytes: typeof c.memoryBytes === 'number' ? c.memoryBytes : undefined,
      }),
    };
  }

  async launch(plan: LaunchPlan): Promise<ProvisionedKernel> {
    const container = await this.options.docker.createContainer(
      plan.container as Docker.ContainerCreateOptions,
    );
    const kernel: PodmanKernel = { kind: 'podman', containerId: container.id };
    try {
      await container.start();
    } catch (error) {
      await container.remove({ force: true }).catch(() => undefined);
      throw error;
    }
    return kernel;
  }

  async poll(kernel: ProvisionedKernel): Promise<number | undefined> {
    try {
      const info = await this.container(kernel).inspect();
      if (info.State.Running || info.State.Status === 'created') return undefined;
      return info.State.ExitCode ?? -1;
    } catch (error) {
      if (statusOf(error) === 404) return -1;
      throw error;
    }
  }

  wait(kernel: ProvisionedKernel, timeoutMs: number): Promise<number | undefined> {
    return waitForExit(() => this.poll(kernel), timeoutMs, 100);
  }

  async sendSignal(kernel: ProvisionedKernel, signal: NodeJS.Signals): Promise<void> {
    await this.container(kernel).kill({ signal }).catch(ignoreGone);
  }

  async terminate(kernel: ProvisionedKernel): Promise<void> {
    await this.sendSignal(kernel, 'SIGTERM');
  }

  async kill(kernel: ProvisionedKernel): Promise<void> {
    await this.sendSignal(kernel, 'SIGKILL');
  }

  async cleanup(kernel: ProvisionedKernel): Promise<void> {
    await this.container(kernel).remove({ force: true }).catch(ignoreGone);
  }

  async logs(kernel: ProvisionedKernel): Promise<string> {
    try {
      const raw = (await this.container(kernel).logs({
        stdout: true,
        stderr: true,
        tail: 30,
      })) as unknown as Buffer;
      return demux(raw);
    } catch {
      return '';
    }
  }

  private container(kernel: ProvisionedKernel): Docker.Container {
    return this.options.docker.getContainer((kernel as PodmanKernel).containerId);
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

/** Already stopped (304, 409) or removed (404): the goal is reached. */
function ignoreGone(error: unknown): void {
  const status = statusOf(error);
  if (status === 404 || status === 409 || status === 304) return;
  throw error;
}

/** Docker's multiplexed log stream (8-byte frame headers, Tty off) as text. */
function demux(raw: Buffer): string {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at + 8 <= raw.length) {
    const size = raw.readUInt32BE(at + 4);
    chunks.push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(chunks).toString('utf8');
}
