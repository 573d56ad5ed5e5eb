import type { StacItem } from '../catalog/stac-types.js';
import { InvalidQueryError } from '../errors.js';

/**
 * What an item must be before it is written, beyond its JSON Schema: a geometry PostGIS can
 * read, and the datetime range PgSTAC indexes it by (STAC Item §datetime). Checked here so a
 * bad item is a 400 naming it, not an error from deep inside PgSTAC.
 */
export interface ItemTimeRange {
  start: string;
  end: string;
}

const isPosition = (v: unknown): boolean =>
  Array.isArray(v) &&
  (v.length === 2 || v.length === 3) &&
  v.every((n) => typeof n === 'number' && Number.isFinite(n));

/** Nesting depth of positions per GeoJSON type (RFC 7946 §3.1). */
const DEPTH: Record<string, number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

function coordinatesOk(coords: unknown, depth: number): boolean {
  if (depth === 0) return isPosition(coords);
  return Array.isArray(coords) && coords.every((c) => coordinatesOk(c, depth - 1));
}

export function checkGeometry(geometry: unknown, what: string): void {
  const g = geometry as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  if (g?.type === 'GeometryCollection') {
    if (!Array.isArray(g.geometries)) {
      throw new InvalidQueryError(`${what}: a GeometryCollection needs a "geometries" array`);
    }
    g.geometries.forEach((child, i) => {
      checkGeometry(child, `${what}.geometries[${i}]`);
    });
    return;
  }
  const depth = typeof g?.type === 'string' ? DEPTH[g.type] : undefined;
  if (depth === undefined || !coordinatesOk(g.coordinates, depth)) {
    throw new InvalidQueryError(
      `${what} is not a valid GeoJSON geometry (type and coordinates as RFC 7946 §3.1 describes)`,
    );
  }
}

/** The item's [start, end] range as PgSTAC's stac_daterange reads it, or a 400 saying why not. */
export function itemTimeRange(item: StacItem): ItemTimeRange {
  const label = `item '${item.id}'`;
  const p = item.properties ?? {};
  const ranged = typeof p.start_datetime === 'string' && typeof p.end_datetime === 'string';
  const start = ranged ? p.start_datetime : p.datetime;
  const end = ranged ? p.end_datetime : p.datetime;
  if (typeof start !== 'string' || typeof end !== 'string') {
    throw new InvalidQueryError(
      `${label} needs properties.datetime, or start_datetime and end_datetime`,
    );
  }
  if (Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end))) {
    throw new InvalidQueryError(`${label} has a datetime that is not RFC 3339`);
  }
  if (Date.parse(start) > Date.parse(end)) {
    // Such an item would load and then never match a temporal search.
    throw new InvalidQueryError(`${label} ends (end_datetime) before it starts`);
  }
  return { start, end };
}

/** Everything checked before an item is written; returns its time range. */
export function checkItemForWrite(item: StacItem): ItemTimeRange {
  if (typeof item.id !== 'string' || item.id === '') {
    throw new InvalidQueryError('every item needs a string id');
  }
  checkGeometry(item.geometry, `item '${item.id}' geometry`);
  return itemTimeRange(item);
}
