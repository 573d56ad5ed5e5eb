/** Small spherical and planar geometry helpers, sufficient at river-basin scale. */

import type { BBox, Geometry, Position } from './stac-types.js';

export const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Kilometres per degree of latitude (spherical Earth). */
export const KM_PER_DEG_LAT = EARTH_RADIUS_KM * RAD;

export function kmPerDegLon(latDeg: number): number {
  return KM_PER_DEG_LAT * Math.cos(latDeg * RAD);
}

/** Great-circle distance. */
export function distanceKm(a: Position, b: Position): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Rounds to 1e-6 degree (about 0.1 m). Geometries are rounded before their bbox is computed,
 * so the bbox equals the bounds of exactly the coordinates that get published.
 */
export function roundDeg(value: number): number {
  return Math.round(value * 1e6) / 1e6 + 0;
}

export function roundPosition(p: Position): Position {
  return [roundDeg(p[0]), roundDeg(p[1])];
}

export function boundsOf(positions: Iterable<Position>): BBox {
  let west = Number.POSITIVE_INFINITY;
  let south = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  for (const [lon, lat] of positions) {
    west = Math.min(west, lon);
    south = Math.min(south, lat);
    east = Math.max(east, lon);
    north = Math.max(north, lat);
  }
  if (west > east) throw new RangeError('bounds of an empty position list');
  return [west, south, east, north];
}

export function geometryPositions(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'LineString':
      return geometry.coordinates;
    case 'Polygon':
      return geometry.coordinates.flat();
  }
}

export function geometryBBox(geometry: Geometry): BBox {
  return boundsOf(geometryPositions(geometry));
}

export function unionBBox(a: BBox, b: BBox): BBox {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

export function bboxesIntersect(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

export function expandBBox(box: BBox, degrees: number): BBox {
  return [box[0] - degrees, box[1] - degrees, box[2] + degrees, box[3] + degrees];
}

/** Closed ring (first position repeated) for a bbox, counter-clockwise as GeoJSON prefers. */
export function bboxRing(box: BBox): Position[] {
  const [w, s, e, n] = box;
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}

/**
 * Area of a ring (open or closed) in km², in an equirectangular projection around its first
 * vertex: distortion is negligible at lake scale.
 */
export function ringAreaKm2(ring: readonly Position[]): number {
  const first = ring[0];
  if (!first) return 0;
  const kx = kmPerDegLon(first[1]);
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const [lon1, lat1] = ring[i]!;
    const [lon2, lat2] = ring[(i + 1) % ring.length]!;
    const [x1, y1] = [(lon1 - first[0]) * kx, (lat1 - first[1]) * KM_PER_DEG_LAT];
    const [x2, y2] = [(lon2 - first[0]) * kx, (lat2 - first[1]) * KM_PER_DEG_LAT];
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

/** Mean of the vertices of an open ring: good enough as a centre for convex-ish lake outlines. */
export function ringCentre(ring: readonly Position[]): Position {
  let lon = 0;
  let lat = 0;
  for (const p of ring) {
    lon += p[0];
    lat += p[1];
  }
  return [lon / ring.length, lat / ring.length];
}

/** Even-odd rule; works for open or closed rings in plain lon/lat. */
export function pointInRing(p: Position, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

/** Closes an open ring and orders it counter-clockwise (right-hand rule, RFC 7946). */
export function closedCounterClockwise(ring: readonly Position[]): Position[] {
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  const ordered = twice < 0 ? [...ring].reverse() : [...ring];
  return [...ordered, ordered[0]!];
}
