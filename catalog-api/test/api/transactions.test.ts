import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacItem } from '../../src/catalog/stac-types.js';
import {
  DATABASE_KINDS,
  openTestCatalog,
  type TestCatalog,
  WRITE_TOKEN,
} from '../support/catalog.js';
import { expectStoredAlike } from '../support/stored-rows.js';

const collection = {
  type: 'Collection',
  stac_version: '1.0.0',
  id: 'scratch-gauges',
  title: 'Scratch gauges',
  description: 'A collection the transaction tests create and remove',
  license: 'CC-BY-4.0',
  extent: {
    spatial: { bbox: [[-2, 42, 8, 51]] },
    temporal: { interval: [['2024-01-01T00:00:00Z', null]] },
  },
  links: [],
};

const gauge = (id: string, day: number, level = 1.5): StacItem => ({
  type: 'Feature',
  stac_version: '1.0.0',
  id,
  collection: collection.id,
  geometry: { type: 'Point', coordinates: [1.44 + day / 100, 43.6] },
  bbox: [1.44 + day / 100, 43.6, 1.44 + day / 100, 43.6],
  properties: {
    datetime: `2024-03-${String(day).padStart(2, '0')}T06:00:00Z`,
    water_level_m: level,
  },
  assets: { data: { href: `/data/${id}.csv`, type: 'text/csv', roles: ['data'] } },
  links: [],
});

describe.each(DATABASE_KINDS)('transactions (%s)', (kind) => {
  let t: TestCatalog;
  beforeAll(async () => {
    t = await openTestCatalog(kind);
  });
  afterAll(async () => t?.close());

  const send = async (
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    token: string | null = WRITE_TOKEN,
    contentType = 'application/json',
  ) => {
    const res = await t.app.inject({
      method,
      url,
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
      headers: {
        ...(payload !== undefined ? { 'content-type': contentType } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
    return {
      status: res.statusCode,
      body: res.body ? res.json() : undefined,
      headers: res.headers,
    };
  };
  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() };
  };

  it('refuses writes without a token (401) or with a wrong one (401), and reads stay public', async () => {
    expect((await send('POST', '/collections', collection, null)).status).toBe(401);
    const wrong = await send('POST', '/collections', collection, 'not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.body.description).toMatch(/not valid/);
    expect((await get('/collections')).status).toBe(200);
    expect((await get('/collections/scratch-gauges')).status).toBe(404);
  });

  it('creates a collection (201 + Location), and refuses a duplicate (409)', async () => {
    const created = await send('POST', '/collections', collection);
    expect(created.status).toBe(201);
    expect(created.headers.location).toMatch(/\/collections\/scratch-gauges$/);
    expect((await get('/collections/scratch-gauges')).body.title).toBe('Scratch gauges');
    const again = await send('POST', '/collections', collection);
    expect(again.status).toBe(409);
    expect(again.body.description).toMatch(/already exists/);
  });

  it('refuses an invalid collection with a 400 naming the problem', async () => {
    const { license: _l, ...noLicense } = collection;
    const res = await send('POST', '/collections', { ...noLicense, id: 'x2' });
    expect(res.status).toBe(400);
    expect(res.body.description).toMatch(/license/);
  });

  it('creates, reads, replaces, patches and deletes an item', async () => {
    const item = gauge('g-1', 1);
    const created = await send('POST', '/collections/scratch-gauges/items', item);
    expect(created.status).toBe(201);
    expect(created.body.id).toBe('g-1');
    expect((await send('POST', '/collections/scratch-gauges/items', item)).status).toBe(409);

    const replaced = await send(
      'PUT',
      '/collections/scratch-gauges/items/g-1',
      gauge('g-1', 1, 2.75),
    );
    expect(replaced.status).toBe(204);
    expect((await get('/collections/scratch-gauges/items/g-1')).body.properties.water_level_m).toBe(
      2.75,
    );

    const patched = await send(
      'PATCH',
      '/collections/scratch-gauges/items/g-1',
      { properties: { water_level_m: 3.1, quality: 'good' } },
      WRITE_TOKEN,
      'application/merge-patch+json',
    );
    expect(patched.status).toBe(204);
    const after = (await get('/collections/scratch-gauges/items/g-1')).body;
    expect(after.properties).toMatchObject({
      water_level_m: 3.1,
      quality: 'good',
      datetime: '2024-03-01T06:00:00Z',
    });

    expect((await send('DELETE', '/collections/scratch-gauges/items/g-1')).status).toBe(204);
    expect((await get('/collections/scratch-gauges/items/g-1')).status).toBe(404);
  });

  it('says what is wrong with a bad item', async () => {
    const mismatch = await send('PUT', '/collections/scratch-gauges/items/other', gauge('g-9', 9));
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.description).toMatch(/differs from the URL/);
    const { geometry: _g, ...noGeometry } = gauge('g-10', 10);
    const invalid = await send('POST', '/collections/scratch-gauges/items', noGeometry);
    expect(invalid.status).toBe(400);
    expect(invalid.body.description).toMatch(/geometry/);
    const noCoordinates = await send('POST', '/collections/scratch-gauges/items', {
      ...gauge('g-13', 13),
      geometry: { type: 'Polygon' },
    });
    expect(noCoordinates.status).toBe(400);
    expect(noCoordinates.body.description).toMatch(/g-13.*not a valid GeoJSON geometry/);
    const noDatetime = await send('POST', '/collections/scratch-gauges/items', {
      ...gauge('g-14', 14),
      properties: { datetime: null },
    });
    expect(noDatetime.status).toBe(400);
    expect(noDatetime.body.description).toMatch(/g-14.*needs properties.datetime/);
    const missing = await send('POST', '/collections/nowhere/items', gauge('g-11', 11));
    expect(missing.status).toBe(404);
    const badDate = await send('POST', '/collections/scratch-gauges/items', {
      type: 'FeatureCollection',
      features: [{ ...gauge('g-12', 12), properties: { datetime: 'soon' } }],
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.description).toMatch(/g-12.*RFC 3339/);
  });

  it('loads many items at once: FeatureCollection and bulk_items, then upserts', async () => {
    const batch = Array.from({ length: 25 }, (_, i) => gauge(`bulk-${i}`, (i % 28) + 1));
    const fc = await send('POST', '/collections/scratch-gauges/items', {
      type: 'FeatureCollection',
      features: batch.slice(0, 10),
    });
    expect(fc.status).toBe(201);
    expect(fc.body.loaded).toBe(10);
    const bulk = await send('POST', '/collections/scratch-gauges/bulk_items', {
      items: Object.fromEntries(batch.slice(10).map((i) => [i.id, i])),
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.loaded).toBe(15);
    const dup = await send('POST', '/collections/scratch-gauges/bulk_items', {
      items: { 'bulk-0': batch[0] },
    });
    expect(dup.status).toBe(409);
    const upsert = await send('POST', '/collections/scratch-gauges/bulk_items', {
      method: 'upsert',
      items: { 'bulk-0': gauge('bulk-0', 1, 9.9) },
    });
    expect(upsert.status).toBe(200);
    const search = await get('/collections/scratch-gauges/items?limit=100');
    expect(search.body.numberMatched).toBe(25);
    const stored = (await get('/collections/scratch-gauges/items/bulk-0')).body;
    expect(stored.properties.water_level_m).toBe(9.9);
    expect(stored.assets).toEqual(batch[0]!.assets);
  });

  it('stores the same item through the fast loader as through PgSTAC create_item', async () => {
    const viaLoader = gauge('same-a', 5);
    const viaPgstac = { ...gauge('same-b', 5), assets: viaLoader.assets };
    await send('POST', '/collections/scratch-gauges/bulk_items', {
      items: { 'same-a': viaLoader },
    });
    await send('POST', '/collections/scratch-gauges/items', viaPgstac);
    await expectStoredAlike(t.db, 'scratch-gauges', 'same-a', 'same-b');
  });

  it('replaces and deletes a collection, and its items go with it', async () => {
    const put = await send('PUT', '/collections/scratch-gauges', {
      ...collection,
      title: 'Renamed',
    });
    expect(put.status).toBe(204);
    expect((await get('/collections/scratch-gauges')).body.title).toBe('Renamed');
    expect(
      (await send('PUT', '/collections/nowhere', { ...collection, id: 'nowhere' })).status,
    ).toBe(404);
    expect((await send('DELETE', '/collections/scratch-gauges')).status).toBe(204);
    expect((await get('/collections/scratch-gauges')).status).toBe(404);
    expect((await get('/search?collections=scratch-gauges')).body.numberMatched).toBe(0);
    expect((await send('DELETE', '/collections/scratch-gauges')).status).toBe(404);
  });
});
