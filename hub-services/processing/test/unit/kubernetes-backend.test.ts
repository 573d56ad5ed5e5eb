import { randomUUID } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendState, BackendStatus, JobSpec } from '../../src/backends/job-backend.js';
import { JobSubmitError } from '../../src/backends/job-backend.js';
import {
  KubernetesBackend,
  type KubernetesBackendOptions,
} from '../../src/backends/kubernetes/kubernetes-backend.js';
import { startFakeKubeApi } from '../support/fake-kube-api.js';

/**
 * The Kubernetes backend's adapter against a stand-in for the Kubernetes API that plays the Job
 * controller and the kubelet (the real kube-apiserver in test/kubernetes has neither, so no job
 * runs there); the manifests themselves are validated against the Kubernetes schemas.
 */
describe('KubernetesBackend (against a fake Kubernetes API)', () => {
  let api: Awaited<ReturnType<typeof startFakeKubeApi>>;
  let backend: KubernetesBackend;
  let kubeConfig: KubeConfig;
  const opened: KubernetesBackend[] = [];
  const open = (options: Partial<KubernetesBackendOptions> = {}) => {
    const b = new KubernetesBackend({
      kubeConfig,
      namespace: 'styx-jobs',
      workClaim: 'styx-work',
      workDir: '/work',
      ...options,
    });
    opened.push(b);
    return b;
  };

  beforeAll(async () => {
    api = await startFakeKubeApi('styx-jobs');
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'fake', server: api.url, skipTLSVerify: true }],
      users: [{ name: 'styx', token: 'service-account-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'styx' }],
      currentContext: 'fake',
    });
    backend = open();
  });
  afterAll(async () => {
    for (const b of opened) await b.close();
    await api?.close();
  });

  const spec = (command: string[], jobId: string = randomUUID()): JobSpec => ({
    jobId,
    owner: 'ada',
    image: 'localhost/styx/base:latest',
    command,
    env: { STYX_JOB_ID: jobId },
    inputs: [],
    outputs: { hostPath: `/work/${jobId}/outputs`, containerPath: '/outputs' },
    resources: {},
  });
  /** Polls as the job runner does, and keeps every state it saw on the way. */
  async function until(
    ref: string,
    states: BackendState[],
    from = backend,
    seen: BackendState[] = [],
  ): Promise<BackendStatus> {
    for (let i = 0; i < 300; i++) {
      const status = await from.status(ref);
      if (seen.at(-1) !== status.state) seen.push(status.state);
      if (states.includes(status.state)) return status;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`${ref} never reached ${states.join('/')} (saw ${seen.join(', ')})`);
  }

  it('follows many jobs through one watch, from queued to running to their end, with logs', async () => {
    const watchesBefore = api.counts.watches;
    const refs = await Promise.all([
      backend.submit(spec(['sh', '-c', 'echo ok'])),
      backend.submit(spec(['sh', '-c', 'echo ok'])),
      backend.submit(spec(['python3', 'fail'])),
      backend.submit(spec(['python3', 'oom'])),
    ]);
    const readsBefore = api.counts.jobReads;
    const seen: BackendState[] = [];
    const [a, b, c, d] = await Promise.all(
      refs.map((r, i) => until(r, ['succeeded', 'failed'], backend, i === 0 ? seen : [])),
    );
    expect(seen).toEqual(['queued', 'running', 'succeeded']);
    expect(a).toMatchObject({ state: 'succeeded', exitCode: 0 });
    expect(a?.startedAt).toBeDefined();
    expect(a?.finishedAt).toBeDefined();
    expect(b?.state).toBe('succeeded');
    expect(c).toMatchObject({
      state: 'failed',
      exitCode: 3,
      message: 'the job exited with code 3',
    });
    // Kubernetes gives no completionTime to a failed Job: the end is its Failed condition's.
    expect(c?.finishedAt).toBeDefined();
    expect(d).toMatchObject({
      state: 'failed',
      exitCode: 137,
      message: 'the job ran out of memory',
    });
    // Hundreds of status calls for four jobs, one watch, no job read: all from the shared cache.
    expect(api.counts.watches - watchesBefore).toBe(1);
    expect(api.counts.jobReads - readsBefore).toBe(0);
    expect(await backend.logs(refs[2] as string)).toBe(
      'started python3 fail\nreading series\nno column salinity\n',
    );
    expect((await backend.logs(refs[2] as string, { tail: 1 })).trim()).toBe('no column salinity');
  });

  it('cancels a running job and a queued one: both end failed, as cancelled', async () => {
    const running = await backend.submit(spec(['sleep-long']));
    await until(running, ['running']);
    expect(await backend.logs(running)).toBe('started sleep-long\n');
    const queued = await backend.submit(spec(['sleep-long']));
    // Its pod waits for a node: no log yet, and no error either.
    expect(await backend.status(queued)).toEqual({ state: 'queued' });
    expect(await backend.logs(queued, { tail: 5 })).toBe('');
    await Promise.all([backend.cancel(running), backend.cancel(queued)]);
    for (const ref of [running, queued]) {
      const seen: BackendState[] = [];
      expect(await until(ref, ['failed', 'succeeded'], backend, seen)).toMatchObject({
        state: 'failed',
        message: 'the job was cancelled',
      });
      expect(seen).not.toContain('succeeded');
    }
    // Cancelling what has ended already, or is gone, is no error.
    await backend.cancel(running);
    await backend.cancel('styx-no-such-job');
  });

  it('finds a submitted job again by its label after a restart, takes a resubmission as the same job, and removes it', async () => {
    const job = spec(['sleep-long']);
    const ref = await backend.submit(job);
    const restarted = open();
    expect(await restarted.findByJob(job.jobId)).toBe(ref);
    expect(await restarted.submit(job)).toBe(ref);
    expect(await restarted.findByJob(randomUUID())).toBeUndefined();
    expect(await restarted.status(ref)).toMatchObject({
      state: expect.stringMatching(/queued|running/),
    });
    await backend.remove(ref);
    expect(await until(ref, ['gone'])).toEqual({ state: 'gone' });
    expect(await restarted.findByJob(job.jobId)).toBeUndefined();
    await backend.remove(ref);
  });

  it('refuses a second job whose name would be another one’s, and a job Kubernetes will not take, saying why', async () => {
    // Two ids that differ only in case make the same Job name: the second is not taken for the first.
    await backend.submit(spec(['sleep-long'], 'Job-A'));
    const clash = await backend.submit(spec(['sleep-long'], 'job-a')).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(JobSubmitError);
    expect((clash as Error).message).toContain('already exists');
    const invalid = await backend.submit({ ...spec(['true']), image: '' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(JobSubmitError);
    expect((invalid as Error).message).toContain('Required value');
    // A folder outside the shared claim can never be mounted: refused before asking the API.
    const jobsBefore = api.jobs.size;
    const outside = await backend
      .submit({ ...spec(['true']), outputs: { hostPath: '/etc', containerPath: '/outputs' } })
      .catch((e: unknown) => e);
    expect(outside).toBeInstanceOf(JobSubmitError);
    expect((outside as Error).message).toContain('not inside the work folder');
    expect(api.jobs.size).toBe(jobsBefore);
  });

  it('keeps telling the truth while the watch is down, and goes back to one watch when the API returns', async () => {
    const watchErrors: unknown[] = [];
    const resilient = open({ watchRetryMs: 20, onWatchError: (e) => watchErrors.push(e) });
    const ref = await resilient.submit(spec(['sleep-long']));
    await until(ref, ['running'], resilient);
    api.breakWatches();
    // The job ends while no watch can see it: its state comes from the API meanwhile.
    await resilient.cancel(ref);
    expect(await until(ref, ['failed'], resilient)).toMatchObject({
      message: 'the job was cancelled',
    });
    expect(watchErrors.length).toBeGreaterThan(0);
    api.healWatches();
    for (let i = 0; i < 300 && api.openWatches < opened.length; i++)
      await new Promise((r) => setTimeout(r, 10));
    const next = await resilient.submit(spec(['sh', '-c', 'echo ok']));
    await until(next, ['running'], resilient);
    // Watching again, from where it stopped: no more reads, for the new job or the cancelled one.
    const readsBefore = api.counts.jobReads;
    expect(await until(next, ['succeeded'], resilient)).toMatchObject({ state: 'succeeded' });
    expect(await resilient.status(ref)).toMatchObject({ state: 'failed' });
    expect(api.counts.jobReads - readsBefore).toBe(0);
  });
});
