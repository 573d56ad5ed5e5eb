/**
 * TileJSON 3.0.0 for a COG: its bounds in longitude/latitude, and the zooms its resolutions
 * cover: maxzoom is the first zoom whose pixels are as fine as the full resolution, minzoom
 * the one matching the coarsest overview (below it a tile would read more of the file than the
 * screen shows; clients overzoom out or show nothing).
 */

import type { Cog } from './cog.js';
import {
  MAX_LATITUDE,
  METRES_PER_DEGREE_LON,
  mercatorToLat,
  mercatorToLon,
  zoomForResolution,
} from './web-mercator.js';

export interface TileJson {
  tilejson: '3.0.0';
  name: string;
  description?: string;
  scheme: 'xyz';
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number];
  center: [number, number, number];
}

function round(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

/** [west, south, east, north] in degrees, clipped to web mercator's latitudes. */
export function lonLatBounds(cog: Cog): [number, number, number, number] {
  let [w, s, e, n] = cog.bbox;
  if (cog.epsg === 3857)
    [w, s, e, n] = [mercatorToLon(w), mercatorToLat(s), mercatorToLon(e), mercatorToLat(n)];
  const clip = (lat: number) => Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  return [round(Math.max(-180, w)), round(clip(s)), round(Math.min(180, e)), round(clip(n))];
}

export function zoomRange(cog: Cog): { minzoom: number; maxzoom: number } {
  const metres = (res: number) => (cog.epsg === 4326 ? res * METRES_PER_DEGREE_LON : res);
  const maxzoom = zoomForResolution(metres(cog.levels[0]!.resX));
  const minzoom = Math.min(maxzoom, zoomForResolution(metres(cog.levels.at(-1)!.resX)));
  return { minzoom, maxzoom };
}

export function buildTileJson(
  cog: Cog,
  options: { name: string; description?: string; tileUrl: string },
): TileJson {
  const bounds = lonLatBounds(cog);
  const { minzoom, maxzoom } = zoomRange(cog);
  return {
    tilejson: '3.0.0',
    name: options.name,
    ...(options.description ? { description: options.description } : {}),
    scheme: 'xyz',
    tiles: [options.tileUrl],
    minzoom,
    maxzoom,
    bounds,
    center: [round((bounds[0] + bounds[2]) / 2), round((bounds[1] + bounds[3]) / 2), minzoom],
  };
}
