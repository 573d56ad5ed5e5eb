import { freePort, hubAdmin, type LocalHub, startLocalHub } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Health = {
  status: string;
  checks: Record<string, Array<{ status: string; output?: string }>>;
};

/**
 * The health service as the real Hub runs it (on by default in jupyterhub_config.py): it finds
 * the Hub and the catalog by itself, checks the Hub both directly and through the proxy, shows
 * everyone the public components and only Hub admins every probe with its output.
 */
describe('the health service as a JupyterHub service', () => {
  let hub: LocalHub;
  let health: string;
  let adminToken: string;
  let userToken: string;

  beforeAll(async () => {
    hub = await startLocalHub({
      env: {
        STYX_HEALTH: 'on',
        STYX_HEALTH_PORT: String(await freePort()),
        STYX_HEALTH_INTERVAL_SECONDS: '1',
        STYX_HEALTH_DEEP_INTERVAL_SECONDS: '1',
      },
      services: ['catalog', 'health'],
    });
    health = `${hub.url}services/health/`;
    const admin = hubAdmin(hub);
    await admin.createUser('alice');
    userToken = await admin.tokenFor('alice');
    await admin.call('POST', 'users/admin').catch(() => undefined);
    adminToken = await admin.tokenFor('admin');
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const get = async (token?: string): Promise<{ code: number; body: Health }> => {
    const response = await fetch(`${health}health`, {
      headers: token ? { authorization: `token ${token}` } : {},
    });
    return { code: response.status, body: (await response.json()) as Health };
  };

  it('reports the notebooks and the catalog green to everyone, through the proxy', async () => {
    const deadline = Date.now() + 60_000;
    let last: { code: number; body: Health } | undefined;
    while (Date.now() < deadline) {
      last = await get();
      if (last.body.status === 'pass') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(last?.code).toBe(200);
    expect(Object.keys(last?.body.checks ?? {}).sort()).toEqual([
      'catalog:availability',
      'notebooks:availability',
    ]);
    const asUser = await get(userToken);
    expect(
      Object.values(asUser.body.checks)
        .flat()
        .some((c) => c.output),
    ).toBe(false);
  });

  it('shows a Hub admin every probe, the Hub checked directly and through the proxy', async () => {
    const { body } = await get(adminToken);
    for (const probe of [
      'notebooks:hub-api',
      'notebooks:hub-proxy',
      'catalog:catalog-ready',
      'catalog:catalog-search',
    ])
      expect([probe, body.checks[probe]?.[0]?.status]).toEqual([probe, 'pass']);
    expect(body.checks['notebooks:hub-api']?.[0]?.output).toMatch(/^JupyterHub \d/);
    const refused = await fetch(`${health}maintenance`, {
      method: 'POST',
      headers: { authorization: `token ${userToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ endsAt: new Date(Date.now() + 60_000).toISOString(), reason: 'test' }),
    });
    expect(refused.status).toBe(403);
    const invalid = await fetch(`${health}health`, {
      headers: { authorization: 'token not-a-real-token' },
    });
    expect(invalid.status).toBe(401);
  });
});
