import { randomUUID } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendStatus, JobSpec } from '../../src/processing/backends/job-backend.js';
import { JobSubmitError } from '../../src/processing/backends/job-backend.js';
import { KubernetesBackend } from '../../src/processing/backends/kubernetes/kubernetes-backend.js';
import { startFakeKubeApi } from '../support/fake-kube-api.js';

/**
 * The Kubernetes backend's adapter against a stand-in for the Kubernetes API (no kube-apiserver
 * can run here; the manifests themselves are validated against the Kubernetes schemas).
 */
describe('KubernetesBackend (against a fake Kubernetes API)', () => {
  let api: Awaited<ReturnType<typeof startFakeKubeApi>>;
  let backend: KubernetesBackend;
  let kubeConfig: KubeConfig;

  beforeAll(async () => {
    api = await startFakeKubeApi('styx-jobs');
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'fake', server: api.url, skipTLSVerify: true }],
      users: [{ name: 'styx', token: 'service-account-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'styx' }],
      currentContext: 'fake',
    });
    backend = new KubernetesBackend({
      kubeConfig,
      namespace: 'styx-jobs',
      workClaim: 'styx-work',
      workDir: '/work',
    });
  });
  afterAll(async () => {
    await backend?.close();
    await api?.close();
  });

  const spec = (command: string[]): JobSpec => {
    const jobId = randomUUID();
    return {
      jobId,
      owner: 'ada',
      image: 'localhost/styx/base:latest',
      command,
      env: { STYX_JOB_ID: jobId },
      inputs: [],
      outputs: { hostPath: `/work/${jobId}/outputs`, containerPath: '/outputs' },
      resources: {},
    };
  };
  async function until(ref: string, states: string[]): Promise<BackendStatus> {
    for (let i = 0; i < 200; i++) {
      const status = await backend.status(ref);
      if (states.includes(status.state)) return status;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`${ref} never reached ${states.join('/')}`);
  }

  it('follows many jobs through one watch, from queued to succeeded or failed, with logs', async () => {
    const refs = await Promise.all([
      backend.submit(spec(['sh', '-c', 'echo ok'])),
      backend.submit(spec(['sh', '-c', 'echo ok'])),
      backend.submit(spec(['sh', '-c', 'fail'])),
    ]);
    const readsBefore = api.counts.jobReads;
    const [a, b, c] = await Promise.all(refs.map((r) => until(r, ['succeeded', 'failed'])));
    expect(a).toMatchObject({ state: 'succeeded', exitCode: 0 });
    expect(b?.state).toBe('succeeded');
    expect(c).toMatchObject({ state: 'failed', exitCode: 3, message: 'exited with code 3' });
    expect(c?.finishedAt).toBeDefined();
    // Dozens of status calls, one watch, no job read: the state came from the shared cache.
    expect(api.counts.watches).toBe(1);
    expect(api.counts.jobReads - readsBefore).toBe(0);
    expect(await backend.logs(refs[2] as string, { tail: 1 })).toContain('no column salinity');
  });

  it('cancels a running job: it fails as cancelled, the pod saw SIGTERM', async () => {
    const ref = await backend.submit(spec(['sleep-long']));
    await until(ref, ['running']);
    await backend.cancel(ref);
    expect(await until(ref, ['failed'])).toMatchObject({ state: 'failed', message: 'cancelled' });
    expect(await backend.logs(ref)).toContain('got SIGTERM');
  });

  it('finds a submitted job again after a restart, takes a resubmission as the same job, and removes it', async () => {
    const job = spec(['sleep-long']);
    const ref = await backend.submit(job);
    const restarted = new KubernetesBackend({
      kubeConfig,
      namespace: 'styx-jobs',
      workClaim: 'styx-work',
      workDir: '/work',
    });
    try {
      expect(await restarted.findByJob(job.jobId)).toBe(ref);
      expect(await restarted.submit(job)).toBe(ref);
      expect(await restarted.findByJob(randomUUID())).toBeUndefined();
    } finally {
      await restarted.close();
    }
    await backend.remove(ref);
    expect(await until(ref, ['gone'])).toEqual({ state: 'gone' });
    await backend.remove(ref);
  });

  it('refuses a job Kubernetes will not take, saying why', async () => {
    const error = await backend.submit({ ...spec(['true']), image: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobSubmitError);
    expect((error as Error).message).toContain('Required value');
  });
});
