import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { PGlite } from '@electric-sql/pglite';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingApp } from '../../src/processing/app.js';
import { DockerBackend } from '../../src/processing/backends/docker/docker-backend.js';
import { JobRunner } from '../../src/processing/jobs/job-runner.js';
import { JobStore } from '../../src/processing/jobs/job-store.js';
import { DEPLOY_SCOPE } from '../../src/processing/ogc.js';
import { BUILTIN_PROCESSES } from '../../src/processing/processes/index.js';
import { ProcessRegistry } from '../../src/processing/processes/process-registry.js';
import { StoringResultPublisher } from '../../src/processing/results/result-publisher.js';
import {
  ResultStorageError,
  S3ResultStorage,
} from '../../src/processing/results/s3-result-storage.js';
import { startMinio, startPodmanService } from '../../src/testing/index.js';
import { cwlFixture } from '../support/cwl-corpus.js';

const BASE = 'http://styx.test/services/processing/';

/** Results in a real S3 server: MinIO, built from its Go module by the set-up. */
describe('results in S3 (MinIO)', () => {
  let minio: Awaited<ReturnType<typeof startMinio>>;
  let dir: string;
  let s3: S3Client;
  const storage = (overrides: Partial<ConstructorParameters<typeof S3ResultStorage>[0]> = {}) =>
    new S3ResultStorage({
      endpoint: minio.endpoint,
      region: 'us-east-1',
      bucket: 'styx-results',
      prefix: 'jobs/',
      accessKeyId: minio.accessKeyId,
      secretAccessKey: minio.secretAccessKey,
      createBucket: true,
      ...overrides,
    });
  const object = async (key: string) => {
    const got = await s3.send(new GetObjectCommand({ Bucket: 'styx-results', Key: key }));
    return { text: await got.Body?.transformToString(), type: got.ContentType };
  };

  beforeAll(async () => {
    minio = await startMinio();
    dir = await mkdtemp(join(tmpdir(), 'styx-s3-'));
    s3 = new S3Client({
      endpoint: minio.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: minio.accessKeyId, secretAccessKey: minio.secretAccessKey },
    });
  });
  afterAll(async () => {
    await minio?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the bucket and uploads files with their type, size and checksum', async () => {
    const path = join(dir, 'levels.csv');
    const text = 'date,level\n2024-01-01,2.5\n';
    await writeFile(path, text);
    const stored = await storage().put('ada/job-1/out/levels.csv', path, 'text/csv');
    expect(stored).toEqual({
      href: `${minio.endpoint}/styx-results/jobs/ada/job-1/out/levels.csv`,
      alternate: { name: 's3', href: 's3://styx-results/jobs/ada/job-1/out/levels.csv' },
      size: text.length,
      checksum: `1220${createHash('sha256').update(text).digest('hex')}`,
    });
    expect(await object('jobs/ada/job-1/out/levels.csv')).toEqual({ text, type: 'text/csv' });

    await storage().removeJob('ada', 'job-1');
    const left = await s3.send(
      new ListObjectsV2Command({ Bucket: 'styx-results', Prefix: 'jobs/ada/' }),
    );
    expect(left.Contents ?? []).toEqual([]);
  });

  it('says clearly when the credentials are wrong, and when the bucket is missing', async () => {
    const path = join(dir, 'x.txt');
    await writeFile(path, 'x');
    const wrong = storage({ secretAccessKey: 'not-the-secret', bucket: 'other-bucket' });
    const error = await wrong.put('ada/j/x.txt', path, 'text/plain').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResultStorageError);
    expect((error as Error).message).toMatch(
      /could not reach the bucket in s3:\/\/other-bucket .*HTTP 403/,
    );
    const missing = storage({ bucket: 'never-created', createBucket: false });
    await expect(missing.put('ada/j/x.txt', path, 'text/plain')).rejects.toThrow(/HTTP 404/);
  });

  it('keeps the outputs of a CWL process run on podman in the bucket', async () => {
    const podman = await startPodmanService();
    const files: Server = createServer((_req, res) =>
      res.writeHead(200).end('date,water_level_m\n2024-01-01,1\n2024-01-02,3\n'),
    );
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    const csv = `http://127.0.0.1:${(files.address() as AddressInfo).port}/g.csv`;
    const db = await PGlite.create();
    const store = new JobStore(db);
    await store.migrate();
    const registry = new ProcessRegistry(db, BUILTIN_PROCESSES);
    await registry.load();
    const log = pino({ level: 'silent' });
    const runner = new JobRunner({
      store,
      backend: DockerBackend.connect(podman.host),
      registry,
      publisher: new StoringResultPublisher({ storage: storage(), processingUrl: BASE, log }),
      workDir: join(dir, 'jobs'),
      maxUnfinishedPerUser: 4,
      inputLocations: [csv],
      pollMs: 200,
      log,
    });
    const identity = {
      kind: 'user' as const,
      name: 'ada',
      admin: false,
      groups: [],
      scopes: [DEPLOY_SCOPE],
    };
    const app = await buildProcessingApp({
      store,
      runner,
      baseUrl: BASE,
      staticTokens: [{ token: 'ada-token-123456', identity }],
    });
    await runner.startPolling();
    try {
      const headers = { authorization: 'token ada-token-123456' };
      const deployed = await app.inject({
        method: 'POST',
        url: '/processes',
        headers: { ...headers, 'content-type': 'application/cwl+yaml' },
        payload: cwlFixture('series-summary.cwl'),
      });
      expect(deployed.statusCode).toBe(201);
      const run = await app.inject({
        method: 'POST',
        url: '/processes/series-summary/execution',
        headers,
        payload: { inputs: { series: csv } },
      });
      const jobId = run.json().jobID as string;
      const job = await runner.waitFor(jobId, 60_000);
      expect(job.status, job.message ?? '').toBe('successful');
      const results = (
        await app.inject({ method: 'GET', url: `/jobs/${jobId}/results`, headers })
      ).json();
      expect(results.counts.href).toBe(
        `${minio.endpoint}/styx-results/jobs/ada/${jobId}/counts.json`,
      );
      expect(results.values.map((v: { href: string }) => v.href.split('/').pop())).toEqual([
        'value-00.txt',
        'value-01.txt',
      ]);
      const counts = await object(`jobs/ada/${jobId}/counts.json`);
      expect(counts.type).toBe('application/json');
      expect(JSON.parse(counts.text ?? '')).toMatchObject({ rows: 2, values: 2 });
      expect((await object(`jobs/ada/${jobId}/report/plots/levels.csv`)).text).toBe('1.0\n3.0');
    } finally {
      runner.stop();
      await app.close();
      await db.close();
      await new Promise((resolve) => files.close(resolve));
      await podman.stop();
    }
  });
});
