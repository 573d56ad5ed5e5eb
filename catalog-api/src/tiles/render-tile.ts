/**
 * One WebMercatorQuad tile of a COG: for every output pixel, the source pixel under its centre
 * (nearest neighbour, titiler's default and the only right one for class rasters), read from the
 * overview that matches the zoom, rescaled to 8 bits and coloured through a 256-entry table.
 * Pixels outside the data or equal to nodata are transparent.
 *
 * EPSG:4326 and EPSG:3857 sources share web mercator's axes (a column of the tile is a meridian,
 * a row a parallel), so the source column depends on the output column only and the row on the
 * output row: two lookup arrays of 256 entries replace 65,536 reprojections.
 */

import { encodePalettePng, encodeRgbaPng } from '../demo/png-writer.js';
import { type Cog, type CogLevel, levelFor } from './cog.js';
import type { ColorTable } from './colormaps.js';
import {
  METRES_PER_DEGREE_LON,
  mercatorResolution,
  mercatorToLat,
  mercatorToLon,
  TILE_SIZE,
  tileBoundsMercator,
} from './web-mercator.js';

export interface TileStyle {
  /** 1-based band index. */
  bidx: number;
  /** Overrides the file's nodata. */
  nodata?: number | undefined;
  /** Linear stretch of [min, max] to 0–255; default: values taken as they are, clamped. */
  rescale?: readonly [number, number] | undefined;
  colors: ColorTable;
}

/** Source pixel size, in CRS units, that matches the output pixels of zoom `z`. */
function targetResolution(cog: Cog, z: number): number {
  const metres = mercatorResolution(z);
  return cog.epsg === 4326 ? metres / METRES_PER_DEGREE_LON : metres;
}

/** Does the tile touch the COG's extent? (Edges only touching do not count.) */
export function tileIntersects(cog: Cog, z: number, x: number, y: number): boolean {
  const [w, s, e, n] = tileBoundsInCrs(cog, z, x, y);
  const [bw, bs, be, bn] = cog.bbox;
  return w < be && e > bw && s < bn && n > bs;
}

function tileBoundsInCrs(
  cog: Cog,
  z: number,
  x: number,
  y: number,
): [number, number, number, number] {
  const [w, s, e, n] = tileBoundsMercator(z, x, y);
  if (cog.epsg === 3857) return [w, s, e, n];
  return [mercatorToLon(w), mercatorToLat(s), mercatorToLon(e), mercatorToLat(n)];
}

/**
 * The tile as PNG bytes: a palette PNG (with tRNS) when a free palette entry can stand for
 * "transparent", which is nearly always, else RGBA. Undefined when the tile misses the data.
 */
export async function renderTile(
  cog: Cog,
  z: number,
  x: number,
  y: number,
  style: TileStyle,
): Promise<Uint8Array | undefined> {
  if (!tileIntersects(cog, z, x, y)) return undefined;
  const level = levelFor(cog, targetResolution(cog, z));
  const [west, , , north] = tileBoundsMercator(z, x, y);
  const step = mercatorResolution(z);

  // Source column per output column and row per output row; -1 outside the image.
  const cols = new Int32Array(TILE_SIZE);
  const rows = new Int32Array(TILE_SIZE);
  for (let i = 0; i < TILE_SIZE; i++) {
    const mx = west + (i + 0.5) * step;
    const my = north - (i + 0.5) * step;
    const sx = cog.epsg === 4326 ? mercatorToLon(mx) : mx;
    const sy = cog.epsg === 4326 ? mercatorToLat(my) : my;
    const c = Math.floor((sx - cog.originX) / level.resX);
    const r = Math.floor((cog.originY - sy) / level.resY);
    cols[i] = c >= 0 && c < level.width ? c : -1;
    rows[i] = r >= 0 && r < level.height ? r : -1;
  }
  const source = await readSource(cog, level, cols, rows, style.bidx - 1);
  if (!source) return undefined;
  const { grid, colTile, colOffset, rowTile, rowOffset } = source;

  // 8-bit value per output pixel, 256 (as a Uint16) for "transparent".
  const TRANSPARENT = 256;
  const values = new Uint16Array(TILE_SIZE * TILE_SIZE).fill(TRANSPARENT);
  const nodata = style.nodata ?? cog.nodata;
  const [min, max] = style.rescale ?? [0, 255];
  const scale = 255 / (max - min);
  const used = new Uint8Array(256);
  for (let j = 0; j < TILE_SIZE; j++) {
    if (rows[j]! < 0) continue;
    const tilesOfRow = grid[rowTile[j]!]!;
    const rowAt = rowOffset[j]!;
    for (let i = 0; i < TILE_SIZE; i++) {
      if (cols[i]! < 0) continue;
      const v = tilesOfRow[colTile[i]!]![rowAt + colOffset[i]!]!;
      // NaN is never data; nodata NaN is covered by the same test.
      if (v === nodata || Number.isNaN(v)) continue;
      const byte = v <= min ? 0 : v >= max ? 255 : Math.round((v - min) * scale);
      values[j * TILE_SIZE + i] = byte;
      used[byte] = 1;
    }
  }
  return encodeTile(values, used, style.colors);
}

/**
 * The source pixels under the output pixels, as a grid of arrays and, per output column and row,
 * which array and which offset in it: decoded COG tiles when the level's layout allows (the fast
 * path), else one window read by geotiff's readRasters.
 */
interface SourcePixels {
  grid: ArrayLike<number>[][];
  colTile: Int32Array;
  colOffset: Int32Array;
  rowTile: Int32Array;
  rowOffset: Int32Array;
}

async function readSource(
  cog: Cog,
  level: CogLevel,
  cols: Int32Array,
  rows: Int32Array,
  sample: number,
): Promise<SourcePixels | undefined> {
  const window = extent(cols, rows);
  if (!window) return undefined;
  const [c0, r0, c1, r1] = window;
  const colTile = new Int32Array(TILE_SIZE);
  const colOffset = new Int32Array(TILE_SIZE);
  const rowTile = new Int32Array(TILE_SIZE);
  const rowOffset = new Int32Array(TILE_SIZE);
  const layout = level.layout;
  if (layout) {
    const { tileWidth: tw, tileHeight: th, stride } = layout;
    const tx0 = Math.floor(c0 / tw);
    const ty0 = Math.floor(r0 / th);
    const tx1 = Math.floor(c1 / tw);
    const ty1 = Math.floor(r1 / th);
    const within = layout.planar ? 0 : sample;
    for (let i = 0; i < TILE_SIZE; i++) {
      const c = Math.max(0, cols[i]!);
      colTile[i] = Math.floor(c / tw) - tx0;
      colOffset[i] = (c % tw) * stride + within;
      const r = Math.max(0, rows[i]!);
      rowTile[i] = Math.floor(r / th) - ty0;
      rowOffset[i] = (r % th) * tw * stride;
    }
    const grid = await Promise.all(
      Array.from({ length: ty1 - ty0 + 1 }, (_, dy) =>
        Promise.all(
          Array.from({ length: tx1 - tx0 + 1 }, (_, dx) =>
            cog.tiles.get(level.key, level.image, layout, tx0 + dx, ty0 + dy, sample),
          ),
        ),
      ),
    );
    return { grid, colTile, colOffset, rowTile, rowOffset };
  }
  const raster = await level.image.readRasters({
    window: [c0, r0, c1 + 1, r1 + 1],
    samples: [sample],
    interleave: false,
  });
  const data = (raster as unknown as ArrayLike<number>[])[0]!;
  const windowWidth = c1 - c0 + 1;
  for (let i = 0; i < TILE_SIZE; i++) {
    colOffset[i] = cols[i]! - c0;
    rowOffset[i] = (rows[i]! - r0) * windowWidth;
  }
  return { grid: [[data]], colTile, colOffset, rowTile, rowOffset };
}

function extent(cols: Int32Array, rows: Int32Array): [number, number, number, number] | undefined {
  let c0 = Number.POSITIVE_INFINITY;
  let c1 = -1;
  let r0 = Number.POSITIVE_INFINITY;
  let r1 = -1;
  for (let i = 0; i < TILE_SIZE; i++) {
    const c = cols[i]!;
    const r = rows[i]!;
    if (c >= 0) {
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    }
    if (r >= 0) {
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
    }
  }
  return c1 < 0 || r1 < 0 ? undefined : [c0, r0, c1, r1];
}

/**
 * Palette PNG: index = the 8-bit value, palette = the colour table; transparent pixels take an
 * entry that is already fully transparent in the table, or one no pixel of this tile uses.
 */
function encodeTile(values: Uint16Array, used: Uint8Array, colors: ColorTable): Uint8Array {
  let clear = -1;
  for (let v = 0; v < 256 && clear < 0; v++) if (colors[4 * v + 3] === 0) clear = v;
  for (let v = 255; v >= 0 && clear < 0; v--) if (!used[v]) clear = v;
  const n = values.length;
  if (clear < 0) {
    const rgba = new Uint8Array(n * 4);
    for (let k = 0; k < n; k++) {
      const v = values[k]!;
      if (v < 256) rgba.set(colors.subarray(4 * v, 4 * v + 4), 4 * k);
    }
    return encodeRgbaPng(TILE_SIZE, TILE_SIZE, rgba);
  }
  const indices = new Uint8Array(n);
  let top = clear;
  for (let k = 0; k < n; k++) {
    const v = values[k]!;
    const index = v === 256 ? clear : v;
    indices[k] = index;
    if (index > top) top = index;
  }
  const entries = top + 1;
  const rgb = new Uint8Array(entries * 3);
  const alpha = new Uint8Array(entries);
  let lastTranslucent = -1;
  for (let v = 0; v < entries; v++) {
    rgb[3 * v] = colors[4 * v]!;
    rgb[3 * v + 1] = colors[4 * v + 1]!;
    rgb[3 * v + 2] = colors[4 * v + 2]!;
    alpha[v] = v === clear ? 0 : colors[4 * v + 3]!;
    if (alpha[v]! < 255) lastTranslucent = v;
  }
  return encodePalettePng(
    TILE_SIZE,
    TILE_SIZE,
    indices,
    rgb,
    alpha.subarray(0, lastTranslucent + 1),
  );
}
