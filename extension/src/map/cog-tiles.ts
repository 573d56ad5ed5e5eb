/**
 * The selected item's Cloud-Optimised GeoTIFF on the map, as web-mercator tiles the Styx catalog
 * renders (`/tiles/{collection}/{item}/{asset}/…`, titiler's parameters): which asset, the
 * TileJSON URL with a colour map the asset's own metadata suggests, and the deck.gl TileLayer
 * of BitmapLayers bounded by the TileJSON's bounds and zooms.
 */

import type { Layer } from '@deck.gl/core';
import { TileLayer } from '@deck.gl/geo-layers';
import { BitmapLayer } from '@deck.gl/layers';
import type { StacItem } from '../catalog/types.js';
import type { StacAssetLike } from '../codegen/index.js';

export const COG_TILES_LAYER_ID = 'styx-cog-tiles';

/** The TileJSON 3.0.0 members the map reads. */
export interface TileJson {
  tilejson: string;
  tiles: string[];
  minzoom?: number;
  maxzoom?: number;
  bounds?: [number, number, number, number];
}

export interface CogTileSource {
  /** The asset's key in `item.assets`. */
  asset: string;
  /** The catalog's TileJSON for it, with the colour parameters. */
  tileJsonUrl: string;
}

/** STAC classification extension: a class value and its suggested colour (hex, no '#'). */
interface ClassLike {
  value: number;
  name?: string;
  color_hint?: string;
}

function isCog(asset: StacAssetLike): boolean {
  const type = asset.type?.toLowerCase() ?? '';
  return type.startsWith('image/tiff') && type.includes('application=geotiff');
}

/**
 * The item's COG to tile: a GeoTIFF asset with the data role first (cloud-optimised ones before
 * others), else any GeoTIFF asset; null when it has none or no Styx catalog URL to ask.
 */
export function cogTileSource(item: StacItem): CogTileSource | null {
  const catalog = catalogRoot(item);
  if (!catalog || !item.collection) return null;
  const entries = Object.entries(item.assets ?? {}).filter(([, a]) => a && isCog(a));
  const score = ([, a]: [string, StacAssetLike]) =>
    (a.roles?.includes('data') ? 2 : 0) + (a.type?.includes('cloud-optimized') ? 1 : 0);
  const best = entries.sort((a, b) => score(b) - score(a))[0];
  if (!best) return null;
  const [key, asset] = best;
  const enc = encodeURIComponent;
  const query = colourQuery(asset);
  const url = `${catalog}tiles/${enc(item.collection)}/${enc(item.id)}/${enc(key)}/tilejson.json`;
  return { asset: key, tileJsonUrl: query ? `${url}?${query}` : url };
}

/**
 * Colours from the asset's own description: classes (`classification:classes`) by their
 * colour hints, a no-data or background class transparent (land is a class like the others:
 * drawn, since a transparent one would show the footprints stacked under it); a band with statistics
 * (`raster:bands`) stretched over viridis; otherwise the catalog's grey levels.
 */
export function colourQuery(asset: StacAssetLike): string {
  const classes = asset['classification:classes'] as ClassLike[] | undefined;
  if (Array.isArray(classes) && classes.some((c) => c.color_hint)) {
    const colormap: Record<string, string> = {};
    for (const c of classes) {
      if (!c.color_hint || !Number.isInteger(c.value) || c.value < 0 || c.value > 255) continue;
      const clear = /^(no.?data|background|fill)$/i.test(c.name ?? '');
      colormap[String(c.value)] = `#${c.color_hint}${clear ? '00' : 'ff'}`;
    }
    return new URLSearchParams({ colormap: JSON.stringify(colormap) }).toString();
  }
  const bands = asset['raster:bands'] as
    | { statistics?: { minimum?: number; maximum?: number } }[]
    | undefined;
  const stats = Array.isArray(bands) ? bands[0]?.statistics : undefined;
  if (stats && typeof stats.minimum === 'number' && typeof stats.maximum === 'number') {
    return new URLSearchParams({
      rescale: `${stats.minimum},${stats.maximum}`,
      colormap_name: 'viridis',
    }).toString();
  }
  return '';
}

/** The catalog's root URL, ending with '/', from the item's root (or self) link. */
function catalogRoot(item: StacItem): string | null {
  const root = item.links?.find((l) => l.rel === 'root')?.href;
  if (root) return root.endsWith('/') ? root : `${root}/`;
  const self = item.links?.find((l) => l.rel === 'self')?.href;
  const at = self?.lastIndexOf('/collections/') ?? -1;
  return self && at >= 0 ? self.slice(0, at + 1) : null;
}

/** The TileJSON, or null when the catalog has no tiles for the asset (not a Styx catalog). */
export async function fetchTileJson(
  url: string,
  fetchFn: typeof fetch = fetch,
): Promise<TileJson | null> {
  const response = await fetchFn(url, { headers: { accept: 'application/json' } });
  if (!response.ok) return null;
  const body = (await response.json()) as Partial<TileJson>;
  if (!Array.isArray(body.tiles) || typeof body.tiles[0] !== 'string') return null;
  return body as TileJson;
}

/**
 * The tiles as a TileLayer of BitmapLayers: requested only inside the TileJSON's bounds, from
 * its minzoom (coarser views use that zoom's tiles) to its maxzoom (finer views enlarge them).
 */
export function cogTileLayer(tileJson: TileJson, onError?: (error: unknown) => void): Layer {
  return new TileLayer<ImageBitmap | null>({
    id: COG_TILES_LAYER_ID,
    data: tileJson.tiles,
    tileSize: 256,
    minZoom: tileJson.minzoom ?? 0,
    maxZoom: tileJson.maxzoom ?? 22,
    ...(tileJson.bounds ? { extent: tileJson.bounds } : {}),
    maxRequests: 6,
    ...(onError ? { onTileError: onError } : {}),
    renderSubLayers: (props) => {
      const [[west, south], [east, north]] = props.tile.boundingBox as [number[], number[]];
      if (!props.data) return null;
      return new BitmapLayer({
        id: props.id,
        image: props.data,
        bounds: [west!, south!, east!, north!],
      });
    },
  });
}
