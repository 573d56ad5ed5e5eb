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
/** The job's stdout and stderr, in its folder (the output folder's parent, its working directory). */
const LOG_FILE = 'slurm.log';
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

/** A job as slurmctld knows it (`GET /slurm/v0.0.38/job/{id}`), the fields used here. */
export interface SlurmJob {
  job_id: number;
  name: string;
  job_state: string;
  /** The wait status: exit code in the high byte, a killing signal in the low bits. */
  exit_code: number;
  start_time: number;
  end_time: number;
  standard_output?: string;
}

/** A job as Slurm's accounting knows it (`GET /slurmdb/v0.0.38/job/{id}`), the fields used here. */
export interface AccountedJob {
  job_id: number;
  name: string;
  state: { current: string };
  exit_code?: {
    status?: string;
    return_code?: number | null;
    signal?: { signal_id?: number | null };
  };
  time?: { start?: number; end?: number };
  working_directory?: string;
}

/** When a job started and ended, from Slurm's epoch seconds (0: not yet). */
function times(state: BackendState, start?: number, end?: number): Partial<BackendStatus> {
  return {
    ...(start ? { startedAt: new Date(start * 1000).toISOString() } : {}),
    ...(end && state !== 'running' && state !== 'queued'
      ? { finishedAt: new Date(end * 1000).toISOString() }
      : {}),
  };
}

/** slurmctld's view of a job in the words of a JobBackend. */
export function statusOfJob(job: SlurmJob): BackendStatus {
  const state = backendState(job.job_state);
  const when = times(state, job.start_time, job.end_time);
  if (state === 'succeeded') return { state, exitCode: 0, ...when };
  if (state !== 'failed') return { state, ...when };
  const code = job.exit_code >> 8;
  const signal = job.exit_code & 0x7f;
  // A shell's convention for a killed process: 128 + the signal.
  const exitCode = code || (signal ? 128 + signal : undefined);
  return {
    state,
    ...(exitCode !== undefined ? { exitCode } : {}),
    message: failureMessage(job.job_state, job.exit_code),
    ...when,
  };
}

/**
 * The accounting's view of a job slurmctld has forgotten. Slurm 22.05's dbv0.0.38 reports a
 * killing signal but gives 0 as the return code of every job that exited on its own, so a
 * failed job's code is taken only when it is not that 0.
 */
export function statusOfAccountedJob(job: AccountedJob): BackendStatus {
  const state = backendState(job.state.current);
  const when = times(state, job.time?.start, job.time?.end);
  if (state === 'succeeded') return { state, exitCode: 0, ...when };
  if (state !== 'failed') return { state, ...when };
  const signal = job.exit_code?.signal?.signal_id ?? 0;
  const code = job.exit_code?.return_code ?? 0;
  if (signal) {
    return {
      state,
      exitCode: 128 + signal,
      message: failureMessage(job.state.current, signal),
      ...when,
    };
  }
  if (code) {
    return {
      state,
      exitCode: code,
      message: failureMessage(job.state.current, code << 8),
      ...when,
    };
  }
  return {
    state,
    message:
      job.state.current === 'FAILED'
        ? 'exited with an error (Slurm no longer holds its exit code)'
        : failureMessage(job.state.current, 0),
    ...when,
  };
}

/** The last `count` lines of a text (a partial last line counts as one). */
export function lastLines(text: string, count: number): string {
  if (count <= 0) return '';
  const ended = text.endsWith('\n');
  const lines = (ended ? text.slice(0, -1) : text).split('\n');
  if (lines.length <= count) return text;
  return `${lines.slice(-count).join('\n')}${ended ? '\n' : ''}`;
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
  /**
   * Each job's log file once known (from the jobs list or the job itself): it never changes,
   * so reading a running job's progress is a file read, not a request to slurmrestd.
   */
  private readonly logPaths = new Map<string, string>();

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
    return join(dirname(spec.outputs.hostPath), LOG_FILE);
  }

  async findByJob(jobId: string): Promise<string | undefined> {
    const { jobs } = await this.call<{ jobs: SlurmJob[] }>('GET', `${API}/jobs`);
    const newest = (found: Array<{ job_id: number; name: string }>) =>
      found.filter((j) => j.name === jobName(jobId)).sort((a, b) => b.job_id - a.job_id)[0];
    const known = newest(jobs);
    if (known) return String(known.job_id);
    // Finished long enough ago for slurmctld to forget it: the accounting still knows it.
    // (Its default window is since midnight, hence a start time.)
    try {
      const query = new URLSearchParams({ job_name: jobName(jobId), start_time: '2000-01-01' });
      const accounted = await this.call<{ jobs: AccountedJob[] }>('GET', `${DB_API}/jobs?${query}`);
      const found = newest(accounted.jobs);
      return found ? String(found.job_id) : undefined;
    } catch (error) {
      if (error instanceof SlurmApiError && /Nothing found/i.test(error.message)) return undefined;
      throw error;
    }
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
    const job = await this.controllerJob(ref);
    if (job) return statusOfJob(job);
    const accounted = await this.accountedJob(ref);
    return accounted ? statusOfAccountedJob(accounted) : { state: 'gone' };
  }

  /**
   * Every followed job from one `GET /slurm/v0.0.38/jobs` (all the jobs slurmctld holds), not
   * a request per job; only a job slurmctld has already forgotten (finished more than MinJobAge
   * ago) is asked of the accounting, once, since its answer is final.
   */
  async statuses(refs: readonly string[]): Promise<Map<string, BackendStatus>> {
    const { jobs } = await this.call<{ jobs: SlurmJob[] }>('GET', `${API}/jobs`);
    const byId = new Map(jobs.map((j) => [String(j.job_id), j]));
    const answer = new Map<string, BackendStatus>();
    for (const ref of refs) {
      const job = byId.get(ref);
      if (job) {
        this.rememberLog(ref, job);
        answer.set(ref, statusOfJob(job));
        continue;
      }
      const accounted = await this.accountedJob(ref);
      answer.set(ref, accounted ? statusOfAccountedJob(accounted) : { state: 'gone' });
    }
    // Jobs the runner no longer follows are looked up again if their log is ever asked for.
    for (const ref of this.logPaths.keys()) if (!refs.includes(ref)) this.logPaths.delete(ref);
    return answer;
  }

  async logs(ref: string, options: { tail?: number } = {}): Promise<string> {
    const path = await this.logOf(ref);
    if (!path) return '';
    const text = await readTail(path, 1024 * 1024);
    return options.tail === undefined ? text : lastLines(text, options.tail);
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

  /** Deletes the job's log file (its outputs are the processing service's to keep). */
  async remove(ref: string): Promise<void> {
    const path = await this.logOf(ref);
    this.logPaths.delete(ref);
    if (path) await rm(path, { force: true });
  }

  /** The job if slurmctld still knows it (it forgets finished jobs after MinJobAge). */
  private async controllerJob(ref: string): Promise<SlurmJob | undefined> {
    try {
      return (await this.call<{ jobs: SlurmJob[] }>('GET', `${API}/job/${ref}`)).jobs[0];
    } catch (error) {
      if (error instanceof SlurmApiError && /Invalid job id/i.test(error.message)) return undefined;
      throw error;
    }
  }

  private async accountedJob(ref: string): Promise<AccountedJob | undefined> {
    try {
      return (await this.call<{ jobs: AccountedJob[] }>('GET', `${DB_API}/job/${ref}`)).jobs[0];
    } catch (error) {
      if (error instanceof SlurmApiError && /Nothing found/i.test(error.message)) return undefined;
      throw error;
    }
  }

  /**
   * The log file of a job this backend submitted: slurmctld names it; for a forgotten job, the
   * accounting keeps its working directory, where submit() put the log.
   */
  private async logOf(ref: string): Promise<string | undefined> {
    const known = this.logPaths.get(ref);
    if (known) return known;
    const job = await this.controllerJob(ref);
    if (job) return this.rememberLog(ref, job);
    const accounted = await this.accountedJob(ref);
    return accounted?.name.startsWith('styx-') && accounted.working_directory
      ? join(accounted.working_directory, LOG_FILE)
      : undefined;
  }

  private rememberLog(ref: string, job: SlurmJob): string | undefined {
    const path = job.name.startsWith('styx-') ? job.standard_output || undefined : undefined;
    if (path) this.logPaths.set(ref, path);
    return path;
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
