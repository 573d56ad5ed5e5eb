import { describe, expect, it } from 'vitest';
import { CatalogModel } from '../../src/catalog/index.js';
import { fakeCatalog, item } from './fake-catalog.js';

const URL_BASE = 'http://catalog.test/stac';

describe('CatalogModel search', () => {
  it('sends the form as one STAC POST /search and shows the page with numberMatched', async () => {
    const { fetch, requests } = fakeCatalog(() => ({
      body: {
        type: 'FeatureCollection',
        features: [item('a'), item('b')],
        numberMatched: 42,
        links: [],
      },
    }));
    const model = new CatalogModel({ catalogUrl: URL_BASE, fetch, pageSize: 2 });
    model.setQuery({
      collections: ['c1'],
      q: ' river ',
      start: '2024-01-01',
      end: '2024-01-31',
      bbox: [1, 2, 3, 4],
      sortby: { field: 'datetime', direction: 'desc' },
    });
    await model.search();

    const search = requests.find((r) => r.url.pathname === '/stac/search');
    expect(search?.method).toBe('POST');
    expect(search?.body).toEqual({
      collections: ['c1'],
      q: 'river',
      bbox: [1, 2, 3, 4],
      datetime: '2024-01-01T00:00:00Z/2024-01-31T23:59:59Z',
      sortby: [{ field: 'datetime', direction: 'desc' }],
      limit: 2,
    });
    expect(model.results.status).toBe('ready');
    expect(model.results.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(model.results.numberMatched).toBe(42);
    expect(model.results.hasMore).toBe(false);
  });

  it('follows the next link (POST with its body) and appends the page', async () => {
    const { fetch, requests } = fakeCatalog((request) =>
      request.body?.token === 'next:2'
        ? { body: { features: [item('c')], numberMatched: 3, links: [] } }
        : {
            body: {
              features: [item('a'), item('b')],
              numberMatched: 3,
              links: [
                {
                  rel: 'next',
                  href: `${URL_BASE}/search`,
                  method: 'POST',
                  body: { token: 'next:2' },
                },
              ],
            },
          },
    );
    const model = new CatalogModel({ catalogUrl: URL_BASE, fetch });
    await model.search();
    expect(model.results.hasMore).toBe(true);
    await model.loadMoreResults();
    expect(model.results.items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(model.results.hasMore).toBe(false);
    expect(requests.at(-1)?.body).toEqual({ token: 'next:2' });
  });

  it('merges a `merge: true` next body into the previous search (STAC API §Paging)', async () => {
    const { fetch, requests } = fakeCatalog((request) =>
      request.body?.token
        ? { body: { features: [item('b')], links: [] } }
        : {
            body: {
              features: [item('a')],
              links: [
                {
                  rel: 'next',
                  href: `${URL_BASE}/search`,
                  method: 'POST',
                  merge: true,
                  body: { token: 't2' },
                },
              ],
            },
          },
    );
    const model = new CatalogModel({ catalogUrl: URL_BASE, fetch, pageSize: 1 });
    model.setQuery({ collections: ['c1'], q: 'lake' });
    await model.search();
    await model.loadMoreResults();
    expect(requests.at(-1)?.body).toEqual({
      collections: ['c1'],
      q: 'lake',
      limit: 1,
      token: 't2',
    });
    expect(model.results.items.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('never lets a slow older search overwrite a newer one', async () => {
    const { fetch } = fakeCatalog((request) =>
      request.body?.q === 'slow'
        ? { body: { features: [item('old')], links: [] }, delayMs: 50 }
        : { body: { features: [item('new')], links: [] } },
    );
    const model = new CatalogModel({ catalogUrl: URL_BASE, fetch });
    model.setQuery({ q: 'slow' });
    const first = model.search();
    model.setQuery({ q: 'fast' });
    await model.search();
    await first;
    expect(model.results.status).toBe('ready');
    expect(model.results.items.map((i) => i.id)).toEqual(['new']);
  });

  it("shows the catalog's own 400 description in words", async () => {
    const { fetch } = fakeCatalog(() => ({
      status: 400,
      body: { code: 'InvalidQuery', description: 'unknown queryable foo' },
    }));
    const model = new CatalogModel({ catalogUrl: URL_BASE, fetch });
    await model.search();
    expect(model.results.status).toBe('error');
    expect(model.results.error).toBe('The catalog rejected the request: unknown queryable foo');
  });

  it('says the catalog cannot be reached when the network fails', async () => {
    const model = new CatalogModel({
      catalogUrl: URL_BASE,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await model.search();
    expect(model.results.error).toBe(
      'Could not reach the catalog at http://catalog.test/stac/ (fetch failed).',
    );
  });

  it('sends nothing and explains when the form has a mistake', async () => {
    const { fetch, requests } = fakeCatalog(() => ({ body: { features: [], links: [] } }));
    const model = new CatalogModel({ catalogUrl: URL_BASE, fetch });
    model.setQuery({ start: '2024-02-01', end: '2024-01-01' });
    await model.search();
    expect(requests).toHaveLength(0);
    expect(model.results.error).toBe('The start date 2024-02-01 is after the end date 2024-01-01.');
  });

  it('turns filter rows into CQL2-JSON typed by the queryables', async () => {
    const { fetch, requests } = fakeCatalog((request) =>
      request.url.pathname.endsWith('/queryables')
        ? {
            body: {
              properties: {
                'eo:cloud_cover': { type: 'number', minimum: 0, maximum: 100 },
                datetime: { type: 'string', format: 'date-time' },
              },
            },
          }
        : { body: { features: [], links: [] } },
    );
    const model = new CatalogModel({ catalogUrl: URL_BASE, fetch });
    model.setQuery({ collections: ['c1'] });
    await model.refreshQueryables();
    expect(requests.map((r) => r.url.pathname)).toContain('/stac/collections/c1/queryables');
    model.setQuery({
      filters: [
        { property: 'eo:cloud_cover', op: '<', value: '10' },
        { property: 'datetime', op: 'between', value: '2024-01-01', value2: '2024-01-02' },
      ],
    });
    await model.search();
    const body = requests.at(-1)?.body;
    expect(body?.['filter-lang']).toBe('cql2-json');
    expect(body?.filter).toEqual({
      op: 'and',
      args: [
        { op: '<', args: [{ property: 'eo:cloud_cover' }, 10] },
        {
          op: 'and',
          args: [
            { op: '>=', args: [{ property: 'datetime' }, { timestamp: '2024-01-01T00:00:00Z' }] },
            { op: '<=', args: [{ property: 'datetime' }, { timestamp: '2024-01-02T23:59:59Z' }] },
          ],
        },
      ],
    });
  });
});

describe('CatalogModel collections and selection', () => {
  it('searches collections by free text and pages them', async () => {
    const { fetch, requests } = fakeCatalog((request) =>
      request.url.searchParams.get('token')
        ? { body: { collections: [{ id: 'c2', description: '' }], links: [] } }
        : {
            body: {
              collections: [{ id: 'c1', description: '' }],
              numberMatched: 2,
              links: [{ rel: 'next', href: `${URL_BASE}/collections?q=lake&token=2` }],
            },
          },
    );
    const model = new CatalogModel({ catalogUrl: URL_BASE, fetch });
    await model.searchCollections('lake');
    expect(requests[0]?.url.searchParams.get('q')).toBe('lake');
    expect(model.collections.numberMatched).toBe(2);
    await model.loadMoreCollections();
    expect(model.collections.items.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(model.collections.hasMore).toBe(false);
  });

  it('emits a selection change once per different item, with its source', () => {
    const model = new CatalogModel({ catalogUrl: URL_BASE });
    const seen: string[] = [];
    model.selectionChanged.connect((_, change) =>
      seen.push(`${change.source}:${change.item?.id ?? '-'}`),
    );
    const a = item('a') as never;
    model.select(a, 'map');
    model.select({ ...(a as object) } as never, 'panel'); // the same item from another list
    model.select(null, 'panel');
    expect(seen).toEqual(['map:a', 'panel:-']);
  });

  it('drops everything when pointed at another catalog', async () => {
    const { fetch } = fakeCatalog(() => ({ body: { features: [item('a')], links: [] } }));
    const model = new CatalogModel({ catalogUrl: URL_BASE, fetch });
    await model.search();
    model.setCatalogUrl('http://other.test/');
    expect(model.catalogUrl).toBe('http://other.test/');
    expect(model.results.items).toHaveLength(0);
    expect(model.results.status).toBe('idle');
  });
});
