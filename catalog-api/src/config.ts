import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { HubConfigError, type HubServiceConfig, hubServiceFromEnv } from '@styx/hub-auth';
import { readEnvironment } from '@styx/hub-auth/environment';
import { type Static, Type } from 'typebox';
import { DEMO_THESAURUS_PATH } from './demo/thesaurus.js';
import { FederationConfigError, loadFederationProviders } from './federation/index.js';
import type { ProviderConfig } from './schemas/federation.js';

/**
 * The catalog's configuration, read once from the environment at the edge (server.ts and the
 * CLIs). Nothing below app.ts reads process.env.
 */
export const EnvSchema = Type.Object({
  STYX_CATALOG_HOST: Type.String({ default: '127.0.0.1' }),
  STYX_CATALOG_PORT: Type.Integer({ default: 8081, minimum: 0, maximum: 65535 }),
  /** The public URL the catalog's links are rooted at; default: its direct address. */
  STYX_CATALOG_PUBLIC_URL: Type.Optional(Type.String({ format: 'uri' })),
  /** A PostgreSQL URL. Unset: PgSTAC runs embedded in PGlite under STYX_DATA_DIR. */
  STYX_DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  /** A separate URL for the write pool (for example another role); default: the same. */
  STYX_DATABASE_WRITE_URL: Type.Optional(Type.String({ minLength: 1 })),
  STYX_DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * Standalone only: the bearer token transactions require (unset: transactions are refused,
   * 403). Under JupyterHub, transactions need the Hub scope custom:styx:catalog:write instead.
   */
  STYX_CATALOG_WRITE_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  STYX_CATALOG_TITLE: Type.String({ default: 'Styx hydrology catalog' }),
  /** Load the demo catalog when the database is empty (the embedded default does). */
  STYX_DEMO: Type.Optional(Type.Enum(['auto', 'on', 'off'])),
  /**
   * Serve the demo's asset files read-only at `<public URL>files/demo/`, and give the demo's
   * assets those URLs when it is loaded. Off: no route, and assets keep local file paths.
   */
  STYX_DEMO_FILES: Type.Enum(['on', 'off'], { default: 'on' }),
  /**
   * The SKOS thesaurus (a Turtle file) that expands free-text searches and serves /thesaurus;
   * default: the demo's hydrology vocabulary. 'off': no expansion and no /thesaurus routes.
   */
  STYX_THESAURUS: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * Federated search: a JSON or YAML file (or inline JSON) listing remote providers
   * ({"providers": [{id, title, type: stac|opensearch, url, timeoutMs, headers?}]}) that /search
   * and collection search also ask. Unset or 'off': the local catalog only.
   */
  STYX_FEDERATION: Type.Optional(Type.String({ minLength: 1 })),
  STYX_LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
  /** Largest request body accepted, in bytes (bulk item loads are the big ones). */
  STYX_BODY_LIMIT: Type.Integer({ default: 64 * 1024 * 1024, minimum: 1024 }),
  DB_POOL_SIZE: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
});

export interface CatalogConfig {
  host: string;
  port: number;
  publicUrl: string;
  /** Set when JupyterHub runs the catalog as a service (JUPYTERHUB_* variables). */
  hub: HubServiceConfig | undefined;
  /** The path every route is served under: the Hub's service prefix, or '/'. */
  routePrefix: string;
  database:
    | { kind: 'postgres'; readUrl: string; writeUrl: string; poolSize: number }
    | { kind: 'pglite'; dataDir: string };
  dataDir: string;
  writeToken: string | undefined;
  title: string;
  demo: 'auto' | 'on' | 'off';
  serveDemoFiles: boolean;
  /** The thesaurus's Turtle file, or undefined when it is off. */
  thesaurusPath: string | undefined;
  /** The remote providers of federated search, or undefined when it is off. */
  federation: ProviderConfig[] | undefined;
  logLevel: Static<typeof EnvSchema>['STYX_LOG_LEVEL'];
  bodyLimit: number;
}

export class ConfigError extends Error {}

/** Validates the environment into one typed config; throws a ConfigError naming each bad key. */
export function loadConfig(env: Record<string, string | undefined>): CatalogConfig {
  const parsed = readEnvironment(EnvSchema, env, (message) => new ConfigError(message));
  const hub = hubFromEnv(env);
  // Under the Hub, the Hub says where to listen; STYX_CATALOG_HOST/PORT are for standalone.
  const host = hub?.listen?.host ?? parsed.STYX_CATALOG_HOST;
  const port = hub?.listen?.port ?? parsed.STYX_CATALOG_PORT;
  const routePrefix = hub?.prefix ?? '/';
  const dataDir = resolve(parsed.STYX_DATA_DIR ?? join(homedir(), '.local', 'share', 'styx'));
  const publicUrl = withTrailingSlash(
    parsed.STYX_CATALOG_PUBLIC_URL ?? hub?.publicUrl ?? `http://${host}:${port}${routePrefix}`,
  );
  return {
    host,
    port,
    publicUrl,
    hub,
    routePrefix,
    database: parsed.STYX_DATABASE_URL
      ? {
          kind: 'postgres',
          readUrl: parsed.STYX_DATABASE_URL,
          writeUrl: parsed.STYX_DATABASE_WRITE_URL ?? parsed.STYX_DATABASE_URL,
          poolSize: parsed.DB_POOL_SIZE,
        }
      : { kind: 'pglite', dataDir: join(dataDir, 'catalog-pglite') },
    dataDir,
    writeToken: parsed.STYX_CATALOG_WRITE_TOKEN,
    title: parsed.STYX_CATALOG_TITLE,
    demo: parsed.STYX_DEMO ?? (parsed.STYX_DATABASE_URL ? 'off' : 'auto'),
    serveDemoFiles: parsed.STYX_DEMO_FILES === 'on',
    thesaurusPath:
      parsed.STYX_THESAURUS === 'off'
        ? undefined
        : resolve(parsed.STYX_THESAURUS ?? DEMO_THESAURUS_PATH),
    federation: federationFrom(parsed.STYX_FEDERATION),
    logLevel: parsed.STYX_LOG_LEVEL,
    bodyLimit: parsed.STYX_BODY_LIMIT,
  };
}

function federationFrom(setting: string | undefined): ProviderConfig[] | undefined {
  if (setting === undefined || setting === 'off') return undefined;
  try {
    return loadFederationProviders(setting);
  } catch (error) {
    if (error instanceof FederationConfigError) {
      throw new ConfigError(`STYX_FEDERATION: ${error.message}`);
    }
    throw error;
  }
}

function hubFromEnv(env: Record<string, string | undefined>): HubServiceConfig | undefined {
  try {
    return hubServiceFromEnv(env);
  } catch (error) {
    if (error instanceof HubConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
