import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hubAdmin, type LocalHub, startLocalHub, startPodmanService } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cwlFixture } from '../support/cwl-corpus.js';

/**
 * The processing service as the Hub runs it: a managed service at /services/processing/,
 * trusting the Hub's tokens, running jobs on real podman for the user who asked.
 */
describe('processing as a JupyterHub service', () => {
  let podman: Awaited<ReturnType<typeof startPodmanService>>;
  let hub: LocalHub;
  let files: Server;
  let csvUrl: string;
  let processing: string;
  let alice: string;
  let bob: string;
  let carol: string;

  beforeAll(async () => {
    podman = await startPodmanService();
    files = createServer((_request, res) => {
      res
        .writeHead(200, { 'content-type': 'text/csv' })
        .end('date,water_level_m\n2024-05-01,1.5\n2024-05-02,2.5\n');
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    csvUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/gauge.csv`;
    hub = await startLocalHub({
      env: {
        STYX_PROCESSING: 'on',
        STYX_DOCKER_HOST: podman.host,
        STYX_PROCESSING_INPUT_LOCATIONS: new URL('/', csvUrl).href,
      },
      services: ['catalog', 'processing'],
    });
    processing = `${hub.url}services/processing/`;
    const admin = hubAdmin(hub);
    for (const name of ['alice', 'bob', 'carol']) await admin.createUser(name);
    // alice deploys processes; carol curates the catalog.
    await admin.addToGroup('process-developers', 'alice');
    await admin.addToGroup('catalog-writers', 'carol');
    alice = await admin.tokenFor('alice');
    bob = await admin.tokenFor('bob');
    carol = await admin.tokenFor('carol');
  });
  afterAll(async () => {
    await hub?.stop();
    await new Promise((resolve) => files?.close(resolve));
    await podman?.stop();
  });

  const call = (
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${processing}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `token ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('roots its links at the Hub, runs a job for the user who asked, and hides it from others', async () => {
    const landing = (await (await call('GET', '')).json()) as { links: Array<{ href: string }> };
    expect(landing.links[0]?.href).toBe(processing);

    const execute = { inputs: { series: csvUrl } };
    expect(
      (await call('POST', 'processes/river-level-statistics/execution', undefined, execute)).status,
    ).toBe(401);
    const submitted = await call(
      'POST',
      'processes/river-level-statistics/execution',
      alice,
      execute,
      {
        prefer: 'respond-async',
      },
    );
    expect(submitted.status).toBe(201);
    const { jobID } = (await submitted.json()) as { jobID: string };
    expect(submitted.headers.get('location')).toBe(`${processing}jobs/${jobID}`);

    let status = '';
    for (let i = 0; i < 150 && !['successful', 'failed'].includes(status); i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      status = ((await (await call('GET', `jobs/${jobID}`, alice)).json()) as { status: string })
        .status;
    }
    expect(status).toBe('successful');
    const results = (await (await call('GET', `jobs/${jobID}/results`, alice)).json()) as {
      statistics: { mean: number; count: number };
    };
    expect(results.statistics).toMatchObject({ count: 2, mean: 2 });

    expect((await call('GET', `jobs/${jobID}`, bob)).status).toBe(404);
    expect((await call('DELETE', `jobs/${jobID}`, bob)).status).toBe(404);
    const bobs = (await (await call('GET', 'jobs', bob)).json()) as { jobs: unknown[] };
    expect(bobs.jobs).toEqual([]);
  });

  it('runs a process deployed from CWL on a catalog item and registers its results in the catalog', async () => {
    const catalog = `${hub.url}services/catalog/`;
    const asCarol = (method: string, path: string, body: unknown) =>
      fetch(`${catalog}${path}`, {
        method,
        headers: { authorization: `token ${carol}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const footprint = {
      type: 'Polygon',
      coordinates: [
        [
          [0.5, 44.5],
          [1.5, 44.5],
          [1.5, 45.5],
          [0.5, 45.5],
          [0.5, 44.5],
        ],
      ],
    };
    expect(
      (
        await asCarol('POST', 'collections', {
          type: 'Collection',
          stac_version: '1.0.0',
          id: 'gauges',
          description: 'river gauges',
          license: 'CC-BY-4.0',
          extent: { spatial: { bbox: [[0, 44, 2, 46]] }, temporal: { interval: [[null, null]] } },
          links: [],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await asCarol('POST', 'collections/gauges/items', {
          type: 'Feature',
          stac_version: '1.0.0',
          id: 'garonne',
          collection: 'gauges',
          geometry: footprint,
          bbox: [0.5, 44.5, 1.5, 45.5],
          properties: { datetime: '2024-05-01T00:00:00Z' },
          links: [],
          assets: { data: { href: csvUrl, type: 'text/csv', roles: ['data'] } },
        })
      ).status,
    ).toBe(201);
    const itemUrl = `${catalog}collections/gauges/items/garonne`;

    const deploy = (token: string) =>
      fetch(`${processing}processes`, {
        method: 'POST',
        headers: { authorization: `token ${token}`, 'content-type': 'application/cwl+yaml' },
        body: cwlFixture('series-summary.cwl'),
      });
    expect((await deploy(bob)).status).toBe(403);
    expect((await deploy(alice)).status).toBe(201);

    const submitted = await call(
      'POST',
      'processes/series-summary/execution',
      alice,
      { inputs: { series: { href: csvUrl, 'styx:item': itemUrl } } },
      { prefer: 'respond-async' },
    );
    expect(submitted.status).toBe(201);
    const { jobID } = (await submitted.json()) as { jobID: string };
    let job = { status: '', message: '', links: [] as Array<{ rel: string; href: string }> };
    for (let i = 0; i < 300 && !['successful', 'failed'].includes(job.status); i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      job = (await (await call('GET', `jobs/${jobID}`, alice)).json()) as typeof job;
    }
    expect(job.status, job.message).toBe('successful');
    const resultItemUrl = job.links.find((l) => l.rel === 'item')?.href;
    expect(resultItemUrl).toBe(`${catalog}collections/results-alice/items/${jobID}`);

    // The result item: public in the catalog, placed and timed by its input, saying how it was made.
    const item = (await (await fetch(resultItemUrl as string)).json()) as {
      geometry: unknown;
      properties: Record<string, unknown>;
      links: Array<{ rel: string; href: string }>;
      assets: Record<string, { href: string; type: string; 'file:size': number }>;
    };
    expect(item.geometry).toEqual(footprint);
    expect(item.properties).toMatchObject({
      datetime: '2024-05-01T00:00:00Z',
      'styx:process_id': 'series-summary',
      'styx:job_id': jobID,
      'styx:owner': 'alice',
      'processing:software': { 'styx:series-summary': '2.1.0' },
    });
    expect(item.links).toContainEqual(
      expect.objectContaining({ rel: 'derived_from', href: itemUrl }),
    );
    const counts = item.assets['counts.json'];
    expect(counts?.href).toBe(`${processing}results/alice/${jobID}/counts.json`);
    expect(Object.keys(item.assets).sort()).toEqual([
      'counts.json',
      'report_plots_levels.csv',
      'report_summary.md',
      'value-00.txt',
      'value-01.txt',
    ]);

    // Searchable like any other data, and the files are alice's alone.
    const search = (await (
      await fetch(`${catalog}search?collections=results-alice&bbox=1,45,1.2,45.2`)
    ).json()) as { features: Array<{ id: string }> };
    expect(search.features.map((f) => f.id)).toEqual([jobID]);
    const file = await fetch(counts?.href as string, {
      headers: { authorization: `token ${alice}` },
    });
    expect(file.status).toBe(200);
    expect(await file.json()).toMatchObject({ rows: 2, values: 2 });
    expect(
      (await fetch(counts?.href as string, { headers: { authorization: `token ${bob}` } })).status,
    ).toBe(404);
    const results = (await (await call('GET', `jobs/${jobID}/results`, alice)).json()) as Record<
      string,
      { href: string }
    >;
    expect(results.counts?.href).toBe(counts?.href);

    // Dismissing the finished job removes its results: the files and the catalog item.
    expect((await call('DELETE', `jobs/${jobID}`, alice)).status).toBe(200);
    expect((await fetch(resultItemUrl as string)).status).toBe(404);
    expect(
      (await fetch(counts?.href as string, { headers: { authorization: `token ${alice}` } }))
        .status,
    ).toBe(404);
  });
});
