import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { waitForHttp } from './wait-for-http.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const HUB_CONFIG = join(ROOT, 'hub-services', 'jupyterhub', 'jupyterhub_config.py');
export const VENV_BIN = join(ROOT, '.venv', 'bin');

export interface LocalHub {
  /** The public URL, ending with '/': `http://127.0.0.1:<port>/`. */
  url: string;
  /** The dev admin service's token (STYX_DEV_ADMIN_TOKEN): Hub REST API as admin. */
  adminToken: string;
  devPassword: string;
  dataDir: string;
  /** The Hub's log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real Styx JupyterHub (hub-services/jupyterhub/jupyterhub_config.py) from the
 * project virtualenv on free loopback ports with a throw-away data folder, and waits until the
 * Hub and its services (the catalog unless told otherwise) answer through the proxy.
 */
export async function startLocalHub(
  options: { env?: Record<string, string>; timeoutMs?: number; services?: string[] } = {},
): Promise<LocalHub> {
  const dataDir = await mkdtemp(join(tmpdir(), 'styx-hub-'));
  const [hubPort, apiPort, proxyApiPort, catalogPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const adminToken = randomBytes(24).toString('hex');
  const devPassword = `dev-${randomBytes(6).toString('hex')}`;
  const url = `http://127.0.0.1:${hubPort}/`;
  let output = '';
  const child: ChildProcess = spawn(join(VENV_BIN, 'jupyterhub'), ['-f', HUB_CONFIG], {
    cwd: dataDir,
    env: {
      PATH: `${VENV_BIN}:${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? dataDir,
      LANG: process.env.LANG ?? 'C.UTF-8',
      STYX_DATA_DIR: dataDir,
      STYX_HUB_PORT: String(hubPort),
      STYX_HUB_API_PORT: String(apiPort),
      STYX_PROXY_API_PORT: String(proxyApiPort),
      STYX_CATALOG_PORT: String(catalogPort),
      STYX_DEV_ADMIN_TOKEN: adminToken,
      STYX_DEV_PASSWORD: devPassword,
      STYX_DEMO: 'off',
      STYX_PROCESSING: 'off',
      STYX_KERNELS: 'off',
      STYX_HEALTH: 'off',
      STYX_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const killGroup = () => {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // the group is gone already
    }
  };
  const stop = async () => {
    if (running()) {
      // JupyterHub stops the proxy, its managed services and the users' servers on SIGTERM.
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 20_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    // A Hub that died (or would not stop) leaves its proxy and services: none may outlive it.
    killGroup();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const timeoutMs = options.timeoutMs ?? 180_000;
    await waitForHttp(`${url}hub/api/`, { timeoutMs, stillRunning: running, what: 'JupyterHub' });
    for (const service of options.services ?? ['catalog']) {
      await waitForHttp(`${url}services/${service}/`, {
        timeoutMs,
        stillRunning: running,
        what: `the ${service} service behind the Hub`,
      });
    }
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- JupyterHub log ---\n${output.slice(-6000)}`);
  }
  return { url, adminToken, devPassword, dataDir, log: () => output, stop };
}
