/**
 * One description of a job for every place it can run (podman/Docker, Slurm, Kubernetes): the
 * processing service builds a JobSpec from a process and its inputs, and a JobBackend turns it
 * into its own thing (a container, an sbatch script, a Kubernetes Job) with a pure builder.
 */
export interface JobSpec {
  /** The Styx job id; backends label what they create with it. */
  jobId: string;
  /** The Hub user the job runs for. */
  owner: string;
  /** A local image name; backends never pull (no registry needs to be reachable). */
  image: string;
  /** The command and its arguments, run as is (no shell). */
  command: string[];
  env: Record<string, string>;
  /** Staged inputs, mounted read-only. */
  inputs: Array<{ hostPath: string; containerPath: string }>;
  /** The one writable folder: whatever the job writes there is its output. */
  outputs: { hostPath: string; containerPath: string };
  resources: { cpus?: number; memoryMiB?: number };
}

/** Where a job stands, as its backend sees it. */
export type BackendState = 'queued' | 'running' | 'succeeded' | 'failed' | 'gone';

export interface BackendStatus {
  state: BackendState;
  exitCode?: number;
  /** Why it failed, in words (out of memory, killed, exit code…). */
  message?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface JobBackend {
  /** `docker`, `slurm`, `kubernetes`. */
  readonly kind: string;
  /**
   * The reference of what the backend already runs for this job, if anything: a service that
   * died between submitting and recording the reference finds its job again instead of
   * starting it twice.
   */
  findByJob(jobId: string): Promise<string | undefined>;
  /** Starts the job; returns the backend's own reference to it (container id, Slurm job id…). */
  submit(spec: JobSpec): Promise<string>;
  status(ref: string): Promise<BackendStatus>;
  /**
   * Where each of many jobs stands, for one pass of the runner over every job it follows: one
   * request (or none, from a watch's cache) for all of them, not one per job. Every ref asked
   * for is in the answer (`gone` for one the backend does not know). Without it, the runner asks
   * `status` job by job.
   */
  statuses?(refs: readonly string[]): Promise<Map<string, BackendStatus>>;
  /**
   * Tells `listener` whenever one of the backend's jobs may have changed (a container started or
   * died), so that the runner looks at once instead of at its next periodic pass. A hint only:
   * the runner still polls, as a safety net for a dropped event stream. Returns how to stop.
   */
  onChange?(listener: () => void): () => void;
  /** What the job printed so far (stdout and stderr, in order), up to `tail` lines. */
  logs(ref: string, options?: { tail?: number }): Promise<string>;
  /** Asks the job to stop; it then ends as failed. */
  cancel(ref: string): Promise<void>;
  /** Forgets the job's remains (stopped container, spool files). */
  remove(ref: string): Promise<void>;
  /** Stops what the backend keeps open (a watch). */
  close?(): Promise<void>;
}

/** The job could not even be submitted, for a reason the user or operator can act on. */
export class JobSubmitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JobSubmitError';
  }
}
