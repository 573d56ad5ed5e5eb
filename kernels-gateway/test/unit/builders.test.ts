import { describe, expect, it } from 'vitest';
import { buildKernelContainer } from '../../src/provisioners/container-spec.js';
import { buildKernelJob } from '../../src/provisioners/kernel-job-script.js';
import type { LaunchRequest } from '../../src/provisioners/provisioner.js';

const request: LaunchRequest = {
  kernelId: '0b5a6c1e-7d4f-4a7e-9a53-2f0b8c1d9e10',
  owner: 'alice',
  specName: 'python3-x',
  environment: {
    PATH: '/host/bin',
    HOME: '/root',
    KERNEL_USERNAME: 'alice',
    STYX_KERNEL_REGISTER_URL: 'http://127.0.0.1:8085/register',
    STYX_KERNEL_REGISTER_TOKEN: 'one-time',
  },
  workingDir: "/homes/alice/rivers/it's here",
  config: {},
};

describe('the container of a kernel', () => {
  const spec = buildKernelContainer(request, {
    image: 'localhost/styx/notebook:latest',
    launcherPath: '/srv/styx/launcher.py',
    hostHome: '/homes/alice',
    home: '/home/jovyan',
    python: 'python3',
    memoryBytes: 2 ** 31,
  });

  it('binds the launcher read-only and the home with rslave propagation, and maps the working directory', () => {
    expect(spec.HostConfig?.Binds).toEqual([
      '/srv/styx/launcher.py:/opt/styx/styx_kernel_launcher.py:ro',
      '/homes/alice:/home/jovyan:rw,rslave',
    ]);
    expect(spec.WorkingDir).toBe("/home/jovyan/rivers/it's here");
    expect(spec.Cmd).toEqual(['python3', '/opt/styx/styx_kernel_launcher.py']);
    expect(spec.HostConfig).toMatchObject({ NetworkMode: 'host', Init: true, Memory: 2 ** 31 });
    expect(spec.Labels).toMatchObject({ 'styx.kernel': request.kernelId, 'styx.owner': 'alice' });
  });

  it('keeps the host’s PATH and HOME out of the container and the registration in', () => {
    expect(spec.Env).not.toContain('PATH=/host/bin');
    expect(spec.Env).toContain('HOME=/home/jovyan');
    expect(spec.Env).toContain('STYX_KERNEL_REGISTER_TOKEN=one-time');
  });
});

describe('the Slurm job of a kernel', () => {
  const job = buildKernelJob(request, {
    python: '/opt/conda/bin/python',
    launcherPath: "/shared/styx/launcher's.py",
    logPath: '/shared/logs/k.log',
    partition: 'gpu',
    timeLimitMinutes: 480,
    cpus: 4,
    memoryMb: 16_000,
    bindIp: '0.0.0.0',
  });

  it('execs the launcher from a script with every path quoted, the token only in the environment', () => {
    expect(job.script).toBe(
      "#!/bin/sh\nexec '/opt/conda/bin/python' '/shared/styx/launcher'\\''s.py'\n",
    );
    expect(job.script).not.toContain('one-time');
    expect(job.job.environment).toMatchObject({
      STYX_KERNEL_REGISTER_TOKEN: 'one-time',
      STYX_KERNEL_IP: '0.0.0.0',
    });
    expect(job.job.environment.PATH).toBe('/usr/local/bin:/usr/bin:/bin');
  });

  it('asks for the spec’s resources', () => {
    expect(job.job).toMatchObject({
      partition: 'gpu',
      time_limit: 480,
      cpus_per_task: 4,
      memory_per_node: 16_000,
    });
    expect(job.job.name).toBe(`styx-kernel-${request.kernelId}`);
  });
});
