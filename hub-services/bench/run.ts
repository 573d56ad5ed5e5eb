/**
 * `npm run bench -w hub-services`: what Styx's processing adds on top of the container engine,
 * measured on the same podman in the same run.
 * - submit-to-running latency: POST /processes/{id}/execution (async) until GET /jobs/{id} says
 *   running, against `podman run -d` returning (the container started);
 * - throughput: 100 short jobs submitted at once until all are successful, against 100
 *   `podman run --rm` called directly, as many at a time as the machine has cores.
 * Prints medians and ratios; fails no one (no wall-clock tests).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pino from 'pino';
import { Type } from 'typebox';
import { buildProcessingApp } from '../src/processing/app.js';
import { DockerBackend } from '../src/processing/backends/docker/docker-backend.js';
import { JobRunner } from '../src/processing/jobs/job-runner.js';
import { JobStore } from '../src/processing/jobs/job-store.js';
import type { ProcessDefinition } from '../src/processing/processes/index.js';
import { ProcessRegistry } from '../src/processing/processes/process-registry.js';
import { freePort, podmanCliEnv, startPodmanService } from '../src/testing/index.js';

const run = promisify(execFile);
const IMAGE = 'localhost/styx/base:latest';
const LATENCY_RUNS = Number(process.env.STYX_BENCH_RUNS ?? 15);
const JOBS = Number(process.env.STYX_BENCH_JOBS ?? 100);
const TOKEN = 'bench-token-0123456789';

const sleeper: ProcessDefinition = {
  id: 'sleep',
  version: '1',
  title: 'sleep',
  description: 'sleeps',
  keywords: [],
  jobControlOptions: ['async-execute', 'dismiss'],
  inputs: { seconds: { title: 's', description: 's', schema: Type.Number({ minimum: 0 }) } },
  outputs: {},
  image: IMAGE,
  resources: {},
  command: (v) => ['sleep', String(v.seconds)],
};

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main() {
  const podman = await startPodmanService();
  const dir = await mkdtemp(join(tmpdir(), 'styx-bench-processing-'));
  const env = { ...process.env, ...podmanCliEnv() };
  const db = await PGlite.create();
  const store = new JobStore(db);
  await store.migrate();
  const registry = new ProcessRegistry(db, [sleeper]);
  await registry.load();
  const runner = new JobRunner({
    store,
    backend: DockerBackend.connect(podman.host),
    registry,
    workDir: dir,
    maxUnfinishedPerUser: JOBS + LATENCY_RUNS,
    inputLocations: [],
    pollMs: 100,
    log: pino({ level: 'silent' }),
  });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const app = await buildProcessingApp({
    store,
    runner,
    baseUrl: base,
    staticTokens: [
      {
        token: TOKEN,
        identity: { kind: 'user', name: 'bench', admin: true, groups: [], scopes: [] },
      },
    ],
  });
  await app.listen({ host: '127.0.0.1', port });
  await runner.startPolling();
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        prefer: 'respond-async',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return (await response.json()) as { jobID: string; status: string };
  };
  const waitFor = async (id: string, statuses: string[]) => {
    for (;;) {
      const status = await api('GET', `jobs/${id}`);
      if (statuses.includes(status.status)) return status.status;
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  try {
    // Warm-up: the first container start pays for image and runtime caches.
    await run('podman', ['run', '--rm', '--network', 'none', IMAGE, 'true'], { env });

    const styx: number[] = [];
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
      const job = await api('POST', 'processes/sleep/execution', { inputs: { seconds: 30 } });
      await waitFor(job.jobID, ['running', 'failed']);
      styx.push(performance.now() - t);
      await api('DELETE', `jobs/${job.jobID}`);
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
    const ids = await Promise.all(
      Array.from({ length: JOBS }, () =>
        api('POST', 'processes/sleep/execution', { inputs: { seconds: 0 } }).then((j) => j.jobID),
      ),
    );
    const outcomes = await Promise.all(ids.map((id) => waitFor(id, ['successful', 'failed'])));
    const styxAll = performance.now() - t;
    const lost = outcomes.filter((o) => o !== 'successful').length;

    const dl = median(direct);
    const sl = median(styx);
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
    runner.stop();
    await app.close();
    await db.close();
    await podman.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
