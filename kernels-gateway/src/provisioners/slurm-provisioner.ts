import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildKernelJob } from './kernel-job-script.js';
import type {
  KernelProvisioner,
  LaunchPlan,
  LaunchRequest,
  ProvisionedKernel,
} from './provisioner.js';
import { slurmJwt } from './slurm-jwt.js';
import { waitForExit } from './wait-for-exit.js';

export interface SlurmProvisionerOptions {
  /** slurmrestd, ending with '/'. */
  url: string;
  /** The cluster's JWT key: the gateway mints each user's own token with it. */
  jwtKey: Buffer;
  /** The cluster account a Hub user's kernels run as (the same name by default). */
  clusterUser?: (owner: string) => string;
  python: string;
  launcherPath: string;
  /** A folder the nodes and the gateway share, for the jobs' output. */
  logDir: string;
  partition?: string | undefined;
  timeLimitMinutes?: number | undefined;
  bindIp?: string;
  fetch?: typeof fetch;
}

interface SlurmKernel extends ProvisionedKernel {
  kind: 'slurm';
  jobId: number;
  user: string;
  logPath: string;
}

const API = 'slurm/v0.0.38';
const ENDED = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'NODE_FAIL',
  'PREEMPTED',
  'BOOT_FAIL',
  'DEADLINE',
  'OUT_OF_MEMORY',
]);

/**
 * Kernels as Slurm batch jobs through slurmrestd (v0.0.38, Slurm 22.05+), each submitted with
 * its owner's own JWT, so the cluster's accounting, limits and fair share apply to the person.
 * A queued (PENDING) job is a kernel still starting. Interrupts go as interrupt_request
 * messages (kernel specs for Slurm say `interruptMode: message`): a signal through the REST API
 * reaches job steps, not a batch script's process.
 */
export class SlurmProvisioner implements KernelProvisioner {
  readonly kind = 'slurm';
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SlurmProvisionerOptions) {
    this.fetch = options.fetch ?? fetch;
    mkdirSync(options.logDir, { recursive: true });
  }

  describe(): string {
    return `a Slurm job${this.options.partition ? ` in partition ${this.options.partition}` : ''}`;
  }

  async preLaunch(request: LaunchRequest): Promise<LaunchPlan> {
    const c = request.config;
    const logPath = join(this.options.logDir, `${request.kernelId}.log`);
    return {
      request,
      user: this.options.clusterUser?.(request.owner) ?? request.owner,
      logPath,
      submission: buildKernelJob(request, {
        python: typeof c.python === 'string' ? c.python : this.options.python,
        launcherPath: this.options.launcherPath,
        logPath,
        partition: typeof c.partition === 'string' ? c.partition : this.options.partition,
        timeLimitMinutes:
          typeof c.timeLimitMinutes === 'number'
            ? c.timeLimitMinutes
            : this.options.timeLimitMinutes,
        cpus: typeof c.cpus === 'number' ? c.cpus : undefined,
        memoryMb: typeof c.memoryMb === 'number' ? c.memoryMb : undefined,
        bindIp: this.options.bindIp ?? '127.0.0.1',
      }),
    };
  }

  async launch(plan: LaunchPlan): Promise<ProvisionedKernel> {
    const user = plan.user as string;
    const answer = await this.call<{ job_id: number }>(
      user,
      'POST',
      `${API}/job/submit`,
      plan.submission,
    );
    const kernel: SlurmKernel = {
      kind: 'slurm',
      jobId: answer.job_id,
      user,
      logPath: plan.logPath as string,
    };
    return kernel;
  }

  async poll(kernel: ProvisionedKernel): Promise<number | undefined> {
    const job = await this.job(kernel as SlurmKernel);
    if (!job) return -1;
    if (!ENDED.has(job.job_state)) return undefined;
    return job.exit_code ?? -1;
  }

  async pending(kernel: ProvisionedKernel): Promise<boolean> {
    const job = await this.job(kernel as SlurmKernel);
    return job?.job_state === 'PENDING' || job?.job_state === 'CONFIGURING';
  }

  wait(kernel: ProvisionedKernel, timeoutMs: number): Promise<number | undefined> {
    return waitForExit(() => this.poll(kernel), timeoutMs, 250);
  }

  async sendSignal(kernel: ProvisionedKernel, signal: NodeJS.Signals): Promise<void> {
    const k = kernel as SlurmKernel;
    await this.call(
      k.user,
      'DELETE',
      `${API}/job/${k.jobId}?signal=${signal.replace(/^SIG/, '')}`,
    ).catch(ignoreEnded);
  }

  async terminate(kernel: ProvisionedKernel): Promise<void> {
    const k = kernel as SlurmKernel;
    // As scancel: SIGTERM, then SIGKILL after the cluster's KillWait.
    await this.call(k.user, 'DELETE', `${API}/job/${k.jobId}`).catch(ignoreEnded);
  }

  async kill(kernel: ProvisionedKernel): Promise<void> {
    await this.sendSignal(kernel, 'SIGKILL');
    await this.terminate(kernel);
  }

  async cleanup(kernel: ProvisionedKernel, restart: boolean): Promise<void> {
    await this.terminate(kernel);
    if (!restart) rmSync((kernel as SlurmKernel).logPath, { force: true });
  }

  async logs(kernel: ProvisionedKernel): Promise<string> {
    try {
      return readFileSync((kernel as SlurmKernel).logPath, 'utf8')
        .split('\n')
        .slice(-30)
        .join('\n');
    } catch {
      return '';
    }
  }

  private async job(
    kernel: SlurmKernel,
  ): Promise<{ job_state: string; exit_code?: number } | undefined> {
    try {
      const { jobs } = await this.call<{ jobs: Array<{ job_state: string; exit_code?: number }> }>(
        kernel.user,
        'GET',
        `${API}/job/${kernel.jobId}`,
      );
      return jobs[0];
    } catch (error) {
      if (/Invalid job id|not found/i.test((error as Error).message)) return undefined;
      throw error;
    }
  }

  private async call<T>(user: string, method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(`${this.options.url}${path}`, {
      method,
      headers: {
        'x-slurm-user-name': user,
        'x-slurm-user-token': slurmJwt(this.options.jwtKey, user, 300),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: { errors?: Array<{ error?: string; description?: string }> } = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      throw new Error(`slurmrestd answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    const errors = parsed.errors ?? [];
    if (!response.ok || errors.length > 0) {
      const words = errors
        .map((e) => [e.error, e.description].filter(Boolean).join(': '))
        .join('; ');
      throw new Error(`slurmrestd: ${words || `HTTP ${response.status}`}`);
    }
    return parsed as T;
  }
}

function ignoreEnded(error: unknown): void {
  if (/Invalid job id|already completing|completed|not found/i.test((error as Error).message))
    return;
  throw error;
}
