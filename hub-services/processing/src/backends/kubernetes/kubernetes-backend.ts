import {
  ApiException,
  BatchV1Api,
  CoreV1Api,
  type Informer,
  type KubeConfig,
  makeInformer,
  type ObjectCache,
  PatchStrategy,
  setHeaderOptions,
  type V1Job,
  type V1JobCondition,
  type V1Pod,
} from '@kubernetes/client-node';
import type { BackendStatus, JobBackend, JobSpec } from '../job-backend.js';
import { JobSubmitError } from '../job-backend.js';
import {
  buildJobManifest,
  type JobManifestOptions,
  LABEL_JOB,
  labelValue,
  MANAGED_BY,
} from './job-manifest.js';

export interface KubernetesBackendOptions extends JobManifestOptions {
  kubeConfig: KubeConfig;
  /** The first wait before the watch is opened again after it failed; doubled up to 30 s. */
  watchRetryMs?: number;
  /** Told when the watch fails (it is retried; meanwhile states are read from the API). */
  onWatchError?: (error: unknown) => void;
}

/** Set on a Job Styx cancelled: its failure then reads "cancelled", after a restart too. */
const CANCELLED = 'styx.io/cancelled';

/**
 * Jobs as Kubernetes batch/v1 Jobs through @kubernetes/client-node. Their state comes from one
 * shared watch (an informer over the namespace's Styx jobs), not a request per job per poll;
 * the API is asked directly only for what the cache does not hold (a job it has not seen yet,
 * or every job while the watch is down), pods' exit codes and logs.
 *
 * Cancelling sets the Job's deadline to one second (and marks the Job cancelled) rather than
 * deleting its pod: the Job controller itself then stops the pod (SIGTERM to the job's process,
 * the grace period, SIGKILL) and marks the Job failed with DeadlineExceeded, whether the pod
 * runs, still waits for a node, or has not been created yet. Deleting the pod instead would
 * miss a pod not created yet, and fail the Job as BackoffLimitExceeded, like a failure of its own.
 */
export class KubernetesBackend implements JobBackend {
  readonly kind = 'kubernetes';
  private readonly batch: BatchV1Api;
  private readonly core: CoreV1Api;
  private readonly informer: Informer<V1Job> & ObjectCache<V1Job>;
  private watching: Promise<void> | undefined;
  /** Whether the cache follows the API: false before the first list and while the watch is down. */
  private synced = false;
  private closed = false;
  private watchErrors = 0;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: KubernetesBackendOptions) {
    this.batch = options.kubeConfig.makeApiClient(BatchV1Api);
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
    const labelSelector = `${MANAGED_BY}=styx`;
    this.informer = makeInformer(
      options.kubeConfig,
      `/apis/batch/v1/namespaces/${options.namespace}/jobs`,
      () => this.batch.listNamespacedJob({ namespace: options.namespace, labelSelector }),
      labelSelector,
    );
    this.retryMs = options.watchRetryMs ?? 1000;
    // The informer re-opens a watch the server ended, but not one that failed (connection
    // lost, API server restarting): it only reports the error, and its cache would go stale.
    this.informer.on('error', (error: unknown) => this.watchFailed(error));
  }

  /** Starts the shared watch (once): the informer lists the jobs, then watches from there. */
  start(): Promise<void> {
    this.watching ??= this.openWatch();
    return this.watching;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.synced = false;
    clearTimeout(this.retryTimer);
    if (this.watching) await this.informer.stop();
  }

  async findByJob(jobId: string): Promise<string | undefined> {
    await this.start();
    const value = labelValue(jobId);
    const cached = this.synced
      ? this.informer
          .list(this.options.namespace)
          .find((j) => j.metadata?.labels?.[LABEL_JOB] === value)
      : undefined;
    if (cached) return cached.metadata?.name;
    // Not seen by the watch (yet): asked of the API, by the same label.
    const { items } = await this.batch.listNamespacedJob({
      namespace: this.options.namespace,
      labelSelector: `${MANAGED_BY}=styx,${LABEL_JOB}=${value}`,
    });
    return items[0]?.metadata?.name;
  }

  async submit(spec: JobSpec): Promise<string> {
    await this.start();
    let manifest: V1Job;
    try {
      manifest = buildJobManifest(spec, this.options);
    } catch (error) {
      // A path outside the shared claim: the job can never run here, retrying will not help.
      throw new JobSubmitError((error as Error).message, { cause: error });
    }
    try {
      await this.batch.createNamespacedJob({ namespace: this.options.namespace, body: manifest });
    } catch (error) {
      if (error instanceof ApiException && error.code === 409) {
        // Already there: ours if it carries this job's label (a submission retried).
        const existing = await this.job(manifest.metadata?.name as string);
        if (existing?.metadata?.labels?.[LABEL_JOB] === labelValue(spec.jobId))
          return manifest.metadata?.name as string;
      }
      if (error instanceof ApiException && error.code >= 400 && error.code < 500)
        throw new JobSubmitError(`Kubernetes refused the job: ${reasonOf(error)}`, {
          cause: error,
        });
      throw error;
    }
    return manifest.metadata?.name as string;
  }

  async status(ref: string): Promise<BackendStatus> {
    const job = await this.job(ref);
    if (!job) return { state: 'gone' };
    const status = job.status ?? {};
    const condition = (type: string) =>
      status.conditions?.find((c) => c.type === type && c.status === 'True');
    const failed = condition('Failed');
    // Kubernetes sets completionTime for a Job that succeeded only.
    const finished = status.completionTime ?? failed?.lastTransitionTime;
    const times = {
      ...(status.startTime ? { startedAt: new Date(status.startTime).toISOString() } : {}),
      ...(finished ? { finishedAt: new Date(finished).toISOString() } : {}),
    };
    if (condition('Complete')) return { state: 'succeeded', exitCode: 0, ...times };
    if (failed) {
      const pod = await this.pod(ref);
      const terminated = pod?.status?.containerStatuses?.find((c) => c.name === 'job')?.state
        ?.terminated;
      const exitCode = terminated ? { exitCode: terminated.exitCode } : {};
      return { state: 'failed', ...exitCode, message: failureMessage(job, failed, pod), ...times };
    }
    return (status.active ?? 0) > 0 && (status.ready ?? 1) > 0
      ? { state: 'running', ...times }
      : { state: 'queued' };
  }

  async logs(ref: string, options: { tail?: number } = {}): Promise<string> {
    const pod = await this.pod(ref);
    // A pod not on a node yet has no log: the API answers with an empty body and no content
    // type, which the generated client cannot parse.
    if (!pod?.metadata?.name || !pod.spec?.nodeName) return '';
    try {
      return await this.core.readNamespacedPodLog({
        name: pod.metadata.name,
        namespace: this.options.namespace,
        container: 'job',
        ...(options.tail !== undefined ? { tailLines: options.tail } : {}),
      });
    } catch (error) {
      // A pod still pulling or creating its container has no log yet.
      if (error instanceof ApiException && (error.code === 400 || error.code === 404)) return '';
      throw error;
    }
  }

  async cancel(ref: string): Promise<void> {
    try {
      await this.batch.patchNamespacedJob(
        {
          name: ref,
          namespace: this.options.namespace,
          body: {
            metadata: { annotations: { [CANCELLED]: 'true' } },
            spec: { activeDeadlineSeconds: 1 },
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 404)) throw error;
    }
  }

  async remove(ref: string): Promise<void> {
    try {
      await this.batch.deleteNamespacedJob({
        name: ref,
        namespace: this.options.namespace,
        propagationPolicy: 'Background',
      });
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 404)) throw error;
    }
  }

  /** Lists, then watches; a failure is reported to the 'error' handler, not thrown. */
  private async openWatch(): Promise<void> {
    const errors = this.watchErrors;
    await this.informer.start();
    if (this.watchErrors === errors && !this.closed) {
      this.synced = true;
      this.retryMs = this.options.watchRetryMs ?? 1000;
    }
  }

  private watchFailed(error: unknown): void {
    this.watchErrors += 1;
    this.synced = false;
    // Stopping the informer aborts its request, which it reports as an error too.
    if (this.closed) return;
    this.options.onWatchError?.(error);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      // From the last resource version seen: the API replays what was missed, or answers
      // 410 Gone and the informer lists again.
      this.watching = this.openWatch();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  /** From the watch's cache when it follows the API and holds the job; else from the API. */
  private async job(name: string): Promise<V1Job | undefined> {
    await this.start();
    const cached = this.synced ? this.informer.get(name, this.options.namespace) : undefined;
    if (cached) return cached;
    try {
      return await this.batch.readNamespacedJob({ name, namespace: this.options.namespace });
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    }
  }

  private async pod(ref: string): Promise<V1Pod | undefined> {
    const pods = await this.core.listNamespacedPod({
      namespace: this.options.namespace,
      labelSelector: `job-name=${ref}`,
    });
    // The newest, should the Job ever hold more than one.
    const created = (pod: V1Pod) => new Date(pod.metadata?.creationTimestamp ?? 0).getTime();
    return pods.items.sort((a, b) => created(b) - created(a))[0];
  }
}

/** Why a Job failed, in the words of the podman backend's messages. */
function failureMessage(job: V1Job, failed: V1JobCondition, pod: V1Pod | undefined): string {
  if (job.metadata?.annotations?.[CANCELLED]) return 'the job was cancelled';
  const container = pod?.status?.containerStatuses?.find((c) => c.name === 'job');
  const terminated = container?.state?.terminated;
  if (terminated?.reason === 'OOMKilled') return 'the job ran out of memory';
  if (failed.reason === 'DeadlineExceeded') return 'the job ran out of its time limit';
  if (terminated) {
    return terminated.exitCode === 137 || terminated.exitCode === 143
      ? `the job was stopped (exit code ${terminated.exitCode})`
      : `the job exited with code ${terminated.exitCode}`;
  }
  // Never started: an image that is not there, a pod evicted from its node…
  const waiting = container?.state?.waiting;
  if (waiting?.reason) return `the job did not start: ${waiting.message ?? waiting.reason}`;
  if (pod?.status?.reason)
    return `the job's pod failed: ${pod.status.message ?? pod.status.reason}`;
  return `the job failed: ${failed.message ?? failed.reason ?? 'Kubernetes gave no reason'}`;
}

function reasonOf(error: ApiException<unknown>): string {
  try {
    const body = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
    return (body as { message?: string })?.message ?? `HTTP ${error.code}`;
  } catch {
    return `HTTP ${error.code}`;
  }
}
