import { beforeAll, describe, expect, it } from 'vitest';
import { generateCode, type StacItemLike } from '../../src/codegen/index.js';
import { CATALOG, gaugeItem, itemWith, waterMaskItem } from './fixtures.js';
import { expectRunnableCell, PythonCells } from './python-check.js';

const py = new PythonCells();
const itemCell = (item: StacItemLike) =>
  py.add(generateCode({ kind: 'item', catalogUrl: CATALOG, item }));

const cases = {
  raster: itemCell(waterMaskItem),
  gauge: itemCell(gaugeItem),
  noRoles: itemCell(
    itemWith({
      metadata: { href: '/d/meta.xml', type: 'application/xml', roles: ['metadata'] },
      preview: { href: '/d/preview.png', type: 'image/png' },
      outline: { href: '/d/outline.geojson', type: 'application/geo+json' },
    }),
  ),
  selfLink: itemCell(
    itemWith({ thumbnail: { href: '/d/t.png', type: 'image/png', roles: ['thumbnail'] } }),
  ),
  viaCatalog: itemCell(itemWith({}, { id: 'orphan', collection: 'demo', links: [] })),
  viaSearch: itemCell({ id: 'lost', assets: {} }),
};

beforeAll(() => py.run());

describe('item drop', () => {
  it('every generated cell is valid Python that ends on its variable', () => {
    for (const cell of Object.values(cases)) expectRunnableCell(py, cell);
  });

  it('opens the data asset rather than the thumbnail listed before it', () => {
    expect(py.call(cases.raster.code, 'rioxarray.open_rasterio')).toMatchObject({
      args: ['/data/styx/water-mask/T31/2024-05/mask.tif'],
      kwargs: { masked: true },
    });
    expect(cases.raster.code).not.toContain('thumb.png');
    expect(cases.raster.variable).toBe('s2_wm_t31_2024_05');
  });

  it('names the item and its collection in a comment above the code', () => {
    const [first] = cases.raster.code.split('\n');
    expect(first).toBe('# Item S2_WM_T31_2024-05 from collection styx-water-mask');
  });

  it('reads a gauge time series as a date-indexed DataFrame', () => {
    expect(py.call(cases.gauge.code, 'pandas.read_csv')).toMatchObject({
      args: ['/data/styx/gauges/LOI-0123.csv'],
      kwargs: { parse_dates: [0], index_col: 0 },
    });
  });

  it('without roles, skips metadata and preview images', () => {
    expect(py.call(cases.noRoles.code, 'geopandas.read_file').args).toEqual(['/d/outline.geojson']);
  });

  it('loads the item with pystac when no asset can be opened', () => {
    expect(py.call(cases.selfLink.code, 'pystac.Item.from_file').args).toEqual([
      `${CATALOG}/collections/demo/items/item-1`,
    ]);
    expect(py.call(cases.viaCatalog.code, 'pystac_client.Client.open').args).toEqual([CATALOG]);
    expect(py.call(cases.viaCatalog.code, 'catalog.get_collection').args).toEqual(['demo']);
    expect(py.calls(cases.viaCatalog.code, "catalog.get_collection('demo').get_item")).toEqual([
      { func: "catalog.get_collection('demo').get_item", args: ['orphan'], kwargs: {} },
    ]);
    expect(py.call(cases.viaSearch.code, 'catalog.search').kwargs).toEqual({
      ids: ['lost'],
      max_items: 1,
    });
  });
});
