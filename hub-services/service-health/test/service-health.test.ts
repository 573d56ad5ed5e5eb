import { PROMTOOL, promtoolCheck } from '@styx/testing';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { serviceHealth } from '../src/index.js';

async function appWith(database: { up: boolean }) {
  const app = Fastify();
  await app.register(serviceHealth, {
    service: 'catalog',
    prefix: '/services/catalog/',
    readiness: [
      {
        name: 'database',
        check: async () => {
          if (!database.up) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        },
      },
    ],
  });
  app.get('/services/catalog/collections/:id', async (request) => request.params);
  return app;
}

describe('livez, readyz and metrics', () => {
  it('livez answers whatever the dependencies; readyz answers 503 naming the one that fails, not why', async () => {
    const database = { up: true };
    const app = await appWith(database);
    const ready = await app.inject({ url: '/services/catalog/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.headers['content-type']).toContain('application/health+json');
    expect(ready.json()).toEqual({
      status: 'pass',
      serviceId: 'catalog',
      checks: { database: [{ status: 'pass' }] },
    });
    database.up = false;
    const down = await app.inject({ url: '/services/catalog/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json().checks.database[0].status).toBe('fail');
    expect(down.body).not.toContain('ECONNREFUSED');
    const live = await app.inject({ url: '/services/catalog/livez' });
    expect(live.statusCode).toBe(200);
    expect(live.json().status).toBe('pass');
    await app.close();
  });

  it('exposes every route and status class at 0 before any request, then counts by route pattern', async () => {
    const app = await appWith({ up: true });
    const before = (await app.inject({ url: '/services/catalog/metrics' })).body;
    for (const status of ['2xx', '3xx', '4xx', '5xx'])
      expect(before).toContain(
        `styx_http_requests_total{method="GET",route="/services/catalog/collections/:id",status="${status}",service="catalog"} 0`,
      );
    expect(before).toContain(
      'styx_readiness_checks_total{check="database",result="fail",service="catalog"} 0',
    );
    expect(before).toContain('process_cpu_seconds_total');
    await app.inject({ url: '/services/catalog/collections/rivers' });
    await app.inject({ url: '/services/catalog/collections/lakes' });
    await app.inject({ url: '/nowhere' });
    const after = (await app.inject({ url: '/services/catalog/metrics' })).body;
    expect(after).toContain(
      'styx_http_requests_total{method="GET",route="/services/catalog/collections/:id",status="2xx",service="catalog"} 2',
    );
    expect(after).not.toContain('nowhere');
    await app.close();
  });

  it.skipIf(!PROMTOOL)('passes promtool check metrics', async () => {
    const app = await appWith({ up: false });
    await app.inject({ url: '/services/catalog/readyz' });
    const exposition = (await app.inject({ url: '/services/catalog/metrics' })).body;
    expect(promtoolCheck(exposition)).toBe('');
    await app.close();
  });
});
