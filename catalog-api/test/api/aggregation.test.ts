import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestCatalog, type TestCatalog } from '../support/catalog.js';
import { type Fixture, fixture } from '../support/fixture.js';

type Bucket = { key: string; frequency: number };
type Agg = { name: string; value?: number; buckets?: Bucket[] };

describe.each(DATABASE_KINDS)('aggregation and collection search (%s)', (kind) => {
  let t: TestCatalog;
  let f: Fixture;
  beforeAll(async () => {
    [t, f] = await Promise.all([openTestCatalog(kind), fixture()]);
  });
  afterAll(async () => t?.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() };
  };
  const byName = (aggs: Agg[], name: string) => aggs.find((a) => a.name === name)!;

  it('counts items per collection, per month and per geohash cell, each summing to the total', async () => {
    const { status, body } = await get(
      '/aggregate?aggregations=total_count,collection_frequency,datetime_frequency,centroid_geohash_grid_frequency&datetime_frequency_interval=month&centroid_geohash_grid_frequency_precision=2',
    );
    expect(status).toBe(200);
    expect(body.type).toBe('AggregationCollection');
    const total = byName(body.aggregations, 'total_count').value;
    expect(total).toBe(f.items.length);
    const perCollection = Object.fromEntries(
      byName(body.aggregations, 'collection_frequency').buckets!.map((b) => [b.key, b.frequency]),
    );
    for (const c of f.collections) {
      expect(perCollection[c.id]).toBe(f.items.filter((i) => i.collection === c.id).length);
    }
    for (const name of ['datetime_frequency', 'centroid_geohash_grid_frequency']) {
      const buckets = byName(body.aggregations, name).buckets!;
      expect(buckets.reduce((s, b) => s + b.frequency, 0)).toBe(total);
    }
    const months = byName(body.aggregations, 'datetime_frequency').buckets!.map((b) => b.key);
    expect(months).toEqual([...months].sort());
    expect(months[0]).toMatch(/^\d{4}-\d{2}-01T00:00:00Z$/);
  });

  it('aggregates within a collection and a filter', async () => {
    const c = f.collections[0]!.id;
    const { body } = await get(
      `/collections/${c}/aggregate?aggregations=total_count,datetime_min,datetime_max`,
    );
    const items = f.items.filter((i) => i.collection === c);
    expect(byName(body.aggregations, 'total_count').value).toBe(items.length);
    expect(byName(body.aggregations, 'datetime_min').value).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('aggregates a POST search body, and refuses members it does not know', async () => {
    const c = f.collections[0]!.id;
    const res = await t.app.inject({
      method: 'POST',
      url: '/aggregate',
      payload: { collections: [c], aggregations: ['total_count'] },
    });
    expect(res.statusCode).toBe(200);
    expect(byName(res.json().aggregations, 'total_count').value).toBe(
      f.items.filter((i) => i.collection === c).length,
    );
    const bad = await t.app.inject({
      method: 'POST',
      url: '/aggregate',
      payload: { colections: [c] },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('answers 400, not 500, to free text PgSTAC cannot parse (found by schemathesis)', async () => {
    const { status, body } = await get('/aggregate?aggregations=total_count&q=%29%2F');
    expect(status).toBe(400);
    expect(body.description).toMatch(/syntax error in tsquery/);
  });

  it('finds items by free text in their title and description', async () => {
    const { status, body } = await get('/aggregate?aggregations=total_count&q=water');
    expect(status).toBe(200);
    const total = (body.aggregations as { name: string; value: number }[]).find(
      (a) => a.name === 'total_count',
    );
    expect(total?.value).toBeGreaterThan(0);
  });

  it('refuses unknown aggregations', async () => {
    const { status, body } = await get('/aggregate?aggregations=median_everything');
    expect(status).toBe(400);
    expect(body.description).toMatch(
      /unknown aggregation 'median_everything'; available: total_count/,
    );
  });

  it('searches collections by free text and pages them', async () => {
    const target = f.collections[0]!;
    const word = (target.title as string).split(/\s+/).find((w) => w.length > 4)!;
    const { status, body } = await get(`/collections?q=${encodeURIComponent(word)}`);
    expect(status).toBe(200);
    expect(body.collections.map((c: { id: string }) => c.id)).toContain(target.id);
    const page = await get('/collections?limit=2');
    expect(page.body.collections).toHaveLength(2);
    expect(page.body.numberMatched).toBe(f.collections.length);
    const next = page.body.links.find((l: { rel: string }) => l.rel === 'next');
    expect(next.href).toMatch(/offset=2/);
  });
});
