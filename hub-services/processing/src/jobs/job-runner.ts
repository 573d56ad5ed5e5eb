import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { Value } from 'typebox/value';
import { type JobBackend, type JobSpec, JobSubmitError } from '../backends/job-backend.js';
import { type JobEvents, NO_JOB_EVENTS } from '../events/job-events.js';
import { listOutputs, matchOutputs } from '../processes/cwl/output-glob.js';
import { hrefOf, itemOf, type ProcessDefinition } from '../processes/process.js';
import type { ProcessRegistry } from '../processes/process-registry.js';
import type { Job } from './job.js';
import type { JobStore } from './job-store.js';

/** The caller's request cannot run as it is: the message says what to fix (a 400). */
export class InvalidExecutionError extends Error {}
/** The owner has as many unfinished jobs as allowed (a 429). */
export class TooManyJobsError extends Error {}
/** A file input could not be fetched: the job fails (the URL is the user's to fix). */
class StagingError extends Error {}
/** The job ended but what it wrote does not match its outputs: it fails, saying why. */
class OutputError extends Error {}

/** A file a job wrote that one of its outputs names. */
export interface OutputFile {
  /** The process output it belongs to. */
  output: string;
  /** Relative to the job's output folder, '/'-separated. */
  path: string;
  /** Where it is on the service's side. */
  hostPath: string;
}

/** A published output file: its link, media type and size. */
export interface PublishedFile {
  href: string;
  type: string;
  size: number;
}

/**
 * Where a finished job's output files go (object storage or the local results folder) and how
 * they are registered (a STAC item in the owner's results collection): each file's link, in
 * the order given, and the item's URL when one was registered.
 */
export interface ResultPublisher {
  publish(
    job: Job,
    process: ProcessDefinition,
    files: OutputFile[],
  ): Promise<{ files: PublishedFile[]; item?: string; warning?: string }>;
  /** Forgets a dismissed job's results: its stored files and its catalog item. */
  discard(job: Job): Promise<void>;
}

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
  /** How often unfinished jobs are checked with the backend. */
  pollMs?: number;
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
    const values = this.validateInputs(process, inputs);
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
      await this.tick();
      const job = (await this.options.store.get(id)) as Job;
      if (!['accepted', 'running'].includes(job.status) || Date.now() > deadline) return job;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Starts following unfinished jobs (first, those an earlier run of the service left). */
  async startPolling(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.pollMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass over every unfinished job: submit what was never submitted, follow the rest. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const job of await this.options.store.unfinished()) {
        if (this.starting.has(job.id)) continue;
        try {
          if (!job.backendRef) await this.start(job);
          else await this.follow(job);
        } catch (error) {
          this.options.log.error({ err: error, job: job.id }, 'could not follow a job');
        }
      }
    } finally {
      this.ticking = false;
    }
  }

  private validateInputs(
    process: ProcessDefinition,
    inputs: Record<string, unknown>,
  ): Record<string, unknown> {
    const problems: string[] = [];
    for (const name of Object.keys(inputs)) {
      if (!(name in process.inputs)) problems.push(`unknown input '${name}'`);
    }
    const values: Record<string, unknown> = {};
    for (const [name, input] of Object.entries(process.inputs)) {
      const given = inputs[name];
      if (given === undefined) {
        if (!input.optional) problems.push(`input '${name}' is required (${input.description})`);
        continue;
      }
      const errors = [...Value.Errors(input.schema, given)];
      if (errors.length === 0 && input.file) {
        const values = Array.isArray(given) ? given : [given];
        const hrefs = [
          ...values.map(hrefOf),
          ...values.map(itemOf).filter((i): i is string => i !== undefined),
        ];
        const outside = hrefs.find(
          (href) => !this.options.inputLocations.some((prefix) => href.startsWith(prefix)),
        );
        if (outside !== undefined) {
          problems.push(
            `input '${name}': ${outside} is not a place Styx fetches inputs from (${this.options.inputLocations.join(', ') || 'none configured: STYX_PROCESSING_INPUT_LOCATIONS'})`,
          );
          continue;
        }
      }
      if (errors.length > 0) {
        problems.push(
          `input '${name}': ${errors.map((e) => `${e.instancePath || ''} ${e.message}`.trim()).join('; ')}`,
        );
      } else values[name] = given;
    }
    if (problems.length > 0) throw new InvalidExecutionError(problems.join('; '));
    return values;
  }

  private jobDir(job: Job) {
    const root = join(this.options.workDir, job.id);
    return { root, inputs: join(root, 'inputs'), outputs: join(root, 'outputs') };
  }

  /** Stages file inputs and submits the job. Safe to run again for a job never submitted. */
  private async start(job: Job): Promise<void> {
    if (this.starting.has(job.id)) return;
    this.starting.add(job.id);
    try {
      await this.stageAndSubmit(job);
    } finally {
      this.starting.delete(job.id);
    }
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
      const files: Record<string, string> = {};
      const mounts: JobSpec['inputs'] = [];
      for (const [name, input] of Object.entries(process.inputs)) {
        if (!input.file || job.inputs[name] === undefined) continue;
        const local = join(dir.inputs, name);
        await mkdir(local, { recursive: true });
        const value = job.inputs[name];
        const hrefs = (Array.isArray(value) ? value : [value]).map(hrefOf);
        const names = new Set<string>();
        for (const href of hrefs) {
          let fileName = decodeURIComponent(
            new URL(href).pathname.split('/').pop() || name,
          ).replace(/[^\w.-]/g, '_');
          // Two files of a folder input with the same name: the second gets a number.
          for (let n = 2; names.has(fileName); n++) fileName = `${n}_${fileName}`;
          names.add(fileName);
          await this.download(href, join(local, fileName));
        }
        mounts.push({ hostPath: local, containerPath: `/inputs/${name}` });
        files[name] = input.file.directory ? `/inputs/${name}` : `/inputs/${name}/${[...names][0]}`;
      }
      const spec: JobSpec = {
        jobId: job.id,
        owner: job.owner,
        image: process.image,
        command: process.command(job.inputs, files),
        env: {
          LANG: 'C.UTF-8',
          ...process.env,
          STYX_JOB_ID: job.id,
          STYX_PROCESS_ID: process.id,
        },
        inputs: mounts,
        outputs: { hostPath: dir.outputs, containerPath: '/outputs' },
        resources: process.resources,
      };
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

  private async download(href: string, path: string): Promise<void> {
    let response: Response;
    try {
      // No redirects: one could lead outside the allowed input locations.
      response = await this.fetch(href, {
        redirect: 'error',
        signal: AbortSignal.timeout(120_000),
      });
    } catch (error) {
      throw new StagingError(`could not download ${href}: ${(error as Error).message}`);
    }
    if (!response.ok) throw new StagingError(`could not download ${href}: HTTP ${response.status}`);
    await writeFile(path, Buffer.from(await response.arrayBuffer()));
  }

  private async follow(job: Job): Promise<void> {
    const ref = job.backendRef as string;
    const status = await this.options.backend.status(ref);
    if (status.state === 'queued') return;
    if (job.status === 'accepted') {
      // Out of the queue (or already through it: the steps below finish it).
      await this.update(job.id, { status: 'running', started: true, message: null });
    }
    if (status.state === 'running') {
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
    const process = this.processOf(job);
    let outputs: Record<string, unknown>;
    let resultItem: string | undefined;
    let warning: string | undefined;
    try {
      if (!process) throw new OutputError(`no process ${job.processId} any more`);
      ({ outputs, resultItem, warning } = await this.collectOutputs(job, process));
    } catch (error) {
      if (!(error instanceof OutputError)) throw error;
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
  }

  /**
   * The results of a finished job: JSON outputs read from their file; file outputs (CWL globs)
   * matched in the output folder and published, their value being their link(s).
   */
  private async collectOutputs(
    job: Job,
    process: ProcessDefinition,
  ): Promise<{ outputs: Record<string, unknown>; resultItem?: string; warning?: string }> {
    const root = this.jobDir(job).outputs;
    const outputs: Record<string, unknown> = {};
    const files: OutputFile[] = [];
    const entries = await listOutputs(root).catch(() => []);
    /** The file outputs' kinds (File, File[], Directory), by output. */
    const kinds: Record<string, string> = {};
    let resultItem: string | undefined;
    let warning: string | undefined;
    for (const [name, output] of Object.entries(process.outputs)) {
      if (output.jsonFile) {
        try {
          outputs[name] = JSON.parse(await readFile(join(root, output.jsonFile), 'utf8'));
        } catch (error) {
          throw new OutputError(
            `the job ended but its output '${name}' (${output.jsonFile}) is missing or not JSON: ${(error as Error).message}`,
          );
        }
        continue;
      }
      if (!output.files) continue;
      const matched = matchOutputs(entries, output.files.glob);
      const wanted = output.files.kind === 'Directory';
      const found = matched.filter((e) => e.directory === wanted);
      if (found.length === 0) {
        if (output.files.optional) {
          outputs[name] = null;
          continue;
        }
        throw new OutputError(
          `the job ended but wrote nothing matching ${output.files.glob.join(', ')} for its output '${name}'`,
        );
      }
      if (output.files.kind !== 'File[]' && found.length > 1) {
        throw new OutputError(
          `output '${name}' is one ${wanted ? 'folder' : 'file'} but ${found.length} match ${output.files.glob.join(', ')}`,
        );
      }
      const paths = wanted
        ? entries
            .filter(
              (e) => !e.directory && e.path.startsWith(`${(found[0] as { path: string }).path}/`),
            )
            .map((e) => e.path)
        : found.map((e) => e.path);
      kinds[name] = output.files.kind;
      // Only regular files are listed (listOutputs leaves symbolic links out).
      for (const path of paths) files.push({ output: name, path, hostPath: join(root, path) });
    }
    if (files.length > 0 || Object.keys(kinds).length > 0) {
      if (!this.options.publisher)
        throw new OutputError('this service has no results storage configured for file outputs');
      const published = await this.options.publisher.publish(job, process, files);
      resultItem = published.item;
      warning = published.warning;
      for (const [name, kind] of Object.entries(kinds)) {
        const links = files
          .map((f, i) => ({ f, link: published.files[i] as PublishedFile }))
          .filter(({ f }) => f.output === name)
          .map(({ link }) => ({ href: link.href, type: link.type, 'file:size': link.size }));
        outputs[name] = kind === 'File' ? (links[0] ?? null) : links;
      }
    }
    return {
      outputs,
      ...(resultItem ? { resultItem } : {}),
      ...(warning ? { warning } : {}),
    };
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
