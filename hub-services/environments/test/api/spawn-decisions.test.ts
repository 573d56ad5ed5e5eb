import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubServersClient } from '../../src/hub/hub-servers-client.js';
import { reconcileLedger } from '../../src/usage/ledger-reconciler.js';
import { environmentsApp, gpuLarge, small } from '../support/environments-app.js';

const HOUR = 3_600_000;

/**
 * What the Hub's spawn hooks ask, as they ask it (the service's own token), and what admins
 * see of it: quotas (audited), each user's usage, the monthly report. The Hub itself is the
 * network seam here: its `GET /users` is a canned answer (the real Hub is in test/hub).
 */
describe('spawn decisions, quotas and usage', () => {
  let env: Awaited<ReturnType<typeof environmentsApp>>;
  let running: Array<{ name: string; servers: Record<string, object> }> = [];
  const hub = new HubServersClient({
    apiUrl: 'http://hub.test/hub/api/',
    token: 'service-token',
    fetch: async (url) => {
      if (String(url).startsWith('http://hub.test/hub/api/users?state=active'))
        return new Response(JSON.stringify(running), { status: 200 });
      return new Response('{"message": "not in this test"}', { status: 404 });
    },
  });
  const spawn = (body: Record<string, unknown>, as: 'hook' | 'bob' | 'root' = 'hook') =>
    env.call('POST', '/api/hub/spawns', as, { admin: false, groups: [], server: '', ...body });

  beforeAll(async () => {
    env = await environmentsApp({ hubServers: hub });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('lets only the Hub hook, not users nor admins, ask for spawn decisions', async () => {
    const refused = await spawn({ user: 'bob' }, 'bob');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().description).toMatch(/asked by the Hub's spawn hook/);
    expect((await spawn({ user: 'bob' }, 'root')).statusCode).toBe(403);
    // No profile yet: the Hub's defaults, nothing to apply.
    expect((await spawn({ user: 'bob' })).json()).toEqual({
      profile: null,
      version: null,
      settings: null,
    });
    await env.call('POST', '/api/hub/stops', 'hook', { user: 'bob', server: '' });
  });

  it("answers the profile's spawner settings, or 403 with the reason", async () => {
    await env.call('POST', '/api/profiles', 'root', small);
    await env.call('POST', '/api/profiles', 'root', gpuLarge);
    const refused = await spawn({ user: 'bob', profile: 'gpu-large' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().description).toMatch(/only for members of gpu-users/);
    const allowed = await spawn({ user: 'alice', groups: ['gpu-users'], profile: 'gpu-large' });
    expect(allowed.json()).toMatchObject({
      profile: 'gpu-large',
      version: 1,
      settings: { mem_limit: '32G', cpu_limit: 8, environment: { STYX_PROFILE: 'gpu-large' } },
    });
    const options = await env.call('POST', '/api/hub/spawn-options', 'hook', { user: 'bob' });
    expect(options.json().profiles.map((p: { slug: string }) => p.slug)).toEqual(['small']);
  });

  it('refuses a spawn once the quota has less than an hour of the profile left', async () => {
    const quota = await env.call('PUT', '/api/quotas/group/gpu-users', 'root', {
      cpuHours: 20,
      windowDays: 7,
    });
    expect(quota.statusCode).toBe(200);
    expect(quota.json()).toMatchObject({
      kind: 'group',
      name: 'gpu-users',
      cpuHours: 20,
      memoryGiBHours: null,
    });
    expect(
      (await env.call('PUT', '/api/quotas/group/gpu-users', 'alice', { cpuHours: 1e9 })).statusCode,
    ).toBe(403);
    expect((await env.call('PUT', '/api/quotas/team/x', 'root', { cpuHours: 1 })).statusCode).toBe(
      400,
    );
    // alice's gpu-large server (8 CPUs) opened above has run 2 hours: 16 of 20 CPU-hours.
    env.clock.now = new Date(env.clock.now.getTime() + 2 * HOUR);
    const usage = (await env.call('GET', '/api/usage/mine', 'alice')).json();
    expect(usage.quotas[0].used.cpuHours).toBeCloseTo(16);
    expect(usage.running).toEqual([expect.objectContaining({ server: '', profile: 'gpu-large' })]);
    const refused = await spawn({
      user: 'alice',
      groups: ['gpu-users'],
      server: 'second',
      profile: 'gpu-large',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().description).toBe(
      "quota exceeded (group gpu-users): 16 of 20 CPU-hours used in the last 7 days, 4 remaining; profile 'gpu-large' needs 8 CPU-hours per hour",
    );
    // A smaller profile still fits.
    expect(
      (await spawn({ user: 'alice', groups: ['gpu-users'], server: 'second', profile: 'small' }))
        .statusCode,
    ).toBe(200);
    const audit = (await env.call('GET', '/api/audit?target=quota:group:gpu-users', 'root')).json();
    expect(audit.records[0]).toMatchObject({
      actor: 'root',
      action: 'create',
      diff: { from: null },
    });
  });

  it("closes the sessions of servers the Hub no longer runs, and reports the month's usage", async () => {
    running = [{ name: 'alice', servers: { second: {} } }];
    // alice's default server was stopped without the hook hearing of it.
    const mine = async () => (await env.call('GET', '/api/usage/mine', 'alice')).json().running;
    expect((await mine()).length).toBe(2);
    // The reconciliation runs in server.ts's poller; here once, by hand, on the app's ledger.
    const closed = await reconcileLedger(env.ledger, await hub.runningServers(), env.clock.now);
    expect(closed).toBe(1);
    expect((await mine()).map((s: { server: string }) => s.server)).toEqual(['second']);

    const csv = await env.call('GET', '/api/usage.csv?month=2026-12', 'root');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')).toContain('2026-12,alice,gpu-large,1,2.000,16.000,64.000,2.000');
    expect((await env.call('GET', '/api/usage.csv?month=2026-13', 'root')).statusCode).toBe(400);
    expect((await env.call('GET', '/api/usage.csv', 'bob')).statusCode).toBe(403);
  });

  it('refuses a bulk action it does not know, and any from non-admins', async () => {
    const bad = await env.call('POST', '/api/bulk', 'root', { action: 'reboot', servers: [] });
    expect(bad.statusCode).toBe(400);
    expect(
      (await env.call('POST', '/api/bulk', 'bob', { action: 'stop', servers: [{ user: 'x' }] }))
        .statusCode,
    ).toBe(403);
  });
});
