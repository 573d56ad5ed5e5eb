/**
 * A small single-band uint8 GeoTIFF encoder in EPSG:4326 with a cloud-optimised layout, as
 * GDAL's COG driver writes it (and its validator checks): the image and its internal overviews
 * are tiled and Deflate-compressed; every IFD (full resolution first, then each overview, with
 * all their tag data) precedes the tiles, so a client reads the whole header with one small
 * range request; tile data follows from the smallest overview to the full resolution, so a
 * low-zoom reader touches only the start of the file.
 *
 * Why not `geotiff`'s `writeArrayBuffer`: it writes one uncompressed strip after a fixed 1000-byte
 * header and copies pixels through a fresh DataView each, about 6 ms per 64×64 image, which
 * alone would blow the demo's time budget for thousands of masks. `geotiff` still decodes these
 * files in the tests.
 */

import { constants, deflateSync } from 'node:zlib';
import type { RasterLevel } from './overviews.js';

export interface GeoTiffRaster {
  width: number;
  height: number;
  /** Row-major pixels, `width * height` values. */
  pixels: Uint8Array;
  /** Longitude of the west edge and latitude of the north edge of the top-left pixel. */
  west: number;
  north: number;
  /** Pixel size in degrees. */
  pixelWidth: number;
  pixelHeight: number;
  /** Square tile side, a multiple of 16 (COG and TIFF requirement). */
  tileSize: number;
  /**
   * Reduced-resolution levels, each about half the previous (see `overviewPyramid`), written as
   * overview IFDs (NewSubfileType 1). Georeferencing is on the full-resolution IFD only, as
   * GDAL writes it; readers scale it by each level's size.
   */
  overviews?: readonly RasterLevel[];
}

/** Class rasters are long runs of equal bytes: run-length deflate is ~6× faster than the default, barely larger. */
const RUN_LENGTH = { strategy: constants.Z_RLE };

const SHORT = 3;
const LONG = 4;
const DOUBLE = 12;
const ASCII = 2;

interface Tag {
  code: number;
  type: typeof SHORT | typeof LONG | typeof DOUBLE | typeof ASCII;
  values: readonly number[] | string;
}

const TYPE_SIZE = { [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8, [ASCII]: 1 } as const;

function tagByteLength(tag: Tag): number {
  const count = typeof tag.values === 'string' ? tag.values.length + 1 : tag.values.length;
  return count * TYPE_SIZE[tag.type];
}

/** Cuts the image into tiles, padding the right and bottom edges with zeros as TIFF requires. */
function tilesOf(level: RasterLevel, tileSize: number): Uint8Array[] {
  const { width, height, pixels } = level;
  const tiles: Uint8Array[] = [];
  for (let ty = 0; ty < height; ty += tileSize) {
    for (let tx = 0; tx < width; tx += tileSize) {
      const tile = new Uint8Array(tileSize * tileSize);
      const rows = Math.min(tileSize, height - ty);
      const cols = Math.min(tileSize, width - tx);
      for (let r = 0; r < rows; r++) {
        const from = (ty + r) * width + tx;
        tile.set(pixels.subarray(from, from + cols), r * tileSize);
      }
      tiles.push(deflateSync(tile, RUN_LENGTH));
    }
  }
  return tiles;
}

interface Directory {
  tags: Tag[];
  tiles: Uint8Array[];
  /** Where the IFD starts; its out-of-line tag values follow it. */
  offset: number;
  external: Map<Tag, number>;
}

function baseTags(level: RasterLevel, tileSize: number, tiles: Uint8Array[]): Tag[] {
  return [
    { code: 256, type: SHORT, values: [level.width] },
    { code: 257, type: SHORT, values: [level.height] },
    { code: 258, type: SHORT, values: [8] },
    { code: 259, type: SHORT, values: [8] }, // Deflate
    { code: 262, type: SHORT, values: [1] }, // BlackIsZero
    { code: 277, type: SHORT, values: [1] },
    { code: 284, type: SHORT, values: [1] },
    { code: 322, type: SHORT, values: [tileSize] },
    { code: 323, type: SHORT, values: [tileSize] },
    { code: 324, type: LONG, values: tiles.map(() => 0) }, // TileOffsets, patched below
    { code: 325, type: LONG, values: tiles.map((t) => t.length) },
    { code: 339, type: SHORT, values: [1] }, // unsigned integers
  ];
}

export function encodeGeoTiff(raster: GeoTiffRaster): Uint8Array {
  const { width, height, tileSize } = raster;
  if (tileSize % 16 !== 0) throw new RangeError('tile size must be a multiple of 16');
  if (raster.pixels.length !== width * height) throw new RangeError('pixel count mismatch');
  const levels: RasterLevel[] = [raster, ...(raster.overviews ?? [])];
  for (const level of levels) {
    if (level.pixels.length !== level.width * level.height) {
      throw new RangeError('pixel count mismatch in an overview');
    }
  }

  const citation = 'WGS 84|';
  const geoKeys = [
    [1024, 0, 1, 2], // GTModelTypeGeoKey: geographic
    [1025, 0, 1, 1], // GTRasterTypeGeoKey: pixel is area
    [2048, 0, 1, 4326], // GeographicTypeGeoKey: WGS 84
    [2049, 34737, citation.length, 0], // GeogCitationGeoKey, in GeoAsciiParams
    [2054, 0, 1, 9102], // GeogAngularUnitsGeoKey: degree
  ];
  const directories: Directory[] = levels.map((level, i) => {
    const tiles = tilesOf(level, tileSize);
    const tags = baseTags(level, tileSize, tiles);
    if (i === 0) {
      tags.push(
        { code: 33550, type: DOUBLE, values: [raster.pixelWidth, raster.pixelHeight, 0] },
        { code: 33922, type: DOUBLE, values: [0, 0, 0, raster.west, raster.north, 0] },
        { code: 34735, type: SHORT, values: [1, 1, 0, geoKeys.length, ...geoKeys.flat()] },
        { code: 34737, type: ASCII, values: citation },
      );
    } else {
      // NewSubfileType: reduced-resolution image. Tags must be in ascending order.
      tags.unshift({ code: 254, type: LONG, values: [1] });
    }
    return { tags, tiles, offset: 0, external: new Map() };
  });

  // Header, then every IFD with its out-of-line values, then tiles, smallest overview first.
  let at = 8;
  for (const dir of directories) {
    dir.offset = at;
    at += 2 + dir.tags.length * 12 + 4;
    for (const tag of dir.tags) {
      const length = tagByteLength(tag);
      if (length > 4) {
        dir.external.set(tag, at);
        at += length + (length % 2);
      }
    }
  }
  for (const dir of [...directories].reverse()) {
    const offsets: number[] = [];
    for (const tile of dir.tiles) {
      offsets.push(at);
      at += tile.length;
    }
    dir.tags.find((t) => t.code === 324)!.values = offsets;
  }

  const bytes = new Uint8Array(at);
  const view = new DataView(bytes.buffer);
  bytes.set([0x49, 0x49], 0); // "II": little-endian
  view.setUint16(2, 42, true);
  view.setUint32(4, directories[0]!.offset, true);

  const writeValues = (tag: Tag, to: number) => {
    if (typeof tag.values === 'string') {
      for (let i = 0; i < tag.values.length; i++) bytes[to + i] = tag.values.charCodeAt(i);
      bytes[to + tag.values.length] = 0;
      return;
    }
    tag.values.forEach((v, i) => {
      if (tag.type === SHORT) view.setUint16(to + 2 * i, v, true);
      else if (tag.type === LONG) view.setUint32(to + 4 * i, v, true);
      else view.setFloat64(to + 8 * i, v, true);
    });
  };

  directories.forEach((dir, d) => {
    view.setUint16(dir.offset, dir.tags.length, true);
    dir.tags.forEach((tag, i) => {
      const entry = dir.offset + 2 + i * 12;
      const count = typeof tag.values === 'string' ? tag.values.length + 1 : tag.values.length;
      view.setUint16(entry, tag.code, true);
      view.setUint16(entry + 2, tag.type, true);
      view.setUint32(entry + 4, count, true);
      const external = dir.external.get(tag);
      if (external === undefined) {
        writeValues(tag, entry + 8);
      } else {
        view.setUint32(entry + 8, external, true);
        writeValues(tag, external);
      }
    });
    const next = directories[d + 1]?.offset ?? 0;
    view.setUint32(dir.offset + 2 + dir.tags.length * 12, next, true);
    const offsets = dir.tags.find((t) => t.code === 324)!.values as number[];
    dir.tiles.forEach((tile, i) => {
      bytes.set(tile, offsets[i]!);
    });
  });
  return bytes;
}
