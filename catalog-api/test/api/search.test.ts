import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacItem, StacLink } from '../../src/catalog/stac-types.js';
import { BASE_URL, DATABASE_KINDS, openTestCatalog, type TestCatalog } from '../support/catalog.js';
import { type Fixture, fixture, itemRange } from '../support/fixture.js';

describe.each(DATABASE_KINDS)('item search (%s)', (kind) => {
  let t: TestCatalog;
  let f: Fixture;
  let points: StacItem[];
  let pointCollection: string;
  beforeAll(async () => {
    [t, f] = await Promise.all([openTestCatalog(kind), fixture()]);
    const pointItem = f.items.find((i) => (i.geometry as { type: string }).type === 'Point');
    pointCollection = pointItem!.collection!;
    points = f.items.filter((i) => i.collection === pointCollection);
  });
  afterAll(async () => t?.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() };
  };
  const post = async (url: string, payload: unknown) => {
    const res = await t.app.inject({ method: 'POST', url, payload: payload as object });
    return { status: res.statusCode, body: res.json() };
  };
  const ids = (body: { features: StacItem[] }) => body.features.map((i) => i.id).sort();

  it('finds the point items inside a bbox, and only those', async () => {
    const [lon, lat] = (points[0]!.geometry as { coordinates: number[] }).coordinates as [
      number,
      number,
    ];
    const bbox = [lon - 2, lat - 2, lon + 2, lat + 2];
    const expected = points
      .filter((i) => {
        const [x, y] = (i.geometry as { coordinates: number[] }).coordinates as [number, number];
        return x >= bbox[0]! && x <= bbox[2]! && y >= bbox[1]! && y <= bbox[3]!;
      })
      .map((i) => i.id)
      .sort();
    const { status, body } = await get(
      `/search?collections=${pointCollection}&bbox=${bbox.join(',')}&limit=1000`,
    );
    expect(status).toBe(200);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.numberMatched).toBe(expected.length);
    expect(ids(body)).toEqual(expected);
  });

  it('filters by datetime intervals, open at either end', async () => {
    const sorted = [...f.items].sort((a, b) => itemRange(a)[0] - itemRange(b)[0]);
    const middle = new Date(itemRange(sorted[Math.floor(sorted.length / 2)]!)[0]).toISOString();
    const after = f.items.filter((i) => itemRange(i)[1] >= Date.parse(middle)).length;
    const before = f.items.filter((i) => itemRange(i)[0] <= Date.parse(middle)).length;
    const a = await get(`/search?datetime=${middle}/..&limit=1`);
    const b = await get(`/search?datetime=../${middle}&limit=1`);
    const c = await post('/search', { datetime: `/${middle}`, limit: 1 });
    expect(a.status).toBe(200);
    expect(a.body.numberMatched).toBe(after);
    expect(b.body.numberMatched).toBe(before);
    expect(c.body.numberMatched).toBe(before);
  });

  it('filters with CQL2-text and CQL2-JSON, giving the same items', async () => {
    const numericProp = Object.entries(points[0]!.properties).find(
      ([, v]) => typeof v === 'number',
    )![0];
    const values = points.map((i) => i.properties[numericProp] as number).sort((x, y) => x - y);
    const threshold = values[Math.floor(values.length / 2)]!;
    const expected = points
      .filter((i) => (i.properties[numericProp] as number) > threshold)
      .map((i) => i.id)
      .sort();
    const text = `"${numericProp}" > ${threshold}`;
    const viaText = await get(
      `/search?collections=${pointCollection}&limit=1000&filter=${encodeURIComponent(text)}`,
    );
    expect(viaText.status).toBe(200);
    expect(ids(viaText.body)).toEqual(expected);
    const viaJson = await post('/search', {
      collections: [pointCollection],
      limit: 1000,
      'filter-lang': 'cql2-json',
      filter: { op: '>', args: [{ property: numericProp }, threshold] },
    });
    expect(ids(viaJson.body)).toEqual(expected);
  });

  it('sorts, both ways', async () => {
    const asc = await get(`/search?collections=${pointCollection}&sortby=+id&limit=5`);
    const desc = await post('/search', {
      collections: [pointCollection],
      sortby: [{ field: 'id', direction: 'desc' }],
      limit: 5,
    });
    const all = points.map((i) => i.id).sort();
    expect(asc.body.features.map((i: StacItem) => i.id)).toEqual(all.slice(0, 5));
    expect(desc.body.features.map((i: StacItem) => i.id)).toEqual(all.reverse().slice(0, 5));
  });

  it('returns only the fields asked for', async () => {
    const { body } = await get(
      `/search?collections=${pointCollection}&fields=id,-assets,-links&limit=2`,
    );
    for (const item of body.features) {
      expect(item.id).toBeDefined();
      expect(item.assets).toBeUndefined();
      expect(item.links).toBeUndefined();
    }
  });

  it('matches the Query extension and free text', async () => {
    const item = points[0]!;
    const [prop, value] = Object.entries(item.properties).find(
      ([, v]) => typeof v === 'string' && !/^\d{4}-/.test(v as string),
    )!;
    const expected = points.filter((i) => i.properties[prop] === value).length;
    const q = await post('/search', {
      collections: [pointCollection],
      query: { [prop]: { eq: value } },
      limit: 1,
    });
    expect(q.status).toBe(200);
    expect(q.body.numberMatched).toBe(expected);
    const word = String(
      f.collections.find((c) => c.id === pointCollection)!.title ?? pointCollection,
    ).split(/\W+/)[0]!;
    const text = await get(`/search?q=${encodeURIComponent(word)}&limit=1`);
    expect(text.status).toBe(200);
  });

  it('pages a POST search with bodies that carry the token', async () => {
    const first = await post('/search', { collections: [pointCollection], limit: 3 });
    const next = (first.body.links as StacLink[]).find((l) => l.rel === 'next')!;
    expect(next.method).toBe('POST');
    expect(next.href).toBe(`${BASE_URL}search`);
    const second = await post('/search', next.body);
    expect(second.status).toBe(200);
    const overlap = ids(first.body).filter((id) => ids(second.body).includes(id));
    expect(overlap).toEqual([]);
    const prev = (second.body.links as StacLink[]).find((l) => l.rel === 'prev');
    expect(prev).toBeDefined();
  });

  describe('bad input gets a 400 that says what to fix', () => {
    const cases: [string, string, RegExp][] = [
      ['bbox with 3 numbers', '/search?bbox=1,2,3', /bbox must have 4 numbers/],
      ['bbox south > north', '/search?bbox=0,10,1,5', /south \(10\) is greater than north/],
      ['datetime open at both ends', '/search?datetime=../..', /open at both ends/],
      ['datetime not RFC 3339', '/search?datetime=yesterday', /not an RFC 3339/],
      ['limit 0', '/search?limit=0', /limit must be an integer from 1/],
      ['limit words', '/collections/x/items?limit=many', /limit must be an integer|collection 'x'/],
      [
        'CQL2 syntax',
        `/search?filter=${encodeURIComponent('wse > AND')}`,
        /CQL2 syntax error at line 1, column/,
      ],
      [
        'unknown queryable',
        `/search?filter=${encodeURIComponent('no_such_prop = 1')}`,
        /unknown queryable 'no_such_prop'/,
      ],
      ['unknown sort field', '/search?sortby=-no_such_prop', /unknown queryable 'no_such_prop'/],
      ['bad intersects JSON', '/search?intersects={nope', /intersects is not valid JSON/],
      ['a misspelt parameter', '/search?colections=x', /unknown query parameter 'colections'/],
    ];
    it.each(cases)('%s', async (_name, url, message) => {
      const { status, body } = await get(url);
      expect(status === 400 || (status === 404 && url.startsWith('/collections/x'))).toBe(true);
      expect(body.description).toMatch(message);
    });

    it('a body that is not JSON', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/search',
        payload: '{"limit": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().description).toMatch(/not valid JSON/);
    });

    it('a body with a wrong type or an unknown member', async () => {
      const wrong = await post('/search', { limit: 'ten' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.description).toMatch(/limit/);
      const unknown = await post('/search', { colections: ['x'] });
      expect(unknown.status).toBe(400);
      expect(unknown.body.description).toMatch(/colections|additional/);
    });

    it('a body that is too large', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/search',
        payload: JSON.stringify({ ids: Array.from({ length: 200_000 }, (_, i) => `item-${i}`) }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().description).toMatch(/too large/);
    });
  });
});
