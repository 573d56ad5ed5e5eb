import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { HubConfigError, type HubServiceConfig, hubServiceFromEnv } from '@styx/hub-auth';
import { readEnvironment } from '@styx/hub-auth/environment';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import type { ProbeOverrides, ProbeTargets, ProbeTimings } from './probes/probe-plan.js';

const Url = Type.String({ format: 'uri' });

/** The health service's environment, read once at its edge (server.ts). */
const EnvSchema = Type.Object({
  STYX_HEALTH_HOST: Type.String({ default: '127.0.0.1' }),
  STYX_HEALTH_PORT: Type.Integer({ default: 8086, minimum: 0, maximum: 65535 }),
  STYX_HEALTH_PUBLIC_URL: Type.Optional(Url),
  /** PostgreSQL for the history (the catalog's in production); unset: PGlite under STYX_DATA_DIR. */
  STYX_HEALTH_DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  STYX_DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  STYX_HEALTH_INTERVAL_SECONDS: Type.Number({ default: 30, minimum: 0.05 }),
  STYX_HEALTH_DEEP_INTERVAL_SECONDS: Type.Number({ default: 300, minimum: 0.05 }),
  STYX_HEALTH_TIMEOUT_SECONDS: Type.Number({ default: 10, minimum: 0.05 }),
  STYX_HEALTH_FAILURES_TO_OPEN: Type.Integer({ default: 3, minimum: 1, maximum: 100 }),
  STYX_HEALTH_PASSES_TO_CLOSE: Type.Integer({ default: 2, minimum: 1, maximum: 100 }),
  /** JSON: per probe id, {intervalMs, timeoutMs, failuresToOpen, passesToClose, audience, enabled}. */
  STYX_HEALTH_PROBES: Type.Optional(Type.String({ minLength: 2 })),
  STYX_HEALTH_ROLLUP_INTERVAL_SECONDS: Type.Number({ default: 300, minimum: 0.05 }),
  STYX_HEALTH_RAW_RETENTION_DAYS: Type.Integer({ default: 14, minimum: 1 }),
  STYX_HEALTH_HOURLY_RETENTION_DAYS: Type.Integer({ default: 400, minimum: 1 }),
  /** Comma-separated receivers of incident alerts; the secret signs them (HMAC-SHA256). */
  STYX_HEALTH_WEBHOOK_URLS: Type.Optional(Type.String({ minLength: 1 })),
  STYX_HEALTH_WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  STYX_HEALTH_WEBHOOK_MAX_ATTEMPTS: Type.Integer({ default: 8, minimum: 1, maximum: 50 }),
  STYX_HEALTH_WEBHOOK_RETRY_SECONDS: Type.Number({ default: 1, minimum: 0.01 }),
  // --- What is probed: each component only when its address is given.
  STYX_HEALTH_HUB_API_URL: Type.Optional(Url),
  STYX_HEALTH_HUB_PUBLIC_URL: Type.Optional(Url),
  STYX_HEALTH_CATALOG_URL: Type.Optional(Url),
  STYX_HEALTH_CATALOG_DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  STYX_HEALTH_PROCESSING_URL: Type.Optional(Url),
  STYX_HEALTH_KERNELS_URL: Type.Optional(Url),
  STYX_HEALTH_KERNELS_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  STYX_HEALTH_KERNEL_NAME: Type.Optional(Type.String({ minLength: 1 })),
  STYX_HEALTH_S3_ENDPOINT: Type.Optional(Url),
  STYX_HEALTH_S3_REGION: Type.String({ default: 'us-east-1' }),
  STYX_HEALTH_S3_BUCKET: Type.Optional(
    Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' }),
  ),
  STYX_HEALTH_S3_PREFIX: Type.String({ default: 'styx-health/' }),
  STYX_HEALTH_S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  STYX_HEALTH_S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  STYX_HEALTH_DOCKER_HOST: Type.Optional(Type.String({ pattern: '^(unix|tcp|http)://' })),
  STYX_HEALTH_SLURM_URL: Type.Optional(Url),
  STYX_HEALTH_SLURM_USER: Type.Optional(Type.String({ minLength: 1 })),
  STYX_HEALTH_SLURM_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  STYX_HEALTH_KUBERNETES: Type.Enum(['on', 'off'], { default: 'off' }),
  STYX_HEALTH_AMQP_URL: Type.Optional(Type.String({ pattern: '^amqps?://' })),
  JUPYTERHUB_API_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  /** Without a Hub only (a laptop, tests): a token that stands for an admin. */
  STYX_HEALTH_ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  /** The trace UI's page of a trace, `{traceId}` in it: admins get links to probes' traces. */
  STYX_TRACE_URL: Type.Optional(Type.String({ pattern: '^https?://.*\\{traceId\\}' })),
  STYX_LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
});

const OverridesSchema = Type.Record(
  Type.String({ pattern: '^[a-z0-9-]+$' }),
  Type.Object(
    {
      intervalMs: Type.Optional(Type.Integer({ minimum: 50 })),
      timeoutMs: Type.Optional(Type.Integer({ minimum: 50 })),
      failuresToOpen: Type.Optional(Type.Integer({ minimum: 1 })),
      passesToClose: Type.Optional(Type.Integer({ minimum: 1 })),
      audience: Type.Optional(Type.Enum(['public', 'admin'])),
      enabled: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
);

export interface HealthConfig {
  host: string;
  port: number;
  publicUrl: string;
  hub: HubServiceConfig | undefined;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  targets: ProbeTargets;
  timings: ProbeTimings;
  overrides: ProbeOverrides;
  rollup: { intervalMs: number; rawDays: number; hourlyDays: number };
  /** Without a Hub: the admin token (details, maintenance, run now). */
  adminToken: string | undefined;
  webhooks:
    | { urls: string[]; secret: string; maxAttempts: number; baseDelayMs: number }
    | undefined;
  /** STYX_TRACE_URL: the trace UI's address of a trace, with `{traceId}`. */
  traceUrl: string | undefined;
  logLevel: Static<typeof EnvSchema>['STYX_LOG_LEVEL'];
}

export class HealthConfigError extends Error {}

export function loadHealthConfig(env: Record<string, string | undefined>): HealthConfig {
  const v = readEnvironment(EnvSchema, env, (message) => new HealthConfigError(message));
  let hub: HubServiceConfig | undefined;
  try {
    hub = hubServiceFromEnv(env);
  } catch (error) {
    if (error instanceof HubConfigError) throw new HealthConfigError(error.message);
    throw error;
  }
  const host = hub?.listen?.host ?? v.STYX_HEALTH_HOST;
  const port = hub?.listen?.port ?? v.STYX_HEALTH_PORT;
  const dataDir = resolve(v.STYX_DATA_DIR ?? join(homedir(), '.local', 'share', 'styx'));
  const publicUrl =
    v.STYX_HEALTH_PUBLIC_URL ?? hub?.publicUrl ?? `http://${host}:${port}${hub?.prefix ?? '/'}`;
  return {
    host,
    port,
    publicUrl: publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`,
    hub,
    database: v.STYX_HEALTH_DATABASE_URL
      ? { kind: 'postgres', url: v.STYX_HEALTH_DATABASE_URL }
      : { kind: 'pglite', dataDir: join(dataDir, 'health', 'pglite') },
    targets: probeTargets(v, hub),
    timings: {
      intervalMs: Math.round(v.STYX_HEALTH_INTERVAL_SECONDS * 1000),
      deepIntervalMs: Math.round(v.STYX_HEALTH_DEEP_INTERVAL_SECONDS * 1000),
      timeoutMs: Math.round(v.STYX_HEALTH_TIMEOUT_SECONDS * 1000),
      failuresToOpen: v.STYX_HEALTH_FAILURES_TO_OPEN,
      passesToClose: v.STYX_HEALTH_PASSES_TO_CLOSE,
    },
    overrides: probeOverrides(v.STYX_HEALTH_PROBES),
    rollup: {
      intervalMs: Math.round(v.STYX_HEALTH_ROLLUP_INTERVAL_SECONDS * 1000),
      rawDays: v.STYX_HEALTH_RAW_RETENTION_DAYS,
      hourlyDays: v.STYX_HEALTH_HOURLY_RETENTION_DAYS,
    },
    adminToken: adminToken(v, hub),
    webhooks: webhooks(v),
    traceUrl: v.STYX_TRACE_URL,
    logLevel: v.STYX_LOG_LEVEL,
  };
}

function probeTargets(
  v: Static<typeof EnvSchema>,
  hub: HubServiceConfig | undefined,
): ProbeTargets {
  const storageKeys = [v.STYX_HEALTH_S3_ACCESS_KEY_ID, v.STYX_HEALTH_S3_SECRET_ACCESS_KEY];
  if (v.STYX_HEALTH_S3_BUCKET && storageKeys.some((k) => !k))
    throw new HealthConfigError(
      'STYX_HEALTH_S3_BUCKET needs STYX_HEALTH_S3_ACCESS_KEY_ID and STYX_HEALTH_S3_SECRET_ACCESS_KEY',
    );
  const slurm = [v.STYX_HEALTH_SLURM_URL, v.STYX_HEALTH_SLURM_USER, v.STYX_HEALTH_SLURM_TOKEN];
  if (slurm.some(Boolean) && !slurm.every(Boolean))
    throw new HealthConfigError(
      'the Slurm probe needs STYX_HEALTH_SLURM_URL, STYX_HEALTH_SLURM_USER and STYX_HEALTH_SLURM_TOKEN',
    );
  const kernelsToken = v.STYX_HEALTH_KERNELS_TOKEN ?? v.JUPYTERHUB_API_TOKEN;
  if (v.STYX_HEALTH_KERNELS_URL && !kernelsToken)
    throw new HealthConfigError(
      'STYX_HEALTH_KERNELS_URL needs a token that may start kernels (STYX_HEALTH_KERNELS_TOKEN, or the Hub service token)',
    );
  return {
    hubApiUrl: v.STYX_HEALTH_HUB_API_URL ?? hub?.apiUrl,
    hubPublicUrl:
      v.STYX_HEALTH_HUB_PUBLIC_URL ??
      (hub?.publicUrl ? new URL('../../', hub.publicUrl).href : undefined),
    catalogUrl: v.STYX_HEALTH_CATALOG_URL,
    catalogDatabaseUrl: v.STYX_HEALTH_CATALOG_DATABASE_URL,
    processingUrl: v.STYX_HEALTH_PROCESSING_URL,
    kernels:
      v.STYX_HEALTH_KERNELS_URL && kernelsToken
        ? {
            url: v.STYX_HEALTH_KERNELS_URL,
            token: kernelsToken,
            kernelName: v.STYX_HEALTH_KERNEL_NAME,
          }
        : undefined,
    storage: v.STYX_HEALTH_S3_BUCKET
      ? {
          endpoint: v.STYX_HEALTH_S3_ENDPOINT,
          region: v.STYX_HEALTH_S3_REGION,
          bucket: v.STYX_HEALTH_S3_BUCKET,
          prefix: v.STYX_HEALTH_S3_PREFIX,
          accessKeyId: v.STYX_HEALTH_S3_ACCESS_KEY_ID as string,
          secretAccessKey: v.STYX_HEALTH_S3_SECRET_ACCESS_KEY as string,
        }
      : undefined,
    containerHost: v.STYX_HEALTH_DOCKER_HOST,
    slurm:
      v.STYX_HEALTH_SLURM_URL && v.STYX_HEALTH_SLURM_USER && v.STYX_HEALTH_SLURM_TOKEN
        ? {
            url: v.STYX_HEALTH_SLURM_URL,
            user: v.STYX_HEALTH_SLURM_USER,
            token: v.STYX_HEALTH_SLURM_TOKEN,
          }
        : undefined,
    kubernetes: v.STYX_HEALTH_KUBERNETES === 'on',
    amqpUrl: v.STYX_HEALTH_AMQP_URL,
  };
}

function adminToken(
  v: Static<typeof EnvSchema>,
  hub: HubServiceConfig | undefined,
): string | undefined {
  // Under a Hub, admins are the Hub's: a second way in would bypass its roles.
  if (hub && v.STYX_HEALTH_ADMIN_TOKEN)
    throw new HealthConfigError('STYX_HEALTH_ADMIN_TOKEN is for a health service without a Hub');
  return v.STYX_HEALTH_ADMIN_TOKEN;
}

function probeOverrides(text: string | undefined): ProbeOverrides {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HealthConfigError('STYX_HEALTH_PROBES is not JSON');
  }
  const errors = [...Value.Errors(OverridesSchema, parsed)];
  if (errors.length > 0)
    throw new HealthConfigError(
      `STYX_HEALTH_PROBES: ${errors.map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; ')}`,
    );
  return parsed as ProbeOverrides;
}

function webhooks(v: Static<typeof EnvSchema>): HealthConfig['webhooks'] {
  const urls = (v.STYX_HEALTH_WEBHOOK_URLS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (urls.length === 0) return undefined;
  for (const url of urls) {
    if (!URL.canParse(url) || !/^https?:/.test(url))
      throw new HealthConfigError(`STYX_HEALTH_WEBHOOK_URLS: ${url} is not an http(s) URL`);
  }
  if (!v.STYX_HEALTH_WEBHOOK_SECRET)
    throw new HealthConfigError(
      'STYX_HEALTH_WEBHOOK_URLS needs STYX_HEALTH_WEBHOOK_SECRET (16+ characters) to sign the alerts',
    );
  return {
    urls,
    secret: v.STYX_HEALTH_WEBHOOK_SECRET,
    maxAttempts: v.STYX_HEALTH_WEBHOOK_MAX_ATTEMPTS,
    baseDelayMs: Math.round(v.STYX_HEALTH_WEBHOOK_RETRY_SECONDS * 1000),
  };
}
