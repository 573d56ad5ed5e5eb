import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServerConnection } from '@jupyterlab/services';
import { VENV_BIN } from '@styx/testing';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import WebSocket from 'ws';
import { buildGatewayApp } from '../../src/app.js';
import { KernelService } from '../../src/kernels/kernel-service.js';
import { type KernelSpecConfig, KernelSpecs } from '../../src/kernels/kernel-specs.js';
import { KernelStore } from '../../src/kernels/kernel-store.js';
import { Registrations } from '../../src/kernels/registrations.js';
import type { MountService } from '../../src/mounts/mount-service.js';
import { LocalProvisioner } from '../../src/provisioners/local-provisioner.js';
import type { KernelProvisioner } from '../../src/provisioners/provisioner.js';
import { REGISTRATION_PATH } from '../../src/routes/registrations.js';

export const LAUNCHER = fileURLToPath(
  new URL('../../launcher/styx_kernel_launcher.py', import.meta.url),
);
export const PYTHON = join(VENV_BIN, 'python');

export const USERS = {
  alice: { token: 'alice-token-0123456789', name: 'alice' },
  bob: { token: 'bob-token-0123456789ab', name: 'bob' },
} as const;

export const LOCAL_SPEC: KernelSpecConfig = {
  name: 'python3',
  displayName: 'Python 3 (local)',
  language: 'python',
  provisioner: 'local',
  config: {},
  interruptMode: 'signal',
  env: {},
};

export interface TestGateway {
  url: string;
  app: FastifyInstance;
  kernels: KernelService;
  stateDir: string;
  /** Closes the server; the kernels keep running unless `shutdownKernels`. */
  close(options?: { shutdownKernels?: boolean }): Promise<void>;
}

/**
 * The gateway in this process on a free loopback port, with the local provisioner running the
 * real launcher and ipykernel from the project virtualenv. Tokens for alice and bob.
 */
export async function startGateway(
  options: {
    specs?: KernelSpecConfig[];
    provisioners?: KernelProvisioner[];
    stateDir?: string;
    launchTimeoutMs?: number;
    queueTimeoutMs?: number;
    mounts?: MountService;
  } = {},
): Promise<TestGateway> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'styx-kernels-'));
  const log = pino({ level: process.env.STYX_TEST_LOG ?? 'silent' });
  const provisioners = new Map<string, KernelProvisioner>();
  provisioners.set(
    'local',
    new LocalProvisioner({
      python: PYTHON,
      launcherPath: LAUNCHER,
      logDir: join(stateDir, 'logs'),
    }),
  );
  for (const p of options.provisioners ?? []) provisioners.set(p.kind, p);
  const specs = new KernelSpecs(
    options.specs ?? [LOCAL_SPEC],
    (kind) => provisioners.get(kind)?.describe() ?? kind,
  );
  const registrations = new Registrations();
  // The port is known only after listen: the registration URL is read lazily through a holder.
  const holder = { url: '' };
  const kernels = new KernelService({
    specs,
    provisioners,
    store: new KernelStore(join(stateDir, 'records')),
    registrations,
    get registrationUrl() {
      return `${holder.url}${REGISTRATION_PATH}`;
    },
    launchTimeoutMs: options.launchTimeoutMs ?? 60_000,
    ...(options.queueTimeoutMs ? { queueTimeoutMs: options.queueTimeoutMs } : {}),
    shutdownGraceMs: 3_000,
    baseEnvironment: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
    },
    log,
  });
  const app = await buildGatewayApp({
    ...(options.mounts ? { mounts: options.mounts } : {}),
    kernels,
    specs,
    registrations,
    staticTokens: Object.values(USERS).map((u) => ({
      token: u.token,
      identity: { kind: 'user', name: u.name, admin: false, groups: [], scopes: [] },
    })),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  holder.url = `http://127.0.0.1:${port}/`;
  await kernels.restore();
  return {
    url: holder.url,
    app,
    kernels,
    stateDir,
    async close({ shutdownKernels = true } = {}) {
      if (shutdownKernels) await kernels.shutdownAll();
      await app.close();
      kernels.close();
      if (shutdownKernels && !options.stateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * JupyterLab's own client settings for a server: the token in the Authorization header on
 * REST and on the websocket (the `ws` package lets Node set it; a browser would use a cookie).
 */
export function clientSettings(url: string, token: string): ServerConnection.ISettings {
  class AuthorizedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { Authorization: `token ${token}` } });
    }
  }
  return ServerConnection.makeSettings({
    baseUrl: url,
    wsUrl: url.replace(/^http/, 'ws'),
    token,
    appendToken: false,
    WebSocket: AuthorizedWebSocket as unknown as typeof globalThis.WebSocket,
  });
}
