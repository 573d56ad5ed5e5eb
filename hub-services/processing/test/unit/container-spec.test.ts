import { describe, expect, it } from 'vitest';
import {
  buildContainerSpec,
  containerName,
  LABEL_JOB,
  LABEL_OWNER,
} from '../../src/backends/docker/container-spec.js';
import { statusFromInspect } from '../../src/backends/docker/docker-backend.js';
import type { JobSpec } from '../../src/backends/job-backend.js';

const spec: JobSpec = {
  jobId: '6f1c0d2e-0000-4000-8000-000000000001',
  owner: 'ada',
  image: 'localhost/styx/base:latest',
  command: ['python3', '/process/water_mask.py', '--threshold', '0.5'],
  env: { STYX_JOB_ID: '6f1c0d2e-0000-4000-8000-000000000001', LANG: 'C.UTF-8' },
  inputs: [
    { hostPath: '/data/jobs/j1/inputs/scene', containerPath: '/inputs/scene' },
    { hostPath: '/data/demo/water-mask', containerPath: '/inputs/mask' },
  ],
  outputs: { hostPath: '/data/jobs/j1/outputs', containerPath: '/outputs' },
  resources: { cpus: 1.5, memoryMiB: 512 },
};

describe('buildContainerSpec', () => {
  it('mounts inputs read-only and only the output folder writable', () => {
    expect(buildContainerSpec(spec).HostConfig?.Binds).toEqual([
      '/data/jobs/j1/inputs/scene:/inputs/scene:ro',
      '/data/demo/water-mask:/inputs/mask:ro',
      '/data/jobs/j1/outputs:/outputs:rw',
    ]);
  });

  it('runs the command as given (no shell), in the output folder, with the environment', () => {
    const body = buildContainerSpec(spec);
    expect(body.Cmd).toEqual(['python3', '/process/water_mask.py', '--threshold', '0.5']);
    expect(body.Entrypoint).toBeUndefined();
    expect(body.WorkingDir).toBe('/outputs');
    expect(body.Env).toEqual(['STYX_JOB_ID=6f1c0d2e-0000-4000-8000-000000000001', 'LANG=C.UTF-8']);
    expect(body.Image).toBe('localhost/styx/base:latest');
  });

  it('turns resources into CPU and memory limits, and leaves them out when unset', () => {
    expect(buildContainerSpec(spec).HostConfig).toMatchObject({
      NanoCpus: 1_500_000_000,
      Memory: 512 * 1024 * 1024,
    });
    const unlimited = buildContainerSpec({ ...spec, resources: {} }).HostConfig ?? {};
    expect('NanoCpus' in unlimited || 'Memory' in unlimited).toBe(false);
  });

  it('keeps jobs off the network unless the operator names one', () => {
    expect(buildContainerSpec(spec).HostConfig?.NetworkMode).toBe('none');
    expect(buildContainerSpec(spec, { network: 'styx-jobs' }).HostConfig?.NetworkMode).toBe(
      'styx-jobs',
    );
  });

  it('names and labels the container after the job and its owner, keeps it after exit, runs an init', () => {
    const body = buildContainerSpec(spec);
    expect(body.name).toBe(containerName(spec.jobId));
    expect(body.Labels).toEqual({ [LABEL_JOB]: spec.jobId, [LABEL_OWNER]: 'ada' });
    expect(body.HostConfig?.AutoRemove).toBe(false);
    expect(body.HostConfig?.Init).toBe(true);
    expect(body.Tty).toBe(false);
  });
});

describe('statusFromInspect', () => {
  const base = { Running: false, Paused: false, Restarting: false, Dead: false, Pid: 0, Error: '' };
  const never = '0001-01-01T00:00:00Z';
  it('reads created, running, success, failure, stop and out-of-memory', () => {
    const at = (Status: string, ExitCode = 0, OOMKilled = false) =>
      statusFromInspect({
        ...base,
        Status,
        ExitCode,
        OOMKilled,
        StartedAt: '2026-11-22T09:00:00Z',
        FinishedAt: Status === 'exited' ? '2026-11-22T09:00:05Z' : never,
      });
    expect(at('created').state).toBe('queued');
    expect(at('running')).toEqual({ state: 'running', startedAt: '2026-11-22T09:00:00Z' });
    expect(at('exited', 0)).toMatchObject({
      state: 'succeeded',
      exitCode: 0,
      finishedAt: '2026-11-22T09:00:05Z',
    });
    expect(at('exited', 3)).toMatchObject({
      state: 'failed',
      message: 'the job exited with code 3',
    });
    expect(at('exited', 143).message).toBe('the job was stopped (exit code 143)');
    expect(at('exited', 137, true).message).toBe('the job ran out of memory');
  });
});
