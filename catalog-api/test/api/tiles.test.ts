import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromArrayBuffer, type GeoTIFFImage } from 'geotiff';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGeoTiff } from '../../src/demo/geotiff-writer.js';
import { overviewPyramid } from '../../src/demo/overviews.js';
import { Rng } from '../../src/demo/prng.js';
import {
  BASE_URL,
  DATABASE_KINDS,
  openTestCatalog,
  type TestCatalog,
  WRITE_TOKEN,
} from '../support/catalog.js';
import { type Fixture, fixture } from '../support/fixture.js';

const COLLECTION = 'water-mask-s2';
const WATER = [31, 120, 180, 255];
const CLOUD = [240, 240, 240, 230];

/** Web mercator, written out here from EPSG:3857's definition rather than imported. */
const R = 6378137;
const lonOf = (mx: number) => (mx / R) * (180 / Math.PI);
const latOf = (my: number) => (Math.atan(Math.sinh(my / R)) * 180) / Math.PI;
const tileOf = (lon: number, lat: number, z: number) => {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { x, y };
};
/** Longitude and latitude of the centre of pixel (i, j) of tile z/x/y. */
const pixelCentre = (z: number, x: number, y: number, i: number, j: number) => {
  const span = (2 * Math.PI * R) / 2 ** z;
  return [
    lonOf(-Math.PI * R + x * span + ((i + 0.5) * span) / 256),
    latOf(Math.PI * R - y * span - ((j + 0.5) * span) / 256),
  ] as const;
};

function decodePng(body: Buffer): PNG {
  expect([...body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const png = PNG.sync.read(body);
  expect([png.width, png.height]).toEqual([256, 256]);
  return png;
}
const rgbaAt = (png: PNG, i: number, j: number) => [
  ...png.data.subarray(4 * (j * 256 + i), 4 * (j * 256 + i) + 4),
];

interface MaskItem {
  id: string;
  bbox: number[];
  properties: Record<string, unknown>;
  assets: Record<string, { href: string; type: string }>;
}

/**
 * A COG served over HTTP with Range support, counting the requests and the byte ranges asked
 * for: what the tiler reads of a remote file, seen from the file server's side.
 */
async function serveCountingFile(bytes: Uint8Array) {
  const ranges: [number, number][] = [];
  const server: Server = createServer((req, res) => {
    const range = /^bytes=(\d+)-(\d+)?$/.exec(req.headers.range ?? '');
    if (!range) {
      res.writeHead(200, { 'content-length': bytes.length, 'accept-ranges': 'bytes' });
      res.end(bytes);
      ranges.push([0, bytes.length - 1]);
      return;
    }
    const start = Number(range[1]);
    const end = Math.min(bytes.length - 1, range[2] ? Number(range[2]) : bytes.length - 1);
    ranges.push([start, end]);
    res.writeHead(206, {
      'content-type': 'image/tiff',
      'content-range': `bytes ${start}-${end}/${bytes.length}`,
      'content-length': end - start + 1,
      'accept-ranges': 'bytes',
    });
    res.end(bytes.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    ranges,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A 2048-px class raster (random classes, so it does not compress away) as a COG with 256-px
 * tiles and three overviews: big enough that reading the full resolution or an overview makes a
 * difference a file server sees.
 */
function largeCog() {
  const size = 2048;
  const rng = new Rng(7);
  const pixels = new Uint8Array(size * size);
  for (let k = 0; k < pixels.length; k++) pixels[k] = rng.int(0, 2);
  const levels = overviewPyramid({ width: size, height: size, pixels }, 256);
  const west = 1.2;
  const north = 43.8;
  const pixelDeg = 0.2 / size;
  const bytes = encodeGeoTiff({
    width: size,
    height: size,
    pixels,
    west,
    north,
    pixelWidth: pixelDeg,
    pixelHeight: pixelDeg,
    tileSize: 256,
    overviews: levels.slice(1),
  });
  return { bytes, bbox: [west, north - 0.2, west + 0.2, north], levels: levels.length };
}

describe.each(DATABASE_KINDS)('COG map tiles (%s)', (kind) => {
  let t: TestCatalog;
  let f: Fixture;
  let mask: MaskItem;
  let full: GeoTIFFImage;
  let fullPixels: Uint8Array;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  const tilesOf = (item: MaskItem, asset = 'mask') => `/tiles/${COLLECTION}/${item.id}/${asset}`;

  beforeAll(async () => {
    [t, f] = await Promise.all([openTestCatalog(kind), fixture()]);
    // A clear mask with plenty of water: the tiles must show it.
    mask = f.items
      .filter((i) => i.collection === COLLECTION)
      .map((i) => i as unknown as MaskItem)
      .sort(
        (a, b) =>
          (b.properties['watermask:water_percentage'] as number) -
          (a.properties['watermask:water_percentage'] as number),
      )
      .find((i) => (i.properties['eo:cloud_cover'] as number) < 5)!;
    expect(mask).toBeDefined();
    const file = await get(`/${mask.assets.mask!.href.slice(BASE_URL.length)}`);
    expect(file.statusCode).toBe(200);
    const bytes = file.rawPayload;
    const tiff = await fromArrayBuffer(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    full = await tiff.getImage(0);
    fullPixels = (await full.readRasters())[0] as Uint8Array;
  });
  afterAll(async () => t?.close());

  /** The mask's class under a longitude/latitude, read from the full-resolution image. */
  const classAt = (lon: number, lat: number): number | undefined => {
    const [west, , , north] = mask.bbox as [number, number, number, number];
    const [rx, ry] = full.getResolution() as [number, number];
    const c = Math.floor((lon - west) / rx);
    const r = Math.floor((north - lat) / -ry);
    if (c < 0 || r < 0 || c >= full.getWidth() || r >= full.getHeight()) return undefined;
    return fullPixels[r * full.getWidth() + c];
  };

  it("describes an item's COG asset in TileJSON 3.0.0: bounds, zooms from its overviews, the tiles URL with the query", async () => {
    const res = await get(`${tilesOf(mask)}/tilejson.json?colormap_name=watermask`);
    expect(res.statusCode).toBe(200);
    const tj = res.json();
    expect(tj.tilejson).toBe('3.0.0');
    expect(tj.tiles).toEqual([
      `${BASE_URL}tiles/${COLLECTION}/${mask.id}/mask/{z}/{x}/{y}.png?colormap_name=watermask`,
    ]);
    tj.bounds.forEach((v: number, i: number) => {
      expect(v).toBeCloseTo(mask.bbox[i]!, 6);
    });
    // maxzoom: the first zoom whose pixels are no larger than the mask's (degrees → metres of
    // web mercator); minzoom lower, as the mask has overviews down to one 32-px tile.
    const pixelMetres = ((mask.bbox[2]! - mask.bbox[0]!) / full.getWidth()) * ((Math.PI * R) / 180);
    const groundAt = (z: number) => (2 * Math.PI * R) / (256 * 2 ** z);
    expect(groundAt(tj.maxzoom)).toBeLessThanOrEqual(pixelMetres);
    expect(groundAt(tj.maxzoom - 1)).toBeGreaterThan(pixelMetres);
    expect(tj.minzoom).toBe(tj.maxzoom - 2);
    expect(tj.center[2]).toBe(tj.minzoom);
  });

  it('draws the water where the COG has water, transparent land and outside, at full resolution', async () => {
    const tj = (await get(`${tilesOf(mask)}/tilejson.json`)).json();
    const z = tj.maxzoom + 1; // finer than the mask: every output pixel reads the full image
    const [west, south, east, north] = mask.bbox as [number, number, number, number];
    const { x, y } = tileOf((west + east) / 2, (south + north) / 2, z);
    const res = await get(`${tilesOf(mask)}/${z}/${x}/${y}.png?colormap_name=watermask`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const png = decodePng(res.rawPayload);
    let water = 0;
    let mismatches = 0;
    for (let j = 0; j < 256; j++) {
      for (let i = 0; i < 256; i++) {
        const [lon, lat] = pixelCentre(z, x, y, i, j);
        const expected = classAt(lon, lat);
        const rgba = rgbaAt(png, i, j);
        const want = expected === 1 ? WATER : expected === 2 ? CLOUD : undefined;
        const ok = want ? rgba.join() === want.join() : rgba[3] === 0;
        if (!ok) mismatches++;
        if (expected === 1) water++;
      }
    }
    expect(water).toBeGreaterThan(100);
    // Pixel centres that fall exactly on a source pixel edge may round either way.
    expect(mismatches).toBeLessThan(0.002 * 256 * 256);
  });

  it('colours by a custom colour map (titiler JSON), and by rescale with a named ramp', async () => {
    const tj = (await get(`${tilesOf(mask)}/tilejson.json`)).json();
    const z = tj.maxzoom;
    const [west, south, east, north] = mask.bbox as [number, number, number, number];
    const { x, y } = tileOf((west + east) / 2, (south + north) / 2, z);
    const colormap = encodeURIComponent(JSON.stringify({ 1: '#ff0000', 0: [0, 0, 0, 64] }));
    const custom = decodePng(
      (await get(`${tilesOf(mask)}/${z}/${x}/${y}.png?colormap=${colormap}`)).rawPayload,
    );
    const viridis = decodePng(
      (await get(`${tilesOf(mask)}/${z}/${x}/${y}.png?rescale=0,2&colormap_name=viridis`))
        .rawPayload,
    );
    const seen = { water: 0, land: 0 };
    for (let j = 0; j < 256; j += 3) {
      for (let i = 0; i < 256; i += 3) {
        const [lon, lat] = pixelCentre(z, x, y, i, j);
        const c = classAt(lon, lat);
        if (c === 1) {
          seen.water++;
          expect.soft(rgbaAt(custom, i, j)).toEqual([255, 0, 0, 255]);
          // value 1 of 0..2 is the middle of the ramp: viridis' teal.
          expect.soft(rgbaAt(viridis, i, j)[1]).toBeGreaterThan(120);
        } else if (c === 0) {
          seen.land++;
          expect.soft(rgbaAt(custom, i, j)).toEqual([0, 0, 0, 64]);
          expect.soft(rgbaAt(viridis, i, j)).toEqual([68, 1, 84, 255]);
        }
      }
    }
    expect(seen.water).toBeGreaterThan(10);
    expect(seen.land).toBeGreaterThan(10);
  });

  it('answers 404 in the API error shape for an unknown collection, item or asset', async () => {
    for (const url of [
      `/tiles/no-such-collection/${mask.id}/mask/10/0/0.png`,
      `/tiles/${COLLECTION}/no-such-item/mask/10/0/0.png`,
      `/tiles/${COLLECTION}/${mask.id}/no-such-asset/tilejson.json`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NotFound', description: expect.any(String) });
    }
    const asset = await get(`/tiles/${COLLECTION}/${mask.id}/no-such-asset/10/0/0.png`);
    expect(asset.json().description).toMatch(/'mask'.*'thumbnail'|'thumbnail'.*'mask'/);
  });

  it('refuses an asset that is not a GeoTIFF with a 400 saying so', async () => {
    const res = await get(`${tilesOf(mask, 'thumbnail')}/tilejson.json`);
    expect(res.statusCode).toBe(400);
    expect(res.json().description).toMatch(/image\/png, not a GeoTIFF/);
  });

  it('answers 422 when the file behind an untyped asset is not a GeoTIFF', async () => {
    const gauge = f.items.find((i) => i.collection === 'insitu-gauges')!;
    const csv = (gauge.assets as Record<string, { href: string }>).timeseries!.href;
    const res = await t.app.inject({
      method: 'POST',
      url: `/collections/${COLLECTION}/items`,
      headers: { authorization: `Bearer ${WRITE_TOKEN}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        ...mask,
        id: `untyped-${kind}`,
        links: [],
        assets: { mask: { href: csv } },
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const tj = await get(`/tiles/${COLLECTION}/untyped-${kind}/mask/tilejson.json`);
    expect(tj.statusCode).toBe(422);
    expect(tj.json()).toMatchObject({ code: 'UnprocessableAsset' });
    expect(tj.json().description).toMatch(/not a readable GeoTIFF/);
  });

  it('answers 404 "outside the bounds" for a tile that misses the asset, as titiler does', async () => {
    const res = await get(`${tilesOf(mask)}/10/0/0.png`);
    expect(res.statusCode).toBe(404);
    expect(res.json().description).toMatch(/outside the bounds/);
  });

  it.each([
    ['rescale=5', /rescale/],
    ['rescale=10,1', /min must be smaller than max/],
    ['colormap_name=rainbow', /colormap_name/],
    ['colormap=not-json', /JSON object/],
    ['colormap={"300":"#ffffff"}', /'300' is not a pixel value/],
    ['colormap={"1":"blue"}', /colour of 1/],
    ['colormap={"1":"#fff"}&colormap_name=viridis', /not both/],
    ['bidx=2', /COG has 1 band/],
    ['bidx=0', /bidx/],
    ['nodata=none', /nodata/],
    ['style=dark', /unknown query parameter 'style'/],
  ])('refuses %s with a 400 that says what to fix', async (query, message) => {
    const [west, south, east, north] = mask.bbox as [number, number, number, number];
    const { x, y } = tileOf((west + east) / 2, (south + north) / 2, 10);
    for (const url of [`${tilesOf(mask)}/10/${x}/${y}.png`, `${tilesOf(mask)}/tilejson.json`]) {
      const res = await get(`${url}?${query.replace(/[{}"#]/g, encodeURIComponent)}`);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().description).toMatch(message);
    }
  });

  it.each([
    ['25/0/0.png', /zoom 25 is too deep/],
    ['2/4/0.png', /x and y run from 0 to 3/],
    ['2/0/0.jpg', /png/],
  ])('refuses tile %s with a 400', async (tile, message) => {
    const res = await get(`${tilesOf(mask)}/${tile}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().description).toMatch(message);
  });

  it('gives tiles an ETag and Cache-Control, and answers 304 to If-None-Match', async () => {
    const [west, south, east, north] = mask.bbox as [number, number, number, number];
    const { x, y } = tileOf((west + east) / 2, (south + north) / 2, 9);
    const url = `${tilesOf(mask)}/9/${x}/${y}.png?colormap_name=watermask`;
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toMatch(/max-age=\d+/);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await get(url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    const other = await get(`${tilesOf(mask)}/9/${x}/${y}.png?colormap_name=greys`);
    expect(other.headers.etag).not.toBe(etag);
  });

  describe('a COG on another server, read by range requests', () => {
    let served: Awaited<ReturnType<typeof serveCountingFile>>;
    let cog: ReturnType<typeof largeCog>;
    let fullResStart: number;

    const postItem = async (id: string, href: string) => {
      const [w, s, e, n] = cog.bbox as [number, number, number, number];
      const res = await t.app.inject({
        method: 'POST',
        url: `/collections/${COLLECTION}/items`,
        headers: { authorization: `Bearer ${WRITE_TOKEN}`, 'content-type': 'application/json' },
        payload: JSON.stringify({
          type: 'Feature',
          stac_version: '1.0.0',
          id,
          collection: COLLECTION,
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [w, s],
                [e, s],
                [e, n],
                [w, n],
                [w, s],
              ],
            ],
          },
          bbox: cog.bbox,
          properties: { datetime: '2024-05-01T10:30:00Z' },
          assets: {
            mask: { href, type: 'image/tiff; application=geotiff; profile=cloud-optimized' },
          },
          links: [],
        }),
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    /** Did any request read bytes of the full-resolution image's tiles? */
    const touchedFullResolution = (from: number) =>
      served.ranges.slice(from).some(([, end]) => end >= fullResStart);

    beforeAll(async () => {
      cog = largeCog();
      served = await serveCountingFile(cog.bytes);
      // Full-resolution tiles come last in a COG: their first offset splits the file.
      const image = await (
        await fromArrayBuffer(cog.bytes.buffer.slice(0) as ArrayBuffer)
      ).getImage(0);
      const offsets = (await image.fileDirectory.loadValue('TileOffsets')) as ArrayLike<number>;
      fullResStart = Math.min(...Array.from(offsets, Number));
      await postItem(`remote-cog-${kind}`, `${served.url}large.tif`);
    });
    afterAll(async () => served?.close());

    it('reads only the header and an overview at low zoom, the full resolution when zoomed in, and the header once', async () => {
      const item = { id: `remote-cog-${kind}` } as MaskItem;
      const tj = (await get(`${tilesOf(item)}/tilejson.json`)).json();
      expect(tj.maxzoom - tj.minzoom).toBe(cog.levels - 1);
      const headerReads = () => served.ranges.filter(([start]) => start === 0).length;
      const [west, south, east, north] = cog.bbox as [number, number, number, number];
      const centre = [(west + east) / 2, (south + north) / 2] as const;

      let before = served.ranges.length;
      const low = tileOf(...centre, tj.minzoom);
      const lowTile = await get(`${tilesOf(item)}/${tj.minzoom}/${low.x}/${low.y}.png`);
      expect(lowTile.statusCode).toBe(200);
      expect(served.ranges.length).toBeGreaterThan(before);
      expect(touchedFullResolution(before)).toBe(false);
      const lowBytes = served.ranges.slice(before).reduce((n, [s, e]) => n + e - s + 1, 0);
      expect(lowBytes).toBeLessThan(cog.bytes.length / 10);

      before = served.ranges.length;
      const high = tileOf(...centre, tj.maxzoom);
      const highTile = await get(`${tilesOf(item)}/${tj.maxzoom}/${high.x}/${high.y}.png`);
      expect(highTile.statusCode).toBe(200);
      expect(touchedFullResolution(before)).toBe(true);

      // Many tiles of one map, one header read: the parsed IFDs are cached per href.
      for (let dx = -1; dx <= 1; dx++) {
        await get(`${tilesOf(item)}/${tj.maxzoom}/${high.x + dx}/${high.y}.png`);
      }
      expect(headerReads()).toBe(1);
    });
  });
});
