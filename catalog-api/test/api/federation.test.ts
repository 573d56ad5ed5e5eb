import { freePort } from '@styx/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { StacCollection, StacItem, StacLink } from '../../src/catalog/stac-types.js';
import { DEMO_THESAURUS_PATH } from '../../src/demo/thesaurus.js';
import type { ProviderConfig, ProviderReport } from '../../src/schemas/federation.js';
import { loadThesaurusFile } from '../../src/thesaurus/index.js';
import { BASE_URL, openTestCatalog, type TestCatalog } from '../support/catalog.js';
import {
  type OpenSearchRecord,
  startProxy,
  startPycsw,
  startStacFastapiPeer,
} from '../support/federation-servers.js';
import { type Fixture, fixture } from '../support/fixture.js';
import { listenTestCatalog } from '../support/listening-catalog.js';

/**
 * Federated search against real peers started here: a second Styx catalog (PGlite), a
 * stac-fastapi-pgstac (on a copy of the fixture database), pycsw as an OpenSearch server,
 * and proxies that make a provider slow, broken or that record what it is sent; one more
 * provider is a port nobody listens on.
 */

/** Twelve OpenSearch records along a river: one a day in January 2024, 0.5° apart. */
const RECORDS: OpenSearchRecord[] = Array.from({ length: 12 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return {
    id: `gauge-record-${n}`,
    title: `Gauge ${n} ${i % 2 === 0 ? 'river discharge' : 'lake level'}`,
    keywords: [i % 2 === 0 ? 'streamflow' : 'stage', 'hydrometry'],
    bbox: [i * 0.5, 43, i * 0.5 + 0.4, 43.4],
    datetime: `2024-01-${n}T00:00:00Z`,
  };
});

/** The slow provider's delay: far beyond its timeout, so waiting for it would show. */
const SLOW_DELAY_MS = 15_000;
const SLOW_TIMEOUT_MS = 400;
const PROVIDER_KEY = 'provider-key-for-tests';
const USER_TOKEN = 'a-users-hub-token-0123456789';

interface ItemPage {
  features: StacItem[];
  links: StacLink[];
  numberMatched?: number;
  numberReturned: number;
  'styx:providers': ProviderReport[];
}

describe('federated search', () => {
  let local: TestCatalog;
  let app: FastifyInstance;
  let f: Fixture;
  let recorder: Awaited<ReturnType<typeof startProxy>>;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const [t, fx, peer, pgstac, pycsw] = await Promise.all([
      openTestCatalog('postgres'),
      fixture(),
      listenTestCatalog('pglite'),
      startStacFastapiPeer(),
      startPycsw(RECORDS),
    ]);
    local = t;
    f = fx;
    closers.push(peer.close, pgstac.close, pycsw.close);
    const slow = await startProxy(peer.url, { delayMs: SLOW_DELAY_MS });
    const broken = await startProxy(peer.url, { failWith: 500 });
    recorder = await startProxy(peer.url);
    // Sends federation elsewhere: to the recorder, another origin.
    const redirecting = await startProxy(peer.url, { redirectTo: recorder.url });
    closers.push(slow.close, broken.close, recorder.close, redirecting.close);
    const nobody = await freePort();
    const providers: ProviderConfig[] = [
      { id: 'peer', title: 'Another Styx', type: 'stac', url: peer.url, timeoutMs: 20_000 },
      {
        id: 'pgstac',
        title: 'stac-fastapi-pgstac',
        type: 'stac',
        url: pgstac.url,
        timeoutMs: 20_000,
      },
      { id: 'records', title: 'pycsw', type: 'opensearch', url: pycsw.url, timeoutMs: 20_000 },
      { id: 'slow', title: 'Slow', type: 'stac', url: slow.url, timeoutMs: SLOW_TIMEOUT_MS },
      { id: 'broken', title: 'Broken', type: 'stac', url: broken.url, timeoutMs: 5000 },
      {
        id: 'down',
        title: 'Down',
        type: 'stac',
        url: `http://127.0.0.1:${nobody}/`,
        timeoutMs: 5000,
      },
      {
        id: 'keyed',
        title: 'Needs a key',
        type: 'stac',
        url: recorder.url,
        timeoutMs: 20_000,
        headers: { 'x-provider-key': PROVIDER_KEY },
      },
      {
        id: 'moved',
        title: 'Redirects away',
        type: 'stac',
        url: redirecting.url,
        timeoutMs: 5000,
        headers: { 'x-provider-key': 'moved-key' },
      },
    ];
    await local.app.close();
    app = await buildApp({
      db: local.db,
      baseUrl: BASE_URL,
      federation: providers,
      thesaurus: await loadThesaurusFile(DEMO_THESAURUS_PATH),
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await local?.close();
    await Promise.all(closers.map((close) => close().catch(() => {})));
  });

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method: 'GET', url, headers });
    return { status: res.statusCode, body: res.json() };
  };
  const post = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, payload });
    return { status: res.statusCode, body: res.json() };
  };
  const statusOf = (page: ItemPage) =>
    Object.fromEntries(page['styx:providers'].map((r) => [r.id, r.status]));
  const fromProvider = (page: ItemPage, id: string) =>
    page.features.filter((i) => (i.properties['styx:provider'] ?? 'local') === id);
  /** Follows next links (GET or POST as they say) and collects every page. */
  const allPages = async (first: { status: number; body: ItemPage }) => {
    const pages = [first.body];
    expect(first.status).toBe(200);
    for (let guard = 0; guard < 200; guard++) {
      const next = pages.at(-1)!.links.find((l) => l.rel === 'next');
      if (!next) return pages;
      const url = next.href.slice(BASE_URL.length - 1);
      const res = next.method === 'POST' ? await post(url, next.body as object) : await get(url);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      pages.push(res.body);
    }
    throw new Error('paging never ended');
  };

  it('asks every provider at once: results of the others still come when one is slow, one answers 500 and one is down', async () => {
    const started = Date.now();
    const { status, body } = await get('/search?limit=45');
    const elapsed = Date.now() - started;
    expect(status).toBe(200);
    const page = body as ItemPage;
    expect(statusOf(page)).toEqual({
      local: 'ok',
      peer: 'ok',
      pgstac: 'ok',
      records: 'ok',
      slow: 'timeout',
      broken: 'error',
      down: 'error',
      keyed: 'ok',
      moved: 'error',
    });
    const reports = Object.fromEntries(page['styx:providers'].map((r) => [r.id, r]));
    expect(reports.slow!.message).toMatch(`no answer within ${SLOW_TIMEOUT_MS} ms`);
    expect(reports.slow!.ms).toBeGreaterThanOrEqual(SLOW_TIMEOUT_MS - 5);
    expect(reports.broken!.message).toMatch(/answered 500/);
    expect(reports.down!.message).toMatch(/ECONNREFUSED|fetch failed/);
    // The slow provider was given up at its timeout, not waited for.
    expect(elapsed).toBeLessThan(SLOW_DELAY_MS);
    // 45 shared among the 9 providers: 5 each from those that answered.
    for (const id of ['local', 'peer', 'pgstac', 'records', 'keyed']) {
      expect(fromProvider(page, id)).toHaveLength(5);
      expect(reports[id]!.returned).toBe(5);
    }
    expect(page.numberReturned).toBe(25);
    // Some provider failed: the total is unknown, so it is not given.
    expect(page.numberMatched).toBeUndefined();
    // Failed providers are asked again on the next page: the token keeps their place.
    expect(page.links.find((l) => l.rel === 'next')).toBeDefined();
  });

  it('pages through the local catalog, a second Styx, stac-fastapi-pgstac and pycsw: every item exactly once (POST)', async () => {
    const first = await post('/search', {
      limit: 100,
      providers: ['local', 'peer', 'pgstac', 'records'],
    });
    const pages = await allPages(first);
    const items = pages.flatMap((p) => p.features);
    const keys = items.map(
      (i) => `${i.properties['styx:provider'] ?? 'local'}/${i.collection}/${i.id}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
    const n = f.items.length;
    expect(items.filter((i) => !i.properties['styx:provider'])).toHaveLength(n);
    for (const id of ['peer', 'pgstac']) {
      const theirs = items.filter((i) => i.properties['styx:provider'] === id);
      expect(theirs).toHaveLength(n);
      // They keep their ids; their collection names where they came from.
      expect(new Set(theirs.map((i) => i.id))).toEqual(new Set(f.items.map((i) => i.id)));
      expect(theirs.every((i) => i.collection?.startsWith(`${id}:`))).toBe(true);
    }
    expect(
      items
        .filter((i) => i.properties['styx:provider'] === 'records')
        .map((i) => i.id)
        .sort(),
    ).toEqual(RECORDS.map((r) => r.id));
    expect(first.body.numberMatched).toBe(3 * n + RECORDS.length);
    for (const p of pages) expect(p.numberReturned).toBeLessThanOrEqual(100);
  });

  it('pages by GET as well, and orders each page newest first, then provider, then id', async () => {
    const pages = await allPages(await get('/search?limit=7&providers=local,records'));
    const items = pages.flatMap((p) => p.features);
    expect(items).toHaveLength(f.items.length + RECORDS.length);
    for (const p of pages) {
      const times = p.features.map(
        (i) => (i.properties.datetime ?? i.properties.start_datetime) as string,
      );
      expect([...times].sort().reverse()).toEqual(times);
    }
    // No prev (providers page forwards only), but every later page links back to the first:
    // the same query without a token, which gives the first page again.
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]!.links.find((l) => l.rel === 'first')).toBeUndefined();
    for (const p of pages.slice(1)) {
      expect(p.links.find((l) => l.rel === 'prev')).toBeUndefined();
      const first = p.links.find((l) => l.rel === 'first');
      expect(first?.href).toBe(`${BASE_URL}search?limit=7&providers=local%2Crecords`);
    }
    const again = await get(
      pages[2]!.links.find((l) => l.rel === 'first')!.href.slice(BASE_URL.length - 1),
    );
    expect(again.body.features.map((i: StacItem) => i.id)).toEqual(
      pages[0]!.features.map((i) => i.id),
    );
  });

  it("maps q, bbox and datetime to pycsw's searchTerms, geo:box and time:start/time:end", async () => {
    const { status, body } = await get(
      `/search?providers=records&q=streamflow&bbox=0,42,3,44&datetime=2024-01-01T00:00:00Z/2024-01-05T00:00:00Z`,
    );
    expect(status).toBe(200);
    const expected = RECORDS.filter(
      (r) =>
        r.keywords.includes('streamflow') && r.bbox[0] <= 3 && r.datetime <= '2024-01-05T00:00:00Z',
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.features.map((i: StacItem) => i.id).sort()).toEqual(expected.sort());
    const item = body.features.find((i: StacItem) => i.id === 'gauge-record-01') as StacItem;
    expect(item.properties).toMatchObject({
      datetime: '2024-01-01T00:00:00Z',
      title: 'Gauge 01 river discharge',
      'styx:provider': 'records',
    });
    // The footprint as it was recorded (GeoRSS/GML latitude first, turned to lon/lat).
    expect(item.bbox).toEqual([0, 43, 0.4, 43.4]);
    expect(item.geometry).toMatchObject({ type: 'Polygon' });
  });

  it('skips an OpenSearch provider for what its protocol cannot say, and says why', async () => {
    const { status, body } = await get(
      `/search?providers=local,records&filter=${encodeURIComponent("id = 'x'")}`,
    );
    expect(status).toBe(200);
    const report = (body as ItemPage)['styx:providers'].find((r) => r.id === 'records');
    expect(report).toMatchObject({ status: 'skipped', returned: 0 });
    expect(report!.message).toMatch(/CQL2 filter/);
  });

  it("names a remote provider's collections <provider>:<collection>, and asks only the providers a search's collections name", async () => {
    const collection = f.items[0]!.collection!;
    const expected = f.items.filter((i) => i.collection === collection).length;
    const remote = await get(`/search?limit=1000&collections=peer:${collection}`);
    expect(remote.status).toBe(200);
    expect(remote.body.features).toHaveLength(expected);
    expect(
      remote.body.features.every(
        (i: StacItem) =>
          i.collection === `peer:${collection}` && i.properties['styx:provider'] === 'peer',
      ),
    ).toBe(true);
    expect(statusOf(remote.body)).toMatchObject({
      local: 'skipped',
      peer: 'ok',
      pgstac: 'skipped',
    });

    const mine = await get(`/search?limit=1000&collections=${collection}`);
    expect(mine.body.features).toHaveLength(expected);
    expect(mine.body.features.every((i: StacItem) => i.collection === collection)).toBe(true);
  });

  it('stops asking a provider that keeps failing, so paging ends', async () => {
    const pages = await allPages(await get('/search?limit=100&providers=local,down'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const downs = pages.map((p) => p['styx:providers'].find((r) => r.id === 'down'));
    expect(downs[0]).toMatchObject({ status: 'error' });
    expect(downs[1]).toMatchObject({ status: 'error' });
    expect(downs[1]!.message).toMatch(/given up/);
    expect(downs.slice(2).every((d) => d === undefined)).toBe(true);
    expect(pages.flatMap((p) => p.features)).toHaveLength(f.items.length);
  });

  it('sends a remote provider its configured headers only, never the user’s token', async () => {
    recorder.requests.length = 0;
    const { status, body } = await get('/search?providers=keyed&limit=3', {
      authorization: `Bearer ${USER_TOKEN}`,
      cookie: 'jupyterhub-session-id=secret',
    });
    expect(status).toBe(200);
    expect(body.features).toHaveLength(3);
    expect(recorder.requests).toHaveLength(1);
    const sent = recorder.requests[0]!;
    expect(sent['x-provider-key']).toBe(PROVIDER_KEY);
    expect(sent.authorization).toBeUndefined();
    expect(sent.cookie).toBeUndefined();

    // A provider redirecting to another origin is not followed there with its headers.
    recorder.requests.length = 0;
    const moved = await get('/search?providers=local,moved&limit=2');
    expect(moved.status).toBe(200);
    const report = (moved.body as ItemPage)['styx:providers'].find((r) => r.id === 'moved');
    expect(report).toMatchObject({ status: 'error' });
    expect(report!.message).toMatch(/redirects to .* not followed/);
    expect(recorder.requests).toHaveLength(0);
  });

  it('answers 400 naming the valid providers for an unknown one (GET and POST)', async () => {
    const valid = 'local, peer, pgstac, records, slow, broken, down, keyed, moved';
    const byGet = await get('/search?providers=local,elsewhere');
    expect(byGet.status).toBe(400);
    expect(byGet.body.description).toBe(`unknown provider 'elsewhere'; the providers are ${valid}`);
    const byPost = await post('/search', { providers: ['nowhere'] });
    expect(byPost.status).toBe(400);
    expect(byPost.body.description).toMatch(`the providers are ${valid}`);
    const collections = await get('/collections?q=water&providers=nowhere');
    expect(collections.status).toBe(400);
  });

  it("keeps the local catalog's thesaurus report, and the expanded q finds the same items there", async () => {
    const federated = await get('/search?q=river%20discharge&providers=local&limit=1000');
    expect(federated.status).toBe(200);
    expect(federated.body['styx:thesaurus'].expansions[0]).toMatchObject({
      term: 'river discharge',
    });
    const plain = await local.catalog.search({ q: 'streamflow', limit: 1000 });
    expect(federated.body.features.length).toBeGreaterThanOrEqual(plain.features.length);
    const collections = await get('/collections?q=river%20discharge&providers=local');
    expect(collections.body['styx:thesaurus']).toBeDefined();
  });

  it('a filter the local catalog has no queryable for: a 400 when asked alone, else its report says so', async () => {
    const filter = encodeURIComponent('no_such_property > 1');
    const alone = await get(`/search?providers=local&filter=${filter}`);
    expect(alone.status).toBe(400);
    expect(alone.body.description).toMatch(/unknown queryable 'no_such_property'/);
    const beside = await get(`/search?providers=local,peer&filter=${filter}`);
    expect(beside.status).toBe(200);
    const reports = Object.fromEntries(
      (beside.body as ItemPage)['styx:providers'].map((r) => [r.id, r]),
    );
    expect(reports.local).toMatchObject({ status: 'error' });
    expect(reports.local!.message).toMatch(/unknown queryable 'no_such_property'/);
    // The peer (another Styx) refuses it the same way, and says so.
    expect(reports.peer).toMatchObject({ status: 'error' });
    expect(reports.peer!.message).toMatch(/answered 400/);
    expect(beside.body.links.find((l: StacLink) => l.rel === 'next')).toBeUndefined();
  });

  it('serves a remote collection at /collections/<provider>:<id>; 404 or 502 saying which provider', async () => {
    const id = f.collections[0]!.id;
    const remote = await get(`/collections/peer:${id}`);
    expect(remote.status).toBe(200);
    expect(remote.body).toMatchObject({
      type: 'Collection',
      id: `peer:${id}`,
      'styx:provider': 'peer',
    });
    const mine = await get(`/collections/${id}`);
    expect(mine.body.id).toBe(id);
    const missing = await get('/collections/peer:no-such-collection');
    expect(missing.status).toBe(404);
    expect(missing.body.description).toBe("provider 'peer' has no collection 'no-such-collection'");
    const none = await get('/collections/records:anything');
    expect(none.status).toBe(404);
    expect(none.body.description).toMatch(/provider 'records' .* has no collections/);
    const items = await get(`/collections/peer:${id}/items?limit=1000`);
    expect(items.status).toBe(200);
    expect(items.body.features).toHaveLength(f.items.filter((i) => i.collection === id).length);
    expect(items.body.features.every((i: StacItem) => i.collection === `peer:${id}`)).toBe(true);
    expect((await get('/collections/peer:no-such-collection/items')).status).toBe(404);
    const down = await get('/collections/down:anything');
    expect(down.status).toBe(502);
    expect(down.body.description).toMatch(/provider 'down' did not answer: .*ECONNREFUSED/);
  });

  it('a bad search is a 400 whatever the providers', async () => {
    const { status, body } = await get('/search?providers=peer&bbox=1,2,3');
    expect(status).toBe(400);
    expect(body.code).toBe('InvalidQuery');
  });

  it('federates collection search across STAC providers, every collection exactly once over pages', async () => {
    const plain = await get('/collections');
    expect(plain.body['styx:providers']).toBeUndefined(); // browsing stays local
    const localIds: string[] = plain.body.collections.map((c: StacCollection) => c.id);
    // `providers` alone makes it a federated search.
    const first = await get('/collections?limit=3&providers=local,peer,records');
    expect(first.status).toBe(200);
    expect(statusOf(first.body), JSON.stringify(first.body['styx:providers'])).toEqual({
      local: 'ok',
      peer: 'ok',
      records: 'skipped',
    });
    const pages = [first.body];
    for (let guard = 0; guard < 100; guard++) {
      const next = pages.at(-1).links.find((l: StacLink) => l.rel === 'next');
      if (!next) break;
      const res = await get(next.href.slice(BASE_URL.length - 1));
      expect(res.status).toBe(200);
      pages.push(res.body);
    }
    const ids: string[] = pages.flatMap((p) => p.collections.map((c: StacCollection) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...localIds, ...localIds.map((id) => `peer:${id}`)].sort());
    expect(first.body.numberMatched).toBe(2 * localIds.length);
    const remote = pages.flatMap((p) => p.collections).find((c) => c.id.startsWith('peer:'));
    expect(remote['styx:provider']).toBe('peer');

    // Free text reaches the remote Styx too; and stac-fastapi-pgstac 7.2 answers collection
    // search on this PgSTAC with a 500: that costs its own results only.
    const q = await get('/collections?q=water&providers=local,peer,pgstac');
    expect(q.status).toBe(200);
    expect(statusOf(q.body)).toEqual({ local: 'ok', peer: 'ok', pgstac: 'error' });
    const found: string[] = q.body.collections.map((c: StacCollection) => c.id);
    const mine = found.filter((id) => !id.includes(':'));
    expect(mine.length).toBeGreaterThan(0);
    expect(found.filter((id) => id.startsWith('peer:')).sort()).toEqual(
      mine.map((id) => `peer:${id}`).sort(),
    );
  });
});
