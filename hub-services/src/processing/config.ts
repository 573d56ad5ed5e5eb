import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Static, Type } from 'typebox';
import { readEnvironment } from '../environment.js';
import { HubConfigError, type HubServiceConfig, hubServiceFromEnv } from '../hub-auth/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The processing service's environment, read once at its edge (server.ts). */
const EnvSchema = Type.Object({
  STYX_PROCESSING_HOST: Type.String({ default: '127.0.0.1' }),
  STYX_PROCESSING_PORT: Type.Integer({ default: 8084, minimum: 0, maximum: 65535 }),
  STYX_PROCESSING_PUBLIC_URL: Type.Optional(Type.String({ format: 'uri' })),
  /** PostgreSQL for the jobs; unset: PGlite under STYX_DATA_DIR. */
  STYX_PROCESSING_DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  STYX_DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** A Docker-compatible API: podman's socket from scripts/podman.sh by default. */
  STYX_DOCKER_HOST: Type.Optional(Type.String({ pattern: '^(unix|tcp|http)://' })),
  /** Comma-separated URL prefixes file inputs may come from; default: the Hub's catalog. */
  STYX_PROCESSING_INPUT_LOCATIONS: Type.Optional(Type.String()),
  STYX_PROCESSING_MAX_JOBS_PER_USER: Type.Integer({ default: 4, minimum: 1, maximum: 1000 }),
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
  dockerHost: string;
  maxUnfinishedPerUser: number;
  inputLocations: string[];
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
    dockerHost: v.STYX_DOCKER_HOST ?? `unix://${join(ROOT, '.styx', 'podman', 'podman.sock')}`,
    maxUnfinishedPerUser: v.STYX_PROCESSING_MAX_JOBS_PER_USER,
    inputLocations: v.STYX_PROCESSING_INPUT_LOCATIONS
      ? v.STYX_PROCESSING_INPUT_LOCATIONS.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : hub?.publicUrl
        ? [new URL('../catalog/', hub.publicUrl).href]
        : [],
    logLevel: v.STYX_LOG_LEVEL,
  };
}
