import { describe, expect, it } from 'vitest';
import { classifyAsset, type MediaKind } from '../../src/codegen/media-types.js';
import { COG_TYPE } from './fixtures.js';

const cases: [string, { href: string; type?: string; roles?: string[] }, MediaKind][] = [
  ['COG media type', { href: '/d/x', type: COG_TYPE }, 'geotiff'],
  ['plain GeoTIFF', { href: '/d/x', type: 'image/tiff; application=geotiff' }, 'geotiff'],
  ['.tif extension', { href: 'https://h/x.TIF?sig=1' }, 'geotiff'],
  ['NetCDF', { href: '/d/x', type: 'application/x-netcdf' }, 'netcdf'],
  ['.nc extension', { href: 's3://b/x.nc' }, 'netcdf'],
  ['Zarr', { href: '/d/x', type: 'application/vnd+zarr' }, 'zarr'],
  ['.zarr directory', { href: 'https://h/cube.zarr/' }, 'zarr'],
  ['GeoJSON', { href: '/d/x', type: 'application/geo+json' }, 'geojson'],
  ['.geojson behind generic JSON', { href: '/d/x.geojson', type: 'application/json' }, 'geojson'],
  [
    'GeoParquet profile',
    { href: '/d/x', type: 'application/x-parquet; profile=geoparquet' },
    'geoparquet',
  ],
  ['Parquet', { href: '/d/x', type: 'application/vnd.apache.parquet' }, 'parquet'],
  ['FlatGeobuf', { href: '/d/x.fgb' }, 'flatgeobuf'],
  ['Shapefile zip', { href: '/d/rivers.shp.zip', type: 'application/zip' }, 'shapefile'],
  ['CSV', { href: '/d/x', type: 'text/csv' }, 'csv'],
  ['PNG thumbnail', { href: '/d/t.png', type: 'image/png', roles: ['thumbnail'] }, 'image'],
  ['JPEG', { href: 'https://h/t.jpg' }, 'image'],
  ['HDF5', { href: '/d/x.h5', type: 'application/x-hdf5' }, 'unknown'],
  ['no type, no extension', { href: 'https://h/download?id=3' }, 'unknown'],
];

describe('classifyAsset', () => {
  it.each(cases)('%s', (_label, asset, kind) => {
    expect(classifyAsset(asset)).toBe(kind);
  });

  it('reads Parquet with table geometry columns as GeoParquet', () => {
    const asset = {
      href: '/d/x.parquet',
      'table:columns': [{ name: 'geometry', type: 'geometry' }],
    };
    expect(classifyAsset(asset)).toBe('geoparquet');
  });
});
