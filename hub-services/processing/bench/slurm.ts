/**
 * The Slurm half: Styx's processing on the Slurm backend (slurmrestd) against `sbatch` called
 * directly, on the same one-node Slurm (scripts/slurm.sh) running the same container command.
 * - submit-to-running latency: POST execution until the job's status is running (Slurm says
 *   RUNNING), against `sbatch` until `squeue` says RUNNING;
 * - throughput: 100 short jobs submitted at once until all have finished, both ways.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { podmanCliEnv, startSlurm } from '@styx/testing';
import { SlurmBackend } from '../src/backends/slurm/slurm-backend.js';
import { IMAGE, JOBS, LATENCY_RUNS, median, startBenchService } from './service.js';

const run = promisify(execFile);

export async function benchSlurm(): Promise<void> {
  const slurm = await startSlurm();
  const env = { ...process.env, ...podmanCliEnv(), ...slurm.env };
  const dir = await mkdtemp(join(tmpdir(), 'styx-bench-sbatch-'));
  const styx = await startBenchService(
    new SlurmBackend({
      url: slurm.url,
      user: 'root',
      jwtKey: slurm.jwtKey,
      runtime: { kind: 'podman' },
      environment: podmanCliEnv(),
    }),
  );
  const sbatch = async (seconds: number) =>
    (
      await run(
        'sbatch',
        [
          '--parsable',
          '--ntasks=1',
          '--cpus-per-task=1',
          `--output=${dir}/%j.log`,
          `--chdir=${dir}`,
          `--wrap=exec podman run --rm --init --network none ${IMAGE} sleep ${seconds}`,
        ],
        { env },
      )
    ).stdout.trim();
  const squeueState = async (id: string) =>
    (
      await run('squeue', ['-h', '-j', id, '-o', '%T'], { env }).catch(() => ({ stdout: '' }))
    ).stdout.trim();
  try {
    const styxLatency: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < LATENCY_RUNS; i += 1) {
      let t = performance.now();
      const id = await sbatch(30);
      while ((await squeueState(id)) !== 'RUNNING') await new Promise((r) => setTimeout(r, 10));
      direct.push(performance.now() - t);
      await run('scancel', [id], { env });

      t = performance.now();
      const job = await styx.submit(30);
      await styx.waitFor(job, ['running', 'failed']);
      styxLatency.push(performance.now() - t);
      await styx.dismiss(job);
      // Both cancelled jobs leave the node before the next round.
      while ((await run('squeue', ['-h'], { env })).stdout.trim() !== '')
        await new Promise((r) => setTimeout(r, 50));
    }

    let t = performance.now();
    const directIds = await Promise.all(Array.from({ length: JOBS }, () => sbatch(0)));
    const states = await Promise.all(
      directIds.map(async (id) => {
        for (;;) {
          const { stdout } = await run('sacct', ['-n', '-X', '-P', '-j', id, '-o', 'State'], {
            env,
          });
          const state = stdout.trim();
          if (/^(COMPLETED|FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL)/.test(state))
            return state;
          await new Promise((r) => setTimeout(r, 200));
        }
      }),
    );
    const directAll = performance.now() - t;
    const directLost = states.filter((s) => !s.startsWith('COMPLETED')).length;

    t = performance.now();
    const ids = await Promise.all(Array.from({ length: JOBS }, () => styx.submit(0)));
    const outcomes = await Promise.all(ids.map((id) => styx.waitFor(id, ['successful', 'failed'])));
    const styxAll = performance.now() - t;
    const lost = outcomes.filter((o) => o !== 'successful').length;

    const dl = median(direct);
    const sl = median(styxLatency);
    console.log('processing on a one-node Slurm (slurmrestd, podman on the node), same run');
    console.log('| measure | sbatch directly | Styx processing | ratio |');
    console.log('| --- | --- | --- | --- |');
    console.log(
      `| submit → running, median of ${LATENCY_RUNS} | ${dl.toFixed(0)} ms (sbatch → squeue RUNNING) | ${sl.toFixed(0)} ms (POST execution → status running) | ${(sl / dl).toFixed(2)}× |`,
    );
    console.log(
      `| ${JOBS} short jobs, all finished | ${(directAll / 1000).toFixed(1)} s (sbatch, all at once) | ${(styxAll / 1000).toFixed(1)} s (all submitted at once) | ${(styxAll / directAll).toFixed(2)}× |`,
    );
    console.log(`jobs lost or failed: sbatch ${directLost} of ${JOBS}, Styx ${lost} of ${JOBS}`);
  } finally {
    await styx.close();
    await slurm.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
