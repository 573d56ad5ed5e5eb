import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MINIO_SH = fileURLToPath(new URL('../../../../scripts/minio.sh', import.meta.url));

/** scripts/minio.sh start|env|stop, as a developer uses it, in a folder and on ports of its own. */
describe('scripts/minio.sh', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const script = (command: string) => run('bash', [MINIO_SH, command], { env });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'styx-minio-sh-'));
    env = {
      ...process.env,
      STYX_MINIO_DIR: dir,
      STYX_MINIO_PORT: String(await freePort()),
      STYX_MINIO_CONSOLE_PORT: String(await freePort()),
      STYX_MINIO_USER: '',
      STYX_MINIO_PASSWORD: '',
    };
  });
  afterAll(async () => {
    await script('stop').catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });

  it('starts a live server with generated credentials that env prints, and stops it', async () => {
    await script('start');
    const health = `http://127.0.0.1:${env.STYX_MINIO_PORT}/minio/health/live`;
    expect((await fetch(health)).status).toBe(200);
    expect((await stat(join(dir, 'credentials'))).mode & 0o777).toBe(0o600);

    // A second start finds it running and leaves it be.
    expect((await script('start')).stdout).toContain('already running');

    const vars = Object.fromEntries(
      [...(await script('env')).stdout.matchAll(/(STYX_\w+)=(\S+)/g)].map((m) => [m[1], m[2]]),
    );
    expect(vars.STYX_RESULTS_S3_ENDPOINT).toBe(`http://127.0.0.1:${env.STYX_MINIO_PORT}`);
    expect(await readFile(join(dir, 'credentials'), 'utf8')).toContain(
      `password=${vars.STYX_RESULTS_S3_SECRET_ACCESS_KEY}`,
    );
    const s3 = new S3Client({
      endpoint: vars.STYX_RESULTS_S3_ENDPOINT,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: {
        accessKeyId: vars.STYX_RESULTS_S3_ACCESS_KEY_ID as string,
        secretAccessKey: vars.STYX_RESULTS_S3_SECRET_ACCESS_KEY as string,
      },
    });
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    s3.destroy();

    const pid = Number(await readFile(join(dir, 'minio.pid'), 'utf8'));
    await script('stop');
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(fetch(health)).rejects.toThrow();
    // Stopping what is not running is fine.
    await script('stop');
  });
});
