import { describe, expect, it } from 'vitest';
import { hrefOfDrop } from '../../src/jobs/drop-href.js';
import { JobsModel } from '../../src/jobs/jobs-model.js';

const BASE = 'http://127.0.0.1:8000/services/processing/';

/**
 * The processing service's side of the conversation, at the model's one seam (its fetch):
 * answers shaped as the real service sends them (see hub-services' processing tests).
 */
function fakeService() {
  const requests: Array<{ method: string; url: string; body?: unknown; prefer?: string | null }> =
    [];
  const jobs: Array<Record<string, unknown>> = [];
  const fetchFn = async (input: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const url = new URL(input);
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({
      method,
      url: url.href,
      body,
      prefer: new Headers(init?.headers).get('prefer'),
    });
    const path = url.pathname.replace('/services/processing/', '');
    if (path === 'processes') {
      return Response.json({
        processes: [
          {
            id: 'river-level-statistics',
            title: 'River level statistics',
            description: 'd',
            jobControlOptions: [],
          },
        ],
      });
    }
    if (path === 'processes/river-level-statistics') {
      return Response.json({
        id: 'river-level-statistics',
        title: 'River level statistics',
        description: 'd',
        jobControlOptions: [],
        inputs: {
          series: {
            title: 'Series',
            description: 's',
            minOccurs: 1,
            schema: { contentMediaType: 'text/csv' },
          },
        },
        outputs: {},
      });
    }
    if (path === 'processes/river-level-statistics/execution') {
      if (!body.inputs.series) {
        return Response.json(
          { type: 'InvalidParameterValue', status: 400, detail: "input 'series' is required" },
          { status: 400 },
        );
      }
      const job = {
        jobID: 'j1',
        processID: 'river-level-statistics',
        status: 'successful',
        progress: 100,
        created: '2026-11-22T09:00:00Z',
        updated: '2026-11-22T09:00:01Z',
      };
      jobs.push(job);
      return Response.json(job, { status: 201 });
    }
    if (path === 'jobs') return Response.json({ jobs });
    if (path === 'jobs/j1/logs') return new Response('4 values of water_level_m: mean 4.000\n');
    if (path === 'jobs/j1/results') return Response.json({ statistics: { mean: 4 } });
    return Response.json({ detail: 'no' }, { status: 404 });
  };
  return { fetchFn, requests };
}

describe('JobsModel', () => {
  it('lists processes with their descriptions, runs one asynchronously and shows its results', async () => {
    const service = fakeService();
    const model = new JobsModel({ processingUrl: BASE, fetch: service.fetchFn });
    await model.loadProcesses();
    expect(model.processes.map((p) => p.id)).toEqual(['river-level-statistics']);
    expect(model.description('river-level-statistics')?.inputs.series?.minOccurs).toBe(1);

    await model.run('river-level-statistics', { series: 'http://x/levels.csv' });
    const execution = service.requests.find((r) => r.method === 'POST');
    expect(execution).toMatchObject({
      body: { inputs: { series: 'http://x/levels.csv' } },
      prefer: 'respond-async',
    });
    expect(model.selected?.jobID).toBe('j1');
    expect(model.jobs.map((j) => j.status)).toEqual(['successful']);
    expect(model.results).toEqual({ statistics: { mean: 4 } });
    expect(model.logs).toContain('mean 4.000');
    expect(model.error).toBeNull();
    model.dispose();
  });

  it('shows the service’s own words when it refuses a run', async () => {
    const model = new JobsModel({ processingUrl: BASE, fetch: fakeService().fetchFn });
    await model.run('river-level-statistics', {});
    expect(model.error).toBe("input 'series' is required");
    model.dispose();
  });
});

describe('hrefOfDrop', () => {
  const item = {
    type: 'Feature' as const,
    id: 'g1',
    collection: 'insitu-gauges',
    geometry: null,
    properties: {},
    links: [],
    assets: {
      thumbnail: { href: 'http://c/thumb.png', roles: ['thumbnail'] },
      series: { href: 'http://c/g1.csv', roles: ['data'], type: 'text/csv' },
    },
  };
  it('takes a dropped asset’s href, or an item’s data asset', () => {
    expect(
      hrefOfDrop({ kind: 'asset', catalogUrl: 'http://c/', item, assetKey: 'thumbnail' } as never),
    ).toBe('http://c/thumb.png');
    expect(hrefOfDrop({ kind: 'item', catalogUrl: 'http://c/', item } as never)).toBe(
      'http://c/g1.csv',
    );
    expect(
      hrefOfDrop({ kind: 'search', catalogUrl: 'http://c/', search: {} } as never),
    ).toBeUndefined();
  });
});
