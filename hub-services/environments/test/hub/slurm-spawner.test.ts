import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort, hubAdmin, type LocalHub, startLocalHub, startSlurm } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * STYX_SPAWNER=slurm: the real Hub submits each user's JupyterLab as a job to a real one-node
 * Slurm (scripts/slurm.sh) with batchspawner's SlurmSpawner, the environments service's profile
 * giving the job its CPUs, memory, time limit and the configured partition; the server comes up
 * inside the job and answers through the Hub's proxy; stopping it cancels the job.
 */
describe('the Slurm spawner submits a profile as the job', () => {
  let slurm: Awaited<ReturnType<typeof startSlurm>>;
  let hub: LocalHub;
  let admin: ReturnType<typeof hubAdmin>;
  let userToken: string;
  let jobId: string;
  const user = 'hpc-user';

  beforeAll(async () => {
    slurm = await startSlurm();
    hub = await startLocalHub({
      env: {
        STYX_SPAWNER: 'slurm',
        SLURM_CONF: slurm.env.SLURM_CONF as string,
        STYX_SPAWNER_SLURM_PARTITION: 'debug',
        STYX_ENVIRONMENTS: 'on',
        STYX_ENVIRONMENTS_PORT: String(await freePort()),
      },
      services: ['catalog', 'environments'],
    });
    admin = hubAdmin(hub);
    await admin.createUser(user);
    userToken = await admin.tokenFor(user);
    const root = await admin.tokenFor('admin');
    const created = await fetch(`${hub.url}services/environments/api/profiles`, {
      method: 'POST',
      headers: { authorization: `token ${root}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        slug: 'two-cores',
        displayName: 'Two cores',
        image: 'localhost/styx/notebook:latest',
        cpu: 2,
        memory: '1G',
        maxAge: 3600,
      }),
    });
    expect(created.status, await created.text()).toBe(201);
  });
  afterAll(async () => {
    await hub?.stop();
    await slurm?.stop();
  });

  const scontrol = async (...args: string[]) =>
    (
      await run('scontrol', args, {
        env: { ...process.env, SLURM_CONF: slurm.env.SLURM_CONF as string },
      })
    ).stdout;
  /** `scontrol show job`'s Key=Value pairs. */
  const job = async (id: string) =>
    Object.fromEntries(
      (await scontrol('show', 'job', id))
        .split(/\s+/)
        .filter((pair) => pair.includes('='))
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    ) as Record<string, string>;

  it("runs the user's JupyterLab as a Slurm job with the profile's CPUs, memory and time limit", async () => {
    const started = await fetch(`${hub.url}hub/api/users/${user}/server`, {
      method: 'POST',
      headers: { authorization: `token ${userToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ profile: 'two-cores' }),
    });
    expect([201, 202]).toContain(started.status);
    const server = await admin.waitForServer(user, true);
    jobId = server?.state?.job_id as string;
    expect(jobId).toMatch(/^[0-9]+$/);

    const submitted = await job(jobId);
    expect(submitted).toMatchObject({
      JobState: 'RUNNING',
      JobName: 'spawner-jupyterhub',
      Partition: 'debug',
      NumCPUs: '2',
      'CPUs/Task': '2',
      MinMemoryNode: '1G',
      TimeLimit: '01:00:00',
    });
    // What Slurm allocated to the job (scontrol's TRES).
    expect(submitted.TRES).toMatch(/^cpu=2,mem=1G,/);

    // The single-user server runs inside the job and answers through the Hub's proxy.
    const status = await fetch(`${hub.url}user/${user}/api/status`, {
      headers: { authorization: `token ${userToken}` },
    });
    expect(status.status).toBe(200);
    const lab = await fetch(`${hub.url}user/${user}/lab`, {
      headers: { authorization: `token ${userToken}` },
    });
    expect(await lab.text()).toContain('JupyterLab');
  });

  it('cancels the job when the server stops', async () => {
    const stopped = await fetch(`${hub.url}hub/api/users/${user}/server`, {
      method: 'DELETE',
      headers: { authorization: `token ${userToken}` },
    });
    expect([202, 204]).toContain(stopped.status);
    await admin.waitForServer(user, false);
    let state = '';
    for (let i = 0; i < 60; i += 1) {
      state = (await job(jobId)).JobState ?? '';
      if (state === 'CANCELLED') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(state).toBe('CANCELLED');
    const queued = await run('squeue', ['-h', '-j', jobId, '-o', '%T'], {
      env: { ...process.env, SLURM_CONF: slurm.env.SLURM_CONF as string },
    }).then(
      ({ stdout }) => stdout.trim(),
      () => '',
    );
    expect(queued).toBe('');
  });
});
