import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacItem, StacLink } from '../../src/catalog/stac-types.js';
import { BASE_URL, DATABASE_KINDS, openTestCatalog, type TestCatalog } from '../support/catalog.js';
import { type Fixture, fixture } from '../support/fixture.js';

describe.each(DATABASE_KINDS)('browsing the catalog (%s)', (kind) => {
  let t: TestCatalog;
  let f: Fixture;
  beforeAll(async () => {
    [t, f] = await Promise.all([openTestCatalog(kind), fixture()]);
  });
  afterAll(async () => t?.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url });
    return { status: res.statusCode, type: res.headers['content-type'], body: res.json() };
  };
  const link = (links: StacLink[], rel: string) => links.find((l) => l.rel === rel);

  it('serves a landing page whose links are rooted at the public URL', async () => {
    const { status, body } = await get('/');
    expect(status).toBe(200);
    expect(body.type).toBe('Catalog');
    expect(body.conformsTo).toContain('https://api.stacspec.org/v1.0.0/item-search');
    expect(body.conformsTo).toContain('http://www.opengis.net/spec/cql2/1.0/conf/cql2-text');
    for (const l of body.links as StacLink[]) expect(l.href.startsWith(BASE_URL)).toBe(true);
    expect(link(body.links, 'service-desc')?.href).toBe(`${BASE_URL}api`);
    const children = (body.links as StacLink[]).filter((l) => l.rel === 'child');
    expect(children).toHaveLength(f.collections.length);
  });

  it('publishes its OpenAPI document and a docs page', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api' });
    expect(api.statusCode).toBe(200);
    expect(api.headers['content-type']).toContain('application/vnd.oai.openapi+json');
    const doc = api.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/search', '/collections/{collectionId}/items']),
    );
    const html = await t.app.inject({ method: 'GET', url: '/api.html' });
    expect([200, 302]).toContain(html.statusCode);
  });

  it('lists every collection with its extent and links', async () => {
    const { status, body } = await get('/collections');
    expect(status).toBe(200);
    expect(body.numberMatched).toBe(f.collections.length);
    const ids = body.collections.map((c: { id: string }) => c.id).sort();
    expect(ids).toEqual(f.collections.map((c) => c.id).sort());
    const first = body.collections[0];
    expect(link(first.links, 'items')?.href).toBe(`${BASE_URL}collections/${first.id}/items`);
    expect(first.extent.spatial.bbox[0]).toHaveLength(4);
  });

  it('answers 404 in words for an unknown collection or item', async () => {
    const c = await get('/collections/no-such-thing');
    expect(c.status).toBe(404);
    expect(c.body.description).toMatch(/collection 'no-such-thing' does not exist/);
    const someCollection = f.collections[0]!.id;
    const i = await get(`/collections/${someCollection}/items/nope`);
    expect(i.status).toBe(404);
    expect(i.body.description).toMatch(/item 'nope' does not exist/);
    expect((await get('/collections/no-such-thing/items')).status).toBe(404);
  });

  it('returns one item, as loaded, with its links', async () => {
    const item = f.items[0]!;
    const { status, type, body } = await get(
      `/collections/${item.collection}/items/${encodeURIComponent(item.id)}`,
    );
    expect(status).toBe(200);
    expect(type).toContain('application/geo+json');
    expect(body.id).toBe(item.id);
    expect(body.geometry).toEqual(item.geometry);
    expect(body.properties).toEqual(item.properties);
    expect(body.assets).toEqual(item.assets);
    expect(link(body.links, 'self')?.href).toBe(
      `${BASE_URL}collections/${item.collection}/items/${encodeURIComponent(item.id)}`,
    );
  });

  it('serves time-series items with datetime null beside their start and end (STAC Item spec)', async () => {
    const series = f.items.find((i) => i.properties.datetime === null)!;
    const { body } = await get(
      `/collections/${series.collection}/items/${encodeURIComponent(series.id)}`,
    );
    expect(body.properties.datetime).toBeNull();
    expect(body.properties).toEqual(series.properties);
  });

  it("pages through all of a collection's items by following next links", async () => {
    const collection = f.collections[0]!.id;
    const expected = f.items.filter((i) => i.collection === collection).map((i) => i.id);
    const seen: string[] = [];
    let url: string | undefined = `/collections/${collection}/items?limit=7`;
    let pages = 0;
    while (url) {
      const { status, body } = await get(url);
      expect(status).toBe(200);
      expect(body.numberMatched).toBe(expected.length);
      seen.push(...body.features.map((i: StacItem) => i.id));
      const next: string | undefined = link(body.links, 'next')?.href;
      expect(next === undefined || next.startsWith(BASE_URL)).toBe(true);
      url = next?.slice(BASE_URL.length - 1);
      pages += 1;
      expect(pages).toBeLessThan(1000);
    }
    expect(seen.sort()).toEqual([...expected].sort());
    expect(pages).toBe(Math.ceil(expected.length / 7));
  });

  it('serves the queryables of the catalog and of a collection', async () => {
    const collection = f.collections.find((c) => c.id.includes('river')) ?? f.collections[0]!;
    const { status, type, body } = await get(`/collections/${collection.id}/queryables`);
    expect(status).toBe(200);
    expect(type).toContain('application/schema+json');
    expect(body.$id).toBe(`${BASE_URL}collections/${collection.id}/queryables`);
    const itemProps = new Set(
      f.items
        .filter((i) => i.collection === collection.id)
        .flatMap((i) => Object.keys(i.properties)),
    );
    const numeric = [...itemProps].find(
      (p) => typeof f.items.find((i) => i.collection === collection.id)?.properties[p] === 'number',
    );
    expect(numeric).toBeDefined();
    expect(Object.keys(body.properties)).toContain(numeric);
    const all = await get('/queryables');
    expect(all.status).toBe(200);
    expect(Object.keys(all.body.properties).length).toBeGreaterThanOrEqual(
      Object.keys(body.properties).length,
    );
  });
});
