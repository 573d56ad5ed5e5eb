import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelManager } from '@jupyterlab/services';
import { startSlurm } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelSpecConfig } from '../../src/kernels/kernel-specs.js';
import { slurmJwt } from '../../src/provisioners/slurm-jwt.js';
import { SlurmProvisioner } from '../../src/provisioners/slurm-provisioner.js';
import { execute } from '../support/execute.js';
import {
  clientSettings,
  LAUNCHER,
  LOCAL_SPEC,
  PYTHON,
  startGateway,
  type TestGateway,
  USERS,
} from '../support/gateway.js';

/**
 * Kernels on an HPC node: the launcher runs as a Slurm batch job (the cluster here is one node,
 * this machine; its only account is root, so every Hub user maps to it).
 */
describe('kernels as Slurm jobs (real slurmctld, slurmd and slurmrestd)', () => {
  let slurm: Awaited<ReturnType<typeof startSlurm>>;
  let gateway: TestGateway;
  let manager: KernelManager;
  const slurmApi = (method: string, path: string, body?: unknown) =>
    fetch(`${slurm.url}slurm/v0.0.38/${path}`, {
      method,
      headers: {
        'x-slurm-user-name': 'root',
        'x-slurm-user-token': slurmJwt(slurm.jwtKey, 'root', 300),
        'content-type': 'application/json',
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }).then((r) => r.json() as Promise<Record<string, unknown>>);

  beforeAll(async () => {
    slurm = await startSlurm();
    const spec: KernelSpecConfig = {
      ...LOCAL_SPEC,
      name: 'python3-slurm',
      displayName: 'Python 3 (Slurm)',
      provisioner: 'slurm',
      interruptMode: 'message',
    };
    gateway = await startGateway({
      specs: [LOCAL_SPEC, spec],
      provisioners: [
        new SlurmProvisioner({
          url: slurm.url,
          jwtKey: slurm.jwtKey,
          clusterUser: () => 'root',
          python: PYTHON,
          launcherPath: LAUNCHER,
          logDir: mkdtempSync(join(tmpdir(), 'styx-slurm-kernels-')),
          partition: 'debug',
        }),
      ],
    });
    manager = new KernelManager({ serverSettings: clientSettings(gateway.url, USERS.alice.token) });
  });

  afterAll(async () => {
    manager?.dispose();
    await gateway?.close();
    await slurm?.stop();
  });

  it('runs the kernel in a batch job: execute, interrupt, restart, shutdown ends the job', async () => {
    const kernel = await manager.startNew({ name: 'python3-slurm' });
    expect(
      (await execute(kernel, "import os; os.environ.get('SLURM_JOB_ID') is not None")).result,
    ).toBe('True');
    const jobId = Number((await execute(kernel, "int(os.environ['SLURM_JOB_ID'])")).result);

    const long = execute(kernel, 'import time\nfor _ in range(600): time.sleep(0.1)');
    await new Promise((r) => setTimeout(r, 1500));
    await kernel.interrupt();
    expect(await long).toMatchObject({ status: 'error', ename: 'KeyboardInterrupt' });

    await kernel.restart();
    const newJob = Number(
      (await execute(kernel, "int(__import__('os').environ['SLURM_JOB_ID'])")).result,
    );
    expect(newJob).not.toBe(jobId);

    await kernel.shutdown();
    const job = (await slurmApi('GET', `job/${newJob}`)) as { jobs: Array<{ job_state: string }> };
    expect(['COMPLETED', 'CANCELLED']).toContain(job.jobs[0]?.job_state);
  });

  it('shows a kernel whose job waits in the queue as starting, and starts it when the node frees up', async () => {
    // A job holding both CPUs of the only node: the kernel's job must wait behind it.
    const blocker = (await slurmApi('POST', 'job/submit', {
      script: '#!/bin/sh\nsleep 600\n',
      job: {
        name: 'blocker',
        partition: 'debug',
        cpus_per_task: 2,
        current_working_directory: '/tmp',
        environment: { PATH: '/usr/bin:/bin' },
      },
    })) as { job_id: number };
    const auth = { Authorization: `token ${USERS.alice.token}` };
    const starting = fetch(`${gateway.url}api/kernels`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'python3-slurm' }),
    });
    let seen: Array<{ execution_state: string }> = [];
    for (let i = 0; i < 50 && seen.length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      seen = (await (
        await fetch(`${gateway.url}api/kernels`, { headers: auth })
      ).json()) as typeof seen;
    }
    expect(seen.map((k) => k.execution_state)).toEqual(['starting']);
    await new Promise((r) => setTimeout(r, 3000));
    // Still queued, still starting: the launch timeout does not run while the queue holds it.
    expect(
      (
        (await (await fetch(`${gateway.url}api/kernels`, { headers: auth })).json()) as typeof seen
      )[0]?.execution_state,
    ).toBe('starting');

    await slurmApi('DELETE', `job/${blocker.job_id}`);
    const response = await starting;
    expect(response.status).toBe(201);
    const model = (await response.json()) as { id: string; execution_state: string };
    expect(model.execution_state).toBe('idle');
    await fetch(`${gateway.url}api/kernels/${model.id}`, { method: 'DELETE', headers: auth });
  });
});
