/**
 * What kind of file an asset is, from its media type, then its href's extension, then its roles.
 * The media type wins because STAC producers set it on purpose; extensions are a fallback for
 * catalogs that leave it out or use a generic one.
 */

export type MediaKind =
  | 'geotiff'
  | 'netcdf'
  | 'zarr'
  | 'geojson'
  | 'geoparquet'
  | 'parquet'
  | 'flatgeobuf'
  | 'shapefile'
  | 'csv'
  | 'image'
  | 'unknown';

export interface AssetDescription {
  href?: string;
  type?: string;
  roles?: string[];
  [field: string]: unknown;
}

const MEDIA_TYPES: Record<string, MediaKind> = {
  'image/tiff': 'geotiff',
  'image/geotiff': 'geotiff',
  'image/tiff; application=geotiff': 'geotiff',
  'application/geotiff': 'geotiff',
  'image/vnd.stac.geotiff': 'geotiff',
  'application/netcdf': 'netcdf',
  'application/x-netcdf': 'netcdf',
  'application/x-netcdf4': 'netcdf',
  'application/vnd+zarr': 'zarr',
  'application/vnd.zarr': 'zarr',
  'application/x-zarr': 'zarr',
  'application/geo+json': 'geojson',
  'application/vnd.geo+json': 'geojson',
  'application/vnd.apache.parquet': 'parquet',
  'application/x-parquet': 'parquet',
  'application/parquet': 'parquet',
  'application/vnd.apache.geoparquet': 'geoparquet',
  'application/vnd.flatgeobuf': 'flatgeobuf',
  'application/flatgeobuf': 'flatgeobuf',
  'application/x-shapefile': 'shapefile',
  'application/vnd.shp': 'shapefile',
  'x-gis/x-shapefile': 'shapefile',
  'text/csv': 'csv',
  'application/csv': 'csv',
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/jpg': 'image',
  'image/webp': 'image',
  'image/gif': 'image',
};

/** Longest suffixes first, so `.shp.zip` is not read as a plain `.zip`. */
const EXTENSIONS: [string, MediaKind][] = [
  ['.shp.zip', 'shapefile'],
  ['.geoparquet', 'geoparquet'],
  ['.geojson', 'geojson'],
  ['.parquet', 'parquet'],
  ['.netcdf', 'netcdf'],
  ['.tiff', 'geotiff'],
  ['.tif', 'geotiff'],
  ['.nc4', 'netcdf'],
  ['.zarr', 'zarr'],
  ['.jpeg', 'image'],
  ['.webp', 'image'],
  ['.fgb', 'flatgeobuf'],
  ['.shp', 'shapefile'],
  ['.csv', 'csv'],
  ['.png', 'image'],
  ['.jpg', 'image'],
  ['.gif', 'image'],
  ['.nc', 'netcdf'],
];

const LABELS: Record<MediaKind, string> = {
  geotiff: 'GeoTIFF',
  netcdf: 'NetCDF',
  zarr: 'Zarr',
  geojson: 'GeoJSON',
  geoparquet: 'GeoParquet',
  parquet: 'Parquet',
  flatgeobuf: 'FlatGeobuf',
  shapefile: 'Shapefile',
  csv: 'CSV',
  image: 'image',
  unknown: 'unknown format',
};

/** Roles whose assets describe the data rather than hold it. */
const NON_DATA_ROLES = new Set(['thumbnail', 'overview', 'visual', 'metadata']);

export function mediaKindLabel(kind: MediaKind): string {
  return LABELS[kind];
}

/** The media type without parameters other than the GeoTIFF `application=` marker. */
function essence(type: string): string {
  const [base = '', ...parameters] = type
    .toLowerCase()
    .split(';')
    .map((part) => part.trim());
  return parameters.includes('application=geotiff') ? `${base}; application=geotiff` : base;
}

function fromMediaType(type: string | undefined): MediaKind | undefined {
  if (!type) return undefined;
  const lowered = type.toLowerCase();
  if (lowered.includes('profile=geoparquet')) return 'geoparquet';
  return MEDIA_TYPES[essence(type)] ?? MEDIA_TYPES[essence(type).split(';')[0]!];
}

/** The path part of an href, without query string or fragment, in lower case. */
function hrefPath(href: string): string {
  return href.split(/[?#]/, 1)[0]!.replace(/\/+$/, '').toLowerCase();
}

function fromExtension(href: string | undefined): MediaKind | undefined {
  if (!href) return undefined;
  const path = hrefPath(href);
  return EXTENSIONS.find(([suffix]) => path.endsWith(suffix))?.[1];
}

/** GeoParquet is Parquet with `geo` metadata; only say so when the asset does. */
function isGeoParquet(asset: AssetDescription): boolean {
  return (
    'table:primary_geometry' in asset ||
    (Array.isArray(asset['table:columns']) &&
      asset['table:columns'].some(
        (column) =>
          typeof column === 'object' &&
          column !== null &&
          /^geometry$|^wkb$/i.test(String((column as { type?: unknown }).type ?? '')),
      ))
  );
}

export function classifyAsset(asset: AssetDescription): MediaKind {
  const kind = fromMediaType(asset.type) ?? fromExtension(asset.href);
  if (kind === 'parquet' && isGeoParquet(asset)) return 'geoparquet';
  if (kind) return kind;
  if (asset.roles?.some((role) => role === 'thumbnail' || role === 'overview')) {
    return asset.type?.toLowerCase().startsWith('image/') ? 'image' : 'unknown';
  }
  return 'unknown';
}

export function isRasterKind(kind: MediaKind): boolean {
  return kind === 'geotiff' || kind === 'netcdf' || kind === 'zarr';
}

export function isVectorKind(kind: MediaKind): boolean {
  return (
    kind === 'geojson' || kind === 'geoparquet' || kind === 'flatgeobuf' || kind === 'shapefile'
  );
}

/** Whether an asset is a preview or metadata file rather than the data itself. */
export function isAncillaryAsset(asset: AssetDescription): boolean {
  return asset.roles?.some((role) => NON_DATA_ROLES.has(role)) ?? false;
}
