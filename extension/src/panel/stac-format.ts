/**
 * STAC values as the panel writes them: dates as `YYYY-MM-DD` (the form's own format, the
 * same in every locale), times in UTC, boxes rounded to what a sidebar can show, sizes in
 * kB/MB/GB.
 */

/** `YYYY-MM-DD` of an RFC 3339 instant (UTC), or the text itself when it is not a date. */
export function formatDate(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS UTC` of an RFC 3339 instant, or the text itself when it is not one. */
export function formatDateTime(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    return value;
  }
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export interface TimeSpan {
  /** `null` for an open start or end. */
  start: string | null;
  end: string | null;
}

/**
 * A collection's overall temporal extent, formatted as dates. STAC Collection spec §Temporal
 * Extent: the first interval spans all the others.
 */
export function collectionTimeSpan(
  interval: readonly (readonly (string | null)[])[] | undefined,
): TimeSpan | null {
  const first = interval?.[0];
  if (!first) {
    return null;
  }
  const [start, end] = first;
  if (!start && !end) {
    return null;
  }
  return { start: start ? formatDate(start) : null, end: end ? formatDate(end) : null };
}

/**
 * When an item is: its `datetime`, or for an item with a range (STAC Item spec §datetime,
 * `datetime: null`) its `start_datetime`–`end_datetime`.
 */
export function itemTime(properties: { [field: string]: unknown } | undefined): string {
  const datetime = properties?.datetime;
  if (typeof datetime === 'string' && datetime !== '') {
    return formatDateTime(datetime);
  }
  const start = properties?.start_datetime;
  const end = properties?.end_datetime;
  const parts = [start, end].map((value) => (typeof value === 'string' ? formatDate(value) : '…'));
  return typeof start === 'string' || typeof end === 'string' ? parts.join(' – ') : '';
}

/**
 * A collection's overall spatial extent: STAC Collection spec §Spatial Extent, the first box
 * holds all the others. As `[west, south, east, north]`, also for a 3D box.
 */
export function collectionBbox(boxes: readonly (readonly number[])[] | undefined): number[] | null {
  return twoDimensional(boxes?.[0]);
}

/** A box rounded to `digits` decimals (2: about a kilometre), as `[west, south, east, north]`. */
export function roundBbox(bbox: readonly number[], digits = 2): number[] {
  const box = twoDimensional(bbox) ?? [];
  const factor = 10 ** digits;
  // `+ 0` turns a rounded -0 into 0.
  return box.map((value) => Math.round(value * factor) / factor + 0);
}

/** `W 1.25 · S 43.1 · E 3.5 · N 45`: compact, and which side is which is in the text. */
export function formatBbox(bbox: readonly number[], digits = 2): string {
  const [west, south, east, north] = roundBbox(bbox, digits);
  return `W ${west} · S ${south} · E ${east} · N ${north}`;
}

const SIZE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * A byte count as people read it: `512 B`, `1.5 MB`, `12 GB` (powers of 1024, as STAC
 * Browser shows `file:size`), with one decimal below 10 and none above.
 */
export function formatFileSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return String(bytes);
  }
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = unit === 0 || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  // Rounding 1023.6 kB up gives 1024 kB: say 1 MB instead.
  if (rounded >= 1024 && unit < SIZE_UNITS.length - 1) {
    return `1 ${SIZE_UNITS[unit + 1]}`;
  }
  return `${rounded} ${SIZE_UNITS[unit]}`;
}

function twoDimensional(bbox: readonly number[] | undefined): number[] | null {
  if (!bbox || (bbox.length !== 4 && bbox.length !== 6)) {
    return null;
  }
  // A 3D box is [west, south, min elevation, east, north, max elevation].
  const box = bbox.length === 6 ? [bbox[0], bbox[1], bbox[3], bbox[4]] : [...bbox];
  return box.every((value): value is number => typeof value === 'number' && Number.isFinite(value))
    ? box
    : null;
}
