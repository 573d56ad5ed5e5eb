import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForHttp } from '@styx/testing';

const CATALOG_DIR = fileURLToPath(new URL('../../../../catalog-api/', import.meta.url));

/**
 * The real catalog as it runs standalone (catalog-api/src/server.ts: PgSTAC embedded in PGlite,
 * no demo data, one write token), on a free loopback port with a throw-away data folder.
 */
export async function startStandaloneCatalog(): Promise<{
  url: string;
  writeToken: string;
  stop(): Promise<void>;
}> {
  const dataDir = await mkdtemp(join(tmpdir(), 'styx-catalog-'));
  const port = await freePort();
  const writeToken = randomBytes(16).toString('hex');
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: CATALOG_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dataDir,
      STYX_DATA_DIR: dataDir,
      STYX_CATALOG_PORT: String(port),
      STYX_CATALOG_WRITE_TOKEN: writeToken,
      STYX_DEMO: 'off',
      STYX_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (c: Buffer) => {
    output += c.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(url, {
      timeoutMs: 180_000,
      stillRunning: () => child.exitCode === null,
      what: 'the standalone catalog',
    });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { url, writeToken, stop };
}
