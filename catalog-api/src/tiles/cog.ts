/**
 * An opened Cloud-Optimised GeoTIFF: its full-resolution image and reduced-resolution overviews
 * (the IFDs GDAL's COG layout puts first in the file), with the georeferencing the tiler needs.
 * Opening reads only the header; pixels are read later, tile by tile, by range requests.
 */

import type { GeoTIFF, GeoTIFFImage } from 'geotiff';
import { type DecodedTiles, type TileLayout, tileLayoutOf } from './decoded-tiles.js';
import { UnreadableAssetError } from './errors.js';

/** Source CRSs whose axes map to web mercator's one by one, so pixels can be found per row and column. */
export const SUPPORTED_EPSG = [4326, 3857] as const;
export type SupportedEpsg = (typeof SUPPORTED_EPSG)[number];

export interface CogLevel {
  image: GeoTIFFImage;
  /** Names this level's tiles in the shared decoded-tile cache. */
  key: string;
  /** How to read decoded tiles directly; undefined: through readRasters. */
  layout: TileLayout | undefined;
  width: number;
  height: number;
  /** Pixel size in CRS units (degrees for EPSG:4326), x then y, both positive. */
  resX: number;
  resY: number;
}

export interface Cog {
  tiff: GeoTIFF;
  epsg: SupportedEpsg;
  /** Top-left corner of the top-left pixel, in CRS units. */
  originX: number;
  originY: number;
  /** Full resolution first, then coarser and coarser overviews. */
  levels: CogLevel[];
  /** [west, south, east, north] in CRS units. */
  bbox: [number, number, number, number];
  bands: number;
  /** GDAL_NODATA of the file, if any. */
  nodata: number | undefined;
  /** The decoded-tile cache this COG's tiles are kept in (shared by every COG of a cache). */
  tiles: DecodedTiles;
}

/** NewSubfileType bit 0: a reduced-resolution version of another image (TIFF 6.0 §8). */
const REDUCED_RESOLUTION = 1;

function epsgOf(image: GeoTIFFImage): number | undefined {
  const keys = image.getGeoKeys() ?? {};
  const code = keys.ProjectedCSTypeGeoKey ?? keys.GeographicTypeGeoKey;
  return typeof code === 'number' ? code : undefined;
}

export async function describeCog(
  tiff: GeoTIFF,
  href: string,
  tiles: DecodedTiles,
  key = href,
): Promise<Cog> {
  const count = await tiff.getImageCount();
  const full = await tiff.getImage(0);
  if (!full.isTiled) {
    throw new UnreadableAssetError(
      `${href} is a striped GeoTIFF, not a cloud-optimised (tiled) one; convert it with 'gdal_translate -of COG'`,
    );
  }
  const epsg = epsgOf(full);
  if (epsg === 3857 || epsg === 4326) {
    // supported
  } else {
    throw new UnreadableAssetError(
      `${href} is in ${epsg ? `EPSG:${epsg}` : 'no EPSG coordinate system'}; tiles are made from EPSG:4326 and EPSG:3857 COGs only`,
    );
  }
  const [originX, originY] = full.getOrigin() as [number, number];
  const [rx, ry] = full.getResolution() as [number, number];
  const levels: CogLevel[] = [
    {
      image: full,
      key: `${key}\n0`,
      layout: await tileLayoutOf(full),
      width: full.getWidth(),
      height: full.getHeight(),
      resX: Math.abs(rx),
      resY: Math.abs(ry),
    },
  ];
  for (let i = 1; i < count; i++) {
    const image = await tiff.getImage(i);
    const subfile = Number(image.fileDirectory.getValue('NewSubfileType') ?? 0);
    // Masks (bit 2) and other pages are not overviews of the data.
    if (subfile !== REDUCED_RESOLUTION) continue;
    const [ox, oy] = image.getResolution(full) as [number, number];
    levels.push({
      image,
      key: `${key}\n${i}`,
      layout: await tileLayoutOf(image),
      width: image.getWidth(),
      height: image.getHeight(),
      resX: Math.abs(ox),
      resY: Math.abs(oy),
    });
  }
  levels.sort((a, b) => a.resX - b.resX);
  const width = levels[0]!.width;
  const height = levels[0]!.height;
  const west = originX;
  const north = originY;
  const east = originX + width * levels[0]!.resX;
  const south = originY - height * levels[0]!.resY;
  const nodata = full.getGDALNoData();
  return {
    tiff,
    epsg,
    originX,
    originY,
    levels,
    bbox: [west, south, east, north],
    bands: full.getSamplesPerPixel(),
    tiles,
    nodata:
      nodata === null || Number.isNaN(nodata) ? (nodata === null ? undefined : Number.NaN) : nodata,
  };
}

/**
 * The level to read for output pixels of `target` CRS units: the coarsest one still at least as
 * fine as the output (GDAL's default overview choice), so that nothing is drawn blurrier than
 * the screen shows, and no more bytes are read than needed.
 */
export function levelFor(cog: Cog, target: number): CogLevel {
  let chosen = cog.levels[0]!;
  for (const level of cog.levels) {
    if (level.resX <= target * 1.0001) chosen = level;
  }
  return chosen;
}
