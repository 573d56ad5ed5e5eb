import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { podmanCliEnv, startSlurm } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '../../src/backends/job-backend.js';
import { SlurmBackend } from '../../src/backends/slurm/slurm-backend.js';
import { slurmJwt } from '../../src/backends/slurm/slurm-jwt.js';

/**
 * Jobs that ask for no memory (most processes do not say) on the cluster scripts/slurm.sh
 * configures. With `CR_Core_Memory` and no default, Slurm gives such a job the whole node's
 * memory, so a second one-CPU job waits although a CPU is free; `DefMemPerCPU` gives each its
 * CPUs' share instead, and they run side by side.
 */
describe('Slurm jobs without a memory request', () => {
  let slurm: Awaited<ReturnType<typeof startSlurm>>;
  let work: string;
  let backend: SlurmBackend;

  beforeAll(async () => {
    slurm = await startSlurm();
    work = await mkdtemp(join(tmpdir(), 'styx-slurm-defaults-'));
    backend = new SlurmBackend({
      url: slurm.url,
      user: 'root',
      jwtKey: slurm.jwtKey,
      runtime: { kind: 'podman' },
      environment: podmanCliEnv(),
    });
  });
  afterAll(async () => {
    await slurm?.stop();
    await rm(work, { recursive: true, force: true });
  });

  async function sleeper(seconds: number): Promise<JobSpec> {
    const jobId = randomUUID();
    const outputs = join(work, jobId, 'outputs');
    await mkdir(outputs, { recursive: true });
    return {
      jobId,
      owner: 'ada',
      image: 'localhost/styx/base:latest',
      command: ['sleep', String(seconds)],
      env: {},
      inputs: [],
      outputs: { hostPath: outputs, containerPath: '/outputs' },
      // One CPU, and no memory request.
      resources: { cpus: 1 },
    };
  }

  it('get a default share of memory, so two one-CPU jobs run side by side', async () => {
    const first = await backend.submit(await sleeper(40));
    const second = await backend.submit(await sleeper(40));
    const deadline = Date.now() + 60_000;
    let states: string[] = [];
    while (Date.now() < deadline) {
      states = [(await backend.status(first)).state, (await backend.status(second)).state];
      if (states.every((s) => s === 'running')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(states).toEqual(['running', 'running']);

    // slurmctld's own record: a memory per CPU was given (not 0, which means the whole node).
    const token = slurmJwt(slurm.jwtKey, 'root', 60);
    const response = await fetch(new URL(`slurm/v0.0.38/job/${first}`, slurm.url), {
      headers: { 'X-SLURM-USER-NAME': 'root', 'X-SLURM-USER-TOKEN': token },
    });
    const record = (await response.json()) as {
      jobs: Array<{ memory_per_cpu?: { set: boolean; number: number } | number }>;
    };
    const perCpu = record.jobs[0]?.memory_per_cpu;
    const mib = typeof perCpu === 'number' ? perCpu : perCpu?.set ? perCpu.number : 0;
    expect(mib).toBeGreaterThan(0);
    await Promise.all([backend.cancel(first), backend.cancel(second)]);
  });
});
