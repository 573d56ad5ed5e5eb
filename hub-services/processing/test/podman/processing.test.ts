import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { HubIdentity } from '@styx/hub-auth';
import { startPodmanService } from '@styx/testing';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingApp } from '../../src/app.js';
import { DockerBackend } from '../../src/backends/docker/docker-backend.js';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { JobStore } from '../../src/jobs/job-store.js';
import { BUILTIN_PROCESSES, type ProcessDefinition } from '../../src/processes/index.js';
import { ProcessRegistry } from '../../src/processes/process-registry.js';

const BASE = 'http://styx.test/services/processing/';
const user = (name: string, admin = false): HubIdentity => ({
  kind: 'user',
  name,
  admin,
  groups: [],
  scopes: ['access:services'],
});
const TOKENS = [
  { token: 'ada-token-123456', identity: user('ada') },
  { token: 'bob-token-123456', identity: user('bob') },
  { token: 'root-token-12345', identity: user('root', true) },
];

/** A test process: sleeps, then writes its output (long enough to cancel or restart under). */
const napProcess: ProcessDefinition = {
  id: 'nap',
  version: '1.0.0',
  title: 'Nap',
  description: 'Sleeps for a while, then says so.',
  keywords: [],
  jobControlOptions: ['async-execute', 'dismiss'],
  inputs: {
    seconds: {
      title: 'Seconds',
      description: 'how long',
      schema: Type.Integer({ minimum: 0, maximum: 600 }),
    },
  },
  outputs: {
    done: {
      title: 'Done',
      description: 'the nap ended',
      schema: Type.Object({}),
      jsonFile: 'done.json',
    },
  },
  image: 'localhost/styx/base:latest',
  resources: {},
  command: (values) => [
    'python3',
    '-c',
    `import json, time\nprint("styx:progress 10", flush=True)\ntime.sleep(${Number(values.seconds)})\njson.dump({"slept": ${Number(values.seconds)}}, open("/outputs/done.json", "w"))`,
  ],
};

const CSV =
  'date,water_level_m,discharge_m3s\n2024-01-01,2.0,100\n2024-01-02,4.0,120\n2024-01-03,3.0,\n2024-01-04,7.0,90\n';

/**
 * The processing service (OGC API – Processes Part 1) with its real parts: jobs in PGlite,
 * containers on podman, inputs downloaded over HTTP. Identities come from fixed tokens (the
 * Hub authentication itself is tested with a real Hub elsewhere).
 */
describe('processing service on podman', () => {
  let podman: Awaited<ReturnType<typeof startPodmanService>>;
  let files: Server;
  let csvUrl: string;
  let dir: string;
  const services: Array<{ app: FastifyInstance; runner: JobRunner; db: PGlite }> = [];

  async function service(dataDir: string, options: { maxUnfinishedPerUser?: number } = {}) {
    const db = await PGlite.create({ dataDir });
    const store = new JobStore(db);
    await store.migrate();
    const registry = new ProcessRegistry(db, [...BUILTIN_PROCESSES, napProcess]);
    await registry.load();
    const runner = new JobRunner({
      store,
      backend: DockerBackend.connect(podman.host),
      registry,
      workDir: join(dir, 'jobs'),
      maxUnfinishedPerUser: options.maxUnfinishedPerUser ?? 10,
      inputLocations: [new URL('/gauges/', csvUrl).href],
      pollMs: 300,
      log: pino({ level: 'silent' }),
    });
    const app = await buildProcessingApp({ store, runner, baseUrl: BASE, staticTokens: TOKENS });
    await runner.startPolling();
    const s = { app, runner, db };
    services.push(s);
    return s;
  }

  async function stop(s: { app: FastifyInstance; runner: JobRunner; db: PGlite }) {
    s.runner.stop();
    await s.app.close();
    await s.db.close();
  }

  beforeAll(async () => {
    podman = await startPodmanService();
    dir = await mkdtemp(join(tmpdir(), 'styx-processing-'));
    files = createServer((req, res) => {
      if (req.url === '/gauges/garonne.csv')
        res.writeHead(200, { 'content-type': 'text/csv' }).end(CSV);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    csvUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/gauges/garonne.csv`;
  });
  afterAll(async () => {
    for (const s of services) await stop(s).catch(() => {});
    await new Promise((resolve) => files?.close(resolve));
    await podman?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const call = (
    app: FastifyInstance,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method,
      url: `/${path}`,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  async function until(
    app: FastifyInstance,
    jobId: string,
    token: string,
    done: (s: { status: string }) => boolean,
  ) {
    for (let i = 0; i < 300; i += 1) {
      const status = (await call(app, 'GET', `jobs/${jobId}`, token)).json();
      if (done(status)) return status;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`job ${jobId} never reached the expected state`);
  }

  it('describes itself: landing page, conformance, processes with their inputs', async () => {
    const { app } = await service(join(dir, 'db-describe'));
    const landing = (await call(app, 'GET', '')).json();
    expect(landing.links.map((l: { href: string }) => l.href)).toEqual([
      BASE,
      `${BASE}conformance`,
      `${BASE}processes`,
      `${BASE}jobs`,
    ]);
    expect((await call(app, 'GET', 'conformance')).json().conformsTo).toContain(
      'http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core',
    );
    const list = (await call(app, 'GET', 'processes')).json();
    expect(list.processes.map((p: { id: string }) => p.id)).toEqual([
      'river-level-statistics',
      'river-threshold-exceedance',
      'nap',
    ]);
    const description = (await call(app, 'GET', 'processes/river-level-statistics')).json();
    expect(description.inputs.series).toMatchObject({
      minOccurs: 1,
      schema: { contentMediaType: 'text/csv' },
    });
    expect(description.inputs.column.minOccurs).toBe(0);
    expect(Object.keys(description.outputs)).toEqual(['statistics']);
    const missing = await call(app, 'GET', 'processes/no-such-thing');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().type).toBe(
      'http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-process',
    );
  });

  it('runs river-level-statistics asynchronously in a container and returns its results', async () => {
    const { app } = await service(join(dir, 'db-async'));
    const anonymous = await call(
      app,
      'POST',
      'processes/river-level-statistics/execution',
      undefined,
      {
        inputs: { series: csvUrl },
      },
    );
    expect(anonymous.statusCode).toBe(401);
    const res = await call(
      app,
      'POST',
      'processes/river-level-statistics/execution',
      'ada-token-123456',
      { inputs: { series: { href: csvUrl } } },
      { prefer: 'respond-async' },
    );
    expect(res.statusCode).toBe(201);
    const job = res.json();
    expect(res.headers.location).toBe(`${BASE}jobs/${job.jobID}`);
    expect(res.headers['preference-applied']).toBe('respond-async');
    expect(['accepted', 'running']).toContain(job.status);
    const done = await until(
      app,
      job.jobID,
      'ada-token-123456',
      (s) => !['accepted', 'running'].includes(s.status),
    );
    expect(done).toMatchObject({
      status: 'successful',
      progress: 100,
      processID: 'river-level-statistics',
    });
    expect(Date.parse(done.finished)).toBeGreaterThanOrEqual(Date.parse(done.started));
    const results = (
      await call(app, 'GET', `jobs/${job.jobID}/results`, 'ada-token-123456')
    ).json();
    expect(results.statistics).toMatchObject({
      column: 'water_level_m',
      count: 4,
      min: 2,
      max: 7,
      mean: 4,
      median: 3.5,
    });
    expect(results.statistics.first).toBe('2024-01-01');
    const logs = (await call(app, 'GET', `jobs/${job.jobID}/logs`, 'ada-token-123456')).body;
    expect(logs).toContain('4 values of water_level_m: mean 4.000');
  });

  it('runs synchronously when the client does not ask for async, skipping empty values', async () => {
    const { app } = await service(join(dir, 'db-sync'));
    const res = await call(
      app,
      'POST',
      'processes/river-level-statistics/execution',
      'ada-token-123456',
      {
        inputs: { series: csvUrl, column: 'discharge_m3s' },
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().statistics).toMatchObject({
      column: 'discharge_m3s',
      count: 3,
      min: 90,
      max: 120,
    });
  });

  it('counts the values of a series above a threshold and its longest spell', async () => {
    const { app } = await service(join(dir, 'db-exceedance'));
    const res = await call(
      app,
      'POST',
      'processes/river-threshold-exceedance/execution',
      'ada-token-123456',
      { inputs: { series: csvUrl, threshold: 2.5 } },
    );
    expect(res.statusCode).toBe(200);
    // 2.0, 4.0, 3.0, 7.0: three above 2.5, in one spell from the second day; the peak on the 4th.
    expect(res.json().exceedance).toEqual({
      column: 'water_level_m',
      threshold: 2.5,
      values: 4,
      above: 3,
      longest_spell: 3,
      longest_spell_start: '2024-01-02',
      peak: 7,
      peak_date: '2024-01-04',
    });
  });

  it('answers bad inputs with a 400 that names them, and runs nothing', async () => {
    const { app } = await service(join(dir, 'db-bad'));
    const cases: Array<[unknown, RegExp]> = [
      [{ inputs: {} }, /input 'series' is required/],
      [{ inputs: { series: csvUrl, colour: 'blue' } }, /unknown input 'colour'/],
      [{ inputs: { series: 'file:///etc/passwd' } }, /input 'series'/],
      [
        { inputs: { series: 'http://127.0.0.1:8001/api/routes' } },
        /not a place Styx fetches inputs from/,
      ],
      [{ inputs: { series: csvUrl, column: 'x"; rm -rf /' } }, /input 'column'/],
      [{ inpts: { series: csvUrl } }, /inpts|inputs/],
    ];
    for (const [body, message] of cases) {
      const res = await call(
        app,
        'POST',
        'processes/river-level-statistics/execution',
        'ada-token-123456',
        body,
      );
      expect([res.statusCode, res.json().detail]).toEqual([400, expect.stringMatching(message)]);
    }
    expect((await call(app, 'GET', 'jobs', 'ada-token-123456')).json().jobs).toEqual([]);
  });

  it('reports a job that fails, with the reason it printed', async () => {
    const { app } = await service(join(dir, 'db-fail'));
    const res = await call(
      app,
      'POST',
      'processes/river-level-statistics/execution',
      'ada-token-123456',
      { inputs: { series: csvUrl, column: 'salinity' } },
      { prefer: 'respond-async' },
    );
    const done = await until(
      app,
      res.json().jobID,
      'ada-token-123456',
      (s) => s.status === 'failed',
    );
    expect(done.message).toContain("the series has no column 'salinity'");
    const results = await call(app, 'GET', `jobs/${res.json().jobID}/results`, 'ada-token-123456');
    expect(results.statusCode).toBe(404);
    expect(results.json().detail).toMatch(/failed/);
  });

  it('shows a user only their own jobs; an admin sees all; nobody else can dismiss them', async () => {
    const { app } = await service(join(dir, 'db-isolation'));
    const res = await call(app, 'POST', 'processes/nap/execution', 'ada-token-123456', {
      inputs: { seconds: 0 },
    });
    const jobId = res.json().jobID;
    expect((await call(app, 'GET', `jobs/${jobId}`, 'bob-token-123456')).statusCode).toBe(404);
    expect((await call(app, 'GET', `jobs/${jobId}/results`, 'bob-token-123456')).statusCode).toBe(
      404,
    );
    expect((await call(app, 'GET', `jobs/${jobId}/logs`, 'bob-token-123456')).statusCode).toBe(404);
    expect((await call(app, 'DELETE', `jobs/${jobId}`, 'bob-token-123456')).statusCode).toBe(404);
    expect((await call(app, 'GET', 'jobs', 'bob-token-123456')).json().jobs).toEqual([]);
    const page = await call(app, 'GET', 'jobs?limit=1&offset=0', 'ada-token-123456');
    expect([page.statusCode, page.json().jobs.length]).toEqual([200, 1]);
    expect((await call(app, 'GET', 'jobs?limit=many', 'ada-token-123456')).statusCode).toBe(400);
    const adminView = (await call(app, 'GET', 'jobs', 'root-token-12345')).json().jobs;
    expect(adminView.map((j: { jobID: string; owner: string }) => [j.jobID, j.owner])).toEqual([
      [jobId, 'ada'],
    ]);
    expect((await call(app, 'GET', `jobs/${jobId}`, 'root-token-12345')).statusCode).toBe(200);
    expect((await call(app, 'GET', 'jobs')).statusCode).toBe(401);
  });

  it('dismisses a running job: the container stops and the job says dismissed', async () => {
    const { app } = await service(join(dir, 'db-dismiss'));
    const jobId = (
      await call(app, 'POST', 'processes/nap/execution', 'ada-token-123456', {
        inputs: { seconds: 300 },
      })
    ).json().jobID;
    const running = await until(
      app,
      jobId,
      'ada-token-123456',
      (s) => s.status === 'running' && (s as { progress?: number }).progress === 10,
    );
    expect(running.status).toBe('running');
    const dismissed = await call(app, 'DELETE', `jobs/${jobId}`, 'ada-token-123456');
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', jobID: jobId });
    // A late report from the backend (the container's exit) does not undo the dismissal.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await call(app, 'GET', `jobs/${jobId}`, 'ada-token-123456')).json().status).toBe(
      'dismissed',
    );
  });

  it('does not run a submission twice (Idempotency-Key) and limits unfinished jobs per user', async () => {
    const { app } = await service(join(dir, 'db-limits'), { maxUnfinishedPerUser: 2 });
    const submit = (key?: string) =>
      call(
        app,
        'POST',
        'processes/nap/execution',
        'bob-token-123456',
        { inputs: { seconds: 60 } },
        key ? { 'idempotency-key': key } : {},
      );
    const first = await submit('nap-1');
    const again = await submit('nap-1');
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json().jobID).toBe(first.json().jobID);
    expect((await submit()).statusCode).toBe(201);
    const third = await submit();
    expect(third.statusCode).toBe(429);
    expect(third.json().detail).toMatch(/2 unfinished jobs/);
    for (const job of (await call(app, 'GET', 'jobs', 'bob-token-123456')).json().jobs) {
      await call(app, 'DELETE', `jobs/${job.jobID}`, 'bob-token-123456');
    }
  });

  it('finishes a job that was running when the service stopped, once it starts again', async () => {
    const dataDir = join(dir, 'db-restart');
    const first = await service(dataDir);
    const jobId = (
      await call(first.app, 'POST', 'processes/nap/execution', 'ada-token-123456', {
        inputs: { seconds: 4 },
      })
    ).json().jobID;
    await until(first.app, jobId, 'ada-token-123456', (s) => s.status === 'running');
    await stop(first); // the service goes away mid-run; the container does not
    const second = await service(dataDir);
    const done = await until(second.app, jobId, 'ada-token-123456', (s) => s.status !== 'running');
    expect(done.status).toBe('successful');
    expect(
      (await call(second.app, 'GET', `jobs/${jobId}/results`, 'ada-token-123456')).json(),
    ).toEqual({ done: { slept: 4 } });
  });
});
