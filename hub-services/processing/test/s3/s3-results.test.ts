import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startMinio, startPodmanService } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerBackend } from '../../src/backends/docker/docker-backend.js';
import { mediaTypeOf } from '../../src/results/media-types.js';
import { StoringResultPublisher } from '../../src/results/result-publisher.js';
import { ResultStorageError, S3ResultStorage } from '../../src/results/s3-result-storage.js';
import {
  processingService,
  quietLog,
  servedCsv,
  TEST_BASE,
} from '../support/processing-service.js';

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

  it('uploads a tree of files, any name and size, and they read back byte for byte', async () => {
    const tree: Record<string, Buffer> = {
      'summary.json': Buffer.from('{"reaches":3}'),
      'maps/level é 1.tif': Buffer.from('II*\0 not really a tiff'),
      // Larger than one socket write and than the SDK's 5 MiB part size.
      'series/deep/levels.nc': randomBytes(6 * 1024 * 1024 + 17),
    };
    const store = storage({ bucket: 'styx-tree' });
    for (const [path, content] of Object.entries(tree)) {
      const local = join(dir, 'tree', ...path.split('/'));
      await mkdir(dirname(local), { recursive: true });
      await writeFile(local, content);
      const stored = await store.put(`ada/job-2/${path}`, local, mediaTypeOf(path));
      expect(stored.size).toBe(content.length);
      expect(stored.checksum).toBe(`1220${createHash('sha256').update(content).digest('hex')}`);
      expect(stored.href).toBe(
        `${minio.endpoint}/styx-tree/jobs/ada/job-2/${path.split('/').map(encodeURIComponent).join('/')}`,
      );
      const got = await s3.send(
        new GetObjectCommand({ Bucket: 'styx-tree', Key: `jobs/ada/job-2/${path}` }),
      );
      expect(got.ContentType).toBe(mediaTypeOf(path));
      expect(got.ContentLength).toBe(content.length);
      expect(Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(content)).toBe(
        true,
      );
    }
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: 'styx-tree', Prefix: 'jobs/ada/job-2/' }),
    );
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(
      Object.keys(tree)
        .map((p) => `jobs/ada/job-2/${p}`)
        .sort(),
    );
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
    const csv = await servedCsv('date,water_level_m\n2024-01-01,1\n2024-01-02,3\n');
    const service = await processingService({
      backend: DockerBackend.connect(podman.host),
      publisher: new StoringResultPublisher({
        storage: storage(),
        processingUrl: TEST_BASE,
        log: quietLog,
      }),
      workDir: join(dir, 'jobs'),
      inputLocations: [csv.url],
    });
    try {
      const job = await service.deployAndRun('series-summary.cwl', { series: csv.url });
      expect(job.status, job.message ?? '').toBe('successful');
      const results = await service.results(job.id);
      expect(results.counts?.href).toBe(
        `${minio.endpoint}/styx-results/jobs/ada/${job.id}/counts.json`,
      );
      expect(results.values?.map((v: { href: string }) => v.href.split('/').pop())).toEqual([
        'value-00.txt',
        'value-01.txt',
      ]);
      const counts = await object(`jobs/ada/${job.id}/counts.json`);
      expect(counts.type).toBe('application/json');
      expect(JSON.parse(counts.text ?? '')).toMatchObject({ rows: 2, values: 2 });
      expect((await object(`jobs/ada/${job.id}/report/plots/levels.csv`)).text).toBe('1.0\n3.0');
    } finally {
      await service.close();
      await csv.close();
      await podman.stop();
    }
  });
});
