import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fromArrayBuffer } from 'geotiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCatalog, type StacItem } from '../../src/demo/index.js';
import { halveByMode } from '../../src/demo/overviews.js';
import { LruCache } from '../../src/tiles/lru-cache.js';
import { zoomForResolution } from '../../src/tiles/web-mercator.js';

const RIO = fileURLToPath(new URL('../../../.venv/bin/rio', import.meta.url));

/** The demo's water masks, as the tiler reads them: COGs with internal overviews. */
describe("the demo's water masks as COGs", () => {
  let dataDir: string;
  let masks: StacItem[];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'styx-cog-'));
    const catalog = await generateDemoCatalog({ dataDir, scale: 0.01 });
    masks = catalog.items.filter((i) => i.collection === 'water-mask-s2');
    expect(masks.length).toBeGreaterThan(5);
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  const hrefOf = (item: StacItem) => (item.assets.mask as { href: string }).href;

  it('hold two overviews, each a mode-halving of the level above, with every IFD before the pixels', async () => {
    for (const item of masks.slice(0, 5)) {
      const bytes = await readFile(hrefOf(item));
      const tiff = await fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset) as ArrayBuffer);
      expect(await tiff.getImageCount()).toBe(3);
      const images = await Promise.all([0, 1, 2].map((i) => tiff.getImage(i)));
      expect(images.map((i) => i.getWidth())).toEqual([128, 64, 32]);
      expect(images.slice(1).map((i) => i.fileDirectory.getValue('NewSubfileType'))).toEqual([
        1, 1,
      ]);
      const pixels = await Promise.all(
        images.map(async (i) => (await i.readRasters())[0] as Uint8Array),
      );
      for (const level of [1, 2]) {
        const above = { width: 256 >> level, height: 256 >> level, pixels: pixels[level - 1]! };
        expect(Buffer.from(pixels[level]!).equals(Buffer.from(halveByMode(above).pixels))).toBe(
          true,
        );
      }
      // GDAL's COG layout: the smallest overview's tiles first, the full resolution's last.
      const firstTile = async (i: number) =>
        Math.min(
          ...Array.from((await images[i]!.fileDirectory.loadValue('TileOffsets')) as number[]),
        );
      const [full, half, quarter] = await Promise.all([0, 1, 2].map(firstTile));
      expect(quarter!).toBeLessThan(half!);
      expect(half!).toBeLessThan(full!);
    }
  });

  it.skipIf(!existsSync(RIO))('pass rio-cogeo (GDAL) COG validation, strictly', async () => {
    const files = (await readdir(path.dirname(hrefOf(masks[0]!)))).filter((f) =>
      f.endsWith('.tif'),
    );
    for (const file of files.slice(0, 3)) {
      const target = path.join(path.dirname(hrefOf(masks[0]!)), file);
      const { stdout } = await promisify(execFile)(RIO, ['cogeo', 'validate', '--strict', target]);
      expect(stdout).toMatch(/is a valid cloud optimized GeoTIFF/);
    }
  });
});

describe('mode halving of class rasters', () => {
  it('keeps the majority class, breaks ties towards the larger class, and handles odd edges', () => {
    const level = {
      width: 3,
      height: 2,
      pixels: Uint8Array.from([0, 0, 1, 0, 1, 1]),
    };
    const half = halveByMode(level);
    expect([half.width, half.height]).toEqual([2, 1]);
    // block 1: 0,0,0,1 → 0; block 2 (edge column): 1,1,1,1 → 1
    expect([...half.pixels]).toEqual([0, 1]);
    const tie = halveByMode({ width: 2, height: 2, pixels: Uint8Array.from([0, 1, 1, 0]) });
    expect([...tie.pixels]).toEqual([1]);
  });
});

describe('tile maths and caches', () => {
  it('gives the zoom whose pixels are no larger than a resolution', () => {
    expect(zoomForResolution(156543.04)).toBe(0);
    expect(zoomForResolution(10)).toBe(14); // 9.55 m at z14, 19.1 m at z13
    expect(zoomForResolution(0.000001)).toBe(24);
  });

  it('evicts the least recently used COG header first', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.size).toBe(2);
  });
});
