/**
 * The podman half: Styx's processing on the docker backend against the podman CLI on the same
 * podman, in the same run.
 * - submit-to-running latency: POST /processes/{id}/execution (async) until GET /jobs/{id} says
 *   running, against `podman run -d` returning (the container started);
 * - throughput: 100 short jobs submitted at once until all are successful, against 100
 *   `podman run --rm` called directly, as many at a time as the machine has cores.
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { podmanCliEnv, startPodmanService } from '@styx/testing';
import { DockerBackend } from '../src/backends/docker/docker-backend.js';
import { IMAGE, JOBS, LATENCY_RUNS, median, startBenchService } from './service.js';

const run = promisify(execFile);

export async function benchPodman(): Promise<void> {
  const podman = await startPodmanService();
  const env = { ...process.env, ...podmanCliEnv() };
  const styx = await startBenchService(DockerBackend.connect(podman.host));
  try {
    // Warm-up: the first container start pays for image and runtime caches.
    await run('podman', ['run', '--rm', '--network', 'none', IMAGE, 'true'], { env });

    const styxLatency: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < LATENCY_RUNS; i += 1) {
      let t = performance.now();
      const { stdout } = await run(
        'podman',
        ['run', '-d', '--init', '--network', 'none', IMAGE, 'sleep', '30'],
        { env },
      );
      direct.push(performance.now() - t);
      await run('podman', ['rm', '-f', stdout.trim()], { env });

      t = performance.now();
      const id = await styx.submit(30);
      await styx.waitFor(id, ['running', 'failed']);
      styxLatency.push(performance.now() - t);
      await styx.dismiss(id);
    }

    let t = performance.now();
    const cores = availableParallelism();
    let next = 0;
    await Promise.all(
      Array.from({ length: cores }, async () => {
        while (next < JOBS) {
          next += 1;
          await run('podman', ['run', '--rm', '--init', '--network', 'none', IMAGE, 'sleep', '0'], {
            env,
          });
        }
      }),
    );
    const directAll = performance.now() - t;

    t = performance.now();
    const ids = await Promise.all(Array.from({ length: JOBS }, () => styx.submit(0)));
    const outcomes = await Promise.all(ids.map((id) => styx.waitFor(id, ['successful', 'failed'])));
    const styxAll = performance.now() - t;
    const lost = outcomes.filter((o) => o !== 'successful').length;

    const dl = median(direct);
    const sl = median(styxLatency);
    console.log(`processing on podman (${cores} cores), same machine, same run`);
    console.log('| measure | podman directly | Styx processing | ratio |');
    console.log('| --- | --- | --- | --- |');
    console.log(
      `| submit → running, median of ${LATENCY_RUNS} | ${dl.toFixed(0)} ms (podman run -d) | ${sl.toFixed(0)} ms (POST execution → status running) | ${(sl / dl).toFixed(2)}× |`,
    );
    console.log(
      `| ${JOBS} short jobs, all finished | ${(directAll / 1000).toFixed(1)} s (podman run --rm, ${cores} at a time) | ${(styxAll / 1000).toFixed(1)} s (all submitted at once) | ${(styxAll / directAll).toFixed(2)}× |`,
    );
    console.log(`jobs lost or failed: ${lost} of ${JOBS}`);
  } finally {
    await styx.close();
    await podman.stop();
  }
}
