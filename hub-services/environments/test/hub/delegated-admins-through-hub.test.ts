import { freePort, hubAdmin, type LocalHub, startLocalHub } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A group's delegated admins on the real Hub: named by a Hub group (its members administer
 * hydro-lab), they see and act on hydro-lab's users only, through the Hub's REST API as the
 * service does it, with the token a JupyterLab gets (access:services only).
 */
describe('delegated admins through the Hub', () => {
  let hub: LocalHub;
  let admin: ReturnType<typeof hubAdmin>;
  let environments: string;
  let root: string;
  let lena: string;
  let ana: string;

  beforeAll(async () => {
    hub = await startLocalHub({
      env: {
        STYX_ENVIRONMENTS: 'on',
        STYX_ENVIRONMENTS_PORT: String(await freePort()),
        STYX_KERNELS: 'off',
        STYX_HEALTH: 'off',
      },
      services: ['catalog', 'environments'],
    });
    environments = `${hub.url}services/environments/`;
    admin = hubAdmin(hub);
    for (const name of ['lena', 'ana', 'oz']) await admin.createUser(name);
    for (const group of ['hydro-lab', 'ocean-lab', 'hydro-leads'])
      await admin.call('POST', `groups/${group}`);
    await admin.addToGroup('hydro-lab', 'ana');
    await admin.addToGroup('ocean-lab', 'oz');
    await admin.addToGroup('hydro-leads', 'lena');
    root = await admin.tokenFor('admin');
    // What lena's JupyterLab holds: access to the services, nothing of the Hub's API.
    lena = await admin.tokenFor('lena', ['access:services']);
    ana = await admin.tokenFor('ana');
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const call = (method: string, path: string, token: string, body?: unknown) =>
    fetch(new URL(path, path.startsWith('hub/') ? hub.url : environments), {
      method,
      headers: {
        authorization: `token ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const waitForServer = (user: string, ready: boolean) => admin.waitForServer(user, ready);

  it('are named by Hub admins, as a Hub group, and know it from a JupyterLab token', async () => {
    expect((await call('GET', 'api/me', lena)).status).toBe(200);
    expect(((await (await call('GET', 'api/me', lena)).json()) as { role: string }).role).toBe(
      'user',
    );
    expect((await call('PUT', 'api/group-admins/hydro-lab', ana, { users: ['ana'] })).status).toBe(
      403,
    );
    const set = await call('PUT', 'api/group-admins/hydro-lab', root, {
      hubGroups: ['hydro-leads'],
    });
    expect(set.status).toBe(200);
    expect(await (await call('GET', 'api/me', lena)).json()).toMatchObject({
      name: 'lena',
      role: 'group-admin',
      groups: ['hydro-lab'],
      mayCreateProfiles: false,
    });
    expect(((await (await call('GET', 'api/me', ana)).json()) as { role: string }).role).toBe(
      'user',
    );
  });

  it("see their group's users only, with the state of their servers", async () => {
    for (const user of ['ana', 'oz']) {
      const started = await call('POST', `hub/api/users/${user}/server`, root);
      expect([201, 202]).toContain(started.status);
    }
    await waitForServer('ana', true);
    await waitForServer('oz', true);
    const answer = await call('GET', 'api/users', lena);
    expect(answer.status).toBe(200);
    const { users } = (await answer.json()) as {
      users: Array<{ name: string; state: string; lastActivity: string | null }>;
    };
    expect(users.map((u) => u.name)).toEqual(['ana']);
    expect(users[0]).toMatchObject({ name: 'ana', state: 'running' });
    const everyone = (await (await call('GET', 'api/users', root)).json()) as {
      users: Array<{ name: string; state: string }>;
    };
    expect(everyone.users.map((u) => u.name).sort()).toEqual(['admin', 'ana', 'lena', 'oz']);
    expect(everyone.users.find((u) => u.name === 'oz')?.state).toBe('running');
    expect((await call('GET', 'api/users', ana)).status).toBe(403);
  });

  it("stop their users' servers and not others'", async () => {
    const refused = await call('POST', 'api/bulk', lena, {
      action: 'stop',
      servers: [{ user: 'ana' }, { user: 'oz' }],
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { description: string }).description).toBe(
      'lena administers the users of hydro-lab only; not: oz',
    );
    const stopped = await call('POST', 'api/bulk', lena, {
      action: 'stop',
      servers: [{ user: 'ana' }],
    });
    expect(stopped.status).toBe(200);
    expect(await stopped.json()).toMatchObject({ succeeded: 1, failed: 0 });
    await waitForServer('ana', false);
    // oz's server was never touched.
    expect((await admin.call('GET', 'users/oz')).servers['']?.ready).toBe(true);

    const pulled = await call('POST', 'api/bulk', lena, {
      action: 'add-to-group',
      group: 'hydro-lab',
      users: ['oz'],
    });
    expect(pulled.status).toBe(403);
    expect((await admin.call('GET', 'users/oz')).groups).toEqual(['ocean-lab']);
  });

  it("set their group's quota, read their users' usage, and may not edit profiles", async () => {
    expect((await call('PUT', 'api/quotas/group/hydro-lab', lena, { cpuHours: 10 })).status).toBe(
      200,
    );
    expect((await call('PUT', 'api/quotas/group/ocean-lab', lena, { cpuHours: 10 })).status).toBe(
      403,
    );
    const month = new Date().toISOString().slice(0, 7);
    const theirs = (await (await call('GET', `api/usage.csv?month=${month}`, lena)).text())
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect(theirs).toEqual(['ana']);
    const all = await (await call('GET', `api/usage.csv?month=${month}`, root)).text();
    expect(all).toContain(`${month},oz,`);
    const profile = {
      slug: 'hydro',
      displayName: 'Hydro',
      image: 'localhost/styx/notebook:latest',
      cpu: 1,
      memory: '2G',
      allowedGroups: ['hydro-lab'],
    };
    const refused = await call('POST', 'api/profiles', lena, profile);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { description: string }).description).toMatch(
      /lena may not edit profiles/,
    );
    await call('DELETE', 'hub/api/users/oz/server', root);
    await waitForServer('oz', false);
  });
});
