import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, imageTag, podman, waitForOk } from './podman.js';

const image = imageTag('services');
const suffix = randomBytes(4).toString('hex');
const started: string[] = [];

/**
 * Starts the image as JupyterHub starts a managed service: its JUPYTERHUB_* variables (service
 * name, prefix, the address to listen on; a Hub API nobody answers, which public reads never
 * ask), and no database URL, so the catalog embeds PgSTAC in PGlite and loads the demo.
 */
async function startService(service: 'catalog' | 'processing', port: number): Promise<string> {
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
  // podman runs HEALTHCHECKs on systemd timers and says so when there is no systemd (as on this
  // machine); the tests run the check themselves (podman healthcheck run).
  const complaints = r.stderr.split('\n').filter((l) => l && !/systemd connection/.test(l));
  expect(complaints).toEqual([]);
  expect(r.code).toBe(0);
  started.push(name);
  return name;
}

afterAll(async () => {
  for (const name of started) await podman(['rm', '--force', '--time', '2', name]);
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
