import type Docker from 'dockerode';
import type { JobSpec } from '../job-backend.js';

/** Labels on every container Styx starts: find them again after a restart (reconcile). */
export const LABEL_JOB = 'org.styx.job';
export const LABEL_OWNER = 'org.styx.owner';

export interface ContainerOptions {
  /**
   * The container's network. `none` by default: a job reads its staged inputs and writes its
   * outputs; it has no business on the network unless the operator says so.
   */
  network?: string;
}

/**
 * The Docker Engine API body (`POST /containers/create`) for a job: pure, so every rule is
 * unit-tested without a daemon. Inputs are bind-mounted read-only, the output folder
 * read-write; resources become CPU and memory limits; the job's identity becomes labels.
 */
export function buildContainerSpec(
  spec: JobSpec,
  options: ContainerOptions = {},
): Docker.ContainerCreateOptions {
  const binds = [
    ...spec.inputs.map((input) => `${input.hostPath}:${input.containerPath}:ro`),
    `${spec.outputs.hostPath}:${spec.outputs.containerPath}:rw`,
  ];
  const hostConfig: Docker.HostConfig = {
    Binds: binds,
    NetworkMode: options.network ?? 'none',
    // Kept after exit so that its exit code and logs can be read; removed by remove().
    AutoRemove: false,
    // A tiny init as PID 1 (catatonit/tini): the job's process gets SIGTERM on cancel (PID 1
    // ignores it by default) and its children are reaped.
    Init: true,
  };
  if (spec.resources.cpus !== undefined)
    hostConfig.NanoCpus = Math.round(spec.resources.cpus * 1e9);
  if (spec.resources.memoryMiB !== undefined) {
    hostConfig.Memory = spec.resources.memoryMiB * 1024 * 1024;
  }
  return {
    name: containerName(spec.jobId),
    Image: spec.image,
    Cmd: spec.command,
    Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
    WorkingDir: spec.outputs.containerPath,
    Labels: { [LABEL_JOB]: spec.jobId, [LABEL_OWNER]: spec.owner },
    Tty: false,
    AttachStdin: false,
    OpenStdin: false,
    HostConfig: hostConfig,
  };
}

/** One container per job, named after it: a second submission of the same job is refused. */
export function containerName(jobId: string): string {
  return `styx-job-${jobId}`;
}
