import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubServersClient } from '../../src/hub/hub-servers-client.js';
import { environmentsApp, gpuLarge, small } from '../support/environments-app.js';

/**
 * A group's delegated admins: set by Hub admins (audited), and acting on their group's users
 * only. The Hub is the network seam: its `GET /users` (paginated) is a canned answer, and the
 * server actions it is asked for are recorded (the real Hub is in test/hub).
 */
describe('delegated admins of a group', () => {
  let env: Awaited<ReturnType<typeof environmentsApp>>;
  const hubUsers = [
    { name: 'alice', admin: false, groups: ['gpu-users'], servers: {} },
    {
      name: 'bob',
      admin: false,
      groups: ['hydro-lab'],
      last_activity: '2026-12-07T09:30:00Z',
      servers: { '': { ready: true, started: '2026-12-07T08:00:00Z' } },
    },
    { name: 'carl', admin: false, groups: ['hydro-lab'], servers: {} },
    { name: 'root', admin: true, groups: ['hydro-lab'], servers: {} },
    { name: 'lena', admin: false, groups: [], servers: {} },
  ];
  const asked: string[] = [];
  const hub = new HubServersClient({
    apiUrl: 'http://hub.test/hub/api/',
    token: 'service-token',
    fetch: async (url, init) => {
      const u = new URL(String(url));
      if (init?.method === 'GET' && u.pathname === '/hub/api/users') {
        // Two pages, as JupyterHub pages them with the pagination media type.
        const offset = Number(u.searchParams.get('offset'));
        const items = offset === 0 ? hubUsers.slice(0, 3) : hubUsers.slice(3);
        return Response.json({
          items,
          _pagination: { offset, limit: 3, total: 5, next: offset === 0 ? { offset: 3 } : null },
        });
      }
      asked.push(`${init?.method} ${u.pathname}`);
      return new Response(null, { status: 204 });
    },
  });

  beforeAll(async () => {
    env = await environmentsApp({ hubServers: hub });
    await env.call('POST', '/api/profiles', 'root', small);
    await env.call('POST', '/api/profiles', 'root', gpuLarge);
    for (const user of ['alice', 'bob']) {
      await env.call('POST', '/api/hub/spawns', 'hook', {
        user,
        groups: user === 'alice' ? ['gpu-users'] : ['hydro-lab'],
        profile: 'small',
      });
    }
    env.clock.now = new Date(env.clock.now.getTime() + 2 * 3_600_000);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('are set by Hub admins only, each change audited', async () => {
    const delegation = { users: ['lena'], mayEditProfiles: true };
    expect(
      (await env.call('PUT', '/api/group-admins/hydro-lab', 'lena', delegation)).statusCode,
    ).toBe(403);
    const bad = await env.call('PUT', '/api/group-admins/hydro-lab', 'root', { users: 'lena' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().description).toMatch(/body\/users/);
    const set = await env.call('PUT', '/api/group-admins/hydro-lab', 'root', delegation);
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      group: 'hydro-lab',
      users: ['lena'],
      hubGroups: [],
      mayEditProfiles: true,
      mayEditQuotas: true,
      updatedBy: 'root',
    });
    const audit = (
      await env.call('GET', '/api/audit?target=group-admins:hydro-lab', 'root')
    ).json();
    expect(audit.records[0]).toMatchObject({
      actor: 'root',
      action: 'create',
      diff: { from: null, to: { users: ['lena'], mayEditProfiles: true } },
    });
  });

  it('say who may manage what', async () => {
    expect((await env.call('GET', '/api/me', 'lena')).json()).toEqual({
      name: 'lena',
      role: 'group-admin',
      groups: ['hydro-lab'],
      delegations: [{ group: 'hydro-lab', mayEditProfiles: true, mayEditQuotas: true }],
      mayCreateProfiles: true,
      mayManageGroupAdmins: false,
    });
    expect((await env.call('GET', '/api/me', 'bob')).json()).toMatchObject({
      role: 'user',
      mayCreateProfiles: false,
    });
    expect((await env.call('GET', '/api/me', 'root')).json()).toMatchObject({ role: 'admin' });
  });

  it("list only their group's users (never a Hub admin), with state, profile and usage", async () => {
    const all = (await env.call('GET', '/api/users', 'root')).json().users;
    expect(all.map((u: { name: string }) => u.name)).toEqual([
      'alice',
      'bob',
      'carl',
      'root',
      'lena',
    ]);
    const theirs = await env.call('GET', '/api/users', 'lena');
    expect(theirs.statusCode).toBe(200);
    const users = theirs.json().users;
    expect(users.map((u: { name: string }) => u.name)).toEqual(['bob', 'carl']);
    expect(users[0]).toMatchObject({
      name: 'bob',
      state: 'running',
      profile: 'small',
      lastActivity: '2026-12-07T09:30:00.000Z',
      usage: { last30Days: { cpuHours: 2 } },
    });
    const refused = await env.call('GET', '/api/users', 'bob');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().description).toMatch(/user bob is neither/);
  });

  it("stop their users' servers, and are refused whole when naming anyone else", async () => {
    asked.length = 0;
    const stopped = await env.call('POST', '/api/bulk', 'lena', {
      action: 'stop',
      servers: [{ user: 'bob' }, { user: 'carl', server: 'big' }],
    });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json()).toMatchObject({ succeeded: 2, failed: 0 });
    expect(asked).toEqual([
      'DELETE /hub/api/users/bob/server',
      'DELETE /hub/api/users/carl/servers/big',
    ]);

    asked.length = 0;
    for (const user of ['alice', 'root', 'ghost']) {
      const refused = await env.call('POST', '/api/bulk', 'lena', {
        action: 'stop',
        servers: [{ user: 'bob' }, { user }],
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().description).toBe(
        `lena administers the users of hydro-lab only; not: ${user}`,
      );
    }
    expect(asked).toEqual([]);
  });

  it('add users to their own group only, and only users already theirs', async () => {
    const other = await env.call('POST', '/api/bulk', 'lena', {
      action: 'add-to-group',
      group: 'gpu-users',
      users: ['bob'],
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().description).toMatch(/may add users to hydro-lab only, not to gpu-users/);
    const outsider = await env.call('POST', '/api/bulk', 'lena', {
      action: 'add-to-group',
      group: 'hydro-lab',
      users: ['alice'],
    });
    expect(outsider.statusCode).toBe(403);
  });

  it('see the profiles open to their group, and write only those restricted to it', async () => {
    const listed = (await env.call('GET', '/api/profiles', 'lena')).json();
    expect(listed.profiles.map((p: { slug: string }) => p.slug)).toEqual(['small']);
    expect(listed).toMatchObject({ mayCreate: true, editable: [] });
    expect((await env.call('GET', '/api/profiles/gpu-large', 'lena')).statusCode).toBe(404);
    expect((await env.call('GET', '/api/profiles/gpu-large/versions', 'lena')).statusCode).toBe(
      404,
    );
    const open = await env.call('PUT', '/api/profiles/small', 'lena', { ...small, cpu: 4 });
    expect(open.statusCode).toBe(403);
    expect(open.json().description).toMatch(
      /lena may write only profiles whose allowedGroups are among hydro-lab; 'small' is open to everyone/,
    );
    const hydro = {
      ...small,
      slug: 'hydro',
      displayName: 'Hydro lab',
      allowedGroups: ['hydro-lab'],
    };
    expect((await env.call('POST', '/api/profiles', 'lena', hydro)).statusCode).toBe(201);
    const changed = await env.call('PUT', '/api/profiles/hydro', 'lena', { ...hydro, cpu: 2 });
    expect(changed.json()).toMatchObject({ version: 2, updatedBy: 'lena' });
    expect(
      (await env.call('PUT', '/api/profiles/hydro', 'lena', { ...hydro, allowedGroups: [] }))
        .statusCode,
    ).toBe(403);
    const history = (await env.call('GET', '/api/audit?target=profile:hydro', 'lena')).json();
    expect(
      history.records.map((r: { actor: string; version: number }) => [r.actor, r.version]),
    ).toEqual([
      ['lena', 2],
      ['lena', 1],
    ]);
    expect((await env.call('GET', '/api/audit', 'lena')).statusCode).toBe(403);
    expect((await env.call('GET', '/api/audit?target=profile:gpu-large', 'lena')).statusCode).toBe(
      403,
    );
  });

  it("see and set their group's and members' quotas, and read their users' usage only", async () => {
    expect(
      (await env.call('PUT', '/api/quotas/group/hydro-lab', 'lena', { cpuHours: 100 })).statusCode,
    ).toBe(200);
    expect(
      (await env.call('PUT', '/api/quotas/user/bob', 'lena', { cpuHours: 10 })).statusCode,
    ).toBe(200);
    expect(
      (await env.call('PUT', '/api/quotas/group/gpu-users', 'lena', { cpuHours: 1 })).statusCode,
    ).toBe(403);
    expect(
      (await env.call('PUT', '/api/quotas/user/alice', 'lena', { cpuHours: 1 })).statusCode,
    ).toBe(403);
    await env.call('PUT', '/api/quotas/group/gpu-users', 'root', { cpuHours: 50 });
    const quotas = (await env.call('GET', '/api/quotas', 'lena')).json().quotas;
    expect(quotas.map((q: { kind: string; name: string }) => `${q.kind}:${q.name}`)).toEqual([
      'group:hydro-lab',
      'user:bob',
    ]);
    const csv = await env.call('GET', '/api/usage.csv?month=2026-12', 'lena');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['bob']);
    const everyone = (await env.call('GET', '/api/usage.csv?month=2026-12', 'root')).body;
    expect(everyone).toContain(',alice,');
  });
});
