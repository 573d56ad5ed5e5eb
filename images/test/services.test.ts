import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RestartablePostgres,
  startRestartablePostgres,
} from '../../hub-services/testing/src/postgres-server.js';
import { freePort, imageTag, podman, ROOT, waitForOk } from './podman.js';

const image = imageTag('services');
const suffix = randomBytes(4).toString('hex');
const started: string[] = [];

/**
 * The lines of podman's stderr but its own about HEALTHCHECKs: podman runs them on systemd timers
 * and says so when there is no systemd (as on this machine); the tests run the check themselves
 * (podman healthcheck run).
 */
function complaints(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l && !/systemd connection/.test(l));
}

/**
 * Starts the image as JupyterHub starts a managed service: its JUPYTERHUB_* variables (service
 * name, prefix, the address to listen on; a Hub API nobody answers, which public reads never
 * ask), and no database URL, so the catalog embeds PgSTAC in PGlite and loads the demo.
 */
async function startService(
  service: 'catalog' | 'processing' | 'kernels',
  port: number,
): Promise<string> {
  const name = `styx-images-test-${service}-${suffix}`;
  const r = await podman([
    'run',
    '--detach',
    '--name',
    name,
    '--publish',
    `127.0.0.1:${port}:8080`,
    '--env',
    `STYX_SERVICE=${service}`,
    '--env',
    `JUPYTERHUB_SERVICE_NAME=${service}`,
    '--env',
    `JUPYTERHUB_SERVICE_PREFIX=/services/${service}/`,
    '--env',
    'JUPYTERHUB_SERVICE_URL=http://0.0.0.0:8080',
    '--env',
    'JUPYTERHUB_API_URL=http://127.0.0.1:9/hub/api',
    '--env',
    `JUPYTERHUB_API_TOKEN=${randomBytes(16).toString('hex')}`,
    '--env',
    'STYX_LOG_LEVEL=warn',
    image,
  ]);
  expect(complaints(r.stderr)).toEqual([]);
  expect(r.code).toBe(0);
  started.push(name);
  return name;
}

/**
 * Starts the image as a Hub service on the host's network, so that it reaches the test's
 * PostgreSQL on loopback: listening on `port` (JUPYTERHUB_SERVICE_URL), with a Hub API nobody
 * answers and the given variables.
 */
async function startOnHost(
  service: 'health' | 'environments',
  port: number,
  env: Record<string, string>,
): Promise<string> {
  const name = `styx-images-test-${service}-${suffix}`;
  const r = await podman([
    'run',
    '--detach',
    '--name',
    name,
    '--network',
    'host',
    ...Object.entries({
      STYX_SERVICE: service,
      JUPYTERHUB_SERVICE_NAME: service,
      JUPYTERHUB_SERVICE_PREFIX: `/services/${service}/`,
      JUPYTERHUB_SERVICE_URL: `http://127.0.0.1:${port}`,
      JUPYTERHUB_API_URL: 'http://127.0.0.1:9/hub/api',
      JUPYTERHUB_API_TOKEN: randomBytes(16).toString('hex'),
      STYX_LOG_LEVEL: 'warn',
      ...env,
    }).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    image,
  ]);
  expect(complaints(r.stderr)).toEqual([]);
  expect(r.code).toBe(0);
  started.push(name);
  return name;
}

let postgres: RestartablePostgres | undefined;
const run = promisify(execFile);

/** One answer of the test's PostgreSQL, through psql (as the server's own superuser). */
async function sql(database: string, query: string): Promise<string> {
  if (!postgres) throw new Error('PostgreSQL was not started');
  const { stdout } = await run('/usr/lib/postgresql/15/bin/psql', [
    postgres.url(database),
    '--no-psqlrc',
    '--tuples-only',
    '--no-align',
    '--command',
    query,
  ]);
  return stdout.trim();
}

afterAll(async () => {
  for (const name of started) await podman(['rm', '--force', '--time', '2', name]);
  await postgres?.destroy();
});

describe('the services image: the catalog', () => {
  let port: number;
  let container: string;
  let landing: { type: string; conformsTo: string[]; links: { rel: string; href: string }[] };

  beforeAll(async () => {
    port = await freePort();
    container = await startService('catalog', port);
    // The first start installs PgSTAC into PGlite and loads the demo (a minute or two here).
    const response = await waitForOk(
      `http://127.0.0.1:${port}/services/catalog/`,
      container,
      600_000,
    );
    landing = (await response.json()) as typeof landing;
  });

  it('serves the STAC API landing page at /services/catalog/', () => {
    expect(landing.type).toBe('Catalog');
    expect(landing.conformsTo).toContain('https://api.stacspec.org/v1.0.0/core');
    expect(landing.conformsTo).toContain('https://api.stacspec.org/v1.0.0/item-search');
    const self = landing.links.find((l) => l.rel === 'self');
    expect(self?.href).toMatch(/\/services\/catalog\/$/);
  });

  it('has the demo hydrology catalog in its embedded database', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/services/catalog/collections`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { collections: { id: string }[] };
    expect(body.collections.length).toBeGreaterThan(0);
    const search = await fetch(`http://127.0.0.1:${port}/services/catalog/search?limit=1`);
    const items = (await search.json()) as { features: unknown[] };
    expect(items.features).toHaveLength(1);
  });

  it('reports healthy through its HEALTHCHECK', async () => {
    const r = await podman(['healthcheck', 'run', container]);
    expect(r.stdout + r.stderr).not.toContain('unhealthy');
    expect(r.code).toBe(0);
  });

  it('runs as uid 1000 under tini, the service as its child', async () => {
    const r = await podman(['exec', container, 'sh', '-c', 'echo "$(id -u) $(cat /proc/1/comm)"']);
    expect(r.stdout.trim()).toBe('1000 tini');
  });

  it('stops promptly and cleanly on SIGTERM (podman stop)', async () => {
    const start = Date.now();
    const stop = await podman(['stop', '--time', '20', container]);
    expect(stop.code).toBe(0);
    // Within the grace period: the signal reached node through tini (no SIGKILL after 20 s).
    expect(Date.now() - start).toBeLessThan(15_000);
    const state = await podman(['inspect', '--format', '{{.State.ExitCode}}', container]);
    expect(state.stdout.trim()).toBe('0');
  });
});

describe('the services image: processing', () => {
  it('serves the OGC API – Processes list with the built-in processes', async () => {
    const port = await freePort();
    const container = await startService('processing', port);
    await waitForOk(`http://127.0.0.1:${port}/services/processing/`, container, 180_000);
    const response = await fetch(`http://127.0.0.1:${port}/services/processing/processes`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { processes: { id: string }[] };
    expect(body.processes.map((p) => p.id)).toEqual(
      expect.arrayContaining(['river-level-statistics', 'river-threshold-exceedance']),
    );
  });
});

describe('the services image: the kernels gateway', () => {
  it('answers as a Hub service and refuses its kernels API without a token', async () => {
    const port = await freePort();
    const container = await startService('kernels', port);
    await waitForOk(`http://127.0.0.1:${port}/services/kernels/`, container, 120_000);
    const landing = (await (await fetch(`http://127.0.0.1:${port}/services/kernels/`)).json()) as {
      service: string;
    };
    expect(landing.service).toBe('Styx kernels gateway');
    expect((await fetch(`http://127.0.0.1:${port}/services/kernels/api/kernels`)).status).toBe(401);
  });
});

describe('the services image: system health on PostgreSQL', () => {
  let port: number;
  let base: string;

  beforeAll(async () => {
    postgres ??= await startRestartablePostgres();
    await sql('postgres', 'CREATE DATABASE health');
    port = await freePort();
    const url = postgres.url('health');
    const container = await startOnHost('health', port, {
      STYX_HEALTH_DATABASE_URL: url,
      STYX_HEALTH_CATALOG_DATABASE_URL: url,
      STYX_HEALTH_INTERVAL_SECONDS: '1',
      STYX_HEALTH_DEEP_INTERVAL_SECONDS: '5',
      STYX_HEALTH_TIMEOUT_SECONDS: '2',
    });
    base = `http://127.0.0.1:${port}/services/health/`;
    await waitForOk(`${base}livez`, container, 180_000);
  });

  it('answers /livez and /readyz (its history database) as application/health+json', async () => {
    const live = await fetch(`${base}livez`);
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toMatch(/^application\/health\+json/);
    const ready = await fetch(`${base}readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'pass',
      checks: { history: [{ status: 'pass' }] },
    });
  });

  it('serves /health with the Hub it cannot reach failing (503), and keeps the results in PostgreSQL', async () => {
    // The probes run every second; the Hub's API (nothing listens on port 9) fails at once.
    let answer: Response | undefined;
    let body: { status?: string; checks?: Record<string, { status: string }[]> } = {};
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      answer = await fetch(`${base}health`);
      body = (await answer.json()) as typeof body;
      if (body.status === 'fail') break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(answer?.headers.get('content-type')).toMatch(/^application\/health\+json/);
    expect(answer?.status).toBe(503);
    expect(body.status).toBe('fail');
    expect(Object.keys(body.checks ?? {})).toEqual(
      expect.arrayContaining([expect.stringMatching(/:availability$/)]),
    );
    expect(Number(await sql('health', 'SELECT count(*) FROM health_results'))).toBeGreaterThan(0);
  });

  it('refuses an admin action without a token', async () => {
    const response = await fetch(`${base}maintenance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        reason: 'test',
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    });
    expect(response.status).toBe(401);
  });
});

describe('the services image: environments on PostgreSQL', () => {
  it('answers its landing page and /readyz, keeps its tables in PostgreSQL, and refuses the API without a token', async () => {
    postgres ??= await startRestartablePostgres();
    await sql('postgres', 'CREATE DATABASE environments');
    const port = await freePort();
    const container = await startOnHost('environments', port, {
      STYX_ENVIRONMENTS_DATABASE_URL: postgres.url('environments'),
    });
    const base = `http://127.0.0.1:${port}/services/environments/`;
    const landing = (await (await waitForOk(base, container, 180_000)).json()) as {
      title: string;
      links: { rel: string; href: string }[];
    };
    expect(landing.title).toBe('Styx environments');
    expect(landing.links.find((l) => l.rel === 'profiles')?.href).toBe(`${base}api/profiles`);
    expect(await sql('environments', "SELECT to_regclass('styx_env_profile_versions')")).toBe(
      'styx_env_profile_versions',
    );
    expect((await fetch(`${base}livez`)).status).toBe(200);
    const ready = await fetch(`${base}readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('pass');
    expect((await fetch(`${base}api/profiles/mine`)).status).toBe(401);
    const spawn = await fetch(`${base}api/hub/spawns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'alice' }),
    });
    expect(spawn.status).toBe(401);
  });
});

/**
 * Lists, inside the image, every package the services' node resolution can reach: each
 * `node_modules/<name>` (scoped or not, nested or not) under /opt/styx, named as the lock file
 * names it (`node_modules/a/node_modules/b`, `catalog-api/node_modules/c`). /opt/styx/tools
 * (tsx and esbuild, which run the services) is apart and not listed.
 */
const LIST_PACKAGES = `
const { readdirSync, existsSync } = require('node:fs');
const found = [];
function walk(dir, key) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(dir + '/' + entry.name)) visit(dir + '/' + entry.name + '/' + scoped, key + entry.name + '/' + scoped);
    } else visit(dir + '/' + entry.name, key + entry.name);
  }
}
function visit(dir, key) {
  found.push(key);
  if (existsSync(dir + '/node_modules')) walk(dir + '/node_modules', key + '/node_modules/');
}
for (const ws of ['', 'catalog-api/', 'hub-services/hub-auth/', 'hub-services/service-health/', 'hub-services/processing/', 'kernels-gateway/', 'hub-services/health/', 'hub-services/environments/', 'hub-services/tracing/']) {
  if (existsSync('/opt/styx/' + ws + 'node_modules')) walk('/opt/styx/' + ws + 'node_modules', ws + 'node_modules/');
}
console.log(JSON.stringify(found));
`;

describe('the services image: its dependencies', () => {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; link?: boolean }>;
  };
  let installed: string[];

  beforeAll(async () => {
    const r = await podman(['run', '--rm', image, 'node', '-e', LIST_PACKAGES]);
    expect(complaints(r.stderr)).toEqual([]);
    installed = JSON.parse(r.stdout) as string[];
  });

  it('has the production dependencies of the catalog, Hub auth, processing, the kernels gateway, health and environments', () => {
    expect(installed).toEqual(
      expect.arrayContaining([
        'node_modules/fastify',
        'node_modules/@electric-sql/pglite',
        'node_modules/dockerode',
        'node_modules/zeromq',
        'node_modules/@styx/hub-auth',
        // health's probes: S3, AMQP and the Kubernetes API.
        'node_modules/@aws-sdk/client-s3',
        'node_modules/amqplib',
        'node_modules/@kubernetes/client-node',
      ]),
    );
    // The workspaces themselves: the five services and the three small packages they import.
    expect(installed.filter((k) => k.startsWith('node_modules/@styx/')).sort()).toEqual([
      'node_modules/@styx/catalog-api',
      'node_modules/@styx/environments',
      'node_modules/@styx/health',
      'node_modules/@styx/hub-auth',
      'node_modules/@styx/kernels-gateway',
      'node_modules/@styx/processing',
      'node_modules/@styx/service-health',
      'node_modules/@styx/tracing',
    ]);
  });

  it('has no development dependency: not @styx/testing, vitest or any the lock file marks dev', () => {
    expect(installed).not.toContain('node_modules/@styx/testing');
    expect(installed).not.toContain('node_modules/vitest');
    const dev = installed.filter((k) => lock.packages[k]?.dev);
    expect(dev).toEqual([]);
    // Nor the extension's JupyterLab packages (the extension workspace is not installed).
    expect(installed.filter((k) => k.includes('@jupyterlab/'))).toEqual([]);
  });

  it('cannot resolve @styx/testing or vitest from the services', async () => {
    for (const workspace of [
      'catalog-api',
      'hub-services/processing',
      'hub-services/health',
      'hub-services/environments',
    ]) {
      const r = await podman([
        'run',
        '--rm',
        '--workdir',
        `/opt/styx/${workspace}`,
        image,
        'node',
        '-e',
        // Every folder node looks in from the workspace, whatever the package exports.
        `const { existsSync } = require('node:fs');
         for (const name of ['@styx/testing', 'vitest']) {
           const dirs = require.resolve.paths(name).filter((d) => existsSync(d + '/' + name));
           if (dirs.length > 0) console.log(name, dirs);
         }`,
      ]);
      expect(complaints(r.stderr)).toEqual([]);
      expect(r.stdout.trim(), workspace).toBe('');
    }
  });
});
