/**
 * What both halves of the benchmark share: a processing service on loopback with one test
 * process (`sleep`), any backend, and a client that submits and waits.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { freePort } from '@styx/testing';
import pino from 'pino';
import { Type } from 'typebox';
import { buildProcessingApp } from '../src/app.js';
import type { JobBackend } from '../src/backends/job-backend.js';
import { JobRunner } from '../src/jobs/job-runner.js';
import { JobStore } from '../src/jobs/job-store.js';
import type { ProcessDefinition } from '../src/processes/index.js';
import { ProcessRegistry } from '../src/processes/process-registry.js';

export const IMAGE = 'localhost/styx/base:latest';
export const LATENCY_RUNS = Number(process.env.STYX_BENCH_RUNS ?? 15);
export const JOBS = Number(process.env.STYX_BENCH_JOBS ?? 100);
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
  resources: { cpus: 1 },
  command: (v) => ['sleep', String(v.seconds)],
};

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export interface BenchService {
  /** Submits `sleep <seconds>`; returns the job id. */
  submit(seconds: number): Promise<string>;
  /** Polls the job until one of the statuses. */
  waitFor(id: string, statuses: string[]): Promise<string>;
  dismiss(id: string): Promise<void>;
  close(): Promise<void>;
}

export async function startBenchService(backend: JobBackend): Promise<BenchService> {
  const dir = await mkdtemp(join(tmpdir(), 'styx-bench-processing-'));
  const db = await PGlite.create();
  const store = new JobStore(db);
  await store.migrate();
  const registry = new ProcessRegistry(db, [sleeper]);
  await registry.load();
  const runner = new JobRunner({
    store,
    backend,
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
  return {
    submit: async (seconds) =>
      (await api('POST', 'processes/sleep/execution', { inputs: { seconds } })).jobID,
    waitFor: async (id, statuses) => {
      for (;;) {
        const status = await api('GET', `jobs/${id}`);
        if (statuses.includes(status.status)) return status.status;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    dismiss: async (id) => {
      await api('DELETE', `jobs/${id}`);
    },
    close: async () => {
      runner.stop();
      await app.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
