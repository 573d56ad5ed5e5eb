/**
 * A cell for a dropped collection: its items from the catalog with pystac_client, then either a
 * lazy data cube (odc-stac) for raster collections or a GeoDataFrame of the items for vector and
 * time-series collections.
 */

import { Cell, resultVariable } from './cell.js';
import { classifyAsset, isAncillaryAsset } from './media-types.js';
import { pyCall, pyLiteral, pyNumber, pyStr } from './python.js';
import type { GeneratedCode, GenerateOptions, MountedFiles, StacCollectionLike } from './types.js';

/** Loading builds a task graph per item and band: a few items keep the first run quick. */
export const RASTER_MAX_ITEMS = 10;
/** Item metadata is small; a hundred rows give a useful overview table. */
export const VECTOR_MAX_ITEMS = 100;

const BAND_FIELDS = ['eo:bands', 'raster:bands', 'bands'];
const METRES_PER_DEGREE = 111_320;

/** Keys of `item_assets` that odc-stac can load as bands: GeoTIFFs holding data. */
export function rasterAssetKeys(collection: StacCollectionLike): string[] {
  return Object.entries(collection.item_assets ?? {})
    .filter(([, asset]) => classifyAsset(asset) === 'geotiff' && !isAncillaryAsset(asset))
    .map(([key]) => key);
}

function summaryList(collection: StacCollectionLike, field: string): unknown[] {
  const value = collection.summaries?.[field];
  return Array.isArray(value) ? value : [];
}

/** Band names from the `eo:bands` / `bands` summaries, which odc-stac accepts as aliases. */
function summaryBandNames(collection: StacCollectionLike): string[] {
  return ['eo:bands', 'bands']
    .flatMap((field) => summaryList(collection, field))
    .map((band) => (band as { name?: unknown }).name)
    .filter((name): name is string => typeof name === 'string');
}

export function isRasterCollection(collection: StacCollectionLike): boolean {
  if (rasterAssetKeys(collection).length > 0) return true;
  if (BAND_FIELDS.some((field) => summaryList(collection, field).length > 0)) return true;
  return Object.values(collection.item_assets ?? {}).some((asset) =>
    BAND_FIELDS.some((field) => Array.isArray(asset[field])),
  );
}

/** The single value of a summary given as a list of one, or a range whose ends agree. */
function singleSummary(collection: StacCollectionLike, field: string): unknown {
  const value = collection.summaries?.[field];
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  if (value && typeof value === 'object') {
    const { minimum, maximum } = value as { minimum?: unknown; maximum?: unknown };
    return minimum !== undefined && minimum === maximum ? minimum : undefined;
  }
  return undefined;
}

function collectionCrs(collection: StacCollectionLike): string | undefined {
  const epsg = singleSummary(collection, 'proj:epsg');
  if (typeof epsg === 'number' && Number.isInteger(epsg)) return `EPSG:${epsg}`;
  const code = singleSummary(collection, 'proj:code');
  return typeof code === 'string' ? code : undefined;
}

function collectionGsd(collection: StacCollectionLike): number | undefined {
  const gsd = singleSummary(collection, 'gsd');
  return typeof gsd === 'number' && gsd > 0 ? gsd : undefined;
}

function twoSignificant(value: number): number {
  return Number(value.toPrecision(2));
}

/**
 * Grid keywords for odc.stac.load and the comment that explains them. Only a single CRS and
 * ground sample distance in the summaries give a grid; otherwise odc-stac takes each item's
 * `proj:*` metadata, and the comment says how to choose another.
 */
function gridArguments(collection: StacCollectionLike): {
  note: string;
  keywords: [string, string][];
} {
  const crs = collectionCrs(collection);
  const gsd = collectionGsd(collection);
  if (crs !== undefined && gsd !== undefined) {
    if (crs.toUpperCase() === 'EPSG:4326') {
      const degrees = twoSignificant(gsd / METRES_PER_DEGREE);
      return {
        note: `resolution is in CRS units: EPSG:4326 counts degrees, and the ${gsd} m ground sample distance is about ${degrees}° at the equator.`,
        keywords: [
          ['crs', pyStr(crs)],
          ['resolution', pyNumber(degrees)],
        ],
      };
    }
    return {
      note: `The native grid from the collection summaries: ${crs} at ${gsd} m; resolution is in CRS units.`,
      keywords: [
        ['crs', pyStr(crs)],
        ['resolution', pyNumber(gsd)],
      ],
    };
  }
  const known = gsd !== undefined ? ` (ground sample distance ${gsd} m)` : '';
  return {
    note: `odc-stac takes the grid from each item's proj:* metadata${known}; pass crs= and resolution= (in CRS units) to load onto another grid.`,
    keywords: crs !== undefined ? [['crs', pyStr(crs)]] : [],
  };
}

export function generateCollectionCode(
  catalogUrl: string,
  collection: StacCollectionLike,
  options?: GenerateOptions,
): GeneratedCode {
  const raster = isRasterCollection(collection);
  const variable = resultVariable(options, collection.id, raster ? 'ds' : 'gdf');
  const cell = new Cell(
    variable,
    raster
      ? `Load collection ${collection.id} as a data cube with odc-stac`
      : `List the items of collection ${collection.id} as a GeoDataFrame`,
  );
  const title = collection.title ? ` (${collection.title})` : '';
  cell.comment(`Collection ${collection.id}${title}`);
  cell.import('import pystac_client');
  cell.import(raster ? 'import odc.stac' : 'import geopandas');

  const maxItems = raster ? RASTER_MAX_ITEMS : VECTOR_MAX_ITEMS;
  cell.line(`catalog = pystac_client.Client.open(${pyStr(catalogUrl)})`);
  cell.note(`The first ${maxItems} items; add bbox= or datetime= to choose others.`);
  cell.line(
    `search = ${pyCall(
      'catalog.search',
      [],
      [
        ['collections', `[${pyStr(collection.id)}]`],
        ['max_items', String(maxItems)],
      ],
    )}`,
  );
  cell.line('items = search.item_collection()');

  if (raster) {
    const bands = rasterAssetKeys(collection);
    const bandNames = bands.length > 0 ? bands : summaryBandNames(collection);
    const grid = gridArguments(collection);
    const keywords: [string, string][] = [];
    if (bandNames.length > 0) keywords.push(['bands', pyLiteral(bandNames, 12)]);
    // chunks={} keeps the cube lazy (dask): nothing is read until values are needed.
    keywords.push(['chunks', '{}'], ...grid.keywords);
    const mounts = options?.mounts ?? [];
    if (mounts.length > 0) {
      writeFromMount(cell, mounts);
      keywords.push(['patch_url', 'from_mount']);
    }
    cell.note(grid.note);
    cell.line(`${variable} = ${pyCall('odc.stac.load', ['items'], keywords, variable.length + 3)}`);
  } else {
    for (const mount of options?.mounts ?? []) {
      cell.note(`The files of this collection are in your mount ~/${mount.path}`);
    }
    cell.line(
      `${variable} = geopandas.GeoDataFrame.from_features(items.to_dict(), crs='EPSG:4326')`,
    );
  }
  return cell.build();
}

/**
 * `from_mount(href)`: the mounted file for an href a mount holds (odc-stac's `patch_url` calls
 * it for every asset), so the cube reads the files in the home instead of the remote store.
 */
function writeFromMount(cell: Cell, mounts: readonly MountedFiles[]): void {
  cell.import('import os');
  const names = mounts.map((m) => m.path).join(', ');
  cell.note(`Read the files from your mount ${names} rather than from the remote hrefs.`);
  const folders: Record<string, string> = {};
  // Longest prefix first, so that a mount of a subfolder wins.
  const pairs = mounts
    .flatMap((m) => m.hrefPrefixes.map((prefix) => [prefix, m.path] as const))
    .sort((a, b) => b[0].length - a[0].length);
  for (const [prefix, path] of pairs) folders[prefix] = `~/${path.replace(/\/+$/, '')}/`;
  cell.line(
    'def from_mount(href):',
    `    for prefix, folder in ${pyLiteral(folders, 26)}.items():`,
    '        if href.startswith(prefix):',
    '            return os.path.expanduser(folder) + href[len(prefix):]',
    '    return href',
    '',
  );
}
