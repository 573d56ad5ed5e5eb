/**
 * The map's camera in search terms: the view as a STAC `bbox`, and the view that shows a
 * `bbox`. Web Mercator, north up, no pitch.
 */
import { type MapViewState, WebMercatorViewport } from '@deck.gl/core';
import type { Bbox } from '../catalog/types.js';

/** The whole world, a little north of the equator where most land is. */
export const WORLD_VIEW: MapViewState = { longitude: 0, latitude: 20, zoom: 1 };

/** Web Mercator ends here; a view that reaches it reaches the pole for a search. */
const MERCATOR_MAX_LATITUDE = 85.0511;

/** Fitting a footprint of a few metres should not zoom in further than this. */
export const MAX_FIT_ZOOM = 16;

/**
 * The area a view shows, as a STAC `bbox` (STAC API Item Search §bbox: WGS84; west > east when
 * it crosses the antimeridian). Null for an empty canvas.
 */
export function viewBbox(viewState: MapViewState, width: number, height: number): Bbox | null {
  if (width <= 0 || height <= 0) return null;
  const viewport = new WebMercatorViewport({ ...viewState, width, height });
  const [west, south, east, north] = viewport.getBounds();
  const lat = (value: number) =>
    Math.abs(value) >= MERCATOR_MAX_LATITUDE ? Math.sign(value) * 90 : round(value);
  const box: Bbox = [-180, lat(south), 180, lat(north)];
  if (east - west < 360) {
    box[0] = round(wrapLongitude(west));
    box[2] = round(wrapLongitude(east));
    // The eastern edge exactly on the antimeridian is 180, not -180.
    if (box[2] === -180 && east > west) box[2] = 180;
  }
  return box;
}

/** The view that shows `bounds` with `padding` pixels around it (a point gets `maxZoom`). */
export function viewStateToFit(
  bounds: Bbox,
  width: number,
  height: number,
  options: { padding?: number; maxZoom?: number } = {},
): MapViewState {
  const maxZoom = options.maxZoom ?? MAX_FIT_ZOOM;
  // Keep the padding from eating a small canvas.
  const padding = Math.max(0, Math.min(options.padding ?? 40, width / 4, height / 4));
  const south = clampLatitude(bounds[1]);
  const north = clampLatitude(bounds[3]);
  const viewport = new WebMercatorViewport({
    ...WORLD_VIEW,
    width: Math.max(width, 1),
    height: Math.max(height, 1),
  });
  const { longitude, latitude, zoom } = viewport.fitBounds(
    [
      [bounds[0], south],
      [bounds[2], north],
    ],
    { padding, maxZoom },
  );
  return { longitude, latitude, zoom: Math.max(0, Math.min(zoom, maxZoom)) };
}

/** Whether `inner` lies inside `outer` (neither crossing the antimeridian). */
export function containsBbox(outer: Bbox, inner: Bbox): boolean {
  return (
    outer[0] <= outer[2] &&
    inner[0] >= outer[0] &&
    inner[2] <= outer[2] &&
    inner[1] >= outer[1] &&
    inner[3] <= outer[3]
  );
}

/** Whether two boxes are the same up to rounding. */
export function sameBbox(a: Bbox | null, b: Bbox | null, tolerance = 1e-6): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.every((value, i) => Math.abs(value - b[i]!) <= tolerance);
}

function wrapLongitude(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

function clampLatitude(lat: number): number {
  return Math.max(-MERCATOR_MAX_LATITUDE, Math.min(MERCATOR_MAX_LATITUDE, lat));
}

/** Six decimals (about 0.1 m) are plenty for a search and read well in the panel. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
