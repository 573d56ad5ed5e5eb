import { beforeAll, describe, expect, it } from 'vitest';
import { generateCode, type SearchLike } from '../../src/codegen/index.js';
import { CATALOG } from './fixtures.js';
import { expectRunnableCell, PythonCells } from './python-check.js';

const py = new PythonCells();
const searchCell = (search: SearchLike, variable?: string) =>
  py.add(generateCode({ kind: 'search', catalogUrl: CATALOG, search }, { variable }));

const cql2Json = {
  op: 'and',
  args: [
    { op: '=', args: [{ property: 'styx:basin' }, 'Loire'] },
    { op: '<', args: [{ property: 'eo:cloud_cover' }, 20] },
    { op: 't_intersects', args: [{ property: 'datetime' }, { interval: ['2024-01-01', '..'] }] },
  ],
};

const full: SearchLike = {
  collections: ['styx-water-mask', 'styx-gauges'],
  ids: ['a', 'b'],
  bbox: [-2.5, 46.1, 1.25, 48],
  intersects: { type: 'Point', coordinates: [0.5, 47.2] },
  datetime: '2024-01-01T00:00:00Z/..',
  filter: cql2Json,
  sortby: [
    { field: 'properties.eo:cloud_cover', direction: 'asc' },
    { field: 'datetime', direction: 'desc' },
  ],
  limit: 50,
  maxItems: 200,
  q: 'flood Loire',
  query: { 'eo:cloud_cover': { lt: 20 } },
};

const cases = {
  full: searchCell(full),
  text: searchCell({
    filter: '"styx:basin" = \'Loire\' AND eo:cloud_cover < 20',
    sortby: '-datetime',
  }),
  limitOnly: searchCell({ collections: ['styx-gauges'], limit: 25 }, 'loire_results'),
  empty: searchCell({}),
};

beforeAll(() => py.run());

describe('search drop', () => {
  it('every generated cell is valid Python that ends on its variable', () => {
    for (const cell of Object.values(cases)) expectRunnableCell(py, cell);
  });

  it('reproduces every search parameter with its value', () => {
    expect(py.call(cases.full.code, 'pystac_client.Client.open').args).toEqual([CATALOG]);
    expect(py.call(cases.full.code, 'catalog.search').kwargs).toEqual({
      collections: full.collections,
      ids: full.ids,
      bbox: full.bbox,
      intersects: full.intersects,
      datetime: full.datetime,
      query: full.query,
      filter: cql2Json,
      filter_lang: 'cql2-json',
      sortby: full.sortby,
      limit: 50,
      max_items: 200,
    });
  });

  it('sends free-text q in the request although pystac_client has no argument for it', () => {
    expect(cases.full.code).toContain("search._parameters['q'] = 'flood Loire'");
    expect(cases.full.code).toMatch(/# .*free-text q/i);
  });

  it('passes a CQL2-text filter as text and a sortby string as is', () => {
    expect(py.call(cases.text.code, 'catalog.search').kwargs).toMatchObject({
      filter: '"styx:basin" = \'Loire\' AND eo:cloud_cover < 20',
      filter_lang: 'cql2-text',
      sortby: '-datetime',
    });
  });

  it('stops at the limit the panel used, or at 100 when there is none', () => {
    expect(py.call(cases.limitOnly.code, 'catalog.search').kwargs).toEqual({
      collections: ['styx-gauges'],
      limit: 25,
      max_items: 25,
    });
    expect(py.call(cases.empty.code, 'catalog.search').kwargs).toEqual({ max_items: 100 });
  });

  it('collects the items and summarises them as a GeoDataFrame', () => {
    for (const cell of Object.values(cases)) {
      expect(py.call(cell.code, 'search.item_collection').args).toEqual([]);
      expect(py.call(cell.code, 'geopandas.GeoDataFrame.from_features')).toMatchObject({
        args: [{ expr: 'items.to_dict()' }],
        kwargs: { crs: 'EPSG:4326' },
      });
    }
    expect(cases.limitOnly.variable).toBe('loire_results');
    expect(cases.empty.variable).toBe('search_results');
  });
});
