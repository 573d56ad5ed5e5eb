import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildProcessingApp } from '../../src/app.js';
import type { JobBackend } from '../../src/backends/job-backend.js';
import type { JobEvents } from '../../src/events/job-events.js';
import type { Job } from '../../src/jobs/job.js';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { JobStore } from '../../src/jobs/job-store.js';
import type { ResultPublisher } from '../../src/jobs/output-collection.js';
import { DEPLOY_SCOPE } from '../../src/ogc.js';
import { BUILTIN_PROCESSES } from '../../src/processes/index.js';
import { ProcessRegistry } from '../../src/processes/process-registry.js';
import { cwlFixture } from './cwl-corpus.js';

/** A file output's value in a job's results. */
type FileLink = { href: string; type?: string };

export const TEST_BASE = 'http://styx.test/services/processing/';
export const quietLog = pino({ level: 'silent' });
const ADA_TOKEN = 'ada-token-123456';

/** A CSV served over HTTP on loopback (a file input's source), closed with `close`. */
export async function servedCsv(text: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => res.writeHead(200).end(text));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/series.csv`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The processing service in-process on a given backend (jobs in an in-memory PGlite, ada holding
 * the deploy scope), and a way to deploy one of the test CWL packages and run it to its end.
 */
export async function processingService(options: {
  backend: JobBackend;
  workDir: string;
  inputLocations: string[];
  publisher?: ResultPublisher;
  events?: JobEvents;
}): Promise<{
  app: FastifyInstance;
  runner: JobRunner;
  /** Deploys `package` as ada, runs it on `inputs`, waits for its end. */
  deployAndRun(pkg: string, inputs: Record<string, unknown>): Promise<Job>;
  results(jobId: string): Promise<Record<string, FileLink> & Record<string, FileLink[]>>;
  close(): Promise<void>;
}> {
  const db = await PGlite.create();
  const store = new JobStore(db);
  await store.migrate();
  const registry = new ProcessRegistry(db, BUILTIN_PROCESSES);
  await registry.load();
  const runner = new JobRunner({
    store,
    registry,
    maxUnfinishedPerUser: 4,
    pollMs: 200,
    log: quietLog,
    ...options,
  });
  const app = await buildProcessingApp({
    store,
    runner,
    baseUrl: TEST_BASE,
    staticTokens: [
      {
        token: ADA_TOKEN,
        identity: { kind: 'user', name: 'ada', admin: false, groups: [], scopes: [DEPLOY_SCOPE] },
      },
    ],
  });
  await runner.startPolling();
  const headers = { authorization: `token ${ADA_TOKEN}` };
  return {
    app,
    runner,
    deployAndRun: async (pkg, inputs) => {
      const deployed = await app.inject({
        method: 'POST',
        url: '/processes',
        headers: { ...headers, 'content-type': 'application/cwl+yaml' },
        payload: cwlFixture(pkg),
      });
      if (deployed.statusCode !== 201) throw new Error(`deploy: ${deployed.body}`);
      const id = pkg.replace(/\.cwl$/, '');
      const run = await app.inject({
        method: 'POST',
        url: `/processes/${id}/execution`,
        headers,
        payload: { inputs },
      });
      return runner.waitFor(run.json().jobID as string, 120_000);
    },
    results: async (jobId) =>
      (await app.inject({ method: 'GET', url: `/jobs/${jobId}/results`, headers })).json(),
    close: async () => {
      runner.stop();
      await app.close();
      await db.close();
    },
  };
}
