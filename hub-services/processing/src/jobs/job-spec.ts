import { join } from 'node:path';
import type { JobSpec } from '../backends/job-backend.js';
import type { ProcessDefinition } from '../processes/process.js';
import type { StagedInputs } from './input-staging.js';
import type { Job } from './job.js';

/** A job's folder under the service's work directory: its staged inputs and its outputs. */
export interface JobFolders {
  root: string;
  inputs: string;
  outputs: string;
}

export function jobFolders(workDir: string, jobId: string): JobFolders {
  const root = join(workDir, jobId);
  return { root, inputs: join(root, 'inputs'), outputs: join(root, 'outputs') };
}

/**
 * What a backend runs for a job: the process's image and command (from the job's input values
 * and where its staged files are mounted), the process's environment with Styx's own variables
 * over it, the staged inputs read-only and the one writable output folder. Pure: no I/O.
 */
export function buildJobSpec(
  job: Pick<Job, 'id' | 'owner' | 'inputs'>,
  process: ProcessDefinition,
  staged: StagedInputs,
  outputsDir: string,
): JobSpec {
  return {
    jobId: job.id,
    owner: job.owner,
    image: process.image,
    command: process.command(job.inputs, staged.paths),
    env: {
      LANG: 'C.UTF-8',
      ...process.env,
      STYX_JOB_ID: job.id,
      STYX_PROCESS_ID: process.id,
    },
    inputs: staged.mounts,
    outputs: { hostPath: outputsDir, containerPath: '/outputs' },
    resources: process.resources,
  };
}
