import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { HubConfigError, type HubServiceConfig, hubServiceFromEnv } from '@styx/hub-auth';
import { readEnvironment } from '@styx/hub-auth/environment';
import { type Static, Type } from 'typebox';

/** The environments service's environment, read once at its edge (server.ts). */
const EnvSchema = Type.Object({
  STYX_ENVIRONMENTS_HOST: Type.String({ default: '127.0.0.1' }),
  STYX_ENVIRONMENTS_PORT: Type.Integer({ default: 8087, minimum: 0, maximum: 65535 }),
  STYX_ENVIRONMENTS_PUBLIC_URL: Type.Optional(Type.String({ format: 'uri' })),
  /** PostgreSQL for profiles, audit, quotas and the usage ledger; unset: PGlite under STYX_DATA_DIR. */
  STYX_ENVIRONMENTS_DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  STYX_DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * How often the Hub's running servers are read: the ledger reconciled with them, and servers
   * over their profile's idle timeout or max age stopped.
   */
  STYX_ENVIRONMENTS_POLL_SECONDS: Type.Integer({ default: 60, minimum: 1, maximum: 86_400 }),
  STYX_LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
});

export interface EnvironmentsConfig {
  host: string;
  port: number;
  publicUrl: string;
  hub: HubServiceConfig | undefined;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  pollIntervalMs: number;
  logLevel: Static<typeof EnvSchema>['STYX_LOG_LEVEL'];
}

export class EnvironmentsConfigError extends Error {}

export function loadEnvironmentsConfig(
  env: Record<string, string | undefined>,
): EnvironmentsConfig {
  const v = readEnvironment(EnvSchema, env, (message) => new EnvironmentsConfigError(message));
  let hub: HubServiceConfig | undefined;
  try {
    hub = hubServiceFromEnv(env);
  } catch (error) {
    if (error instanceof HubConfigError) throw new EnvironmentsConfigError(error.message);
    throw error;
  }
  const host = hub?.listen?.host ?? v.STYX_ENVIRONMENTS_HOST;
  const port = hub?.listen?.port ?? v.STYX_ENVIRONMENTS_PORT;
  const dataDir = resolve(v.STYX_DATA_DIR ?? join(homedir(), '.local', 'share', 'styx'));
  const publicUrl =
    v.STYX_ENVIRONMENTS_PUBLIC_URL ??
    hub?.publicUrl ??
    `http://${host}:${port}${hub?.prefix ?? '/'}`;
  return {
    host,
    port,
    publicUrl: publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`,
    hub,
    database: v.STYX_ENVIRONMENTS_DATABASE_URL
      ? { kind: 'postgres', url: v.STYX_ENVIRONMENTS_DATABASE_URL }
      : { kind: 'pglite', dataDir: join(dataDir, 'environments', 'pglite') },
    pollIntervalMs: v.STYX_ENVIRONMENTS_POLL_SECONDS * 1000,
    logLevel: v.STYX_LOG_LEVEL,
  };
}
