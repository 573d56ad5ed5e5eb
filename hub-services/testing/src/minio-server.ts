import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { waitForHttp } from './wait-for-http.js';

const MINIO_SH = fileURLToPath(new URL('../../../scripts/minio.sh', import.meta.url));

/**
 * A throw-away MinIO (scripts/minio.sh) on free loopback ports, stopped afterwards. A test that
 * stops it and starts it again (fault injection) passes the first one's port, folder and keys;
 * a folder it passes is its own, and is kept.
 */
export async function startMinio(
  reuse:
    | { port: number; dir: string; accessKeyId: string; secretAccessKey: string }
    | undefined = undefined,
): Promise<{
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}> {
  const dir = reuse?.dir ?? (await mkdtemp(join(tmpdir(), 'styx-minio-')));
  const port = reuse?.port ?? (await freePort());
  const accessKeyId = reuse?.accessKeyId ?? `styx-${randomBytes(4).toString('hex')}`;
  const secretAccessKey = reuse?.secretAccessKey ?? randomBytes(16).toString('hex');
  let output = '';
  const child = spawn('bash', [MINIO_SH, 'run'], {
    env: {
      ...process.env,
      STYX_MINIO_DIR: dir,
      STYX_MINIO_PORT: String(port),
      STYX_MINIO_CONSOLE_PORT: String(await freePort()),
      STYX_MINIO_USER: accessKeyId,
      STYX_MINIO_PASSWORD: secretAccessKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (!reuse) await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${endpoint}/minio/health/live`, {
      timeoutMs: 60_000,
      stillRunning: () => child.exitCode === null,
    });
  } catch (error) {
    await stop();
    throw new Error(`MinIO did not come up: ${(error as Error).message}\n${output}`);
  }
  return { endpoint, accessKeyId, secretAccessKey, stop };
}
