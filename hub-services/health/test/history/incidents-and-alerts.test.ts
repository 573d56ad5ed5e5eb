import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Component, Probe } from '../../src/probes/probe.js';
import {
  ADMIN,
  type HistoryService,
  startHistoryService,
  USER,
} from '../support/history-service.js';
import { waitUntil } from '../support/wait-until.js';

const SECRET = 'history-test-secret-0123456789';

/** A probe whose component the test switches off and on (the checks are the test's, nothing is mocked). */
function switchable(id: string, component: Component, audience: 'public' | 'admin' = 'public') {
  const state = { up: true };
  const probe: Probe = {
    id,
    component,
    tier: 'ready',
    description: `${component} answers`,
    intervalMs: 60,
    timeoutMs: 200,
    failuresToOpen: 3,
    passesToClose: 2,
    audience,
    async check() {
      if (!state.up) throw new Error(`${component} refused the connection`);
      return { detail: `${component} ok` };
    },
  };
  return { probe, state };
}

describe('incidents, maintenance, alerts and history on PGlite', () => {
  let service: HistoryService;
  let db: HistoryService['db'];
  let store: HistoryService['store'];
  let app: HistoryService['app'];
  let receiver: HistoryService['receiver'];
  const storage = switchable('object-storage', 'storage');
  const catalog = switchable('catalog-search', 'catalog');
  const containers = switchable('container-api', 'containers', 'admin');

  beforeAll(async () => {
    service = await startHistoryService({
      probes: [storage.probe, catalog.probe, containers.probe],
      secret: SECRET,
      failFirst: true,
    });
    ({ db, store, app, receiver } = service);
  });

  afterAll(async () => {
    await service?.close();
  });

  const health = async (token?: string) => {
    const response = await app.inject({
      url: '/health',
      headers: token ? { authorization: `token ${token}` } : {},
    });
    return { code: response.statusCode, body: response.json() };
  };

  it('opens one incident after N failures, alerts once (retried until accepted), and closes it after M passes', async () => {
    await waitUntil('all green', async () =>
      (await health()).body.status === 'pass' ? true : undefined,
    );
    storage.state.up = false;
    const red = await waitUntil('storage red', async () => {
      const h = await health();
      return h.body.checks['storage:availability'][0].status === 'fail' ? h : undefined;
    });
    expect(red.code).toBe(503);
    expect(red.body.checks['catalog:availability'][0].status).toBe('pass');
    const opened = await waitUntil('the opened alert', () =>
      receiver.accepted.find(
        (a) => a.event === 'incident.opened' && a.incident.probe === 'object-storage',
      ),
    );
    expect(opened.incident.message).toBe('storage refused the connection');
    // The first attempt was refused with a 500: it was retried, and accepted once.
    expect(receiver.attempts.get(String(opened.deliveryId))).toBe(2);
    storage.state.up = true;
    const closed = await waitUntil('the closed alert', () =>
      receiver.accepted.find(
        (a) => a.event === 'incident.closed' && a.incident.id === opened.incident.id,
      ),
    );
    expect(closed.incident.probe).toBe('object-storage');
    await new Promise((r) => setTimeout(r, 300));
    const forIncident = receiver.accepted
      .filter((a) => a.incident.id === opened.incident.id)
      .map((a) => a.event);
    expect(forIncident).toEqual(['incident.opened', 'incident.closed']);
    expect(receiver.refused).toEqual([]);
  });

  it('shows users public incidents without the error, admins everything', async () => {
    containers.state.up = false;
    await waitUntil('the containers incident', async () =>
      (await store.openIncidents()).find((i) => i.probeId === 'container-api'),
    );
    containers.state.up = true;
    const asUser = (
      await app.inject({ url: '/incidents', headers: { authorization: `token ${USER}` } })
    ).json();
    expect(asUser.incidents.map((i: { probe: string }) => i.probe)).toEqual(['object-storage']);
    expect(asUser.incidents[0]).not.toHaveProperty('message');
    const asAdmin = (
      await app.inject({ url: '/incidents', headers: { authorization: `token ${ADMIN}` } })
    ).json();
    expect(asAdmin.incidents.map((i: { probe: string }) => i.probe).sort()).toEqual([
      'container-api',
      'object-storage',
    ]);
    expect(
      asAdmin.incidents.find((i: { probe: string }) => i.probe === 'object-storage').message,
    ).toBe('storage refused the connection');
    // An admin sees the internal component and every probe's output; a user does not.
    const user = await health(USER);
    expect(Object.keys(user.body.checks)).not.toContain('containers:availability');
    const admin = await health(ADMIN);
    expect(admin.body.checks['storage:object-storage'][0].output).toBe('storage ok');
  });

  it('opens no incident during a maintenance window, and only admins may plan one', async () => {
    const window = {
      component: 'catalog',
      endsAt: new Date(Date.now() + 60_000).toISOString(),
      reason: 'PgSTAC upgrade',
    };
    const refused = await app.inject({
      method: 'POST',
      url: '/maintenance',
      headers: { authorization: `token ${USER}` },
      payload: window,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe('only JupyterHub admins may plan maintenance');
    const bad = await app.inject({
      method: 'POST',
      url: '/maintenance',
      headers: { authorization: `token ${ADMIN}` },
      payload: { ...window, component: 'toaster' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('/component');
    const created = await app.inject({
      method: 'POST',
      url: '/maintenance',
      headers: { authorization: `token ${ADMIN}` },
      payload: window,
    });
    expect(created.statusCode).toBe(201);
    const before = receiver.accepted.length;
    catalog.state.up = false;
    // Well past the threshold: the failures are recorded and shown, no incident opens.
    await waitUntil('catalog red', async () =>
      (await health()).body.checks['catalog:availability'][0].status === 'fail' ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 600));
    expect((await health()).body.checks['catalog:availability'][0]['styx:maintenance']).toBe(
      'PgSTAC upgrade',
    );
    expect((await store.openIncidents()).map((i) => i.probeId)).not.toContain('catalog-search');
    catalog.state.up = true;
    const ended = await app.inject({
      method: 'DELETE',
      url: `/maintenance/${created.json().id}`,
      headers: { authorization: `token ${ADMIN}` },
    });
    expect(ended.statusCode).toBe(204);
    expect(
      receiver.accepted.slice(before).filter((a) => a.incident.probe === 'catalog-search'),
    ).toEqual([]);
  });

  it('rolls the results up into hours and answers the uptime of public components', async () => {
    await store.rollUpAndPrune({ rawDays: 14, hourlyDays: 400 });
    const uptime = (await app.inject({ url: '/uptime?days=90' })).json();
    expect(uptime.components.map((c: { component: string }) => c.component).sort()).toEqual([
      'catalog',
      'storage',
    ]);
    const storageUptime = uptime.components.find(
      (c: { component: string }) => c.component === 'storage',
    );
    expect(storageUptime.days).toHaveLength(1);
    expect(storageUptime.uptime).toBeGreaterThan(0);
    expect(storageUptime.uptime).toBeLessThan(1);
    // Raw results older than the retention are pruned; roll-ups stay.
    await db.query(
      `UPDATE health_results SET at = at - interval '15 days' WHERE probe_id = 'object-storage'`,
    );
    const { prunedResults } = await store.rollUpAndPrune({ rawDays: 14, hourlyDays: 400 });
    expect(prunedResults).toBeGreaterThan(0);
    const hourly = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM health_hourly WHERE probe_id = 'object-storage'`,
    );
    expect(hourly.rows[0]?.n).toBeGreaterThan(0);
    expect((await app.inject({ url: '/uptime?days=0' })).statusCode).toBe(400);
    // Admins read each probe's hourly latency from the same roll-ups.
    const latency = await app.inject({
      url: '/probes/catalog-search/latency?hours=24',
      headers: { authorization: `token ${ADMIN}` },
    });
    expect(latency.statusCode).toBe(200);
    const points = latency.json().points as Array<{ avgMs: number; checks: number; fails: number }>;
    expect(points).toHaveLength(1);
    expect(points[0]?.checks).toBeGreaterThan(0);
    expect(points[0]?.fails).toBeGreaterThan(0);
    const asUser = await app.inject({
      url: '/probes/catalog-search/latency',
      headers: { authorization: `token ${USER}` },
    });
    expect(asUser.statusCode).toBe(403);
  });

  it('runs a probe now for an admin, and refuses users', async () => {
    const run = await app.inject({
      method: 'POST',
      url: '/probes/catalog-search/run',
      headers: { authorization: `token ${ADMIN}` },
    });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({
      probeId: 'catalog-search',
      status: 'pass',
      message: 'catalog ok',
    });
    const user = await app.inject({
      method: 'POST',
      url: '/probes/catalog-search/run',
      headers: { authorization: `token ${USER}` },
    });
    expect(user.statusCode).toBe(403);
    const none = await app.inject({
      method: 'POST',
      url: '/probes/nothing/run',
      headers: { authorization: `token ${ADMIN}` },
    });
    expect(none.statusCode).toBe(404);
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain(
      'styx_health_probe_status{probe="catalog-search",component="catalog",tier="ready",status="fail",service="health"} 0',
    );
  });
});
