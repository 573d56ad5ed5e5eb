import { PGlite } from '@electric-sql/pglite';
import pino from 'pino';
import { Type } from 'typebox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendStatus, JobBackend, JobSpec } from '../../src/backends/job-backend.js';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { JobStore } from '../../src/jobs/job-store.js';
import type { ProcessDefinition } from '../../src/processes/process.js';
import { ProcessRegistry } from '../../src/processes/process-registry.js';

const nap: ProcessDefinition = {
  id: 'nap',
  version: '1.0.0',
  title: 'Nap',
  description: '',
  keywords: [],
  jobControlOptions: ['async-execute'],
  inputs: { seconds: { title: '', description: '', schema: Type.Number() } },
  outputs: {},
  image: 'localhost/styx/base:latest',
  resources: {},
  command: (values) => ['sleep', String(values.seconds)],
};

/** The network seam: a backend in memory that counts how it is asked. */
class CountingBackend implements JobBackend {
  readonly kind = 'fake';
  readonly jobs = new Map<string, BackendStatus>();
  calls = { status: 0, statuses: 0, logs: 0 };
  batchSizes: number[] = [];
  private listener: (() => void) | undefined;

  async findByJob(): Promise<string | undefined> {
    return undefined;
  }
  async submit(spec: JobSpec): Promise<string> {
    const ref = `ref-${spec.jobId}`;
    this.jobs.set(ref, { state: 'running' });
    return ref;
  }
  async status(ref: string): Promise<BackendStatus> {
    this.calls.status++;
    return this.jobs.get(ref) ?? { state: 'gone' };
  }
  async statuses(refs: readonly string[]): Promise<Map<string, BackendStatus>> {
    this.calls.statuses++;
    this.batchSizes.push(refs.length);
    return new Map(refs.map((ref) => [ref, this.jobs.get(ref) ?? { state: 'gone' }]));
  }
  async logs(): Promise<string> {
    this.calls.logs++;
    return 'styx:progress 40\n';
  }
  async cancel(): Promise<void> {}
  async remove(): Promise<void> {}
  onChange(listener: () => void): () => void {
    this.listener = listener;
    return () => {
      this.listener = undefined;
    };
  }
  /** Every job ends, and the backend says so (as podman's event stream does). */
  endAll(): void {
    for (const ref of this.jobs.keys()) this.jobs.set(ref, { state: 'succeeded', exitCode: 0 });
    this.listener?.();
  }
  resetCounts(): void {
    this.calls = { status: 0, statuses: 0, logs: 0 };
    this.batchSizes = [];
  }
}

describe('following jobs', () => {
  let db: PGlite;
  let store: JobStore;
  let backend: CountingBackend;
  let runner: JobRunner;

  async function runnerOn(b: JobBackend, options: { pollMs?: number } = {}) {
    const registry = new ProcessRegistry(db, [nap]);
    await registry.load();
    return new JobRunner({
      store,
      backend: b,
      registry,
      workDir: '/tmp/styx-job-following',
      maxUnfinishedPerUser: 10,
      inputLocations: [],
      progressMs: 60_000,
      log: pino({ level: 'silent' }),
      ...options,
    });
  }

  async function submitted(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++)
      ids.push((await runner.execute('ada', nap, { seconds: 60 })).job.id);
    for (let i = 0; i < 50; i++) {
      const jobs = await Promise.all(ids.map((id) => store.get(id)));
      if (jobs.every((j) => j?.status === 'running')) return ids;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the jobs did not start');
  }

  beforeEach(async () => {
    db = await PGlite.create();
    store = new JobStore(db);
    await store.migrate();
    backend = new CountingBackend();
    runner = await runnerOn(backend);
  });
  afterEach(async () => {
    runner.stop();
    await db.close();
  });

  it('asks the backend once per tick for all its jobs, not once per job', async () => {
    const ids = await submitted(5);
    backend.resetCounts();
    for (let i = 0; i < 3; i++) await runner.tick();
    expect(backend.calls.statuses).toBe(3);
    expect(backend.batchSizes).toEqual([5, 5, 5]);
    expect(backend.calls.status).toBe(0);
    // Progress is read once per job within `progressMs`, not on every tick.
    expect(backend.calls.logs).toBe(5);
    expect((await store.get(ids[0] as string))?.progress).toBe(40);

    backend.endAll();
    await runner.tick();
    expect(backend.calls.statuses).toBe(4);
    const jobs = await Promise.all(ids.map((id) => store.get(id)));
    expect(jobs.map((j) => j?.status)).toEqual(Array(5).fill('successful'));
  });

  it('still follows a backend without a batch question, job by job', async () => {
    const single: JobBackend = Object.assign(Object.create(backend), { statuses: undefined });
    runner.stop();
    runner = await runnerOn(single);
    const ids = await submitted(3);
    backend.resetCounts();
    await runner.tick();
    expect(backend.calls.status).toBe(3);
    backend.endAll();
    await runner.tick();
    const jobs = await Promise.all(ids.map((id) => store.get(id)));
    expect(jobs.map((j) => j?.status)).toEqual(['successful', 'successful', 'successful']);
  });

  it("notices a job's end as soon as the backend says something changed, not at the next poll", async () => {
    runner = await runnerOn(backend, { pollMs: 600_000 });
    await runner.startPolling();
    const [id] = await submitted(1);
    backend.endAll();
    let status: string | undefined;
    for (let i = 0; i < 50 && status !== 'successful'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await store.get(id as string))?.status;
    }
    expect(status).toBe('successful');
  });
});
