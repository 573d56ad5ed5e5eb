/**
 * Colour maps for tiles, as titiler and rio-tiler give them: a 256-entry RGBA lookup table indexed
 * by the 8-bit value a pixel has after rescaling. Named maps (`colormap_name`) and a custom
 * JSON map (`colormap`, titiler's `{"value": color}` form) both become such a table.
 */

import { InvalidQueryError } from '../errors.js';

/** 256 entries × RGBA, one byte each. */
export type ColorTable = Uint8Array;

export type Rgba = readonly [number, number, number, number];

/** Control points of matplotlib's viridis at 0, 1/8, …, 1 (its published 256-step table). */
const VIRIDIS_STOPS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** Water-mask classes (the demo's `classification:classes`): land shows the basemap through. */
const WATER_MASK_CLASSES: Record<number, Rgba> = {
  0: [217, 207, 174, 0], // land: transparent
  1: [31, 120, 180, 255], // water: 1F78B4
  2: [240, 240, 240, 230], // cloud: F0F0F0
};

function ramp(stops: readonly (readonly [number, number, number])[]): ColorTable {
  const table = new Uint8Array(256 * 4);
  for (let v = 0; v < 256; v++) {
    const at = (v / 255) * (stops.length - 1);
    const i = Math.min(stops.length - 2, Math.floor(at));
    const f = at - i;
    for (let k = 0; k < 3; k++) {
      table[4 * v + k] = Math.round(stops[i]![k]! * (1 - f) + stops[i + 1]![k]! * f);
    }
    table[4 * v + 3] = 255;
  }
  return table;
}

function discrete(classes: Record<number, Rgba>): ColorTable {
  const table = new Uint8Array(256 * 4); // values without a colour stay transparent
  for (const [value, rgba] of Object.entries(classes)) table.set(rgba, 4 * Number(value));
  return table;
}

export const COLORMAP_NAMES = ['viridis', 'greys', 'greys_r', 'watermask'] as const;
export type ColormapName = (typeof COLORMAP_NAMES)[number];

const NAMED: Record<ColormapName, () => ColorTable> = {
  viridis: () => ramp(VIRIDIS_STOPS),
  greys: () =>
    ramp([
      [255, 255, 255],
      [0, 0, 0],
    ]),
  greys_r: () =>
    ramp([
      [0, 0, 0],
      [255, 255, 255],
    ]),
  watermask: () => discrete(WATER_MASK_CLASSES),
};

const namedTables = new Map<ColormapName, ColorTable>();

export function namedColormap(name: ColormapName): ColorTable {
  let table = namedTables.get(name);
  if (!table) {
    table = NAMED[name]();
    namedTables.set(name, table);
  }
  return table;
}

/** No colour map: grey levels, opaque. */
export const GREY_LEVELS: ColorTable = (() => {
  const table = new Uint8Array(256 * 4);
  for (let v = 0; v < 256; v++) table.set([v, v, v, 255], 4 * v);
  return table;
})();

const HEX = /^#?([0-9a-f]{6}|[0-9a-f]{8})$/i;

function parseColor(key: string, color: unknown): Rgba {
  if (typeof color === 'string' && HEX.test(color)) {
    const hex = color.replace('#', '');
    const byte = (i: number) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    return [byte(0), byte(1), byte(2), hex.length === 8 ? byte(3) : 255];
  }
  if (
    Array.isArray(color) &&
    (color.length === 3 || color.length === 4) &&
    color.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)
  ) {
    return [color[0], color[1], color[2], color[3] ?? 255];
  }
  throw new InvalidQueryError(
    `colormap: the colour of ${key} must be '#rrggbb', '#rrggbbaa' or [r, g, b(, a)] with 0–255 integers`,
  );
}

/**
 * A titiler-style custom colour map: a JSON object from pixel value (0–255, after rescaling) to
 * a colour; values it does not list are transparent.
 */
export function parseColormap(json: string): ColorTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new InvalidQueryError(
      'colormap must be a JSON object from pixel value to colour, e.g. {"1":"#1f78b4","2":[240,240,240,255]}',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidQueryError(
      'colormap must be a JSON object from pixel value to colour, e.g. {"1":"#1f78b4"}',
    );
  }
  const entries = Object.entries(parsed);
  if (entries.length === 0) throw new InvalidQueryError('colormap must list at least one value');
  const classes: Record<number, Rgba> = {};
  for (const [key, color] of entries) {
    const value = Number(key);
    if (!/^\d+$/.test(key) || value > 255) {
      throw new InvalidQueryError(`colormap: '${key}' is not a pixel value from 0 to 255`);
    }
    classes[value] = parseColor(key, color);
  }
  return discrete(classes);
}
