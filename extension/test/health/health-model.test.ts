import { describe, expect, it } from 'vitest';
import { HealthModel } from '../../src/health/health-model.js';

/** The network seam: what the health service answers, per path. */
function serviceAnswering(routes: Record<string, { status: number; body: unknown }>) {
  const asked: string[] = [];
  const fetch = async (input: string) => {
    const path = input.replace('http://hub.test/services/health/', '');
    asked.push(path);
    const route = routes[path.split('?')[0] ?? ''];
    if (!route) return new Response('{}', { status: 404 });
    return new Response(JSON.stringify(route.body), { status: route.status });
  };
  return { fetch, asked };
}

describe('the health model', () => {
  it('reads a 503 as "something is down", with uptime and incidents, and tells its views', async () => {
    const service = serviceAnswering({
      health: {
        status: 503,
        body: {
          status: 'fail',
          checks: { 'storage:availability': [{ componentId: 'storage', status: 'fail' }] },
        },
      },
      uptime: {
        status: 200,
        body: { days: 90, components: [{ component: 'storage', uptime: 0.9, days: [] }] },
      },
      incidents: {
        status: 200,
        body: {
          incidents: [
            {
              id: 1,
              component: 'storage',
              probe: 'object-storage',
              description: 'S3',
              state: 'open',
              openedAt: '2026-12-07T12:00:00Z',
              closedAt: null,
            },
          ],
        },
      },
    });
    const model = new HealthModel({
      healthUrl: 'http://hub.test/services/health/',
      fetch: service.fetch,
      pollInterval: 3_600_000,
    });
    let changes = 0;
    model.changed.connect(() => {
      changes += 1;
    });
    await model.refresh();
    expect(model.error).toBeNull();
    expect(model.document?.status).toBe('fail');
    expect(model.uptime?.components[0]?.uptime).toBe(0.9);
    expect(model.incidents.map((i) => i.state)).toEqual(['open']);
    expect(changes).toBeGreaterThan(0);
    expect(service.asked).toEqual(
      expect.arrayContaining(['health', 'uptime?days=90', 'incidents?days=90&limit=50']),
    );
    model.dispose();
  });

  it("reads latencies for an admin's probes, and runs one now", async () => {
    let runs = 0;
    const admin = serviceAnswering({
      health: {
        status: 200,
        body: {
          status: 'pass',
          checks: {
            'catalog:availability': [{ componentId: 'catalog', status: 'pass' }],
            'catalog:catalog-search': [
              { componentId: 'catalog', status: 'pass', 'styx:probe': 'catalog-search' },
            ],
          },
        },
      },
      uptime: { status: 200, body: { days: 90, components: [] } },
      incidents: { status: 200, body: { incidents: [] } },
      'probes/catalog-search/latency': {
        status: 200,
        body: {
          points: [{ hour: '2026-12-07T12:00:00Z', avgMs: 14, maxMs: 40, checks: 120, fails: 0 }],
        },
      },
    });
    const fetch = async (input: string, init?: RequestInit) => {
      if (init?.method === 'POST' && input.endsWith('probes/catalog-search/run')) {
        runs += 1;
        return new Response(
          JSON.stringify({
            probeId: 'catalog-search',
            status: 'pass',
            at: '2026-12-07T12:00:00Z',
            latencyMs: 9,
            message: null,
          }),
        );
      }
      return admin.fetch(input);
    };
    const model = new HealthModel({
      healthUrl: 'http://hub.test/services/health/',
      fetch,
      pollInterval: 3_600_000,
    });
    await model.refresh();
    expect(model.latencies.get('catalog-search')?.[0]?.avgMs).toBe(14);
    const run = model.runNow('catalog-search');
    expect(model.running.has('catalog-search')).toBe(true);
    expect((await run).latencyMs).toBe(9);
    expect(model.running.size).toBe(0);
    expect(runs).toBe(1);
    model.dispose();
  });

  it('keeps a sentence when the service cannot be reached', async () => {
    const model = new HealthModel({
      healthUrl: 'http://hub.test/services/health/',
      fetch: async () => new Response('bad gateway', { status: 502 }),
      pollInterval: 3_600_000,
    });
    await model.refresh();
    expect(model.error).toBe('the health service answered 502');
    expect(model.document).toBeNull();
    model.dispose();
  });
});
