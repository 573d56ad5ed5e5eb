import { describe, expect, it } from 'vitest';
import { buildJobSpec, jobFolders } from '../../src/jobs/job-spec.js';
import type { ProcessDefinition } from '../../src/processes/process.js';

const process: ProcessDefinition = {
  id: 'stats',
  version: '1.0.0',
  title: 'Stats',
  description: '',
  keywords: [],
  jobControlOptions: ['async-execute'],
  inputs: {},
  outputs: {},
  image: 'localhost/styx/base:latest',
  resources: { cpus: 2, memoryMiB: 512 },
  // A process that tries to take over Styx's own variables.
  env: { LANG: 'fr_FR.UTF-8', STYX_JOB_ID: 'forged', GDAL_CACHEMAX: '64' },
  command: (values, files) => ['stats', '--column', String(values.column), files.series ?? '-'],
};

const job = { id: 'job-1', owner: 'ada', inputs: { column: 'level' } };
const staged = {
  paths: { series: '/inputs/series/levels.csv' },
  mounts: [{ hostPath: '/work/job-1/inputs/series', containerPath: '/inputs/series' }],
};

describe('the job spec', () => {
  it("runs the process's image and command with the staged files' paths", () => {
    const spec = buildJobSpec(job, process, staged, '/work/job-1/outputs');
    expect(spec.image).toBe('localhost/styx/base:latest');
    expect(spec.command).toEqual(['stats', '--column', 'level', '/inputs/series/levels.csv']);
    expect(spec.inputs).toEqual(staged.mounts);
    expect(spec.outputs).toEqual({ hostPath: '/work/job-1/outputs', containerPath: '/outputs' });
    expect(spec.resources).toEqual({ cpus: 2, memoryMiB: 512 });
    expect(spec).toMatchObject({ jobId: 'job-1', owner: 'ada' });
  });

  it("keeps the process's environment but not over Styx's own variables", () => {
    const { env } = buildJobSpec(job, process, staged, '/o');
    expect(env).toEqual({
      LANG: 'fr_FR.UTF-8',
      GDAL_CACHEMAX: '64',
      STYX_JOB_ID: 'job-1',
      STYX_PROCESS_ID: 'stats',
    });
    expect(buildJobSpec(job, { ...process, env: undefined }, staged, '/o').env.LANG).toBe(
      'C.UTF-8',
    );
  });

  it("puts a job's inputs and outputs in its own folder", () => {
    expect(jobFolders('/srv/styx', 'job-1')).toEqual({
      root: '/srv/styx/job-1',
      inputs: '/srv/styx/job-1/inputs',
      outputs: '/srv/styx/job-1/outputs',
    });
  });
});
