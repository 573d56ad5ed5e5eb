import { PROMTOOL, promtoolCheck } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentsApp } from '../support/environments-app.js';

/**
 * The environments service's own health, as every Styx service has it (Kubernetes probes them,
 * the health service reads /readyz): alive whatever its database does, ready only while that
 * database answers, and Prometheus metrics that promtool accepts.
 */
describe('the environments service: /livez, /readyz, /metrics', () => {
  let env: Awaited<ReturnType<typeof environmentsApp>>;
  beforeAll(async () => {
    env = await environmentsApp();
  });
  afterAll(async () => {
    await env.app.close();
  });

  it('is alive and ready with its database, and counts its requests', async () => {
    const live = await env.call('GET', '/livez');
    expect(live.statusCode).toBe(200);
    const ready = await env.call('GET', '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.headers['content-type']).toMatch(/application\/health\+json/);
    expect(ready.json()).toMatchObject({ status: 'pass' });
    await env.call('GET', '/api/profiles', 'root');
    const metrics = await env.call('GET', '/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/service="environments"/);
    expect(metrics.body).toMatch(/styx_readiness_checks_total\{[^}]*check="database"/);
  });

  it.skipIf(!PROMTOOL)('serves metrics that pass promtool check metrics', async () => {
    expect(promtoolCheck((await env.call('GET', '/metrics')).body)).toBe('');
  });

  it('is not ready once its database is gone, and still alive', async () => {
    await env.sql.close();
    const ready = await env.call('GET', '/readyz');
    expect(ready.statusCode).toBe(503);
    expect(JSON.stringify(ready.json())).toMatch(/database/);
    expect((await env.call('GET', '/livez')).statusCode).toBe(200);
  });
});
