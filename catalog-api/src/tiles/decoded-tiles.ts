/**
 * Decoded COG tiles, read straight from geotiff.js's tile reader and kept in one bounded LRU for
 * all files: neighbouring map tiles at a zoom share most source tiles, and a pan revisits them.
 * Reading tiles rather than `readRasters` windows also skips geotiff's per-pixel copy of the
 * window into a new array (a DataView call per pixel), which was most of a tile's CPU time.
 */

import { type GeoTIFFImage, getDecoder } from 'geotiff';
import { LruCache } from './lru-cache.js';

export type SampleArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

type Decoder = Parameters<GeoTIFFImage['getTileOrStrip']>[3];

/** How one level's tiles are laid out and decoded; undefined when the fast path cannot read it. */
export interface TileLayout {
  tileWidth: number;
  tileHeight: number;
  tilesAcross: number;
  /** Values per pixel in a decoded tile (1 for planar, samples per pixel for interleaved). */
  stride: number;
  planar: boolean;
  view: (buffer: ArrayBufferLike) => SampleArray;
  decoder: Promise<Decoder>;
}

const VIEWS: Record<string, (b: ArrayBufferLike) => SampleArray> = {
  '1:8': (b) => new Uint8Array(b),
  '2:8': (b) => new Int8Array(b),
  '1:16': (b) => new Uint16Array(b),
  '2:16': (b) => new Int16Array(b),
  '1:32': (b) => new Uint32Array(b),
  '2:32': (b) => new Int32Array(b),
  '3:32': (b) => new Float32Array(b),
  '3:64': (b) => new Float64Array(b),
};

const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The layout of a tiled image whose decoded tiles can be viewed as one typed array: same-size
 * samples of 8 to 64 bits, in the host's byte order. Others (12-bit, big-endian) go through
 * geotiff's readRasters instead.
 */
export async function tileLayoutOf(image: GeoTIFFImage): Promise<TileLayout | undefined> {
  if (!image.isTiled || image.littleEndian !== HOST_LITTLE_ENDIAN) return undefined;
  const bits = Array.from(
    (await image.fileDirectory.loadValue('BitsPerSample')) as ArrayLike<number>,
  );
  if (!bits.every((b) => b === bits[0])) return undefined;
  const view = VIEWS[`${image.getSampleFormat(0)}:${bits[0]}`];
  if (!view) return undefined;
  const fd = image.fileDirectory;
  const compression = Number((await fd.loadValue('Compression')) ?? 1);
  const tileWidth = image.getTileWidth();
  const tileHeight = image.getTileHeight();
  const params = {
    tileWidth,
    tileHeight,
    planarConfiguration: image.planarConfiguration,
    bitsPerSample: bits,
    predictor: Number((await fd.loadValue('Predictor')) ?? 1),
    samplesPerPixel: image.getSamplesPerPixel(),
  };
  return {
    tileWidth,
    tileHeight,
    tilesAcross: Math.ceil(image.getWidth() / tileWidth),
    stride: image.planarConfiguration === 2 ? 1 : image.getSamplesPerPixel(),
    planar: image.planarConfiguration === 2,
    view,
    decoder: getDecoder(compression, params) as Promise<Decoder>,
  };
}

export class DecodedTiles {
  private readonly tiles: LruCache<string, Promise<SampleArray>>;

  /** 512 tiles: 32 MiB of 256×256 bytes. */
  constructor(capacity = 512) {
    this.tiles = new LruCache(capacity);
  }

  get(
    key: string,
    image: GeoTIFFImage,
    layout: TileLayout,
    x: number,
    y: number,
    sample: number,
  ): Promise<SampleArray> {
    const id = `${key}\n${x},${y},${layout.planar ? sample : 0}`;
    let tile = this.tiles.get(id);
    if (!tile) {
      tile = layout.decoder.then(async (decoder) => {
        const read = await image.getTileOrStrip(
          x,
          y,
          layout.planar ? sample : 0,
          decoder,
          undefined,
        );
        return layout.view(read.data);
      });
      this.tiles.set(id, tile);
      tile.catch(() => {
        if (this.tiles.get(id) === tile) this.tiles.delete(id);
      });
    }
    return tile;
  }
}
