import { beforeAll, describe, expect, it } from 'vitest';
import { generateCode, type StacCollectionLike } from '../../src/codegen/index.js';
import { CATALOG, COG_TYPE, gaugeCollection, waterMaskCollection } from './fixtures.js';
import { expectRunnableCell, PythonCells } from './python-check.js';

const py = new PythonCells();
const collectionCell = (collection: StacCollectionLike) =>
  py.add(generateCode({ kind: 'collection', catalogUrl: CATALOG, collection }));

const cases = {
  raster: collectionCell(waterMaskCollection),
  projected: collectionCell({
    id: 'sentinel-2-l2a',
    summaries: { gsd: [10], 'proj:epsg': [32631] },
    item_assets: {
      B04: { type: COG_TYPE, roles: ['data'] },
      B08: { type: COG_TYPE, roles: ['data'] },
      visual: { type: COG_TYPE, roles: ['visual'] },
    },
  }),
  bandsOnly: collectionCell({
    id: 'bands-only',
    summaries: { 'eo:bands': [{ name: 'red' }, { name: 'nir' }] },
  }),
  vector: collectionCell(gaugeCollection),
};

beforeAll(() => py.run());

describe('collection drop', () => {
  it('every generated cell is valid Python that ends on its variable', () => {
    for (const cell of Object.values(cases)) expectRunnableCell(py, cell);
  });

  it('searches the collection in the catalog with pystac_client', () => {
    for (const cell of Object.values(cases)) {
      expect(py.call(cell.code, 'pystac_client.Client.open').args).toEqual([CATALOG]);
    }
    expect(py.call(cases.raster.code, 'catalog.search').kwargs).toEqual({
      collections: ['styx-water-mask'],
      max_items: 10,
    });
  });

  it('loads a raster collection lazily with odc.stac, its data assets as bands', () => {
    expect(cases.raster.imports).toEqual(['import pystac_client', 'import odc.stac']);
    const load = py.call(cases.raster.code, 'odc.stac.load');
    expect(load.args).toEqual([{ expr: 'items' }]);
    expect(load.kwargs).toMatchObject({ bands: ['mask'], chunks: {}, crs: 'EPSG:4326' });
    expect(load.kwargs.resolution).toBeCloseTo(20 / 111_320, 5);
    expect(cases.raster.code).toMatch(/# .*EPSG:4326 counts degrees/);
    expect(cases.raster.variable).toBe('styx_water_mask');
  });

  it('keeps the native projected grid and leaves out visual assets', () => {
    expect(py.call(cases.projected.code, 'odc.stac.load').kwargs).toEqual({
      bands: ['B04', 'B08'],
      chunks: {},
      crs: 'EPSG:32631',
      resolution: 10,
    });
  });

  it('falls back to eo:bands names and explains how to choose a grid', () => {
    expect(py.call(cases.bandsOnly.code, 'odc.stac.load').kwargs).toEqual({
      bands: ['red', 'nir'],
      chunks: {},
    });
    expect(cases.bandsOnly.code).toMatch(/# .*pass crs= and resolution=/);
  });

  it('lists a vector or time-series collection as a GeoDataFrame', () => {
    expect(cases.vector.imports).toEqual(['import pystac_client', 'import geopandas']);
    expect(py.call(cases.vector.code, 'catalog.search').kwargs).toEqual({
      collections: ['styx-gauges'],
      max_items: 100,
    });
    expect(py.call(cases.vector.code, 'geopandas.GeoDataFrame.from_features')).toMatchObject({
      args: [{ expr: 'items.to_dict()' }],
      kwargs: { crs: 'EPSG:4326' },
    });
    expect(cases.vector.code).not.toContain('odc');
  });
});
