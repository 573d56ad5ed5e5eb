import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubConfigError, type HubServiceConfig, hubServiceFromEnv } from '@styx/hub-auth';
import { readEnvironment } from '@styx/hub-auth/environment';
import { type Static, Type } from 'typebox';
import type { ContainerRuntime } from './backends/slurm/sbatch-script.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The processing service's environment, read once at its edge (server.ts). */
const EnvSchema = Type.Object({
  STYX_PROCESSING_HOST: Type.String({ default: '127.0.0.1' }),
  STYX_PROCESSING_PORT: Type.Integer({ default: 8084, minimum: 0, maximum: 65535 }),
  STYX_PROCESSING_PUBLIC_URL: Type.Optional(Type.String({ format: 'uri' })),
  /** PostgreSQL for the jobs; unset: PGlite under STYX_DATA_DIR. */
  STYX_PROCESSING_DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  STYX_DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** Where jobs run: a Docker-compatible API (podman's by default) or a Slurm cluster. */
  STYX_PROCESSING_BACKEND: Type.Enum(['docker', 'slurm', 'kubernetes'], { default: 'docker' }),
  /** Kubernetes: the namespace jobs run in, the claim shared with this service's work folder. */
  STYX_K8S_NAMESPACE: Type.Optional(Type.String({ pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' })),
  STYX_K8S_WORK_CLAIM: Type.Optional(Type.String({ minLength: 1 })),
  STYX_K8S_IMAGE_PULL_POLICY: Type.Enum(['Never', 'IfNotPresent', 'Always'], {
    default: 'IfNotPresent',
  }),
  STYX_K8S_RUN_AS_USER: Type.Optional(Type.Integer({ minimum: 1 })),
  STYX_K8S_TTL_SECONDS: Type.Integer({ default: 86_400, minimum: 0 }),
  STYX_SLURM_URL: Type.Optional(Type.String({ format: 'uri' })),
  STYX_SLURM_USER: Type.Optional(Type.String({ minLength: 1 })),
  STYX_SLURM_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  STYX_SLURM_JWT_KEY: Type.Optional(Type.String({ minLength: 1 })),
  STYX_SLURM_PARTITION: Type.Optional(Type.String({ minLength: 1 })),
  STYX_SLURM_RUNTIME: Type.Enum(['apptainer', 'singularity', 'podman'], { default: 'apptainer' }),
  STYX_SLURM_IMAGE_DIR: Type.Optional(Type.String({ minLength: 1 })),
  STYX_SLURM_TIME_LIMIT_MINUTES: Type.Optional(Type.Integer({ minimum: 1 })),
  /** A Docker-compatible API: podman's socket from scripts/podman.sh by default. */
  STYX_DOCKER_HOST: Type.Optional(Type.String({ pattern: '^(unix|tcp|http)://' })),
  /** Comma-separated URL prefixes file inputs may come from, besides the Hub's catalog. */
  STYX_PROCESSING_INPUT_LOCATIONS: Type.Optional(Type.String()),
  STYX_PROCESSING_MAX_JOBS_PER_USER: Type.Integer({ default: 4, minimum: 1, maximum: 1000 }),
  /** Where job results are registered as STAC items; default: the Hub's catalog. */
  STYX_PROCESSING_CATALOG_URL: Type.Optional(Type.String({ format: 'uri' })),
  /** A token with the catalog's write scope; under the Hub, the service's own token. */
  STYX_PROCESSING_CATALOG_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  JUPYTERHUB_API_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  /** Job events on AMQP (RabbitMQ): off unless a URL is given. */
  STYX_PROCESSING_AMQP_URL: Type.Optional(Type.String({ pattern: '^amqps?://' })),
  STYX_PROCESSING_AMQP_EXCHANGE: Type.String({ default: 'styx.jobs', minLength: 1 }),
  /** Where output files go: a local folder (default) or an S3 bucket. */
  STYX_RESULTS_STORAGE: Type.Enum(['posix', 's3'], { default: 'posix' }),
  STYX_RESULTS_DIR: Type.Optional(Type.String({ minLength: 1 })),
  STYX_RESULTS_S3_ENDPOINT: Type.Optional(Type.String({ format: 'uri' })),
  STYX_RESULTS_S3_REGION: Type.String({ default: 'us-east-1' }),
  STYX_RESULTS_S3_BUCKET: Type.String({
    default: 'styx-results',
    pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
  }),
  STYX_RESULTS_S3_PREFIX: Type.String({ default: '' }),
  STYX_RESULTS_S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  STYX_RESULTS_S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  STYX_RESULTS_S3_PUBLIC_URL: Type.Optional(Type.String({ format: 'uri' })),
  STYX_LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
});

export interface ProcessingConfig {
  host: string;
  port: number;
  publicUrl: string;
  hub: HubServiceConfig | undefined;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  workDir: string;
  backend:
    | { kind: 'docker'; host: string }
    | {
        kind: 'slurm';
        url: string;
        user: string;
        token: string | undefined;
        jwtKeyPath: string | undefined;
        partition: string | undefined;
        runtime: ContainerRuntime;
        timeLimitMinutes: number | undefined;
      }
    | {
        kind: 'kubernetes';
        namespace: string;
        workClaim: string;
        imagePullPolicy: 'Never' | 'IfNotPresent' | 'Always';
        runAsUser: number | undefined;
        ttlSecondsAfterFinished: number;
      };
  maxUnfinishedPerUser: number;
  inputLocations: string[];
  amqp: { url: string; exchange: string } | undefined;
  /** Where results are registered; none: stored only. */
  catalog: { url: string; token: string } | undefined;
  results:
    | { kind: 'posix'; dir: string }
    | {
        kind: 's3';
        endpoint: string | undefined;
        region: string;
        bucket: string;
        prefix: string;
        accessKeyId: string;
        secretAccessKey: string;
        publicUrl: string | undefined;
      };
  logLevel: Static<typeof EnvSchema>['STYX_LOG_LEVEL'];
}

export class ProcessingConfigError extends Error {}

export function loadProcessingConfig(env: Record<string, string | undefined>): ProcessingConfig {
  const v = readEnvironment(EnvSchema, env, (message) => new ProcessingConfigError(message));
  let hub: HubServiceConfig | undefined;
  try {
    hub = hubServiceFromEnv(env);
  } catch (error) {
    if (error instanceof HubConfigError) throw new ProcessingConfigError(error.message);
    throw error;
  }
  const host = hub?.listen?.host ?? v.STYX_PROCESSING_HOST;
  const port = hub?.listen?.port ?? v.STYX_PROCESSING_PORT;
  const dataDir = resolve(v.STYX_DATA_DIR ?? join(homedir(), '.local', 'share', 'styx'));
  const publicUrl =
    v.STYX_PROCESSING_PUBLIC_URL ?? hub?.publicUrl ?? `http://${host}:${port}${hub?.prefix ?? '/'}`;
  return {
    host,
    port,
    publicUrl: publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`,
    hub,
    database: v.STYX_PROCESSING_DATABASE_URL
      ? { kind: 'postgres', url: v.STYX_PROCESSING_DATABASE_URL }
      : { kind: 'pglite', dataDir: join(dataDir, 'processing', 'pglite') },
    workDir: join(dataDir, 'processing', 'jobs'),
    backend: jobBackend(v),
    maxUnfinishedPerUser: v.STYX_PROCESSING_MAX_JOBS_PER_USER,
    // The Hub's own catalog, and whatever else the operator allows.
    inputLocations: [
      ...(hub?.publicUrl ? [new URL('../catalog/', hub.publicUrl).href] : []),
      ...(v.STYX_PROCESSING_INPUT_LOCATIONS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ],
    amqp: v.STYX_PROCESSING_AMQP_URL
      ? { url: v.STYX_PROCESSING_AMQP_URL, exchange: v.STYX_PROCESSING_AMQP_EXCHANGE }
      : undefined,
    catalog: catalogTarget(v, hub),
    results: resultsStorage(v, dataDir),
    logLevel: v.STYX_LOG_LEVEL,
  };
}

function jobBackend(v: Static<typeof EnvSchema>): ProcessingConfig['backend'] {
  if (v.STYX_PROCESSING_BACKEND === 'docker') {
    return {
      kind: 'docker',
      host: v.STYX_DOCKER_HOST ?? `unix://${join(ROOT, '.styx', 'podman', 'podman.sock')}`,
    };
  }
  if (v.STYX_PROCESSING_BACKEND === 'kubernetes') {
    const absent = ['STYX_K8S_NAMESPACE', 'STYX_K8S_WORK_CLAIM'].filter(
      (name) => !v[name as keyof typeof v],
    );
    if (absent.length > 0)
      throw new ProcessingConfigError(
        `STYX_PROCESSING_BACKEND=kubernetes needs ${absent.join(' and ')}`,
      );
    return {
      kind: 'kubernetes',
      namespace: v.STYX_K8S_NAMESPACE as string,
      workClaim: v.STYX_K8S_WORK_CLAIM as string,
      imagePullPolicy: v.STYX_K8S_IMAGE_PULL_POLICY,
      runAsUser: v.STYX_K8S_RUN_AS_USER,
      ttlSecondsAfterFinished: v.STYX_K8S_TTL_SECONDS,
    };
  }
  const missing = [
    ...(v.STYX_SLURM_URL ? [] : ['STYX_SLURM_URL']),
    ...(v.STYX_SLURM_USER ? [] : ['STYX_SLURM_USER']),
    ...(v.STYX_SLURM_TOKEN || v.STYX_SLURM_JWT_KEY
      ? []
      : ['STYX_SLURM_TOKEN or STYX_SLURM_JWT_KEY']),
    ...(v.STYX_SLURM_RUNTIME !== 'podman' && !v.STYX_SLURM_IMAGE_DIR
      ? ['STYX_SLURM_IMAGE_DIR']
      : []),
  ];
  if (missing.length > 0)
    throw new ProcessingConfigError(`STYX_PROCESSING_BACKEND=slurm needs ${missing.join(', ')}`);
  const url = v.STYX_SLURM_URL as string;
  return {
    kind: 'slurm',
    url: url.endsWith('/') ? url : `${url}/`,
    user: v.STYX_SLURM_USER as string,
    token: v.STYX_SLURM_TOKEN,
    jwtKeyPath: v.STYX_SLURM_JWT_KEY,
    partition: v.STYX_SLURM_PARTITION,
    runtime:
      v.STYX_SLURM_RUNTIME === 'podman'
        ? { kind: 'podman' }
        : { kind: v.STYX_SLURM_RUNTIME, imageDir: v.STYX_SLURM_IMAGE_DIR as string },
    timeLimitMinutes: v.STYX_SLURM_TIME_LIMIT_MINUTES,
  };
}

function catalogTarget(
  v: Static<typeof EnvSchema>,
  hub: HubServiceConfig | undefined,
): ProcessingConfig['catalog'] {
  const url =
    v.STYX_PROCESSING_CATALOG_URL ??
    (hub?.publicUrl ? new URL('../catalog/', hub.publicUrl).href : undefined);
  const token = v.STYX_PROCESSING_CATALOG_TOKEN ?? v.JUPYTERHUB_API_TOKEN;
  if (!url || !token) return undefined;
  return { url: url.endsWith('/') ? url : `${url}/`, token };
}

function resultsStorage(v: Static<typeof EnvSchema>, dataDir: string): ProcessingConfig['results'] {
  if (v.STYX_RESULTS_STORAGE === 'posix')
    return {
      kind: 'posix',
      dir: resolve(v.STYX_RESULTS_DIR ?? join(dataDir, 'processing', 'results')),
    };
  const missing = ['STYX_RESULTS_S3_ACCESS_KEY_ID', 'STYX_RESULTS_S3_SECRET_ACCESS_KEY'].filter(
    (name) => !v[name as keyof typeof v],
  );
  if (missing.length > 0)
    throw new ProcessingConfigError(`STYX_RESULTS_STORAGE=s3 needs ${missing.join(' and ')}`);
  return {
    kind: 's3',
    endpoint: v.STYX_RESULTS_S3_ENDPOINT,
    region: v.STYX_RESULTS_S3_REGION,
    bucket: v.STYX_RESULTS_S3_BUCKET,
    prefix: v.STYX_RESULTS_S3_PREFIX,
    accessKeyId: v.STYX_RESULTS_S3_ACCESS_KEY_ID as string,
    secretAccessKey: v.STYX_RESULTS_S3_SECRET_ACCESS_KEY as string,
    publicUrl: v.STYX_RESULTS_S3_PUBLIC_URL,
  };
}
