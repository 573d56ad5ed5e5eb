import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { HubServiceConfig } from '../src/hub-service-config.js';
import { hubAuth } from '../src/plugin.js';

const hub: HubServiceConfig = {
  name: 'catalog',
  apiUrl: 'http://hub.invalid/hub/api/',
  apiToken: 'service-token-0123456789',
  prefix: '/services/catalog/',
  listen: undefined,
  publicUrl: 'http://127.0.0.1:8000/services/catalog/',
  oauth: {
    clientId: 'service-catalog',
    authorizeUrl: '/hub/api/oauth2/authorize',
    callbackUrl: '/services/catalog/oauth_callback',
  },
  accessScopes: ['access:services', 'access:services!service=catalog'],
};

/**
 * The Hub's side of GET /hub/api/user, at the one seam the plugin has (its fetch): tokens and
 * the models the Hub answers for them. Counts calls, to see the cache work.
 */
function fakeHub(models: Record<string, object>) {
  const calls: string[] = [];
  const fetchFn = (async (url: string | URL | Request, init?: RequestInit) => {
    const href = String(url);
    calls.push(href);
    if (href === `${hub.apiUrl}user`) {
      const auth = new Headers(init?.headers).get('authorization') ?? '';
      const model = models[auth.replace(/^token /, '')];
      return model
        ? Response.json(model)
        : Response.json({ status: 403, message: 'no' }, { status: 403 });
    }
    return new Response('down', { status: 502 });
  }) as typeof fetch;
  return { fetchFn, calls };
}

const alice = {
  kind: 'user',
  name: 'alice',
  admin: false,
  groups: [],
  scopes: ['access:services'],
};
const bob = {
  kind: 'user',
  name: 'bob',
  admin: false,
  groups: ['catalog-writers'],
  scopes: ['access:services!service=catalog', 'custom:styx:catalog:write'],
};
const stranger = {
  kind: 'user',
  name: 'zoe',
  admin: false,
  groups: [],
  scopes: ['read:users!user=zoe'],
};

async function appWith(models: Record<string, object>) {
  const { fetchFn, calls } = fakeHub(models);
  const app = Fastify();
  await app.register(hubAuth, { hub, fetch: fetchFn });
  app.post(
    `${hub.prefix}things`,
    { onRequest: app.requireScopes(['custom:styx:catalog:write']) },
    async () => ({ ok: true }),
  );
  app.get(
    `${hub.prefix}me`,
    { onRequest: app.requireScopes([], { browserLogin: true }) },
    async (request) => ({ name: (await request.identity())?.name }),
  );
  app.get(`${hub.prefix}public`, async (request) => ({
    anonymous: !request.headers.authorization,
  }));
  return { app, calls };
}

describe('hubAuth', () => {
  it('answers 401 without credentials and names how to send them', async () => {
    const { app } = await appWith({});
    const res = await app.inject({ method: 'POST', url: '/services/catalog/things' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="JupyterHub service catalog"');
    expect(res.json().message).toContain('Authorization: token <token>');
  });

  it('answers 401 for a token the Hub refuses, and a malformed header', async () => {
    const { app } = await appWith({});
    const bad = await app.inject({
      method: 'POST',
      url: '/services/catalog/things',
      headers: { authorization: 'token nope' },
    });
    expect(bad.statusCode).toBe(401);
    const basic = await app.inject({
      method: 'POST',
      url: '/services/catalog/things',
      headers: { authorization: 'Basic YTpi' },
    });
    expect(basic.statusCode).toBe(401);
  });

  it('answers 403 to a known user lacking the scope, and lets the holder through', async () => {
    const { app } = await appWith({ a: alice, b: bob });
    const asAlice = await app.inject({
      method: 'POST',
      url: '/services/catalog/things',
      headers: { authorization: 'token a' },
    });
    expect(asAlice.statusCode).toBe(403);
    expect(asAlice.json().message).toContain('custom:styx:catalog:write');
    const asBob = await app.inject({
      method: 'POST',
      url: '/services/catalog/things',
      headers: { authorization: 'Bearer b' },
    });
    expect(asBob.statusCode).toBe(200);
  });

  it('answers 403 to a token with no access to the service, whatever else it holds', async () => {
    const { app } = await appWith({
      z: { ...stranger, scopes: [...stranger.scopes, 'custom:styx:catalog:write'] },
    });
    const res = await app.inject({
      method: 'POST',
      url: '/services/catalog/things',
      headers: { authorization: 'token z' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('may not use the catalog service');
  });

  it('asks the Hub once per token within the cache time, refused tokens included', async () => {
    const { app, calls } = await appWith({ b: bob });
    for (let i = 0; i < 3; i += 1) {
      await app.inject({
        method: 'POST',
        url: '/services/catalog/things',
        headers: { authorization: 'token b' },
      });
      await app.inject({
        method: 'POST',
        url: '/services/catalog/things',
        headers: { authorization: 'token x' },
      });
    }
    expect(calls.length).toBe(2);
  });

  it('answers 503, not 401, when the Hub is down', async () => {
    const app = Fastify();
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    await app.register(hubAuth, { hub, fetch: down });
    app.post('/x', { onRequest: app.requireScopes([]) }, async () => ({}));
    const res = await app.inject({
      method: 'POST',
      url: '/x',
      headers: { authorization: 'token b' },
    });
    expect(res.statusCode).toBe(503);
  });

  it('sends a browser without credentials to the Hub login, keeping where it was going', async () => {
    const { app } = await appWith({});
    const res = await app.inject({
      method: 'GET',
      url: '/services/catalog/me?x=1',
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location as string, 'http://h');
    expect(location.pathname).toBe('/hub/api/oauth2/authorize');
    expect(location.searchParams.get('client_id')).toBe('service-catalog');
    expect(location.searchParams.get('redirect_uri')).toBe('/services/catalog/oauth_callback');
    const state = res.cookies.find((c) => c.name === 'service-catalog-oauth-state');
    expect(state?.path).toBe('/services/catalog/');
    expect(state?.httpOnly).toBe(true);
    expect(decodeURIComponent(state?.value ?? '')).toContain('"next":"/services/catalog/me?x=1"');
    // A script (no text/html) gets a 401 instead.
    const script = await app.inject({ method: 'GET', url: '/services/catalog/me' });
    expect(script.statusCode).toBe(401);
  });

  it('takes the OAuth cookie for reads only: a cookie alone never writes', async () => {
    const { app } = await appWith({ b: bob });
    const cookies = { 'service-catalog': 'b' };
    const read = await app.inject({ method: 'GET', url: '/services/catalog/me', cookies });
    expect(read.json()).toEqual({ name: 'bob' });
    const write = await app.inject({ method: 'POST', url: '/services/catalog/things', cookies });
    expect(write.statusCode).toBe(401);
  });

  it('refuses an OAuth callback whose state was not started here', async () => {
    const { app } = await appWith({});
    const res = await app.inject({
      method: 'GET',
      url: '/services/catalog/oauth_callback?code=c&state=s',
      cookies: { 'service-catalog-oauth-state': '{"state":"s","next":"/evil"}' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('InvalidOAuthState');
  });

  it('leaves routes that ask for nothing public, even with a bad token', async () => {
    const { app, calls } = await appWith({});
    const res = await app.inject({
      method: 'GET',
      url: '/services/catalog/public',
      headers: { authorization: 'token whatever' },
    });
    expect(res.statusCode).toBe(200);
    expect(calls).toEqual([]);
  });

  it('stands a fixed token for an identity without a Hub', async () => {
    const app = Fastify();
    await app.register(hubAuth, {
      staticTokens: [
        {
          token: 'write-token-123',
          identity: { ...bob, kind: 'service', name: 'writer' } as never,
        },
      ],
    });
    app.post(
      '/x',
      { onRequest: app.requireScopes(['custom:styx:catalog:write']) },
      async () => ({}),
    );
    const ok = await app.inject({
      method: 'POST',
      url: '/x',
      headers: { authorization: 'Bearer write-token-123' },
    });
    const wrong = await app.inject({
      method: 'POST',
      url: '/x',
      headers: { authorization: 'Bearer write-token-124' },
    });
    expect([ok.statusCode, wrong.statusCode]).toEqual([200, 401]);
  });
});
