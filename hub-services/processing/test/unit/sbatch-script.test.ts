import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../src/backends/job-backend.js';
import {
  buildSbatchScript,
  containerCommand,
  sifPath,
} from '../../src/backends/slurm/sbatch-script.js';
import { shellJoin } from '../../src/backends/slurm/shell-quote.js';

const run = promisify(execFile);

const spec: JobSpec = {
  jobId: '0b7c5a52-1111-4222-8333-444455556666',
  owner: 'ada',
  image: 'localhost/styx/base:latest',
  command: ['python3', '-c', 'print("it\'s $HOME; `x`")'],
  env: { STYX_JOB_ID: '0b7c5a52-1111-4222-8333-444455556666', LANG: 'C.UTF-8' },
  inputs: [{ hostPath: '/scratch/styx/j1/inputs/series', containerPath: '/inputs/series' }],
  outputs: { hostPath: '/scratch/styx/j1/outputs', containerPath: '/outputs' },
  resources: { cpus: 1.5, memoryMiB: 2048 },
};

describe('the Slurm job script', () => {
  it('runs the image with apptainer: read-only inputs, one writable output, no network, clean environment', () => {
    expect(containerCommand(spec, { kind: 'apptainer', imageDir: '/shared/sif/' })).toEqual([
      'apptainer',
      'exec',
      '--containall',
      '--cleanenv',
      '--no-home',
      '--net',
      '--network',
      'none',
      '--bind',
      '/scratch/styx/j1/inputs/series:/inputs/series:ro',
      '--bind',
      '/scratch/styx/j1/outputs:/outputs:rw',
      '--pwd',
      '/outputs',
      '--env',
      'LANG=C.UTF-8',
      '--env',
      'STYX_JOB_ID=0b7c5a52-1111-4222-8333-444455556666',
      '/shared/sif/localhost_styx_base_latest.sif',
      'python3',
      '-c',
      'print("it\'s $HOME; `x`")',
    ]);
    expect(containerCommand(spec, { kind: 'singularity', imageDir: '/sif' })[0]).toBe(
      'singularity',
    );
    expect(sifPath('/sif', 'ghcr.io/org/tool:1.2')).toBe('/sif/ghcr.io_org_tool_1.2.sif');
  });

  it('runs the image with podman where the cluster has it, with the docker backend’s isolation', () => {
    const words = containerCommand(spec, { kind: 'podman' });
    expect(words.slice(0, 8)).toEqual([
      'podman',
      'run',
      '--rm',
      '--init',
      '--network',
      'none',
      '--name',
      `styx-job-${spec.jobId}`,
    ]);
    expect(words).toContain('/scratch/styx/j1/inputs/series:/inputs/series:ro');
    expect(words).toContain('/scratch/styx/j1/outputs:/outputs:rw');
    expect(words.slice(words.indexOf('--cpus'), words.indexOf('--cpus') + 4)).toEqual([
      '--cpus',
      '1.5',
      '--memory',
      '2048m',
    ]);
  });

  it('asks Slurm for the job’s resources and names the job after it', () => {
    const script = buildSbatchScript(spec, {
      runtime: { kind: 'apptainer', imageDir: '/sif' },
      partition: 'debug',
      logPath: '/scratch/styx/j1/slurm-%j.out',
      timeLimitMinutes: 60,
    });
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!/bin/bash');
    expect(lines.filter((l) => l.startsWith('#SBATCH'))).toEqual([
      `#SBATCH --job-name=styx-${spec.jobId}`,
      '#SBATCH --output=/scratch/styx/j1/slurm-%j.out',
      '#SBATCH --ntasks=1',
      '#SBATCH --cpus-per-task=2',
      '#SBATCH --mem=2048M',
      '#SBATCH --partition=debug',
      '#SBATCH --time=60',
    ]);
    expect(lines.at(-2)?.startsWith('exec apptainer exec ')).toBe(true);
  });

  it('quotes every word so that bash gives the container exactly the job’s arguments', async () => {
    const hostile = [
      'plain',
      "it's",
      'two words',
      '$HOME',
      '`id`',
      '"; rm -rf / #',
      'back\\slash',
      'new\nline',
      '',
      '*',
    ];
    const { stdout } = await run('bash', ['-c', `printf '%s\\0' ${shellJoin(hostile)}`]);
    expect(stdout.split('\0').slice(0, -1)).toEqual(hostile);
    // And the whole script is valid bash.
    const script = buildSbatchScript(spec, { runtime: { kind: 'podman' }, logPath: '/tmp/%j.out' });
    await expect(run('bash', ['-n', '-c', script])).resolves.toBeDefined();
    // With podman, a cancel stops the container through podman itself.
    expect(script).toContain(
      `trap 'podman stop --time 10 styx-job-${spec.jobId} >/dev/null 2>&1 || true' TERM`,
    );
  });
});
