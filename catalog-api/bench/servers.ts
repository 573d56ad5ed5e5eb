import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@styx/testing';
import { HttpTarget } from './http-client.js';
import { type Started, startChild } from './processes.js';

/**
 * The two servers under test, each one process on a loopback port over the same database with
 * a pool of 10 connections: catalog-api (`tsx src/server.ts`, run as `node --import tsx`) and
 * stac-fastapi-pgstac (uvicorn, one worker, as its docs run it).
 */
export interface RunningServer {
  name: string;
  baseUrl: string;
  command: string;
  process: Started;
}

export const POOL_SIZE = 10;

async function waitUntilReady(server: RunningServer, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const target = new HttpTarget(server.baseUrl, 1);
  try {
    for (;;) {
      const { child } = server.process;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `${server.name} exited (${child.exitCode ?? child.signalCode}):\n${server.process.output()}`,
        );
      }
      try {
        const reply = await target.request({ method: 'GET', path: '/' }, false, 5_000);
        if (reply.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${server.name} did not answer within ${timeoutMs / 1000} s:\n${server.process.output()}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    target.close();
  }
}

export async function startCatalogApi(
  catalogDir: string,
  databaseUrl: string,
): Promise<RunningServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STYX_DATABASE_URL: databaseUrl,
    STYX_CATALOG_HOST: '127.0.0.1',
    STYX_CATALOG_PORT: String(port),
    STYX_DEMO: 'off',
    STYX_LOG_LEVEL: 'warn',
    DB_POOL_SIZE: String(POOL_SIZE),
  };
  delete env.STYX_CATALOG_PUBLIC_URL;
  const server: RunningServer = {
    name: 'catalog-api',
    baseUrl: `http://127.0.0.1:${port}`,
    command: 'node --import tsx src/server.ts',
    process: startChild('catalog-api', process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: catalogDir,
      env,
    }),
  };
  await waitUntilReady(server);
  return server;
}

export async function startStacFastapi(
  venvBin: string,
  database: { host: string; port: number; name: string },
): Promise<RunningServer> {
  const port = await freePort();
  const env = {
    ...process.env,
    PGUSER: 'postgres',
    PGPASSWORD: 'unused', // trust authentication; the setting is required
    PGHOST: database.host,
    PGPORT: String(database.port),
    PGDATABASE: database.name,
    DB_MAX_CONN_SIZE: String(POOL_SIZE),
  };
  const args = [
    // 7.x has no module-level `app`; its docs run the factory.
    'stac_fastapi.pgstac.app:create_app',
    '--factory',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--log-level',
    'warning',
  ];
  const server: RunningServer = {
    name: 'stac-fastapi-pgstac',
    baseUrl: `http://127.0.0.1:${port}`,
    command: `uvicorn ${args.join(' ')}`,
    // cwd: a folder without a .env file (pydantic-settings would read one).
    process: startChild('stac-fastapi-pgstac', join(venvBin, 'uvicorn'), args, {
      env,
      cwd: tmpdir(),
    }),
  };
  await waitUntilReady(server);
  return server;
}
