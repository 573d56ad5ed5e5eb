import type Docker from 'dockerode';
import type { LaunchRequest } from './provisioner.js';

/** Where the launcher is bound inside every kernel container. */
export const LAUNCHER_IN_CONTAINER = '/opt/styx/styx_kernel_launcher.py';

export interface KernelContainerOptions {
  image: string;
  /** The host's launcher script, bound read-only. */
  launcherPath: string;
  /** The user's home on the host, bound at `home` in the container (rw, rslave: mounts made later show up). */
  hostHome?: string | undefined;
  /** The home inside the image (jovyan's in the notebook image). */
  home: string;
  /** `python3` in the image, unless the spec says otherwise. */
  python: string;
  /** A user the kernel runs as in the container, when the image has one. */
  user?: string | undefined;
  cpus?: number | undefined;
  memoryBytes?: number | undefined;
}

/** What the host decides and the kernel must not inherit from it: the image has its own. */
const HOST_ONLY = new Set(['PATH', 'HOME', 'TMPDIR']);

/**
 * The container of one kernel, as a pure function (kubespawner's `make_pod` is the model).
 * Host networking: the launcher binds loopback ports the gateway connects to and calls the
 * gateway's loopback registration URL, with nothing published. An init process forwards the
 * interrupt signal to the kernel and reaps whatever the user's code starts.
 */
export function buildKernelContainer(
  request: LaunchRequest,
  options: KernelContainerOptions,
): Docker.ContainerCreateOptions {
  const env = Object.entries(request.environment)
    .filter(([key]) => !HOST_ONLY.has(key))
    .map(([key, value]) => `${key}=${value}`);
  const binds = [`${options.launcherPath}:${LAUNCHER_IN_CONTAINER}:ro`];
  if (options.hostHome) binds.push(`${options.hostHome}:${options.home}:rw,rslave`);
  const workingDir =
    request.workingDir && options.hostHome && isInside(request.workingDir, options.hostHome)
      ? `${options.home}${request.workingDir.slice(options.hostHome.replace(/\/$/, '').length)}`
      : options.home;
  return {
    name: `styx-kernel-${request.kernelId}`,
    Image: options.image,
    Cmd: [options.python, LAUNCHER_IN_CONTAINER],
    Env: [
      ...env,
      `HOME=${options.home}`,
      ...(request.workingDir ? [`KERNEL_WORKING_DIR=${workingDir}`] : []),
    ],
    WorkingDir: options.hostHome ? workingDir : '/',
    Labels: {
      'styx.kernel': request.kernelId,
      'styx.owner': request.owner,
      'styx.spec': request.specName,
    },
    ...(options.user ? { User: options.user } : {}),
    HostConfig: {
      NetworkMode: 'host',
      Init: true,
      Binds: binds,
      ...(options.cpus ? { NanoCpus: Math.round(options.cpus * 1e9) } : {}),
      ...(options.memoryBytes ? { Memory: options.memoryBytes } : {}),
    },
  };
}

function isInside(path: string, dir: string): boolean {
  const base = dir.replace(/\/$/, '');
  return path === base || path.startsWith(`${base}/`);
}
