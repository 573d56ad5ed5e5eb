import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { startPodmanService } from '@styx/testing';
import pino from 'pino';
import { Type } from 'typebox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DockerBackend } from '../../src/backends/docker/docker-backend.js';
import type { Job } from '../../src/jobs/job.js';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { JobStore } from '../../src/jobs/job-store.js';
import type { ProcessDefinition } from '../../src/processes/process.js';
import { ProcessRegistry } from '../../src/processes/process-registry.js';

const nap: ProcessDefinition = {
  id: 'nap',
  version: '1.0.0',
  title: 'Nap',
  description: '',
  keywords: [],
  jobControlOptions: ['async-execute'],
  inputs: { seconds: { title: '', description: '', schema: Type.Integer() } },
  outputs: {},
  image: 'localhost/styx/base:latest',
  resources: {},
  command: (values) => ['sh', '-c', `echo "styx:progress 30"; sleep ${Number(values.seconds)}`],
};

/**
 * An HTTP proxy on a unix socket in front of podman's API socket that counts every request
 * by kind: what the backend costs podman, seen from outside it.
 */
async function countingProxy(target: string, path: string) {
  const counts: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://podman');
    counts.push(`${req.method} ${url.pathname.replace(/^\/v[\d.]+/, '')}`);
    const upstream = request(
      { socketPath: target, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    host: `unix://${path}`,
    counts,
    count: (pattern: RegExp) => counts.filter((c) => pattern.test(c)).length,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The runner and the docker backend against real podman, through a counting proxy: jobs are
 * followed by one container list per tick and podman's event stream, not a request per job.
 */
describe('following podman jobs together', () => {
  let podman: Awaited<ReturnType<typeof startPodmanService>>;
  let dir: string;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let db: PGlite;
  let store: JobStore;
  let backend: DockerBackend;
  let runner: JobRunner | undefined;

  beforeAll(async () => {
    podman = await startPodmanService();
    dir = await mkdtemp(join(tmpdir(), 'styx-following-'));
  });
  afterAll(async () => {
    await podman?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    runner?.stop();
    await backend?.close();
    await proxy?.close();
    await db?.close();
  });

  async function start(pollMs: number, name: string): Promise<JobRunner> {
    proxy = await countingProxy(podman.host.slice('unix://'.length), join(dir, `${name}.sock`));
    db = await PGlite.create();
    store = new JobStore(db);
    await store.migrate();
    const registry = new ProcessRegistry(db, [nap]);
    await registry.load();
    backend = DockerBackend.connect(proxy.host);
    runner = new JobRunner({
      store,
      backend,
      registry,
      workDir: join(dir, name),
      maxUnfinishedPerUser: 10,
      inputLocations: [],
      pollMs,
      log: pino({ level: 'silent' }),
    });
    await runner.startPolling();
    return runner;
  }

  async function ended(ids: string[], timeoutMs: number): Promise<Job[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const jobs = (await Promise.all(ids.map((id) => store.get(id)))) as Job[];
      if (jobs.every((j) => !['accepted', 'running'].includes(j.status)) || Date.now() > deadline)
        return jobs;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('follows several jobs with one container list per tick, inspecting each job only when it ends', async () => {
    const r = await start(300, 'many');
    let ticks = 0;
    const tick = r.tick.bind(r);
    r.tick = () => {
      ticks++;
      return tick();
    };
    const jobs = 4;
    const ids: string[] = [];
    for (let i = 0; i < jobs; i++) ids.push((await r.execute('ada', nap, { seconds: 4 })).job.id);
    const finished = await ended(ids, 60_000);
    expect(finished.map((j) => j.status)).toEqual(Array(jobs).fill('successful'));
    expect(ticks).toBeGreaterThan(8);

    const lists = proxy.count(/^GET \/containers\/json$/);
    const inspects = proxy.count(/^GET \/containers\/[^/]+\/json$/);
    const logs = proxy.count(/^GET \/containers\/[^/]+\/logs$/);
    // One list per tick that had jobs to follow, whatever their number.
    expect(lists).toBeGreaterThan(2);
    expect(lists).toBeLessThanOrEqual(ticks);
    // Per job: the look for an existing container, the state after starting it, its end.
    expect(inspects).toBeLessThanOrEqual(3 * jobs);
    // Progress is read every few seconds per job, not on every tick.
    expect(logs).toBeLessThanOrEqual(2 * jobs);
    expect(proxy.count(/^GET \/events$/)).toBe(1);
  });

  it("notices a job's end at once from podman's events, with the periodic poll ten minutes away", async () => {
    const r = await start(600_000, 'events');
    const { job } = await r.execute('ada', nap, { seconds: 2 });
    const [finished] = await ended([job.id], 30_000);
    expect(finished?.status).toBe('successful');
    expect(finished?.progress).toBe(100);
  });
});
