import { mkdir, rm } from 'node:fs/promises';
import { currentTraceParent, inSpan } from '@styx/tracing';
import type { FastifyBaseLogger } from 'fastify';
import { type BackendStatus, type JobBackend, JobSubmitError } from '../backends/job-backend.js';
import { type JobEvents, NO_JOB_EVENTS } from '../events/job-events.js';
import type { ProcessDefinition } from '../processes/process.js';
import type { ProcessRegistry } from '../processes/process-registry.js';
import { StagingError, stageInputs } from './input-staging.js';
import { validateInputs } from './input-validation.js';
import type { Job } from './job.js';
import { buildJobSpec, jobFolders } from './job-spec.js';
import type { JobStore } from './job-store.js';
import { collectOutputs, OutputError, type ResultPublisher } from './output-collection.js';

// What callers of the runner name with it (the error handler, the result publishers).
export { InvalidExecutionError } from './input-validation.js';
export type { OutputFile, PublishedFile, ResultPublisher } from './output-collection.js';

/** The owner has as many unfinished jobs as allowed (a 429). */
export class TooManyJobsError extends Error {}

export interface JobRunnerOptions {
  store: JobStore;
  backend: JobBackend;
  registry: ProcessRegistry;
  /** Told of every change of a job (AMQP when configured). */
  events?: JobEvents;
  /** Publishes output files (CWL processes); without one, file outputs fail the job. */
  publisher?: ResultPublisher;
  /** Where each job gets `<id>/inputs` and `<id>/outputs`. */
  workDir: string;
  maxUnfinishedPerUser: number;
  /**
   * URL prefixes file inputs may be fetched from (for example the catalog's
   * `…/services/catalog/`): the service downloads them, so it must not be made to fetch
   * whatever a user names (its own loopback neighbours, say).
   */
  inputLocations: readonly string[];
  /**
   * How often unfinished jobs are checked with the backend (1 s). A backend with change events
   * (podman/Docker) also wakes the runner as soon as a job changes: then this is a safety net.
   */
  pollMs?: number;
  /** How often, at most, each running job's log is read for its progress lines (5 s). */
  progressMs?: number;
  /** The network seam for staging file inputs. */
  fetch?: typeof fetch;
  log: FastifyBaseLogger;
}

const PROGRESS = /^styx:progress\s+(\d{1,3})\b/;

/**
 * Takes jobs from accepted to finished: stages file inputs, submits to the backend, follows
 * the backend until the job ends, collects its outputs. Every step is written to the store
 * first, and `reconcile` (run at start and on every tick) picks up whatever an earlier process
 * of the service left unfinished: a restart loses nothing.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  /** Jobs being staged and submitted right now: the poller leaves them alone. */
  private readonly starting = new Set<string>();
  private readonly fetch: typeof fetch;
  /** A tick asked for (by a backend's change event) while one was running. */
  private again = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  /** When each running job's progress was last read from its log, by job id. */
  private readonly progressRead = new Map<string, number>();

  private readonly events: JobEvents;

  constructor(private readonly options: JobRunnerOptions) {
    this.fetch = options.fetch ?? fetch;
    this.events = options.events ?? NO_JOB_EVENTS;
  }

  /** Every change goes to the store first, then out as an event. */
  private async update(
    id: string,
    change: Parameters<JobStore['update']>[1],
  ): Promise<Job | undefined> {
    const job = await this.options.store.update(id, change);
    if (job) this.events.publish(job);
    return job;
  }

  get registry(): ProcessRegistry {
    return this.options.registry;
  }

  processes(): readonly ProcessDefinition[] {
    return this.options.registry.list();
  }

  process(id: string): ProcessDefinition | undefined {
    return this.options.registry.get(id);
  }

  private processOf(job: Job): ProcessDefinition | undefined {
    return this.options.registry.forJob(job.processId, job.processPackage);
  }

  /** Validates the inputs, records the job and starts it. */
  async execute(
    owner: string,
    process: ProcessDefinition,
    inputs: Record<string, unknown>,
    idempotencyKey?: string,
  ): Promise<{ job: Job; created: boolean }> {
    const values = validateInputs(process, inputs, this.options.inputLocations);
    if ((await this.options.store.countUnfinished(owner)) >= this.options.maxUnfinishedPerUser) {
      throw new TooManyJobsError(
        `you already have ${this.options.maxUnfinishedPerUser} unfinished jobs; wait for one to end or dismiss one`,
      );
    }
    const result = await this.options.store.create({
      owner,
      processId: process.id,
      inputs: values,
      processPackage:
        process.package && process.deployedBy
          ? { ...process.package, deployedBy: process.deployedBy }
          : undefined,
      backend: this.options.backend.kind,
      idempotencyKey,
      // The submitting request's trace (JupyterLab's click, through the Hub's proxy), which the
      // job's later steps join (start, finish).
      traceParent: currentTraceParent(),
    });
    if (result.created) {
      this.events.publish(result.job);
      // Not awaited: the client gets its 201 at once. A backend that cannot be reached leaves
      // the job accepted, and the next tick tries again.
      this.start(result.job).catch((error: unknown) =>
        this.options.log.warn(
          { err: error, job: result.job.id },
          'job not submitted yet; will retry',
        ),
      );
    }
    return result;
  }

  /**
   * Dismisses a job: recorded first (so the container's exit, seen by the poller a moment later,
   * cannot turn it into a failure), then the container is stopped and removed.
   */
  async dismiss(job: Job): Promise<Job> {
    const dismissed = (await this.options.store.dismiss(job.id, 'dismissed by its owner')) as Job;
    this.events.publish(dismissed);
    if (job.backendRef) {
      await this.options.backend.cancel(job.backendRef).catch(() => {});
      await this.options.backend.remove(job.backendRef).catch(() => {});
    }
    return dismissed;
  }

  async logs(job: Job, tail?: number): Promise<string> {
    if (!job.backendRef) return '';
    return this.options.backend.logs(job.backendRef, tail === undefined ? {} : { tail });
  }

  /** Waits until the job finishes (sync execution), or until `timeoutMs`. */
  async waitFor(id: string, timeoutMs: number): Promise<Job> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // While polling, the shared loop follows the job: waiting only reads the store, so that
      // sync requests add no backend requests of their own.
      if (!this.timer) await this.tick();
      const job = (await this.options.store.get(id)) as Job;
      if (!['accepted', 'running'].includes(job.status) || Date.now() > deadline) return job;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Starts following unfinished jobs (first, those an earlier run of the service left). */
  async startPolling(): Promise<void> {
    this.unsubscribe = this.options.backend.onChange?.(() => this.wake());
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.pollMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    clearTimeout(this.wakeTimer);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /**
   * A backend said a job changed: a tick soon. Events come in bursts (a container's die, stop
   * and cleanup; many jobs ending together), so they are gathered for 50 ms into one tick.
   */
  private wake(): void {
    if (this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      if (this.ticking) this.again = true;
      else void this.tick();
    }, 50);
  }

  /**
   * One pass over every unfinished job: submit what was never submitted, then follow the rest
   * with one question to the backend for all of them (`statuses`), not one per job.
   */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const jobs = (await this.options.store.unfinished()).filter((j) => !this.starting.has(j.id));
      for (const job of jobs.filter((j) => !j.backendRef)) {
        try {
          await this.start(job);
        } catch (error) {
          this.options.log.error({ err: error, job: job.id }, 'could not submit a job');
        }
      }
      const followed = jobs.filter((j) => j.backendRef);
      for (const id of this.progressRead.keys())
        if (!followed.some((j) => j.id === id)) this.progressRead.delete(id);
      if (followed.length === 0) return;
      const statuses = await this.statusesOf(followed.map((j) => j.backendRef as string));
      for (const job of followed) {
        const status = statuses.get(job.backendRef as string);
        if (!status) continue;
        try {
          await this.follow(job, status);
        } catch (error) {
          this.options.log.error({ err: error, job: job.id }, 'could not follow a job');
        }
      }
    } finally {
      this.ticking = false;
      if (this.again) {
        this.again = false;
        setImmediate(() => void this.tick());
      }
    }
  }

  /** Where the followed jobs stand: one batch when the backend has one, else job by job. */
  private async statusesOf(refs: string[]): Promise<Map<string, BackendStatus>> {
    const { backend, log } = this.options;
    if (backend.statuses) {
      try {
        return await backend.statuses(refs);
      } catch (error) {
        log.error({ err: error }, 'could not ask the backend how its jobs stand');
        return new Map();
      }
    }
    const statuses = new Map<string, BackendStatus>();
    for (const ref of refs) {
      try {
        statuses.set(ref, await backend.status(ref));
      } catch (error) {
        log.error({ err: error, ref }, 'could not ask the backend how a job stands');
      }
    }
    return statuses;
  }

  private jobDir(job: Job) {
    return jobFolders(this.options.workDir, job.id);
  }

  /** Stages file inputs and submits the job. Safe to run again for a job never submitted. */
  private async start(job: Job): Promise<void> {
    if (this.starting.has(job.id)) return;
    this.starting.add(job.id);
    try {
      await inSpan(
        'processing job submit',
        this.spanAttributes(job),
        () => this.stageAndSubmit(job),
        job.traceParent,
      );
    } finally {
      this.starting.delete(job.id);
    }
  }

  private spanAttributes(job: Job) {
    return {
      'styx.job.id': job.id,
      'styx.process.id': job.processId,
      'styx.job.backend': this.options.backend.kind,
    };
  }

  private async stageAndSubmit(job: Job): Promise<void> {
    const existing = await this.options.backend.findByJob(job.id);
    if (existing) {
      // Submitted by an earlier run of the service that died before recording it: followed
      // from here on (running once its backend says so).
      await this.update(job.id, { backendRef: existing });
      return;
    }
    const process = this.processOf(job);
    if (!process) {
      await this.update(job.id, {
        status: 'failed',
        message: `no process ${job.processId} any more`,
      });
      return;
    }
    const dir = this.jobDir(job);
    try {
      await mkdir(dir.outputs, { recursive: true });
      const staged = await stageInputs(job, process, dir.inputs, this.fetch);
      const spec = buildJobSpec(job, process, staged, dir.outputs);
      const ref = await this.options.backend.submit(spec);
      // A container starts at once; a Slurm job may wait in the queue: the job stays accepted
      // (queued, said in its message) until its backend runs it.
      const now = await this.options.backend.status(ref).catch(() => ({ state: 'queued' }));
      await this.update(
        job.id,
        now.state === 'queued'
          ? { backendRef: ref, message: `queued on ${this.options.backend.kind}` }
          : { status: 'running', backendRef: ref, started: true, progress: 0, message: null },
      );
    } catch (error) {
      // The job's own problems fail it; anything else (the backend unreachable) is retried.
      if (!(error instanceof StagingError || error instanceof JobSubmitError)) throw error;
      await this.update(job.id, {
        status: 'failed',
        message: (error as Error).message,
      });
    }
  }

  private async follow(job: Job, status: BackendStatus): Promise<void> {
    const ref = job.backendRef as string;
    if (status.state === 'queued') return;
    if (job.status === 'accepted') {
      // Out of the queue (or already through it: the steps below finish it).
      await this.update(job.id, { status: 'running', started: true, message: null });
    }
    if (status.state === 'running') {
      // Progress is for a person watching a bar: read every `progressMs` (5 s) per job, not on
      // every tick, so that many running jobs cost a log read each every few seconds, not every
      // second (a log read is a request to podman, or a file read for Slurm).
      const now = Date.now();
      const last = this.progressRead.get(job.id);
      if (last !== undefined && now - last < (this.options.progressMs ?? 5000)) return;
      this.progressRead.set(job.id, now);
      const progress = lastProgress(await this.options.backend.logs(ref, { tail: 50 }));
      if (progress !== undefined && progress !== job.progress)
        await this.update(job.id, { progress });
      return;
    }
    if (status.state === 'gone') {
      await this.update(job.id, {
        status: 'failed',
        message: 'the job disappeared from its backend',
      });
      return;
    }
    if (status.state === 'failed') {
      const tail = (await this.options.backend.logs(ref, { tail: 5 }).catch(() => '')).trim();
      await this.update(job.id, {
        status: 'failed',
        message: `${status.message ?? 'the job failed'}${tail ? `: ${tail.split('\n').at(-1)}` : ''}`,
      });
      return;
    }
    // Collecting and publishing the results (the catalog's item POST, S3 puts) is a span of the
    // submitter's trace: one trace from the click to the result in the catalog's database.
    await inSpan(
      'processing job results',
      this.spanAttributes(job),
      async (span) => {
        const process = this.processOf(job);
        let outputs: Record<string, unknown>;
        let resultItem: string | undefined;
        let warning: string | undefined;
        try {
          if (!process) throw new OutputError(`no process ${job.processId} any more`);
          ({ outputs, resultItem, warning } = await collectOutputs(
            job,
            process,
            this.jobDir(job).outputs,
            this.options.publisher,
          ));
        } catch (error) {
          if (!(error instanceof OutputError)) throw error;
          span.fail(error.message);
          await this.update(job.id, { status: 'failed', message: error.message });
          return;
        }
        await this.update(job.id, {
          status: 'successful',
          progress: 100,
          outputs,
          message: warning ?? null,
          ...(resultItem ? { resultItem } : {}),
        });
      },
      job.traceParent,
    );
  }

  /**
   * Removes a dismissed job's folder (inputs and outputs) and its published results: OGC API –
   * Processes §7.14, a dismissed job's results are gone.
   */
  async removeFiles(job: Job): Promise<void> {
    await rm(this.jobDir(job).root, { recursive: true, force: true });
    // The dismissal stands even if the storage or the catalog cannot be reached now.
    await this.options.publisher
      ?.discard(job)
      .catch((error: unknown) =>
        this.options.log.error({ err: error, job: job.id }, 'results of a dismissed job left'),
      );
  }
}

export function lastProgress(logs: string): number | undefined {
  let last: number | undefined;
  for (const line of logs.split('\n')) {
    const match = PROGRESS.exec(line);
    if (match) last = Math.min(100, Number(match[1]));
  }
  return last;
}
