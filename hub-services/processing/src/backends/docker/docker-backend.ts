import { PassThrough, Readable } from 'node:stream';
import Docker from 'dockerode';
import {
  type BackendStatus,
  type JobBackend,
  type JobSpec,
  JobSubmitError,
} from '../job-backend.js';
import { buildContainerSpec, type ContainerOptions, containerName } from './container-spec.js';

/**
 * Jobs as containers through a Docker-compatible API (podman's `podman system service` in the
 * embedded default and the tests; a Docker engine works the same). A thin adapter: the
 * container body comes from buildContainerSpec.
 */
export class DockerBackend implements JobBackend {
  readonly kind = 'docker';

  constructor(
    private readonly docker: Docker,
    private readonly options: ContainerOptions = {},
  ) {}

  /** A backend on a unix socket (`unix:///path/podman.sock`) or a TCP URL. */
  static connect(host: string, options: ContainerOptions = {}): DockerBackend {
    const docker = host.startsWith('unix://')
      ? new Docker({ socketPath: host.slice('unix://'.length) })
      : new Docker({ host: new URL(host).hostname, port: Number(new URL(host).port) });
    return new DockerBackend(docker, options);
  }

  async findByJob(jobId: string): Promise<string | undefined> {
    try {
      return (await this.docker.getContainer(containerName(jobId)).inspect()).Id;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async submit(spec: JobSpec): Promise<string> {
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer(buildContainerSpec(spec, this.options));
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404) {
        throw new JobSubmitError(
          `the image ${spec.image} is not on this machine; Styx never pulls images, so build or load it first (scripts/podman.sh base-image builds localhost/styx/base:latest)`,
          { cause: error },
        );
      }
      // Docker answers 409; podman 500 with "already in use".
      if (status === 409 || /already in use/.test((error as Error).message)) {
        throw new JobSubmitError(`job ${spec.jobId} already has a container`, { cause: error });
      }
      throw error;
    }
    try {
      await container.start();
    } catch (error) {
      await container.remove({ force: true }).catch(() => {});
      throw new JobSubmitError(
        `the container for job ${spec.jobId} did not start: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    return container.id;
  }

  async status(ref: string): Promise<BackendStatus> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(ref).inspect();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return { state: 'gone' };
      throw error;
    }
    return statusFromInspect(info.State);
  }

  async logs(ref: string, options: { tail?: number } = {}): Promise<string> {
    const raw = (await this.docker.getContainer(ref).logs({
      stdout: true,
      stderr: true,
      follow: false,
      ...(options.tail === undefined ? {} : { tail: options.tail }),
    })) as unknown as Buffer;
    // Tty:false logs are multiplexed frames (stream type + length headers): docker-modem's
    // demuxer splits them; one sink for both streams keeps the order the job printed in.
    const source = Readable.from([raw]);
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new Promise<void>((resolve, reject) => {
      source.once('end', resolve);
      source.once('error', reject);
      this.docker.modem.demuxStream(source, sink, sink);
    });
    return Buffer.concat(chunks).toString('utf8');
  }

  async cancel(ref: string): Promise<void> {
    try {
      // SIGTERM, then SIGKILL after 10 s: a job may clean up, not linger.
      await this.docker.getContainer(ref).stop({ t: 10 });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 304 || status === 404) return; // already stopped, or gone
      throw error;
    }
  }

  async remove(ref: string): Promise<void> {
    try {
      await this.docker.getContainer(ref).remove({ force: true });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  }
}

/** Docker's container state in the words of a JobBackend. */
export function statusFromInspect(state: Docker.ContainerInspectInfo['State']): BackendStatus {
  const times = {
    ...(validTime(state.StartedAt) ? { startedAt: state.StartedAt } : {}),
    ...(validTime(state.FinishedAt) ? { finishedAt: state.FinishedAt } : {}),
  };
  switch (state.Status) {
    case 'created':
      return { state: 'queued', ...times };
    case 'running':
    case 'paused':
    case 'restarting':
      return { state: 'running', ...times };
    default: {
      const exitCode = state.ExitCode;
      if (state.OOMKilled) {
        return { state: 'failed', exitCode, message: 'the job ran out of memory', ...times };
      }
      if (exitCode === 0) return { state: 'succeeded', exitCode, ...times };
      const message =
        exitCode === 137 || exitCode === 143
          ? `the job was stopped (exit code ${exitCode})`
          : `the job exited with code ${exitCode}${state.Error ? `: ${state.Error}` : ''}`;
      return { state: 'failed', exitCode, message, ...times };
    }
  }
}

/** Docker reports "never" as the zero time. */
function validTime(value: string | undefined): boolean {
  return Boolean(value) && !String(value).startsWith('0001-01-01');
}
