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
  type V1Pod,
} from '@kubernetes/client-node';
import type { BackendStatus, JobBackend, JobSpec } from '../job-backend.js';
import { JobSubmitError } from '../job-backend.js';
import {
  buildJobManifest,
  type JobManifestOptions,
  jobName,
  LABEL_JOB,
  MANAGED_BY,
} from './job-manifest.js';

export interface KubernetesBackendOptions extends JobManifestOptions {
  kubeConfig: KubeConfig;
}

/** Set on a Job Styx cancelled: its failure then reads "cancelled", after a restart too. */
const CANCELLED = 'styx.io/cancelled';

/**
 * Jobs as Kubernetes batch/v1 Jobs through @kubernetes/client-node. Their state comes from one
 * shared watch (an informer over the namespace's Styx jobs), not a request per job per poll;
 * the API is asked directly only for what the cache does not hold yet, pods' exit codes and
 * logs. Cancelling sets the Job's deadline to one second: Kubernetes stops its pod (SIGTERM,
 * then the grace period) and marks the Job failed.
 */
export class KubernetesBackend implements JobBackend {
  readonly kind = 'kubernetes';
  private readonly batch: BatchV1Api;
  private readonly core: CoreV1Api;
  private readonly informer: Informer<V1Job> & ObjectCache<V1Job>;
  private watching: Promise<void> | undefined;

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
  }

  /** Starts the shared watch (once); the informer lists, then watches and reconnects. */
  start(): Promise<void> {
    this.watching ??= this.informer.start();
    return this.watching;
  }

  async close(): Promise<void> {
    if (this.watching) await this.informer.stop();
  }

  async findByJob(jobId: string): Promise<string | undefined> {
    const name = jobName(jobId);
    return (await this.job(name)) ? name : undefined;
  }

  async submit(spec: JobSpec): Promise<string> {
    await this.start();
    const manifest = buildJobManifest(spec, this.options);
    try {
      await this.batch.createNamespacedJob({ namespace: this.options.namespace, body: manifest });
    } catch (error) {
      if (error instanceof ApiException && error.code === 409) {
        // Already there: ours if it carries this job's label (a submission retried).
        const existing = await this.job(manifest.metadata?.name as string);
        if (existing?.metadata?.labels?.[LABEL_JOB] === spec.jobId)
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
    const times = {
      ...(status.startTime ? { startedAt: new Date(status.startTime).toISOString() } : {}),
      ...(status.completionTime
        ? { finishedAt: new Date(status.completionTime).toISOString() }
        : {}),
    };
    if (condition('Complete')) return { state: 'succeeded', exitCode: 0, ...times };
    const failed = condition('Failed');
    if (failed) {
      if (job.metadata?.annotations?.[CANCELLED])
        return { state: 'failed', message: 'cancelled', ...times };
      const terminated = (await this.pod(ref))?.status?.containerStatuses?.[0]?.state?.terminated;
      const message =
        terminated?.reason === 'OOMKilled'
          ? 'ran out of memory'
          : failed.reason === 'DeadlineExceeded'
            ? 'ran out of its time limit'
            : terminated
              ? `exited with code ${terminated.exitCode}`
              : (failed.message ?? failed.reason ?? 'failed');
      return {
        state: 'failed',
        ...(terminated ? { exitCode: terminated.exitCode } : {}),
        message,
        ...times,
      };
    }
    return (status.active ?? 0) > 0 && (status.ready ?? 1) > 0
      ? { state: 'running', ...times }
      : { state: 'queued' };
  }

  async logs(ref: string, options: { tail?: number } = {}): Promise<string> {
    const pod = await this.pod(ref);
    if (!pod?.metadata?.name) return '';
    try {
      return await this.core.readNamespacedPodLog({
        name: pod.metadata.name,
        namespace: this.options.namespace,
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

  /** From the watch's cache; from the API when the cache does not hold it (yet). */
  private async job(name: string): Promise<V1Job | undefined> {
    await this.start();
    const cached = this.informer.get(name, this.options.namespace);
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
    return pods.items.sort((a, b) =>
      String(b.metadata?.creationTimestamp ?? '').localeCompare(
        String(a.metadata?.creationTimestamp ?? ''),
      ),
    )[0];
  }
}

function reasonOf(error: ApiException<unknown>): string {
  try {
    const body = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
    return (body as { message?: string })?.message ?? `HTTP ${error.code}`;
  } catch {
    return `HTTP ${error.code}`;
  }
}
