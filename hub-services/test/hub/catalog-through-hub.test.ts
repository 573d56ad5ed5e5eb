import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Browser, hubAdmin, type LocalHub, startLocalHub, VENV_BIN } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * The real Styx JupyterHub with the real catalog as its managed service: the catalog through
 * the proxy, links rooted at the public URL, a real STAC client through the Hub, and the
 * authentication matrix (no token, bad token, token without the scope, token with it, the
 * browser's OAuth cookie).
 */
describe('the catalog as a JupyterHub service', () => {
  let hub: LocalHub;
  let catalog: string;
  let admin: ReturnType<typeof hubAdmin>;
  /** alice: a plain user. bob: in the catalog-writers group. */
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    hub = await startLocalHub();
    catalog = `${hub.url}services/catalog/`;
    admin = hubAdmin(hub);
    await admin.createUser('alice');
    await admin.createUser('bob');
    await admin.addToGroup('catalog-writers', 'bob');
    alice = await admin.tokenFor('alice');
    bob = await admin.tokenFor('bob');
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const send = (method: string, path: string, token: string | null, body?: unknown) =>
    fetch(`${catalog}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `token ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('serves the landing page through the proxy, every link rooted at the public URL and working', async () => {
    const response = await fetch(catalog);
    expect(response.status).toBe(200);
    const landing = (await response.json()) as {
      links: Array<{ rel: string; href: string; method?: string }>;
    };
    expect(landing.links.find((l) => l.rel === 'self')?.href).toBe(catalog);
    expect(landing.links.find((l) => l.rel === 'root')?.href).toBe(catalog);
    for (const link of landing.links) expect(link.href.startsWith(catalog)).toBe(true);
    for (const link of landing.links.filter((l) => (l.method ?? 'GET') === 'GET')) {
      const followed = await fetch(link.href);
      await followed.body?.cancel();
      expect([link.rel, followed.status]).toEqual([link.rel, 200]);
    }
  });

  it('describes itself in OpenAPI at its public URL, paths relative to it', async () => {
    const api = (await (await fetch(`${catalog}api`)).json()) as {
      servers: Array<{ url: string }>;
      paths: Record<string, unknown>;
    };
    expect(api.servers[0]?.url).toBe(catalog);
    expect(Object.keys(api.paths)).toContain('/collections/{collectionId}/items');
    expect(Object.keys(api.paths).some((p) => p.startsWith('/services/'))).toBe(false);
  });

  it('refuses a transaction with no token or a made-up one (401, with WWW-Authenticate)', async () => {
    const none = await send('POST', 'collections', null, riverCollection('c-401'));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    expect(((await none.json()) as { code: string }).code).toBe('Unauthorized');
    const madeUp = await send('POST', 'collections', 'f'.repeat(32), riverCollection('c-401'));
    expect(madeUp.status).toBe(401);
    const garbled = await fetch(`${catalog}collections`, {
      method: 'POST',
      headers: { authorization: 'Basic YWxpY2U6eA==', 'content-type': 'application/json' },
      body: JSON.stringify(riverCollection('c-401')),
    });
    expect(garbled.status).toBe(401);
    expect((await fetch(`${catalog}collections/c-401`)).status).toBe(404);
  });

  it('refuses a transaction from a user without the write scope (403) and changes nothing', async () => {
    const response = await send('POST', 'collections', alice, riverCollection('c-403'));
    expect(response.status).toBe(403);
    const body = (await response.json()) as { code: string; description: string };
    expect(body.code).toBe('Forbidden');
    expect(body.description).toContain('custom:styx:catalog:write');
    expect((await fetch(`${catalog}collections/c-403`)).status).toBe(404);
  });

  it('accepts transactions from a catalog writer (201), and anyone reads the result', async () => {
    expect((await send('POST', 'collections', bob, riverCollection('rhone'))).status).toBe(201);
    for (const id of ['rhone-1', 'rhone-2', 'rhone-3']) {
      expect(
        (await send('POST', 'collections/rhone/items', bob, gaugeItem('rhone', id))).status,
      ).toBe(201);
    }
    // Alice reads it (reads are public) but may not delete it.
    expect((await send('DELETE', 'collections/rhone/items/rhone-1', alice)).status).toBe(403);
    const items = (await (await fetch(`${catalog}collections/rhone/items`)).json()) as {
      features: Array<{ id: string; links: Array<{ rel: string; href: string }> }>;
    };
    expect(items.features.map((f) => f.id).sort()).toEqual(['rhone-1', 'rhone-2', 'rhone-3']);
    const self = items.features[0]?.links.find((l) => l.rel === 'self')?.href;
    expect(self?.startsWith(`${catalog}collections/rhone/items/`)).toBe(true);
  });

  it('lets an admin make a user a writer by adding them to the catalog-writers group', async () => {
    await admin.createUser('carol');
    const before = await admin.tokenFor('carol');
    expect((await send('POST', 'collections', before, riverCollection('loire'))).status).toBe(403);
    await admin.addToGroup('catalog-writers', 'carol');
    // A new token holds the new right at once; an old one after the service's short cache.
    const after = await admin.tokenFor('carol');
    expect((await send('POST', 'collections', after, riverCollection('loire'))).status).toBe(201);
  });

  it('answers pystac-client through the Hub with the items the writer added', async () => {
    const script = [
      'import json, sys',
      'from pystac_client import Client',
      'client = Client.open(sys.argv[1])',
      'search = client.search(collections=["rhone"], bbox=[4, 43, 6, 47], max_items=10)',
      'ids = sorted(item.id for item in search.items())',
      'collection = client.get_collection("rhone")',
      'print(json.dumps({"ids": ids, "title": collection.title, "self": collection.get_self_href()}))',
    ].join('\n');
    const { stdout } = await run(join(VENV_BIN, 'python'), ['-c', script, catalog]);
    expect(JSON.parse(stdout)).toEqual({
      ids: ['rhone-1', 'rhone-2', 'rhone-3'],
      title: 'Gauges on the rhone',
      self: `${catalog}collections/rhone`,
    });
  });

  it('does not let a user obtain another user’s token, identity or scopes', async () => {
    const asAlice = (method: string, path: string, body?: unknown) =>
      fetch(`${hub.url}hub/api/${path}`, {
        method,
        headers: { authorization: `token ${alice}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await asAlice('POST', 'users/bob/tokens', {})).status).toBe(403);
    expect((await asAlice('GET', 'users/bob')).status).toBe(404);
    expect((await asAlice('GET', 'users/bob/tokens')).status).toBe(404);
    // Nor give herself the write scope she does not hold.
    const grab = await asAlice('POST', 'users/alice/tokens', {
      scopes: ['custom:styx:catalog:write'],
    });
    expect(grab.status).toBe(400);
    // The catalog takes each token for its own user.
    const who = async (token: string) =>
      (await (await send('GET', 'whoami', token)).json()) as { name: string; canWrite: boolean };
    expect(await who(alice)).toMatchObject({ name: 'alice', canWrite: false });
    expect(await who(bob)).toMatchObject({ name: 'bob', canWrite: true });
  });

  it('refuses a token narrowed to scopes without access to the catalog (403)', async () => {
    const narrow = await admin.tokenFor('bob', ['read:users:name!user=bob']);
    const response = await send('POST', 'collections', narrow, riverCollection('c-narrow'));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { description: string }).description).toContain(
      'may not use the catalog service',
    );
  });

  it('logs a browser in through the Hub (OAuth) and never lets the cookie alone write', async () => {
    const browser = new Browser(hub.url);
    const login = await browser.logIn('dana', hub.devPassword);
    expect(login.status).toBe(302);
    const { response, seen } = await browser.follow(`${catalog}whoami`, { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { name: string }).name).toBe('dana');
    expect(seen.some((u) => u.includes('/hub/api/oauth2/authorize'))).toBe(true);
    expect(seen.some((u) => u.includes('/services/catalog/oauth_callback?code='))).toBe(true);
    expect(browser.has('service-catalog')).toBe(true);
    // The same cookie on a write is ignored (no cross-site request forgery): 401.
    const write = await browser.request(
      'POST',
      `${catalog}collections`,
      { 'content-type': 'application/json' },
      JSON.stringify(riverCollection('c-cookie')),
    );
    expect(write.status).toBe(401);
  });

  it('refuses a wrong password at the Hub and a forged OAuth callback at the service', async () => {
    const browser = new Browser(hub.url);
    const login = await browser.logIn('erin', 'not-the-password');
    expect(login.status).toBe(403);
    const forged = await browser.get(`${catalog}oauth_callback?code=abc&state=xyz`);
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { code: string }).code).toBe('InvalidOAuthState');
  });
});

function riverCollection(id: string) {
  return {
    type: 'Collection',
    stac_version: '1.0.0',
    id,
    title: `Gauges on the ${id}`,
    description: `River gauges on the ${id}, for the Hub tests`,
    license: 'CC-BY-4.0',
    extent: {
      spatial: { bbox: [[4, 43, 6, 47]] },
      temporal: { interval: [['2024-01-01T00:00:00Z', null]] },
    },
    links: [],
  };
}

function gaugeItem(collection: string, id: string) {
  const n = Number(id.split('-').pop());
  const [x, y] = [4.5 + n * 0.2, 44 + n * 0.5];
  return {
    type: 'Feature',
    stac_version: '1.0.0',
    id,
    collection,
    geometry: { type: 'Point', coordinates: [x, y] },
    bbox: [x, y, x, y],
    properties: {
      datetime: `2024-0${n}-01T00:00:00Z`,
      title: `Gauge ${id}`,
      description: `Water level gauge ${id}`,
    },
    assets: {},
    links: [],
  };
}
