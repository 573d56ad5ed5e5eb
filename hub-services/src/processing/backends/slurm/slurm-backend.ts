import { open, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type BackendState,
  type BackendStatus,
  type JobBackend,
  type JobSpec,
  JobSubmitError,
} from '../job-backend.js';
import { buildSbatchScript, type ContainerRuntime } from './sbatch-script.js';
import { slurmJwt } from './slurm-jwt.js';

export interface SlurmBackendOptions {
  /** slurmrestd, ending with '/'. */
  url: string;
  /** The Slurm user jobs are submitted as. */
  user: string;
  /** A token for that user, or the cluster's JWT key to mint short-lived ones. */
  token?: string;
  jwtKey?: Buffer;
  partition?: string;
  runtime: ContainerRuntime;
  /** Environment of the batch script on the node (PATH, the container runtime's settings). */
  environment?: Record<string, string>;
  timeLimitMinutes?: number;
  fetch?: typeof fetch;
}

/** slurmrestd answered with errors (it uses 500 for most, a bad token included). */
export class SlurmApiError extends Error {}

const API = 'slurm/v0.0.38';
const DB_API = 'slurmdb/v0.0.38';

/** Slurm job states (squeue's long names) as a backend state. */
export function backendState(slurmState: string): BackendState {
  switch (slurmState) {
    case 'PENDING':
    case 'CONFIGURING':
    case 'REQUEUED':
    case 'RESIZING':
    case 'SUSPENDED':
      return 'queued';
    case 'RUNNING':
    case 'COMPLETING':
    case 'STAGE_OUT':
      return 'running';
    case 'COMPLETED':
      return 'succeeded';
    default:
      // FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED, BOOT_FAIL, DEADLINE
      return 'failed';
  }
}

/** Why a Slurm job did not succeed, in words. `exitCode` is the wait status Slurm reports. */
export function failureMessage(slurmState: string, waitStatus: number): string {
  const signal = waitStatus & 0x7f;
  const code = waitStatus >> 8;
  switch (slurmState) {
    case 'CANCELLED':
      return 'cancelled';
    case 'TIMEOUT':
      return 'ran out of its time limit';
    case 'OUT_OF_MEMORY':
      return 'ran out of memory';
    case 'NODE_FAIL':
      return 'its compute node failed';
    case 'PREEMPTED':
      return 'preempted by another job';
    default:
      return signal ? `killed by signal ${signal}` : `exited with code ${code}`;
  }
}

interface SlurmJob {
  job_id: number;
  name: string;
  job_state: string;
  exit_code: number;
  start_time: number;
  end_time: number;
  standard_output?: string;
}

/**
 * Jobs on an HPC cluster through slurmrestd's REST API (v0.0.38, Slurm 22.05+): the batch
 * script from the pure builder runs the image with the cluster's container runtime; the job's
 * output goes to a log file beside its output folder (the cluster and the service share that
 * file system, as they share the staged inputs and the outputs).
 */
export class SlurmBackend implements JobBackend {
  readonly kind = 'slurm';
  private readonly fetch: typeof fetch;
  private minted: { token: string; until: number } | undefined;

  constructor(private readonly options: SlurmBackendOptions) {
    if (!options.token && !options.jwtKey)
      throw new Error('the Slurm backend needs a token or the JWT key to mint one');
    this.fetch = options.fetch ?? fetch;
  }

  /**
   * slurmrestd 22.05 answers a rejected token with a 500 "Unspecified error" (slurmctld would
   * not talk to it), not a 401: such an error is the operator's to fix, not the job's.
   */
  static rejectedToken(error: SlurmApiError): boolean {
    return /is the token valid/.test(error.message);
  }

  /** The log file of a job, beside its output folder. */
  static logPath(spec: Pick<JobSpec, 'outputs'>): string {
    return join(dirname(spec.outputs.hostPath), 'slurm.log');
  }

  async findByJob(jobId: string): Promise<string | undefined> {
    const { jobs } = await this.call<{ jobs: SlurmJob[] }>('GET', `${API}/jobs`);
    const mine = jobs.filter((j) => j.name === jobName(jobId)).sort((a, b) => b.job_id - a.job_id);
    return mine[0] ? String(mine[0].job_id) : undefined;
  }

  async submit(spec: JobSpec): Promise<string> {
    const log = SlurmBackend.logPath(spec);
    const script = buildSbatchScript(spec, {
      runtime: this.options.runtime,
      logPath: log,
      ...(this.options.partition ? { partition: this.options.partition } : {}),
      ...(this.options.timeLimitMinutes ? { timeLimitMinutes: this.options.timeLimitMinutes } : {}),
    });
    const body = {
      script,
      job: {
        name: jobName(spec.jobId),
        current_working_directory: dirname(spec.outputs.hostPath),
        standard_output: log,
        standard_error: log,
        environment: { PATH: '/usr/local/bin:/usr/bin:/bin', ...this.options.environment },
        ...(this.options.partition ? { partition: this.options.partition } : {}),
      },
    };
    try {
      const answer = await this.call<{ job_id: number }>('POST', `${API}/job/submit`, body);
      return String(answer.job_id);
    } catch (error) {
      // Slurm refusing the job itself (a bad partition, too many resources) is the job's problem.
      if (error instanceof SlurmApiError && !SlurmBackend.rejectedToken(error))
        throw new JobSubmitError(`Slurm refused the job: ${error.message}`, { cause: error });
      throw error;
    }
  }

  async status(ref: string): Promise<BackendStatus> {
    let job: SlurmJob | undefined;
    try {
      job = (await this.call<{ jobs: SlurmJob[] }>('GET', `${API}/job/${ref}`)).jobs[0];
    } catch (error) {
      if (!(error instanceof SlurmApiError && /Invalid job id/i.test(error.message))) throw error;
    }
    if (!job) return this.accounted(ref);
    const state = backendState(job.job_state);
    const times = {
      ...(job.start_time ? { startedAt: new Date(job.start_time * 1000).toISOString() } : {}),
      ...(job.end_time && state !== 'running' && state !== 'queued'
        ? { finishedAt: new Date(job.end_time * 1000).toISOString() }
        : {}),
    };
    if (state !== 'failed')
      return { state, ...times, ...(state === 'succeeded' ? { exitCode: 0 } : {}) };
    return {
      state,
      exitCode: job.exit_code >> 8 || 128 + (job.exit_code & 0x7f),
      message: failureMessage(job.job_state, job.exit_code),
      ...times,
    };
  }

  /** A job slurmctld has forgotten (older than MinJobAge): what the accounting remembers. */
  private async accounted(ref: string): Promise<BackendStatus> {
    try {
      const { jobs } = await this.call<{ jobs: Array<{ state: { current: string } }> }>(
        'GET',
        `${DB_API}/job/${ref}`,
      );
      const current = jobs[0]?.state.current;
      if (!current) return { state: 'gone' };
      const state = backendState(current);
      return state === 'failed' ? { state, message: failureMessage(current, 0) } : { state };
    } catch (error) {
      if (error instanceof SlurmApiError) return { state: 'gone' };
      throw error;
    }
  }

  async logs(ref: string, options: { tail?: number } = {}): Promise<string> {
    const path = await this.logOf(ref);
    if (!path) return '';
    const text = await readTail(path, 1024 * 1024);
    if (options.tail === undefined) return text;
    return text
      .split('\n')
      .slice(-(options.tail + 1))
      .join('\n');
  }

  async cancel(ref: string): Promise<void> {
    // As scancel: SIGTERM to the job's processes (`podman run` passes it to the container's
    // init and the job), SIGKILL after the cluster's KillWait; the job ends CANCELLED.
    await this.call('DELETE', `${API}/job/${ref}`).catch((error: unknown) => {
      if (
        !(
          error instanceof SlurmApiError &&
          /Invalid job id|already completing|completed/i.test(error.message)
        )
      )
        throw error;
    });
  }

  async remove(ref: string): Promise<void> {
    const path = await this.logOf(ref).catch(() => undefined);
    if (path) await rm(path, { force: true });
  }

  private async logOf(ref: string): Promise<string | undefined> {
    try {
      const job = (await this.call<{ jobs: SlurmJob[] }>('GET', `${API}/job/${ref}`)).jobs[0];
      return job?.standard_output || undefined;
    } catch (error) {
      if (error instanceof SlurmApiError) return undefined;
      throw error;
    }
  }

  private token(): string {
    if (this.options.token) return this.options.token;
    const now = Date.now();
    if (!this.minted || this.minted.until < now + 60_000) {
      this.minted = {
        token: slurmJwt(this.options.jwtKey as Buffer, this.options.user, 3600, now),
        until: now + 3_600_000,
      };
    }
    return this.minted.token;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetch(`${this.options.url}${path}`, {
        method,
        headers: {
          'x-slurm-user-name': this.options.user,
          'x-slurm-user-token': this.token(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new Error(
        `slurmrestd at ${this.options.url} did not answer: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    const text = await response.text();
    let parsed: { errors?: Array<{ error?: string; description?: string }> } & Record<
      string,
      unknown
    > = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      throw new SlurmApiError(`slurmrestd answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    const errors = parsed.errors ?? [];
    if (!response.ok || errors.length > 0) {
      let words = errors.map((e) => [e.error, e.description].filter(Boolean).join(': ')).join('; ');
      // How slurmrestd 22.05 words a token slurmctld rejected.
      if (/Unspecified error|Zero Bytes were transmitted/.test(words))
        words += ' (slurmctld refused the request: is the token valid for STYX_SLURM_USER?)';
      throw new SlurmApiError(
        words ||
          (response.status === 401 || response.status === 403 || response.status === 500
            ? `HTTP ${response.status} (a rejected token gets this too: check STYX_SLURM_USER and the token or key)`
            : `HTTP ${response.status}`),
      );
    }
    return parsed as T;
  }
}

function jobName(jobId: string): string {
  return `styx-${jobId}`;
}

/** The last `bytes` of a file (a long job's log can be large). */
async function readTail(path: string, bytes: number): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return '';
  if (info.size <= bytes) return readFile(path, 'utf8');
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    await handle.read(buffer, 0, bytes, info.size - bytes);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}
