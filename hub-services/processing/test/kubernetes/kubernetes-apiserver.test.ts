import { randomUUID } from 'node:crypto';
import { BatchV1Api, CoreV1Api, NetworkingV1Api } from '@kubernetes/client-node';
import { startKubeApiServer } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '../../src/backends/job-backend.js';
import { buildJobManifest, jobNetworkPolicy } from '../../src/backends/kubernetes/job-manifest.js';
import { KubernetesBackend } from '../../src/backends/kubernetes/kubernetes-backend.js';

const NAMESPACE = 'styx-jobs';
const options = { namespace: NAMESPACE, workClaim: 'styx-work', workDir: '/work', runAsUser: 1000 };

/**
 * The Kubernetes backend against a real kube-apiserver and the real Job controller (built from
 * Kubernetes' Go modules, on Debian's etcd): what it creates is accepted, validated and admitted
 * as on a cluster — in a namespace enforcing the `restricted` Pod Security Standard — gets its
 * pod, and is found, cancelled (failed through the watch) and removed. No scheduler or kubelet
 * runs pods here: the run itself is covered against a stand-in API (unit tests).
 */
describe('KubernetesBackend on a real kube-apiserver', () => {
  let cluster: Awaited<ReturnType<typeof startKubeApiServer>>;
  let backend: KubernetesBackend;
  let batch: BatchV1Api;
  let core: CoreV1Api;

  beforeAll(async () => {
    cluster = await startKubeApiServer();
    core = cluster.kubeConfig.makeApiClient(CoreV1Api);
    batch = cluster.kubeConfig.makeApiClient(BatchV1Api);
    await core.createNamespace({
      body: {
        metadata: {
          name: NAMESPACE,
          labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
        },
      },
    });
    // What the controller manager would make: the namespace's default service account.
    await core.createNamespacedServiceAccount({
      namespace: NAMESPACE,
      body: { metadata: { name: 'default' } },
    });
    backend = new KubernetesBackend({ kubeConfig: cluster.kubeConfig, ...options });
  });
  afterAll(async () => {
    await backend?.close();
    await cluster?.stop();
  });

  const spec = (): JobSpec => {
    const jobId = randomUUID();
    return {
      jobId,
      owner: 'Ada Lovelace@example.org',
      image: 'localhost/styx/base:latest',
      command: ['python3', '-c', 'print("hello")'],
      env: { STYX_JOB_ID: jobId },
      inputs: [{ hostPath: `/work/${jobId}/inputs/series`, containerPath: '/inputs/series' }],
      outputs: { hostPath: `/work/${jobId}/outputs`, containerPath: '/outputs' },
      resources: { cpus: 1, memoryMiB: 512 },
    };
  };

  it('creates Jobs the API server accepts, and their pods pass the restricted Pod Security Standard', async () => {
    const job = spec();
    const ref = await backend.submit(job);
    const stored = await batch.readNamespacedJob({ name: ref, namespace: NAMESPACE });
    const container = stored.spec?.template.spec?.containers[0];
    expect(container?.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container?.volumeMounts?.[0]).toMatchObject({
      mountPath: '/inputs/series',
      readOnly: true,
    });
    // The pod the Job controller would create, admitted (dry run) in the restricted namespace.
    const template = buildJobManifest(job, options).spec?.template;
    await expect(
      core.createNamespacedPod({
        namespace: NAMESPACE,
        dryRun: 'All',
        body: {
          metadata: { name: 'dry-run', labels: template?.metadata?.labels },
          spec: template?.spec,
        },
      }),
    ).resolves.toMatchObject({ kind: 'Pod' });
    // And a pod without those protections is refused by the same admission: the check is real.
    await expect(
      core.createNamespacedPod({
        namespace: NAMESPACE,
        dryRun: 'All',
        body: {
          metadata: { name: 'unprotected' },
          spec: { containers: [{ name: 'x', image: 'x' }] },
        },
      }),
    ).rejects.toMatchObject({ code: 403, body: expect.stringContaining('violates PodSecurity') });
    await expect(
      cluster.kubeConfig
        .makeApiClient(NetworkingV1Api)
        .createNamespacedNetworkPolicy({ namespace: NAMESPACE, body: jobNetworkPolicy(NAMESPACE) }),
    ).resolves.toMatchObject({ metadata: { name: 'styx-jobs-no-network' } });
  });

  it('finds a job again, takes a resubmission as the same job, cancels and removes it', async () => {
    const job = spec();
    const ref = await backend.submit(job);
    const restarted = new KubernetesBackend({ kubeConfig: cluster.kubeConfig, ...options });
    try {
      expect(await restarted.findByJob(job.jobId)).toBe(ref);
      expect(await restarted.submit(job)).toBe(ref);
      // No node here: the Job waits.
      expect(await restarted.status(ref)).toEqual({ state: 'queued' });
    } finally {
      await restarted.close();
    }
    await backend.cancel(ref);
    const cancelled = await batch.readNamespacedJob({ name: ref, namespace: NAMESPACE });
    expect(cancelled.spec?.activeDeadlineSeconds).toBe(1);
    expect(cancelled.metadata?.annotations?.['styx.io/cancelled']).toBe('true');
    await backend.remove(ref);
    for (let i = 0; i < 50 && (await backend.status(ref)).state !== 'gone'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await backend.status(ref)).toEqual({ state: 'gone' });
    expect(await backend.findByJob(job.jobId)).toBeUndefined();
  });

  it('gets its pod from the real Job controller, waits for a node as queued, and a cancel fails it through the watch', async () => {
    const job = spec();
    const ref = await backend.submit(job);
    const pods = async () =>
      (await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: `job-name=${ref}` }))
        .items;
    for (let i = 0; i < 100 && (await pods()).length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    // Created by the controller and admitted in the restricted namespace, with Styx's labels.
    const [pod] = await pods();
    expect(pod?.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'styx',
      'styx.io/job': job.jobId,
    });
    expect(pod?.spec?.automountServiceAccountToken).toBe(false);
    // No scheduler, no kubelet: the pod waits, the job is queued and has printed nothing.
    expect(await backend.status(ref)).toEqual({ state: 'queued' });
    expect(await backend.logs(ref, { tail: 10 })).toBe('');
    await backend.cancel(ref);
    let status = await backend.status(ref);
    for (let i = 0; i < 100 && status.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await backend.status(ref);
    }
    expect(status).toMatchObject({ state: 'failed', message: 'the job was cancelled' });
    expect(status.finishedAt).toBeDefined();
    expect(await pods()).toEqual([]);
  });

  it('says a job ran out of its time limit when the Job controller ends it on its deadline', async () => {
    const limited = new KubernetesBackend({
      kubeConfig: cluster.kubeConfig,
      ...options,
      activeDeadlineSeconds: 1,
    });
    try {
      const ref = await limited.submit(spec());
      let status = await limited.status(ref);
      for (let i = 0; i < 100 && status.state !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = await limited.status(ref);
      }
      expect(status).toMatchObject({
        state: 'failed',
        message: 'the job ran out of its time limit',
      });
    } finally {
      await limited.close();
    }
  });

  it('refuses what the API server refuses, saying why', async () => {
    const error = await backend
      .submit({ ...spec(), resources: { cpus: -1 } })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('JobSubmitError');
    expect((error as Error).message).toMatch(/Kubernetes refused the job: .*cpu/i);
  });
});
