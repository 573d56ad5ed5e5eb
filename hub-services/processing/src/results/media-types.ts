/** Media types of the files jobs usually write, by extension (STAC asset `type`). */
const BY_EXTENSION: Record<string, string> = {
  tif: 'image/tiff; application=geotiff',
  tiff: 'image/tiff; application=geotiff',
  json: 'application/json',
  geojson: 'application/geo+json',
  csv: 'text/csv',
  txt: 'text/plain',
  md: 'text/markdown',
  nc: 'application/netcdf',
  nc4: 'application/netcdf',
  h5: 'application/x-hdf5',
  hdf5: 'application/x-hdf5',
  gpkg: 'application/geopackage+sqlite3',
  fgb: 'application/vnd.flatgeobuf',
  jp2: 'image/jp2',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  log: 'text/plain',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  parquet: 'application/vnd.apache.parquet',
  zip: 'application/zip',
  html: 'text/html',
  xml: 'application/xml',
};

export function mediaTypeOf(path: string): string {
  const extension = path.split('/').pop()?.split('.').pop()?.toLowerCase() ?? '';
  return BY_EXTENSION[extension] ?? 'application/octet-stream';
}
