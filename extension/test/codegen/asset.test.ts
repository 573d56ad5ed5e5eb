import { beforeAll, describe, expect, it } from 'vitest';
import { generateCode, type StacAssetLike } from '../../src/codegen/index.js';
import { CATALOG, COG_TYPE, itemWith } from './fixtures.js';
import { expectRunnableCell, PythonCells } from './python-check.js';

const py = new PythonCells();

function assetCell(asset: StacAssetLike, key = 'data', item = itemWith({ [key]: asset })) {
  return py.add(generateCode({ kind: 'asset', catalogUrl: CATALOG, item, assetKey: key }));
}

const cases = {
  cog: assetCell({ href: 'https://data.example.org/s2/mask.tif', type: COG_TYPE, roles: ['data'] }),
  netcdf: assetCell({ href: '/data/era5/t2m.nc', type: 'application/x-netcdf' }),
  zarr: assetCell({ href: 's3://bucket/cube.zarr', type: 'application/vnd+zarr' }),
  geojson: assetCell({ href: '/data/lakes/outline.geojson', type: 'application/geo+json' }),
  flatgeobuf: assetCell({ href: 'https://h/rivers.fgb', type: 'application/vnd.flatgeobuf' }),
  shapefile: assetCell({ href: '/data/basins.shp.zip', type: 'application/zip' }),
  geoparquet: assetCell({
    href: 's3://bucket/reaches.parquet',
    type: 'application/vnd.apache.parquet; profile=geoparquet',
  }),
  parquet: assetCell({ href: '/data/table.parquet', type: 'application/vnd.apache.parquet' }),
  csvNamed: assetCell(
    {
      href: '/data/gauges/LOI-0123.csv',
      type: 'text/csv',
      roles: ['data'],
      'table:columns': [{ name: 'date', type: 'date' }, { name: 'discharge_m3s' }],
    },
    'timeseries',
  ),
  csvUnnamed: assetCell(
    { href: 's3://bucket/levels.csv', type: 'text/csv', title: 'Water-level time series' },
    'levels',
  ),
  pngLocal: assetCell(
    { href: '/data/thumb.png', type: 'image/png', roles: ['thumbnail'] },
    'thumbnail',
  ),
  jpegUrl: assetCell({ href: 'https://h/q.jpg', type: 'image/jpeg', roles: ['overview'] }, 'q'),
  unknown: assetCell({ href: 'https://h/granule.h5', type: 'application/x-hdf5', roles: ['data'] }),
  relative: assetCell(
    { href: './mask.tif', type: COG_TYPE },
    'mask',
    itemWith(
      { mask: { href: './mask.tif', type: COG_TYPE } },
      { links: [{ rel: 'self', href: 'https://h/catalog/items/a/a.json' }] },
    ),
  ),
  fileUrl: assetCell({ href: 'file:///data/my%20masks/m.tif', type: COG_TYPE }),
  named: py.add(
    generateCode(
      {
        kind: 'asset',
        catalogUrl: CATALOG,
        item: itemWith({ data: { href: '/d/x.nc', type: 'application/netcdf' } }),
        assetKey: 'data',
      },
      { variable: 'era5 t2m' },
    ),
  ),
};

beforeAll(() => py.run());

describe('asset drop', () => {
  it('every generated cell is valid Python that ends on its variable', () => {
    for (const cell of Object.values(cases)) expectRunnableCell(py, cell);
  });

  it('opens a COG with rioxarray, masked, at the URL as given', () => {
    expect(cases.cog.imports).toEqual(['import rioxarray']);
    expect(py.call(cases.cog.code, 'rioxarray.open_rasterio')).toEqual({
      func: 'rioxarray.open_rasterio',
      args: ['https://data.example.org/s2/mask.tif'],
      kwargs: { masked: true },
    });
    expect(cases.cog.variable).toBe('item_1_data');
  });

  it('opens NetCDF with xarray.open_dataset at the local path', () => {
    expect(cases.netcdf.imports).toEqual(['import xarray']);
    expect(py.call(cases.netcdf.code, 'xarray.open_dataset').args).toEqual(['/data/era5/t2m.nc']);
  });

  it('opens Zarr on S3 with xarray.open_zarr and credentials', () => {
    expect(py.call(cases.zarr.code, 'xarray.open_zarr')).toMatchObject({
      args: ['s3://bucket/cube.zarr'],
      kwargs: { storage_options: { anon: false } },
    });
  });

  it('reads GeoJSON, FlatGeobuf and zipped shapefiles with geopandas.read_file', () => {
    expect(py.call(cases.geojson.code, 'geopandas.read_file').args).toEqual([
      '/data/lakes/outline.geojson',
    ]);
    expect(py.call(cases.flatgeobuf.code, 'geopandas.read_file').args).toEqual([
      'https://h/rivers.fgb',
    ]);
    expect(py.call(cases.shapefile.code, 'geopandas.read_file').args).toEqual([
      '/data/basins.shp.zip',
    ]);
    expect(cases.geojson.imports).toEqual(['import geopandas']);
  });

  it('reads GeoParquet with geopandas.read_parquet and plain Parquet with pandas', () => {
    expect(py.call(cases.geoparquet.code, 'geopandas.read_parquet')).toMatchObject({
      args: ['s3://bucket/reaches.parquet'],
      kwargs: { storage_options: { anon: false } },
    });
    expect(py.call(cases.parquet.code, 'pandas.read_parquet').args).toEqual([
      '/data/table.parquet',
    ]);
  });

  it('reads a CSV time series with its first column as a date index', () => {
    expect(py.call(cases.csvNamed.code, 'pandas.read_csv')).toMatchObject({
      args: ['/data/gauges/LOI-0123.csv'],
      kwargs: { parse_dates: ['date'], index_col: 'date' },
    });
    expect(py.call(cases.csvUnnamed.code, 'pandas.read_csv')).toMatchObject({
      args: ['s3://bucket/levels.csv'],
      kwargs: { parse_dates: [0], index_col: 0, storage_options: { anon: false } },
    });
  });

  it('shows images with IPython: a filename for a local path, a URL otherwise', () => {
    expect(cases.pngLocal.imports).toEqual(['from IPython.display import Image']);
    expect(py.call(cases.pngLocal.code, 'Image').kwargs).toEqual({ filename: '/data/thumb.png' });
    expect(py.call(cases.jpegUrl.code, 'Image').kwargs).toEqual({ url: 'https://h/q.jpg' });
  });

  it('explains an unknown format and keeps the asset and its href at hand', () => {
    expect(cases.unknown.code).toMatch(/^# .*no reader.*application\/x-hdf5/m);
    expect(py.call(cases.unknown.code, 'pystac.Asset.from_dict').args).toEqual([
      { href: 'https://h/granule.h5', type: 'application/x-hdf5', roles: ['data'] },
    ]);
    expect(py.call(cases.unknown.code, 'print').args).toEqual([
      { expr: `${cases.unknown.variable}.href` },
    ]);
  });

  it('resolves a relative href against the item and turns file: URLs into paths', () => {
    expect(py.call(cases.relative.code, 'rioxarray.open_rasterio').args).toEqual([
      'https://h/catalog/items/a/mask.tif',
    ]);
    expect(py.call(cases.fileUrl.code, 'rioxarray.open_rasterio').args).toEqual([
      '/data/my masks/m.tif',
    ]);
  });

  it('uses the variable name the user asked for, made valid', () => {
    expect(cases.named.variable).toBe('era5_t2m');
    expect(cases.named.code.trimEnd().split('\n').at(-1)).toBe('era5_t2m');
  });

  it('rejects an asset key the item does not have', () => {
    const item = itemWith({});
    expect(() =>
      generateCode({ kind: 'asset', catalogUrl: CATALOG, item, assetKey: 'constructor' }),
    ).toThrow(/no asset constructor/);
  });
});
