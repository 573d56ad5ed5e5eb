/**
 * `npm run bench -w hub-services`: what Styx's processing adds on top of the job engines,
 * each measured against its own direct use on the same machine in the same run: podman
 * (`podman run`) and a one-node Slurm (`sbatch`). Prints medians and ratios; fails no one (no
 * wall-clock tests). `STYX_BENCH_ONLY=podman|slurm` runs one half.
 */
import { benchPodman } from './podman.js';
import { benchSlurm } from './slurm.js';

const only = process.env.STYX_BENCH_ONLY;
if (only !== 'slurm') await benchPodman();
if (only !== 'podman') {
  if (only !== 'slurm') console.log('');
  await benchSlurm();
}
