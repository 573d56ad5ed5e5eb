import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubConfigError, type HubServiceConfig, hubServiceFromEnv } from '@styx/hub-auth';
import { readEnvironment } from '@styx/hub-auth/environment';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { type KernelSpecConfig, KernelSpecConfigSchema } from './kernels/kernel-specs.js';
import { REGISTRATION_PATH } from './routes/registrations.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The gateway's environment, read once at its edge (server.ts). */
const EnvSchema = Type.Object({
  STYX_KERNELS_HOST: Type.String({ default: '127.0.0.1' }),
  STYX_KERNELS_PORT: Type.Integer({ default: 8085, minimum: 0, maximum: 65535 }),
  STYX_DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** The Python with ipykernel that local kernels run (the project virtualenv's by default). */
  STYX_KERNELS_PYTHON: Type.Optional(Type.String({ minLength: 1 })),
  /** A JSON list of kernel specs; unset: a local Python kernel, and podman's when an image is set. */
  STYX_KERNELS_SPECS_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** The notebook image podman kernels run in (it must have ipykernel). */
  STYX_KERNELS_PODMAN_IMAGE: Type.Optional(Type.String({ minLength: 1 })),
  /** Each user's home on this host (`{username}` replaced): bound into their container kernels. */
  STYX_KERNELS_HOMES_TEMPLATE: Type.Optional(Type.String({ pattern: '\\{username\\}' })),
  /** Folders of POSIX data users may mount (comma-separated); default: <data dir>/datasets. */
  STYX_KERNELS_DATA_ROOTS: Type.Optional(Type.String({ minLength: 1 })),
  /** The privileged mount helper as a command (`sudo -n /usr/local/libexec/styx-mount-helper`). */
  STYX_KERNELS_MOUNT_HELPER: Type.Optional(Type.String({ minLength: 1 })),
  /** rclone for S3 mounts; `off`: S3 data is offered through fsspec only. */
  STYX_KERNELS_RCLONE: Type.String({ default: 'rclone', minLength: 1 }),
  STYX_DOCKER_HOST: Type.Optional(Type.String({ pattern: '^(unix|tcp|http)://' })),
  /** Kernels as Slurm jobs: slurmrestd, and the cluster's JWT key to mint each user's token. */
  STYX_KERNELS_SLURM_URL: Type.Optional(Type.String({ format: 'uri' })),
  STYX_KERNELS_SLURM_JWT_KEY: Type.Optional(Type.String({ minLength: 1 })),
  /** The cluster account of a Hub user (`{username}` replaced); default: the same name. */
  STYX_KERNELS_SLURM_USER: Type.String({ default: '{username}', minLength: 1 }),
  STYX_KERNELS_SLURM_PARTITION: Type.Optional(Type.String({ minLength: 1 })),
  STYX_KERNELS_SLURM_TIME_LIMIT_MINUTES: Type.Optional(Type.Integer({ minimum: 1 })),
  /** The Python with ipykernel on the nodes, and the address kernels bind there. */
  STYX_KERNELS_SLURM_PYTHON: Type.Optional(Type.String({ minLength: 1 })),
  STYX_KERNELS_SLURM_BIND_IP: Type.String({ default: '127.0.0.1' }),
  /** A folder the nodes share with the gateway, for the jobs' output. */
  STYX_KERNELS_SLURM_LOG_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** Local kernels (processes beside the gateway); `off` where the gateway runs in a pod. */
  STYX_KERNELS_LOCAL: Type.Enum(['on', 'off'], { default: 'on' }),
  /** Kernels as pods: the namespace and the image. */
  STYX_KERNELS_K8S_NAMESPACE: Type.Optional(
    Type.String({ pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' }),
  ),
  STYX_KERNELS_K8S_IMAGE: Type.Optional(Type.String({ minLength: 1 })),
  /** A ConfigMap with the launcher; unset: the image's own (the Styx notebook image has it). */
  STYX_KERNELS_K8S_LAUNCHER_CONFIGMAP: Type.Optional(Type.String({ minLength: 1 })),
  STYX_KERNELS_K8S_IMAGE_PULL_POLICY: Type.Enum(['Never', 'IfNotPresent', 'Always'], {
    default: 'IfNotPresent',
  }),
  /** Each user's home claim (`{username}` replaced), as z2jh's KubeSpawner names it. */
  STYX_KERNELS_K8S_HOME_CLAIM: Type.Optional(Type.String({ minLength: 1 })),
  STYX_KERNELS_K8S_RUN_AS_USER: Type.Integer({ default: 1000, minimum: 1 }),
  /** How long a kernel may wait for resources (a queued job, an unscheduled pod). */
  STYX_KERNELS_QUEUE_TIMEOUT_S: Type.Number({ default: 1800, minimum: 1 }),
  /** Where launchers reach the gateway; default: its own listening address. */
  STYX_KERNELS_REGISTRATION_URL: Type.Optional(Type.String({ format: 'uri' })),
  STYX_KERNELS_LAUNCH_TIMEOUT_S: Type.Number({ default: 60, minimum: 1, maximum: 3600 }),
  /** Idle kernels are shut down after this long (0: never), checked every interval. */
  STYX_KERNELS_CULL_IDLE_S: Type.Number({ default: 0, minimum: 0 }),
  STYX_KERNELS_CULL_INTERVAL_S: Type.Number({ default: 60, minimum: 0.1 }),
  STYX_KERNELS_CULL_CONNECTED: Type.Boolean({ default: false }),
  STYX_KERNELS_CULL_BUSY: Type.Boolean({ default: false }),
  /** Without a Hub: one fixed token, standing for STYX_KERNELS_USER. */
  STYX_KERNELS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  STYX_KERNELS_USER: Type.String({ default: 'styx', minLength: 1 }),
  STYX_LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
});

export interface GatewayConfig {
  host: string;
  port: number;
  hub: HubServiceConfig | undefined;
  prefix: string;
  stateDir: string;
  python: string;
  launcherPath: string;
  registrationUrl: string;
  launchTimeoutMs: number;
  queueTimeoutMs: number;
  kubernetes:
    | {
        namespace: string;
        image: string;
        launcherConfigMap: string | undefined;
        homeClaim: string | undefined;
        runAsUser: number;
        imagePullPolicy: 'Never' | 'IfNotPresent' | 'Always';
      }
    | undefined;
  cull: { idleMs: number; intervalMs: number; connected: boolean; busy: boolean } | undefined;
  dockerHost: string;
  /** Container kernels, when an image is configured. */
  podman: { image: string } | undefined;
  homesTemplate: string;
  mounts: { dataRoots: string[]; helper: string[] | undefined; rclone: string | undefined };
  slurm:
    | {
        url: string;
        jwtKeyPath: string;
        userTemplate: string;
        partition: string | undefined;
        timeLimitMinutes: number | undefined;
        python: string;
        bindIp: string;
        logDir: string;
      }
    | undefined;
  specs: KernelSpecConfig[];
  /** Whether the local provisioner is offered at all. */
  local: boolean;
  staticToken: { token: string; user: string } | undefined;
  logLevel: Static<typeof EnvSchema>['STYX_LOG_LEVEL'];
}

export class GatewayConfigError extends Error {}

export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  const v = readEnvironment(EnvSchema, env, (message) => new GatewayConfigError(message));
  let hub: HubServiceConfig | undefined;
  try {
    hub = hubServiceFromEnv(env);
  } catch (error) {
    if (error instanceof HubConfigError) throw new GatewayConfigError(error.message);
    throw error;
  }
  if (!hub && !v.STYX_KERNELS_TOKEN) {
    throw new GatewayConfigError(
      'without a JupyterHub (JUPYTERHUB_SERVICE_NAME), set STYX_KERNELS_TOKEN: the gateway never runs kernels for anonymous callers',
    );
  }
  const host = hub?.listen?.host ?? v.STYX_KERNELS_HOST;
  const port = hub?.listen?.port ?? v.STYX_KERNELS_PORT;
  const prefix = hub?.prefix ?? '/';
  const dataDir = resolve(v.STYX_DATA_DIR ?? join(homedir(), '.local', 'share', 'styx'));
  const python = v.STYX_KERNELS_PYTHON ?? join(ROOT, '.venv', 'bin', 'python');
  return {
    host,
    port,
    hub,
    prefix,
    stateDir: join(dataDir, 'kernels'),
    python,
    launcherPath: join(ROOT, 'kernels-gateway', 'launcher', 'styx_kernel_launcher.py'),
    registrationUrl:
      v.STYX_KERNELS_REGISTRATION_URL ??
      `http://${host.includes(':') ? `[${host}]` : host}:${port}${prefix}${REGISTRATION_PATH}`,
    launchTimeoutMs: v.STYX_KERNELS_LAUNCH_TIMEOUT_S * 1000,
    queueTimeoutMs: v.STYX_KERNELS_QUEUE_TIMEOUT_S * 1000,
    kubernetes: kubernetesConfig(v),
    cull:
      v.STYX_KERNELS_CULL_IDLE_S > 0
        ? {
            idleMs: v.STYX_KERNELS_CULL_IDLE_S * 1000,
            intervalMs: v.STYX_KERNELS_CULL_INTERVAL_S * 1000,
            connected: v.STYX_KERNELS_CULL_CONNECTED,
            busy: v.STYX_KERNELS_CULL_BUSY,
          }
        : undefined,
    podman: v.STYX_KERNELS_PODMAN_IMAGE ? { image: v.STYX_KERNELS_PODMAN_IMAGE } : undefined,
    // The Hub's homes by default (jupyterhub_config.py: <data dir>/homes/{username}).
    homesTemplate: v.STYX_KERNELS_HOMES_TEMPLATE ?? join(dataDir, 'homes', '{username}'),
    mounts: {
      dataRoots: (v.STYX_KERNELS_DATA_ROOTS ?? join(dataDir, 'datasets'))
        .split(',')
        .map((root) => resolve(root.trim()))
        .filter(Boolean),
      helper: v.STYX_KERNELS_MOUNT_HELPER?.split(/\s+/).filter(Boolean),
      rclone: v.STYX_KERNELS_RCLONE === 'off' ? undefined : v.STYX_KERNELS_RCLONE,
    },
    slurm: slurmConfig(v, python, join(dataDir, 'kernels', 'slurm-logs')),
    dockerHost: v.STYX_DOCKER_HOST ?? `unix://${join(ROOT, '.styx', 'podman', 'podman.sock')}`,
    local: v.STYX_KERNELS_LOCAL === 'on',
    specs: v.STYX_KERNELS_SPECS_FILE
      ? readSpecs(v.STYX_KERNELS_SPECS_FILE)
      : defaultSpecs(v, python),
    staticToken: v.STYX_KERNELS_TOKEN
      ? { token: v.STYX_KERNELS_TOKEN, user: v.STYX_KERNELS_USER }
      : undefined,
    logLevel: v.STYX_LOG_LEVEL,
  };
}

function kubernetesConfig(v: Static<typeof EnvSchema>): GatewayConfig['kubernetes'] {
  if (!v.STYX_KERNELS_K8S_NAMESPACE) return undefined;
  if (!v.STYX_KERNELS_K8S_IMAGE) {
    throw new GatewayConfigError(
      'STYX_KERNELS_K8S_NAMESPACE needs STYX_KERNELS_K8S_IMAGE (the notebook image)',
    );
  }
  return {
    namespace: v.STYX_KERNELS_K8S_NAMESPACE,
    image: v.STYX_KERNELS_K8S_IMAGE,
    launcherConfigMap: v.STYX_KERNELS_K8S_LAUNCHER_CONFIGMAP,
    homeClaim: v.STYX_KERNELS_K8S_HOME_CLAIM,
    runAsUser: v.STYX_KERNELS_K8S_RUN_AS_USER,
    imagePullPolicy: v.STYX_KERNELS_K8S_IMAGE_PULL_POLICY,
  };
}

function slurmConfig(
  v: Static<typeof EnvSchema>,
  python: string,
  logDir: string,
): GatewayConfig['slurm'] {
  if (!v.STYX_KERNELS_SLURM_URL) return undefined;
  if (!v.STYX_KERNELS_SLURM_JWT_KEY) {
    throw new GatewayConfigError(
      'STYX_KERNELS_SLURM_URL needs STYX_KERNELS_SLURM_JWT_KEY (the cluster JWT key file)',
    );
  }
  const url = v.STYX_KERNELS_SLURM_URL;
  return {
    url: url.endsWith('/') ? url : `${url}/`,
    jwtKeyPath: v.STYX_KERNELS_SLURM_JWT_KEY,
    userTemplate: v.STYX_KERNELS_SLURM_USER,
    partition: v.STYX_KERNELS_SLURM_PARTITION,
    timeLimitMinutes: v.STYX_KERNELS_SLURM_TIME_LIMIT_MINUTES,
    python: v.STYX_KERNELS_SLURM_PYTHON ?? python,
    bindIp: v.STYX_KERNELS_SLURM_BIND_IP,
    logDir: v.STYX_KERNELS_SLURM_LOG_DIR ?? logDir,
  };
}

/** ipykernel's own logos, found next to the Python that runs the kernels. */
function pythonResources(python: string): string | undefined {
  const dir = resolve(python, '..', '..', 'share', 'jupyter', 'kernels', 'python3');
  return existsSync(dir) ? dir : undefined;
}

function defaultSpecs(v: Static<typeof EnvSchema>, python: string): KernelSpecConfig[] {
  const resourcesDir = pythonResources(python);
  const spec = (
    name: string,
    displayName: string,
    provisioner: string,
    interruptMode: 'signal' | 'message',
    config: Record<string, unknown> = {},
  ): KernelSpecConfig => ({
    name,
    displayName,
    language: 'python',
    provisioner,
    config,
    interruptMode,
    env: {},
    ...(resourcesDir ? { resourcesDir } : {}),
  });
  const specs: KernelSpecConfig[] = [];
  if (v.STYX_KERNELS_LOCAL === 'on')
    specs.push(spec('python3', 'Python 3 (local)', 'local', 'signal'));
  if (v.STYX_KERNELS_PODMAN_IMAGE) {
    specs.push(
      spec('python3-podman', 'Python 3 (container)', 'podman', 'signal', {
        image: v.STYX_KERNELS_PODMAN_IMAGE,
      }),
    );
  }
  // Neither Kubernetes nor slurmrestd can signal the kernel's process (slurmrestd's signals reach
  // job steps, not the batch script): those kernels are asked to interrupt themselves.
  if (v.STYX_KERNELS_K8S_NAMESPACE) {
    specs.push(spec('python3-kubernetes', 'Python 3 (Kubernetes pod)', 'kubernetes', 'message'));
  }
  if (v.STYX_KERNELS_SLURM_URL)
    specs.push(spec('python3-slurm', 'Python 3 (HPC, Slurm)', 'slurm', 'message'));
  return specs;
}

function readSpecs(path: string): KernelSpecConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new GatewayConfigError(`STYX_KERNELS_SPECS_FILE ${path}: ${(error as Error).message}`);
  }
  const list = Type.Array(KernelSpecConfigSchema, { minItems: 1 });
  const filled = Value.Default(list, parsed);
  const errors = [...Value.Errors(list, filled)];
  if (errors.length > 0) {
    throw new GatewayConfigError(
      `STYX_KERNELS_SPECS_FILE ${path}:\n  ${errors.map((e) => `${e.instancePath || '(root)'}: ${e.message}`).join('\n  ')}`,
    );
  }
  return filled as KernelSpecConfig[];
}
