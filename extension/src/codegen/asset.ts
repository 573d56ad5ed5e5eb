/**
 * A cell that opens one asset with the reader its field uses for that kind of file.
 */

import { Cell, resultVariable } from './cell.js';
import { hrefKind, resolveHref } from './hrefs.js';
import { classifyAsset, type MediaKind, mediaKindLabel } from './media-types.js';
import { type PyValue, pyCall, pyLiteral, pyStr } from './python.js';
import type {
  GeneratedCode,
  GenerateOptions,
  MountedFiles,
  StacAssetLike,
  StacItemLike,
  TableColumnLike,
} from './types.js';

export interface AssetSource {
  key: string;
  asset: StacAssetLike;
  item?: StacItemLike;
}

/** The conventional variable name for each kind of result, when no id gives a better one. */
const CONVENTIONAL_NAME: Record<MediaKind, string> = {
  geotiff: 'da',
  netcdf: 'ds',
  zarr: 'ds',
  geojson: 'gdf',
  geoparquet: 'gdf',
  flatgeobuf: 'gdf',
  shapefile: 'gdf',
  parquet: 'df',
  csv: 'df',
  image: 'image',
  unknown: 'asset',
};

/** Readers that go through fsspec take credentials this way; anon=False uses the AWS ones. */
const S3_CREDENTIALS: [string, string] = ['storage_options', "{'anon': False}"];

const GDAL_S3_NOTE =
  'GDAL reads s3:// through /vsis3/ with the AWS credentials of the environment ' +
  '(set AWS_NO_SIGN_REQUEST=YES for a public bucket).';

export function selfHref(item: StacItemLike | undefined): string | undefined {
  return item?.links?.find((link) => link.rel === 'self')?.href;
}

/** The href a reader should get: relative hrefs resolved against the item's own location. */
export function assetHref(source: AssetSource): string {
  return resolveHref(source.asset.href, selfHref(source.item));
}

/**
 * Adds the lines that read the asset into `variable`, with their imports; shared by asset and
 * item drops, which differ only in their header comments.
 */
export function writeAssetReader(
  cell: Cell,
  source: AssetSource,
  kind: MediaKind,
  mounts: readonly MountedFiles[] = [],
): void {
  const remote = assetHref(source);
  // No reader for an unknown format: the pystac asset keeps its own href.
  const mounted = kind === 'unknown' ? undefined : mountedPath(remote, mounts);
  const href = mounted ?? remote;
  const where = mounted ? 'local' : hrefKind(href);
  let h = pyStr(href);
  if (mounted) {
    cell.import('import os');
    cell.note(`From your mount ${mounted.split('/').slice(0, 2).join('/')} (${remote})`);
    // The kernel starts in the notebook's folder; the mounts are in the home, as in the file browser.
    h = `os.path.expanduser(${pyStr(`~/${mounted}`)})`;
  }
  const v = cell.variable;
  const assign = (callee: string, keywords: [string, string][] = []) =>
    cell.line(`${v} = ${pyCall(callee, [h], keywords, v.length + 3)}`);
  switch (kind) {
    case 'geotiff':
      cell.import('import rioxarray');
      if (where === 's3') cell.note(GDAL_S3_NOTE);
      // Masked, so that the nodata value becomes NaN rather than a number in statistics.
      assign('rioxarray.open_rasterio', [['masked', 'True']]);
      return;
    case 'netcdf':
      cell.import('import xarray');
      if (where === 'http') {
        cell.note(
          'xarray opens an http(s) URL as OPeNDAP; for a plain file on a web server, download ' +
            'it or pass an fsspec file object with engine="h5netcdf".',
        );
      }
      if (where === 's3') {
        cell.note(
          'open_dataset takes no storage_options: for s3:// pass an fsspec (s3fs) file object ' +
            'with engine="h5netcdf", using your AWS credentials.',
        );
      }
      assign('xarray.open_dataset');
      return;
    case 'zarr':
      cell.import('import xarray');
      assign('xarray.open_zarr', where === 's3' ? [storageOptions()] : []);
      return;
    case 'geojson':
    case 'flatgeobuf':
    case 'shapefile':
      cell.import('import geopandas');
      if (where === 's3') cell.note(GDAL_S3_NOTE);
      assign('geopandas.read_file');
      return;
    case 'geoparquet':
      cell.import('import geopandas');
      assign('geopandas.read_parquet', where === 's3' ? [storageOptions()] : []);
      return;
    case 'parquet':
      cell.import('import pandas');
      assign('pandas.read_parquet', where === 's3' ? [storageOptions()] : []);
      return;
    case 'csv':
      cell.import('import pandas');
      assign('pandas.read_csv', [
        ...csvDateOptions(source),
        ...(where === 's3' ? [storageOptions()] : []),
      ]);
      return;
    case 'image':
      cell.import('from IPython.display import Image');
      if (where === 'local') {
        cell.line(`${v} = Image(filename=${h})`);
      } else {
        if (where === 's3') {
          cell.note('The notebook front end cannot fetch s3:// URLs: use a presigned https URL.');
        }
        cell.line(`${v} = Image(url=${h})`);
      }
      return;
    case 'unknown':
      writeUnknown(cell, source, href);
      return;
  }
}

/**
 * The path of `href` relative to the home when a mount holds it (`data/<name>/<rest>`), else
 * undefined. The longest prefix wins, so a mount of a subfolder is preferred.
 */
export function mountedPath(href: string, mounts: readonly MountedFiles[]): string | undefined {
  let best: { mount: MountedFiles; prefix: string } | undefined;
  for (const mount of mounts) {
    for (const prefix of mount.hrefPrefixes) {
      if (href.startsWith(prefix) && href.length > prefix.length) {
        if (!best || prefix.length > best.prefix.length) best = { mount, prefix };
      }
    }
  }
  if (!best) return undefined;
  const rest = href.slice(best.prefix.length).split(/[?#]/)[0]!;
  let decoded = rest;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    // keep it as written
  }
  // A key with `..` would leave the mount: keep the remote href then.
  if (decoded.split('/').some((part) => part === '..')) return undefined;
  return `${best.mount.path.replace(/\/+$/, '')}/${decoded}`;
}

function storageOptions(): [string, string] {
  return S3_CREDENTIALS;
}

/**
 * No reader is known: keep the asset as a pystac object (href, type, roles, extension fields all
 * at hand) and print where it is, rather than guess a reader that fails on the first run.
 */
function writeUnknown(cell: Cell, source: AssetSource, href: string): void {
  const type = source.asset.type ? `media type ${source.asset.type}` : 'no media type';
  cell.note(
    `Styx knows no reader for asset ${source.key} (${type}): open the href below with the ` +
      'library that suits the format.',
  );
  cell.import('import pystac');
  const fields = { ...(jsonValue(source.asset) as Record<string, PyValue>), href };
  const column = cell.variable.length + ' = pystac.Asset.from_dict('.length;
  cell.line(`${cell.variable} = pystac.Asset.from_dict(${pyLiteral(fields, column)})`);
  cell.line(`print(${cell.variable}.href)`);
}

/** Drops what JSON cannot carry (functions, undefined), so that any asset object is safe. */
export function jsonValue(value: unknown): PyValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(jsonValue);
  if (typeof value === 'object') {
    const out: Record<string, PyValue> = {};
    for (const [key, element] of Object.entries(value)) {
      if (element !== undefined && typeof element !== 'function') out[key] = jsonValue(element);
    }
    return out;
  }
  return null;
}

const DATE_COLUMN_TYPE = /^(date|datetime|timestamp|time)/i;
const DATE_COLUMN_NAME = /^(date|time|datetime|timestamp|day|t)$|date|time/i;
const TIME_SERIES_TEXT =
  /time[\s_-]?series|hydrograph|daily|hourly|monthly|water[\s_-]?level|discharge|stage/i;

function firstColumn(asset: StacAssetLike): TableColumnLike | undefined {
  const columns = asset['table:columns'];
  return Array.isArray(columns) ? columns[0] : undefined;
}

/**
 * CSV options: the first column parsed as dates (by name when `table:columns` gives it), and as
 * the index when the asset is a time series, so that `.plot()` and `.resample()` work at once.
 */
function csvDateOptions(source: AssetSource): [string, string][] {
  const first = firstColumn(source.asset);
  const firstIsDate =
    first === undefined ||
    (first.type !== undefined ? DATE_COLUMN_TYPE.test(first.type) : true) ||
    DATE_COLUMN_NAME.test(first.name);
  if (!firstIsDate) return [];
  const column = first?.name !== undefined ? pyStr(first.name) : '0';
  const options: [string, string][] = [['parse_dates', `[${column}]`]];
  if (isTimeSeries(source)) options.push(['index_col', column]);
  return options;
}

function isTimeSeries({ key, asset, item }: AssetSource): boolean {
  const first = firstColumn(asset);
  if (first && (DATE_COLUMN_TYPE.test(first.type ?? '') || DATE_COLUMN_NAME.test(first.name))) {
    return true;
  }
  const text = [key, asset.title, asset.description, ...(asset.roles ?? [])].join(' ');
  if (TIME_SERIES_TEXT.test(text)) return true;
  // An item that covers an interval and holds a table is a series over that interval.
  const properties = item?.properties ?? {};
  return properties.start_datetime !== undefined && properties.end_datetime !== undefined;
}

export function describeAsset(key: string, kind: MediaKind, item?: StacItemLike): string {
  const of = item ? ` of item ${item.id}` : '';
  return `Open ${mediaKindLabel(kind)} asset ${key}${of}`;
}

export function conventionalName(kind: MediaKind): string {
  return CONVENTIONAL_NAME[kind];
}

/** A cell for an asset the user dragged on its own. */
export function generateAssetCode(source: AssetSource, options?: GenerateOptions): GeneratedCode {
  const kind = classifyAsset(source.asset);
  const derived = source.item ? `${source.item.id}_${source.key}` : source.key;
  const variable = resultVariable(options, derived, conventionalName(kind));
  const cell = new Cell(variable, describeAsset(source.key, kind, source.item));
  const title = source.asset.title ? ` (${source.asset.title})` : '';
  cell.comment(`Asset ${source.key}${title}: ${mediaKindLabel(kind)}`);
  if (source.item) {
    const collection = source.item.collection ? ` in collection ${source.item.collection}` : '';
    cell.comment(`From item ${source.item.id}${collection}`);
  }
  writeAssetReader(cell, source, kind, options?.mounts);
  return cell.build();
}
