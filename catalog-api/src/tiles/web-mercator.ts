/**
 * The WebMercatorQuad tile matrix set (OGC Two Dimensional Tile Matrix Set, Annex D.1): EPSG:3857,
 * 256×256 tiles, zoom z has 2^z × 2^z tiles, origin at the top-left (-π·R, π·R). Pure maths.
 */

export const TILE_SIZE = 256;
/** WGS 84 semi-major axis, the sphere EPSG:3857 projects on. */
const EARTH_RADIUS = 6_378_137;
export const ORIGIN_SHIFT = Math.PI * EARTH_RADIUS;
/** Metres of web mercator per degree of longitude (R·π/180), at every latitude. */
export const METRES_PER_DEGREE_LON = (Math.PI * EARTH_RADIUS) / 180;
/** Latitude at which the square world of EPSG:3857 ends, degrees. */
export const MAX_LATITUDE = 85.051_128_779_806_59;
/** Deepest zoom the tile routes serve (titiler's WebMercatorQuad stops at 24 too). */
export const MAX_ZOOM = 24;

/** A tile's bounds in EPSG:3857 metres: [west, south, east, north]. */
export function tileBoundsMercator(
  z: number,
  x: number,
  y: number,
): [number, number, number, number] {
  const span = (2 * ORIGIN_SHIFT) / 2 ** z;
  const west = -ORIGIN_SHIFT + x * span;
  const north = ORIGIN_SHIFT - y * span;
  return [west, north - span, west + span, north];
}

export function mercatorToLon(x: number): number {
  return (x / EARTH_RADIUS) * (180 / Math.PI);
}

export function mercatorToLat(y: number): number {
  return (Math.atan(Math.sinh(y / EARTH_RADIUS)) * 180) / Math.PI;
}

export function lonToMercator(lon: number): number {
  return (lon * Math.PI * EARTH_RADIUS) / 180;
}

export function latToMercator(lat: number): number {
  const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  return EARTH_RADIUS * Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360));
}

/** Ground size of one pixel of a zoom level's tiles, metres of EPSG:3857. */
export function mercatorResolution(z: number): number {
  return (2 * ORIGIN_SHIFT) / (TILE_SIZE * 2 ** z);
}

/** Does the tile z/x/y exist in the matrix set? */
export function isValidTile(z: number, x: number, y: number): boolean {
  const n = 2 ** z;
  return x >= 0 && y >= 0 && x < n && y < n;
}

/**
 * The zoom whose pixels are no larger than `metres`: the deepest zoom worth serving for a
 * raster of that resolution (titiler/morecantile's `zoom_for_res`, rounding to the finer zoom).
 */
export function zoomForResolution(metres: number): number {
  const z = Math.ceil(Math.log2((2 * ORIGIN_SHIFT) / (TILE_SIZE * metres)) - 1e-9);
  return Math.max(0, Math.min(MAX_ZOOM, z));
}
