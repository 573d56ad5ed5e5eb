import { PassThrough, Readable } from 'node:stream';
import Docker from 'dockerode';
import {
  type BackendStatus,
  type JobBackend,
  type JobSpec,
  JobSubmitError,
} from '../job-backend.js';
import {
  buildContainerSpec,
  type ContainerOptions,
  containerName,
  LABEL_JOB,
} from './container-spec.js';

/**
 * Jobs as containers through a Docker-compatible API (podman's `podman system service` in the
 * embedded default and the tests; a Docker engine works the same). A thin adapter: the
 * container body comes from buildContainerSpec.
 *
 * Followed together, not one by one: `statuses` lists every Styx container in one request, and
 * inspects a container only once, when it has just ended (for its exit code and whether it ran
 * out of memory); `onChange` follows the engine's event stream of Styx containers, so that a
 * job's end is seen at once rather than at the next poll.
 */
export class DockerBackend implements JobBackend {
  readonly kind = 'docker';
  /** The final status of ended containers, inspected once, while the runner still asks. */
  private readonly ended = new Map<string, BackendStatus>();
  private readonly listeners = new Set<() => void>();
  private events: NodeJS.ReadableStream | undefined;
  private eventsRetry: NodeJS.Timeout | undefined;
  private eventsRetryMs = 1000;

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

  async statuses(refs: readonly string[]): Promise<Map<string, BackendStatus>> {
    const containers = await this.docker.listContainers({
      all: true,
      filters: { label: [LABEL_JOB] },
    });
    const byId = new Map(containers.map((c) => [c.Id, c]));
    const answer = new Map<string, BackendStatus>();
    for (const ref of refs) {
      const container = byId.get(ref) ?? containers.find((c) => c.Id.startsWith(ref));
      if (!container) {
        answer.set(ref, { state: 'gone' });
        continue;
      }
      const listed = listedState(container.State);
      if (listed) {
        answer.set(ref, listed);
        continue;
      }
      // Ended: the list says so but not how; asked once, the answer does not change.
      let status = this.ended.get(ref);
      if (!status) {
        status = await this.status(ref);
        if (status.state !== 'queued' && status.state !== 'running') this.ended.set(ref, status);
      }
      answer.set(ref, status);
    }
    // What the runner no longer asks about is finished with.
    for (const ref of this.ended.keys()) if (!refs.includes(ref)) this.ended.delete(ref);
    return answer;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.openEvents();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.closeEvents();
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.closeEvents();
  }

  /**
   * The engine's container events (`GET /events`, podman's too), those of Styx containers kept.
   * Filtered here, by the label among the event's attributes and by action: podman's `label`
   * filter needs a value (each job has its own), and its `event` filter misses `die` (podman
   * calls it `died` inside). Lost (the engine
   * restarted, the socket closed), it is opened again after 1 s, doubling up to 30 s; the
   * runner's periodic pass covers the gap, and a wake-up on reconnecting catches what was missed.
   */
  private openEvents(): void {
    this.docker
      .getEvents({ filters: { type: ['container'] } })
      .then((stream) => {
        if (this.listeners.size === 0) {
          (stream as unknown as { destroy(): void }).destroy();
          return;
        }
        this.events = stream;
        this.eventsRetryMs = 1000;
        this.notify();
        let partial = '';
        stream.on('data', (chunk: Buffer) => {
          const lines = (partial + chunk.toString('utf8')).split('\n');
          partial = lines.pop() ?? '';
          if (lines.some(isStyxContainerEvent)) this.notify();
        });
        const lost = () => {
          if (this.events !== stream) return;
          this.events = undefined;
          this.retryEvents();
        };
        stream.on('end', lost);
        stream.on('error', lost);
        stream.on('close', lost);
      })
      .catch(() => this.retryEvents());
  }

  private retryEvents(): void {
    if (this.listeners.size === 0 || this.eventsRetry) return;
    this.eventsRetry = setTimeout(() => {
      this.eventsRetry = undefined;
      if (this.listeners.size > 0 && !this.events) this.openEvents();
    }, this.eventsRetryMs);
    this.eventsRetry.unref();
    this.eventsRetryMs = Math.min(30_000, this.eventsRetryMs * 2);
  }

  private closeEvents(): void {
    clearTimeout(this.eventsRetry);
    this.eventsRetry = undefined;
    const stream = this.events;
    this.events = undefined;
    (stream as unknown as { destroy?(): void } | undefined)?.destroy?.();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
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
    this.ended.delete(ref);
    try {
      await this.docker.getContainer(ref).remove({ force: true });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  }
}

/** What changes a job's state: it starts, it ends (out of memory first, then die), it is gone. */
const WAKING_EVENTS = new Set(['start', 'die', 'died', 'oom', 'destroy', 'remove']);

/** One line of the event stream: an event of a container Styx started. */
function isStyxContainerEvent(line: string): boolean {
  if (!line.trim()) return false;
  try {
    const event = JSON.parse(line) as {
      Action?: string;
      Actor?: { Attributes?: Record<string, string> };
    };
    return (
      WAKING_EVENTS.has(event.Action ?? '') && event.Actor?.Attributes?.[LABEL_JOB] !== undefined
    );
  } catch {
    return false;
  }
}

/**
 * A state from the container list (`GET /containers/json`), when it says all there is to say;
 * undefined for an ended container, whose exit code and OOM kill only inspect tells.
 */
export function listedState(state: string): BackendStatus | undefined {
  switch (state) {
    case 'created':
      return { state: 'queued' };
    case 'running':
    case 'paused':
    case 'restarting':
      return { state: 'running' };
    default:
      return undefined;
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
