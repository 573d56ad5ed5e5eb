import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { podmanCliEnv, startSlurm } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendStatus, JobSpec } from '../../src/backends/job-backend.js';
import {
  SlurmApiError,
  SlurmBackend,
  type SlurmBackendOptions,
} from '../../src/backends/slurm/slurm-backend.js';
import type { Job } from '../../src/jobs/job.js';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { JobStore } from '../../src/jobs/job-store.js';
import type { ProcessDefinition } from '../../src/processes/process.js';
import { ProcessRegistry } from '../../src/processes/process-registry.js';
import { PosixResultStorage } from '../../src/results/posix-result-storage.js';
import { StoringResultPublisher } from '../../src/results/result-publisher.js';
import {
  processingService,
  quietLog,
  servedCsv,
  TEST_BASE,
} from '../support/processing-service.js';

const BASE = 'localhost/styx/base:latest';
const run = promisify(execFile);

/**
 * The Slurm backend against a real one-node Slurm (slurmctld, slurmd, slurmdbd on MariaDB,
 * slurmrestd with JWT; scripts/slurm.sh): the batch script runs the job's image with podman on
 * the node (apptainer's command line is covered by the script's unit tests).
 */
describe('SlurmBackend on a one-node Slurm', () => {
  let slurm: Awaited<ReturnType<typeof startSlurm>>;
  let work: string;
  let options: SlurmBackendOptions;
  let backend: SlurmBackend;
  /** Submitted first, looked at last: by then slurmctld has forgotten it. */
  let forgotten: { spec: JobSpec; ref: string };

  beforeAll(async () => {
    // slurmctld forgets a finished job after 10 s (at its next purge, once a minute).
    slurm = await startSlurm({ minJobAgeSeconds: 10 });
    work = await mkdtemp(join(tmpdir(), 'styx-slurm-jobs-'));
    options = {
      url: slurm.url,
      user: 'root',
      jwtKey: slurm.jwtKey,
      runtime: { kind: 'podman' },
      environment: podmanCliEnv(),
    };
    backend = new SlurmBackend(options);
    const spec = await job(['sh', '-c', 'echo "gauge file missing" >&2; exit 4']);
    forgotten = { spec, ref: await backend.submit(spec) };
  });
  afterAll(async () => {
    await slurm?.stop();
    await rm(work, { recursive: true, force: true });
  });

  async function job(command: string[], inputs: JobSpec['inputs'] = []): Promise<JobSpec> {
    const jobId = randomUUID();
    const outputs = join(work, jobId, 'outputs');
    await mkdir(outputs, { recursive: true });
    return {
      jobId,
      owner: 'ada',
      image: BASE,
      command,
      env: { STYX_JOB_ID: jobId },
      inputs,
      outputs: { hostPath: outputs, containerPath: '/outputs' },
      resources: { cpus: 1, memoryMiB: 256 },
    };
  }

  async function until(ref: string, states: string[], timeoutMs = 90_000): Promise<BackendStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await backend.status(ref);
      if (states.includes(status.state) || Date.now() > deadline) return status;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('runs a job in its image: reads its read-only input, writes its output, prints', async () => {
    const inputs = join(work, 'in');
    await mkdir(inputs, { recursive: true });
    await writeFile(join(inputs, 'levels.csv'), '2\n4\n');
    const spec = await job(
      [
        'python3',
        '-c',
        'import json; v = [float(x) for x in open("/inputs/series/levels.csv")]\n' +
          'print("read", len(v), "values", flush=True)\n' +
          'json.dump({"mean": sum(v) / len(v)}, open("/outputs/stats.json", "w"))\n' +
          'open("/inputs/series/x", "w")',
      ],
      [{ hostPath: inputs, containerPath: '/inputs/series' }],
    );
    const ref = await backend.submit(spec);
    expect(ref).toMatch(/^\d+$/);
    const status = await until(ref, ['succeeded', 'failed']);
    // The write to the read-only input fails the job, after it wrote its output.
    expect(status.state).toBe('failed');
    expect(JSON.parse(await readFile(join(spec.outputs.hostPath, 'stats.json'), 'utf8'))).toEqual({
      mean: 3,
    });
    const logs = await backend.logs(ref);
    expect(logs).toContain('read 2 values');
    expect(logs).toContain('Read-only file system');
    // The log is a file in the job's folder; remove() deletes it, and only it.
    const log = join(work, spec.jobId, 'slurm.log');
    await access(log);
    await backend.remove(ref);
    await expect(access(log)).rejects.toThrow();
    expect(await backend.logs(ref)).toBe('');
    await access(join(spec.outputs.hostPath, 'stats.json'));
  });

  it('reports success, and a failure with its exit code and what it printed', async () => {
    const ok = await backend.submit(await job(['sh', '-c', 'echo fine']));
    expect(await until(ok, ['succeeded', 'failed'])).toMatchObject({
      state: 'succeeded',
      exitCode: 0,
    });
    const bad = await backend.submit(
      await job(['sh', '-c', 'echo "no column salinity" >&2; exit 3']),
    );
    const status = await until(bad, ['succeeded', 'failed']);
    expect(status).toMatchObject({ state: 'failed', exitCode: 3, message: 'exited with code 3' });
    expect(status.finishedAt).toBeDefined();
    expect(await backend.logs(bad, { tail: 1 })).toBe('no column salinity\n');
  });

  it('cancels a running job: SIGTERM reaches it and it ends cancelled', async () => {
    const ref = await backend.submit(
      await job([
        'python3',
        '-c',
        'import signal, sys, time\n' +
          'signal.signal(signal.SIGTERM, lambda *a: (print("got SIGTERM", flush=True), sys.exit(143)))\n' +
          'print("working", flush=True)\n' +
          'time.sleep(300)',
      ]),
    );
    await until(ref, ['running']);
    for (let i = 0; i < 100 && !(await backend.logs(ref)).includes('working'); i++)
      await new Promise((r) => setTimeout(r, 200));
    await backend.cancel(ref);
    const status = await until(ref, ['failed', 'succeeded']);
    expect(status).toMatchObject({ state: 'failed', message: 'cancelled' });
    expect(await backend.logs(ref)).toContain('got SIGTERM');
  });

  it('finds a job again after a restart, and says when a job is unknown', async () => {
    const spec = await job(['sleep', '2']);
    const ref = await backend.submit(spec);
    expect(await new SlurmBackend(options).findByJob(spec.jobId)).toBe(ref);
    expect(await backend.findByJob(randomUUID())).toBeUndefined();
    expect(await backend.status('999999')).toEqual({ state: 'gone' });
    await until(ref, ['succeeded']);
  });

  it('says plainly when its token is refused', async () => {
    const refused = new SlurmBackend({ ...options, jwtKey: Buffer.alloc(32, 7) });
    const error = await refused.submit(await job(['true'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlurmApiError);
    expect((error as Error).message).toContain('is the token valid');
    // Not mistaken for a job Slurm does not know.
    await expect(refused.status(forgotten.ref)).rejects.toThrow(/is the token valid/);
    const fixed = new SlurmBackend({ ...options, jwtKey: undefined, token: 'not-a-jwt-at-all' });
    await expect(fixed.findByJob(randomUUID())).rejects.toThrow(/is the token valid/);
  });

  it('runs a process deployed from CWL through the processing service, its outputs collected', async () => {
    const csv = await servedCsv('date,water_level_m\n2024-01-01,1\n2024-01-02,2\n2024-01-03,6\n');
    const service = await processingService({
      backend,
      publisher: new StoringResultPublisher({
        storage: new PosixResultStorage(join(work, 'results'), TEST_BASE),
        processingUrl: TEST_BASE,
        log: quietLog,
      }),
      workDir: join(work, 'service'),
      inputLocations: [csv.url],
    });
    try {
      const job = await service.deployAndRun('series-summary.cwl', { series: csv.url });
      expect(job.status, job.message ?? '').toBe('successful');
      expect(job.backend).toBe('slurm');
      const results = await service.results(job.id);
      expect(results.counts?.href).toBe(`${TEST_BASE}results/ada/${job.id}/counts.json`);
      expect(
        JSON.parse(await readFile(join(work, 'results', 'ada', job.id, 'counts.json'), 'utf8')),
      ).toMatchObject({ rows: 3, values: 3, greeting: 'hello from the package' });
    } finally {
      await service.close();
      await csv.close();
    }
  });

  it('follows several jobs with one jobs-list request per tick, not a request per job', async () => {
    const requests: string[] = [];
    const counting: typeof fetch = (input, init) => {
      const url = new URL(String(input));
      requests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
      return fetch(input, init);
    };
    const nap: ProcessDefinition = {
      id: 'nap',
      version: '1.0.0',
      title: 'Nap',
      description: '',
      keywords: [],
      jobControlOptions: ['async-execute'],
      inputs: {},
      outputs: {},
      image: BASE,
      resources: { cpus: 1, memoryMiB: 128 },
      command: () => ['sh', '-c', 'echo "styx:progress 20"; sleep 4'],
    };
    const db = await PGlite.create();
    const store = new JobStore(db);
    await store.migrate();
    const registry = new ProcessRegistry(db, [nap]);
    await registry.load();
    const runner = new JobRunner({
      store,
      backend: new SlurmBackend({ ...options, fetch: counting }),
      registry,
      workDir: join(work, 'following'),
      maxUnfinishedPerUser: 10,
      inputLocations: [],
      pollMs: 300,
      log: quietLog,
    });
    let ticks = 0;
    const tick = runner.tick.bind(runner);
    runner.tick = () => {
      ticks++;
      return tick();
    };
    try {
      await runner.startPolling();
      const jobs = 3;
      const ids: string[] = [];
      for (let i = 0; i < jobs; i++) ids.push((await runner.execute('ada', nap, {})).job.id);
      let finished: Job[] = [];
      for (let i = 0; i < 600; i++) {
        finished = (await Promise.all(ids.map((id) => store.get(id)))) as Job[];
        if (finished.every((j) => !['accepted', 'running'].includes(j.status))) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(finished.map((j) => j.status)).toEqual(Array(jobs).fill('successful'));
      expect(ticks).toBeGreaterThan(10);
      const lists = requests.filter((r) => r === 'GET /slurm/v0.0.38/jobs').length;
      const perJob = requests.filter((r) => /^GET \/slurm\/v0\.0\.38\/job\/\d+$/.test(r)).length;
      // One list per tick, plus the look for an existing job before each submission.
      expect(lists).toBeLessThanOrEqual(ticks + jobs);
      // Per job only the state right after submitting it: following and progress ask nothing.
      expect(perJob).toBeLessThanOrEqual(jobs);
    } finally {
      runner.stop();
      await db.close();
    }
  });

  it('still knows a job slurmctld has forgotten, from the accounting', async () => {
    const { spec, ref } = forgotten;
    // Until `scontrol show job` no longer knows it (MinJobAge, then a purge within a minute).
    const env = { ...process.env, ...slurm.env };
    for (let i = 0; i < 600; i++) {
      const known = await run('scontrol', ['show', 'job', ref], { env }).then(
        () => true,
        () => false,
      );
      if (!known) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await expect(run('scontrol', ['show', 'job', ref], { env })).rejects.toThrow(/Invalid job id/);
    const status = await backend.status(ref);
    expect(status).toMatchObject({
      state: 'failed',
      message: 'exited with an error (Slurm no longer holds its exit code)',
    });
    expect(status.finishedAt).toBeDefined();
    const restarted = new SlurmBackend(options);
    expect(await restarted.findByJob(spec.jobId)).toBe(ref);
    expect(await restarted.logs(ref)).toContain('gauge file missing');
    await restarted.remove(ref);
    expect(await restarted.logs(ref)).toBe('');
  }, 120_000);
});
