import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, VENV_BIN, waitForHttp } from '@styx/testing';

export interface JupyterServer {
  url: string;
  token: string;
  rootDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * A real Jupyter Server from the project virtualenv. With `gateway`, in gateway mode
 * (`--GatewayClient.url`): every kernel it offers and runs comes from that gateway, which it
 * calls with `auth_token` as a user's server would call the Styx gateway with its Hub token.
 */
export async function startJupyterServer(
  options: { gateway?: { url: string; token: string }; rootDir?: string } = {},
): Promise<JupyterServer> {
  const port = await freePort();
  const token = `server-${Math.random().toString(36).slice(2)}-token`;
  const home = mkdtempSync(join(tmpdir(), 'styx-jupyter-'));
  const rootDir = options.rootDir ?? home;
  const args = [
    '--no-browser',
    `--ServerApp.ip=127.0.0.1`,
    `--ServerApp.port=${port}`,
    '--ServerApp.port_retries=0',
    // CI runs as root.
    '--ServerApp.allow_root=True',
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${rootDir}`,
    ...(options.gateway
      ? [
          `--GatewayClient.url=${options.gateway.url.replace(/\/$/, '')}`,
          '--GatewayClient.request_timeout=90',
        ]
      : []),
  ];
  let output = '';
  const child: ChildProcess = spawn(join(VENV_BIN, 'jupyter-server'), args, {
    env: {
      PATH: `${VENV_BIN}:${process.env.PATH ?? ''}`,
      HOME: home,
      JUPYTER_CONFIG_DIR: join(home, '.jupyter'),
      JUPYTER_RUNTIME_DIR: join(home, 'runtime'),
      JUPYTER_DATA_DIR: join(home, 'data'),
      // The token travels in the environment, as a Hub-spawned server's would.
      ...(options.gateway ? { JUPYTER_GATEWAY_AUTH_TOKEN: options.gateway.token } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitForHttp(`${url}api/status?token=${token}`, {
    timeoutMs: 60_000,
    stillRunning: () => child.exitCode === null,
    what: 'jupyter-server',
  }).catch((error: Error) => {
    throw new Error(`${error.message}\n${output}`);
  });
  return {
    url,
    token,
    rootDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
