import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { fromArrayBuffer } from 'geotiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoCatalog,
  type Geometry,
  generateDemoCatalog,
  type StacAsset,
  type StacItem,
} from '../../src/demo/index.js';

const SMALL_SCALE = 0.02;
const COLLECTION_IDS = [
  'swot-l2-hr-riversp',
  'swot-l2-hr-lakesp',
  'water-mask-s2',
  'hydroweb-virtual-stations',
  'insitu-gauges',
];

/** Written out here, not imported: declarations must use exactly these schema URIs. */
const EXTENSION_URIS: Record<string, string> = {
  classification: 'https://stac-extensions.github.io/classification/v1.0.0/schema.json',
  eo: 'https://stac-extensions.github.io/eo/v1.1.0/schema.json',
  file: 'https://stac-extensions.github.io/file/v2.1.0/schema.json',
  proj: 'https://stac-extensions.github.io/projection/v1.1.0/schema.json',
  raster: 'https://stac-extensions.github.io/raster/v1.1.0/schema.json',
  sat: 'https://stac-extensions.github.io/sat/v1.0.0/schema.json',
  timestamps: 'https://stac-extensions.github.io/timestamps/v1.1.0/schema.json',
};
const TIMESTAMP_FIELDS = new Set(['published', 'expires', 'unpublished']);
/** Product-specific namespaces without a published schema. */
const VENDOR_PREFIXES = new Set(['styx', 'swot', 'hydroweb', 'insitu', 'watermask']);

const ITEM_ASSETS_URI = 'https://stac-extensions.github.io/item-assets/v1.0.0/schema.json';

/** Extension schema URIs owning a set of field names; fails on an unknown prefix. */
function extensionUrisFor(fields: string[]): string[] {
  const used = new Set<string>();
  for (const field of fields) {
    if (TIMESTAMP_FIELDS.has(field)) {
      used.add(EXTENSION_URIS.timestamps!);
      continue;
    }
    if (!field.includes(':')) continue;
    const prefix = field.split(':')[0]!;
    if (VENDOR_PREFIXES.has(prefix)) continue;
    expect(EXTENSION_URIS[prefix], `unknown extension prefix in ${field}`).toBeDefined();
    used.add(EXTENSION_URIS[prefix]!);
  }
  return [...used].sort();
}

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function positionsOf(geometry: Geometry): [number, number][] {
  if (geometry.type === 'Point') return [geometry.coordinates];
  if (geometry.type === 'LineString') return geometry.coordinates;
  return geometry.coordinates.flat();
}

function boundsOf(geometry: Geometry): number[] {
  const ps = positionsOf(geometry);
  return [
    Math.min(...ps.map((p) => p[0])),
    Math.min(...ps.map((p) => p[1])),
    Math.max(...ps.map((p) => p[0])),
    Math.max(...ps.map((p) => p[1])),
  ];
}

function itemStart(item: StacItem): string {
  return item.properties.start_datetime ?? item.properties.datetime!;
}

function itemEnd(item: StacItem): string {
  return item.properties.end_datetime ?? item.properties.datetime!;
}

function itemsOf(catalog: DemoCatalog, collection: string): StacItem[] {
  return catalog.items.filter((item) => item.collection === collection);
}

async function readCsv(href: string): Promise<{ header: string[]; rows: string[][] }> {
  const lines = (await readFile(href, 'utf8')).trimEnd().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((line) => line.split(',')) };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Decoded PNG: IHDR size and palette indices (filter type 0 rows, as a viewer would see). */
function decodePalettePng(bytes: Buffer): { width: number; height: number; indices: Uint8Array } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width + 1) * height);
  const indices = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)]).toBe(0);
    indices.set(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), y * width);
  }
  return { width, height, indices };
}

function monthOf(iso: string): number {
  return Number(iso.slice(5, 7));
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

describe('demo catalog at a small scale', () => {
  let dataDir: string;
  let catalog: DemoCatalog;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'styx-demo-'));
    catalog = await generateDemoCatalog({ dataDir, scale: SMALL_SCALE });
  }, 60_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('has the five hydrology collections, each with items', () => {
    expect(catalog.collections.map((c) => c.id)).toEqual(COLLECTION_IDS);
    for (const id of COLLECTION_IDS) expect(itemsOf(catalog, id).length).toBeGreaterThan(0);
    const known = new Set(COLLECTION_IDS);
    expect(catalog.items.every((item) => known.has(item.collection))).toBe(true);
  });

  it('says in every collection that the data is synthetic, with a licence link', () => {
    for (const collection of catalog.collections) {
      expect(collection.description).toMatch(/synthetic/i);
      expect(collection.license).toBe('CC0-1.0');
      expect(collection.links.some((l) => l.rel === 'license')).toBe(true);
      expect(
        collection.links.some((l) => ['self', 'root', 'parent', 'items'].includes(l.rel)),
      ).toBe(false);
    }
  });

  it('gives items URL-safe ids, unique within their collection', () => {
    for (const id of COLLECTION_IDS) {
      const ids = itemsOf(catalog, id).map((item) => item.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const itemId of ids) expect(itemId).toMatch(/^[A-Za-z0-9._~-]+$/);
    }
  });

  it('uses the geometry type each product calls for, with a bbox equal to its bounds', () => {
    const expected: Record<string, string> = {
      'swot-l2-hr-riversp': 'LineString',
      'swot-l2-hr-lakesp': 'Polygon',
      'water-mask-s2': 'Polygon',
      'hydroweb-virtual-stations': 'Point',
      'insitu-gauges': 'Point',
    };
    for (const item of catalog.items) {
      expect(item.geometry.type).toBe(expected[item.collection]);
      expect(item.bbox).toEqual(boundsOf(item.geometry));
      if (item.geometry.type === 'Polygon') {
        const ring = item.geometry.coordinates[0]!;
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        expect(ring.length).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it('dates every item in 2023–2025 with RFC 3339 UTC strings, ranges where it is a series', () => {
    for (const item of catalog.items) {
      const p = item.properties;
      if (p.datetime === null) {
        expect(p.start_datetime).toMatch(RFC3339_UTC);
        expect(p.end_datetime).toMatch(RFC3339_UTC);
        expect(p.start_datetime! <= p.end_datetime!).toBe(true);
      } else {
        expect(p.datetime).toMatch(RFC3339_UTC);
      }
      expect(itemStart(item) >= '2023-01-01T00:00:00Z').toBe(true);
      expect(itemEnd(item) <= '2025-12-31T23:59:59Z').toBe(true);
    }
    for (const item of [
      ...itemsOf(catalog, 'hydroweb-virtual-stations'),
      ...itemsOf(catalog, 'insitu-gauges'),
    ]) {
      expect(item.properties.datetime).toBeNull();
    }
  });

  it('keeps every item inside its collection extent', () => {
    for (const collection of catalog.collections) {
      const [[start, end]] = collection.extent.temporal.interval as [[string, string]];
      const [w, s, e, n] = collection.extent.spatial.bbox[0]!;
      const items = itemsOf(catalog, collection.id);
      for (const item of items) {
        expect(itemStart(item) >= start && itemEnd(item) <= end).toBe(true);
        const [iw, is, ie, inn] = item.bbox;
        expect(iw >= w && is >= s && ie <= e && inn <= n).toBe(true);
      }
      // The extent is tight: some item starts at its start and some item ends at its end.
      expect(items.some((item) => itemStart(item) === start)).toBe(true);
      expect(items.some((item) => itemEnd(item) === end)).toBe(true);
    }
  });

  it('declares exactly the STAC extensions whose fields each item uses', () => {
    for (const item of catalog.items) {
      const fields = [
        ...Object.keys(item.properties),
        ...Object.values(item.assets).flatMap((asset) => Object.keys(asset)),
      ];
      expect([...item.stac_extensions].sort()).toEqual(extensionUrisFor(fields));
    }
  });

  it('declares item-assets plus the extensions its summaries and asset definitions use', () => {
    for (const collection of catalog.collections) {
      const fields = [
        ...Object.keys(collection.summaries),
        ...Object.values(collection.item_assets).flatMap((asset) => Object.keys(asset)),
      ];
      expect([...collection.stac_extensions].sort()).toEqual(
        [ITEM_ASSETS_URI, ...extensionUrisFor(fields)].sort(),
      );
    }
  });

  it('writes every asset: the href is an existing file whose size and checksum are declared', async () => {
    for (const item of catalog.items) {
      for (const asset of Object.values(item.assets)) {
        expect(path.isAbsolute(asset.href)).toBe(true);
        expect(asset.href.startsWith(dataDir)).toBe(true);
        const bytes = await readFile(asset.href);
        expect(bytes.length).toBeGreaterThan(0);
        expect(asset['file:size']).toBe(bytes.length);
        const digest = createHash('sha256').update(bytes).digest('hex');
        expect(asset['file:checksum']).toBe(`1220${digest}`);
        expect(asset.roles.length).toBeGreaterThan(0);
        expect(asset.title.length).toBeGreaterThan(0);
      }
    }
  });

  it('writes water masks as georeferenced, tiled GeoTIFFs matching the item', async () => {
    const masks = itemsOf(catalog, 'water-mask-s2');
    for (const item of masks) {
      const asset = item.assets.mask as StacAsset;
      const bytes = await readFile(asset.href);
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const image = await (await fromArrayBuffer(buffer as ArrayBuffer)).getImage();
      const [height, width] = item.properties['proj:shape'] as [number, number];
      expect([image.getWidth(), image.getHeight()]).toEqual([width, height]);
      expect(image.getGeoKeys()).toMatchObject({ GeographicTypeGeoKey: 4326 });
      expect(item.properties['proj:epsg']).toBe(4326);
      const bounds = image.getBoundingBox();
      bounds.forEach((v, i) => {
        expect(v).toBeCloseTo(item.bbox[i]!, 9);
      });
      // Advertised as cloud-optimised: tiled, and the IFD precedes the pixel data.
      expect(asset.type).toBe('image/tiff; application=geotiff; profile=cloud-optimized');
      expect(image.isTiled).toBe(true);
      const ifdOffset = bytes.readUInt32LE(4);
      expect(bytes.toString('latin1', 0, 2)).toBe('II');
      const tileOffsets = (await image.fileDirectory.loadValue('TileOffsets')) as ArrayLike<number>;
      expect(ifdOffset).toBeLessThan(Math.min(...Array.from(tileOffsets)));

      const pixels = (await image.readRasters())[0] as Uint8Array;
      const classes = (asset['classification:classes'] as { value: number; name: string }[]).map(
        (c) => c.value,
      );
      const counts = new Map<number, number>();
      for (const v of pixels) counts.set(v, (counts.get(v) ?? 0) + 1);
      for (const value of counts.keys()) expect(classes).toContain(value);
      const cloudShare = (100 * (counts.get(2) ?? 0)) / pixels.length;
      expect(item.properties['eo:cloud_cover']).toBeCloseTo(cloudShare, 2);
      const water = counts.get(1) ?? 0;
      const clear = pixels.length - (counts.get(2) ?? 0);
      expect(item.properties['watermask:water_percentage']).toBeCloseTo((100 * water) / clear, 2);
      // Tiles are centred on rivers and lakes: unless clouds hide it, water is visible.
      if (cloudShare < 20) expect(water).toBeGreaterThan(0);

      const thumbnail = decodePalettePng(await readFile((item.assets.thumbnail as StacAsset).href));
      expect([thumbnail.width, thumbnail.height]).toEqual([width, height]);
      expect(Buffer.from(thumbnail.indices).equals(Buffer.from(pixels))).toBe(true);
    }
  });

  it('publishes Sentinel-2 masks once a month per tile, around 10:30 local solar time', () => {
    const seen = new Set<string>();
    for (const item of itemsOf(catalog, 'water-mask-s2')) {
      const key = `${item.properties['watermask:tile']}/${item.properties.datetime!.slice(0, 7)}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      const date = new Date(item.properties.datetime!);
      const lon = (item.bbox[0] + item.bbox[2]) / 2;
      const localHours = (date.getUTCHours() + date.getUTCMinutes() / 60 + lon / 15 + 24) % 24;
      expect(localHours).toBeGreaterThan(9.5);
      expect(localHours).toBeLessThan(11.75);
      expect(item.properties.platform).toMatch(/^sentinel-2[abc]$/);
    }
  });

  it('ships SWOT reach node files whose values aggregate to the reach values', async () => {
    const validSlopes: number[] = [];
    for (const item of itemsOf(catalog, 'swot-l2-hr-riversp')) {
      const { header, rows } = await readCsv((item.assets.nodes as StacAsset).href);
      expect(header).toEqual([
        'node_id',
        'lon',
        'lat',
        'dist_out_m',
        'wse_m',
        'wse_u_m',
        'width_m',
        'node_q',
      ]);
      expect(rows.length).toBeGreaterThan(10);
      const reachId = String(item.properties['swot:reach_id']);
      for (const row of rows) {
        expect(row).toHaveLength(header.length);
        expect(row[0]!.slice(0, 10)).toBe(reachId.slice(0, 10));
        expect(row.slice(1).every((cell) => Number.isFinite(Number(cell)))).toBe(true);
      }
      const good = rows.filter((row) => Number(row[7]) <= 1);
      expect(item.properties['swot:n_good_nod']).toBe(good.length);
      const used = good.length >= 3 ? good : rows;
      const x = used.map((r) => Number(r[3]));
      const y = used.map((r) => Number(r[4]));
      expect(item.properties['swot:wse']).toBeCloseTo(mean(y), 2);
      // The reach slope is the least-squares fit of node heights against distance to outlet.
      const [mx, my] = [mean(x), mean(y)];
      const slope =
        x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0) /
        x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
      expect(item.properties['swot:slope']).toBeCloseTo(slope, 7);
      if (item.properties['swot:reach_q'] === 0) validSlopes.push(slope);
    }
    // Water runs downhill: valid reaches mostly slope down to the sea (flat ones can show noise).
    expect(validSlopes.filter((s) => s > 0).length / validSlopes.length).toBeGreaterThan(0.8);
  });

  it('repeats SWOT passes every 20.86 days, on the reach the pass flies over', () => {
    const byReachAndPass = new Map<string, StacItem[]>();
    for (const item of itemsOf(catalog, 'swot-l2-hr-riversp')) {
      const key = `${item.properties['swot:reach_id']}/${item.properties['swot:pass_number']}`;
      byReachAndPass.set(key, [...(byReachAndPass.get(key) ?? []), item]);
    }
    let pairs = 0;
    for (const series of byReachAndPass.values()) {
      series.sort(
        (a, b) =>
          Number(a.properties['swot:cycle_number']) - Number(b.properties['swot:cycle_number']),
      );
      for (let i = 1; i < series.length; i++) {
        const cycles =
          Number(series[i]!.properties['swot:cycle_number']) -
          Number(series[i - 1]!.properties['swot:cycle_number']);
        const days =
          (Date.parse(series[i]!.properties.datetime!) -
            Date.parse(series[i - 1]!.properties.datetime!)) /
          86_400_000;
        expect(days / cycles).toBeCloseTo(20.8646, 3);
        pairs++;
      }
      const pass = Number(series[0]!.properties['swot:pass_number']);
      expect(series[0]!.properties['sat:orbit_state']).toBe(pass % 2 ? 'ascending' : 'descending');
      const xtrack = Math.abs(Number(series[0]!.properties['swot:xtrk_dist']));
      expect(xtrack).toBeGreaterThanOrEqual(10_000);
      expect(xtrack).toBeLessThanOrEqual(60_000);
    }
    expect(pairs).toBeGreaterThan(0);
  });

  it('describes lakes with an outline file matching the item and a consistent area', async () => {
    for (const item of itemsOf(catalog, 'swot-l2-hr-lakesp')) {
      const outline = JSON.parse(await readFile((item.assets.outline as StacAsset).href, 'utf8'));
      expect(outline.type).toBe('FeatureCollection');
      expect(outline.features[0].geometry).toEqual(item.geometry);
      expect(outline.features[0].properties['swot:wse']).toBe(item.properties['swot:wse']);
      const ring = (item.geometry.coordinates as [number, number][][])[0]!;
      const lat0 = ring[0]![1];
      const kx = 111.195 * Math.cos((lat0 * Math.PI) / 180);
      let twice = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        twice +=
          ring[i]![0] * kx * (ring[i + 1]![1] * 111.195) -
          ring[i + 1]![0] * kx * (ring[i]![1] * 111.195);
      }
      const area = Math.abs(twice) / 2;
      expect(Math.abs(Number(item.properties['swot:area_total']) - area) / area).toBeLessThan(0.01);
    }
  });

  it('ships altimetry series with one dated level per pass inside the station period', async () => {
    for (const item of itemsOf(catalog, 'hydroweb-virtual-stations')) {
      const { header, rows } = await readCsv((item.assets.timeseries as StacAsset).href);
      expect(header).toEqual(['date', 'water_level_m', 'uncertainty_m']);
      expect(rows.length).toBe(item.properties['hydroweb:measurement_count']);
      expect(rows[0]![0]).toBe(item.properties.start_datetime!.slice(0, 10));
      expect(rows.at(-1)![0]).toBe(item.properties.end_datetime!.slice(0, 10));
      const dates = rows.map((r) => r[0]!);
      expect([...dates].sort()).toEqual(dates);
      for (const [, level, uncertainty] of rows) {
        expect(Number.isFinite(Number(level))).toBe(true);
        expect(Number(uncertainty)).toBeGreaterThan(0);
      }
      const levels = rows.map((r) => Number(r[1]));
      expect(item.properties['hydroweb:mean_water_level_m']).toBeCloseTo(mean(levels), 1);
      // Whole repeat cycles apart: 27 days (Sentinel-3) or 9.92 days (Sentinel-6).
      const cycleDays = item.properties.platform === 'sentinel-6a' ? 9.9156 : 27;
      for (let i = 1; i < dates.length; i++) {
        const gap = (Date.parse(dates[i]!) - Date.parse(dates[i - 1]!)) / 86_400_000;
        const cycles = Math.round(gap / cycleDays);
        expect(cycles).toBeGreaterThan(0);
        expect(Math.abs(gap - cycles * cycleDays)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('ships gauge records as gap-free daily series covering the station period', async () => {
    for (const item of itemsOf(catalog, 'insitu-gauges')) {
      const { header, rows } = await readCsv((item.assets.timeseries as StacAsset).href);
      expect(header).toEqual(['date', 'discharge_m3s', 'stage_m', 'quality']);
      expect(rows[0]![0]).toBe(item.properties.start_datetime!.slice(0, 10));
      expect(rows.at(-1)![0]).toBe(item.properties.end_datetime!.slice(0, 10));
      expect(rows.length).toBeGreaterThanOrEqual(365);
      for (let i = 1; i < rows.length; i++) {
        expect(Date.parse(rows[i]![0]!) - Date.parse(rows[i - 1]![0]!)).toBe(86_400_000);
      }
      for (const [, discharge, stage, quality] of rows) {
        expect(Number(discharge)).toBeGreaterThan(0);
        expect(Number(stage)).toBeGreaterThan(0);
        expect(['validated', 'estimated', 'provisional']).toContain(quality);
      }
      expect(rows.at(-1)![3]).toBe('provisional');
      const published = String(item.properties.published);
      expect(published).toMatch(RFC3339_UTC);
      expect(published >= item.properties.end_datetime!).toBe(true);
      expect(String(item.properties.updated) >= published).toBe(true);
      const q = mean(rows.map((r) => Number(r[1])));
      expect(Number(item.properties['insitu:mean_discharge_m3s'])).toBeCloseTo(q, q < 10 ? 1 : -1);
    }
  });

  it('is deterministic: the same seed gives byte-identical metadata and files', async () => {
    const dirs = await Promise.all([0, 1, 2].map(() => mkdtemp(path.join(tmpdir(), 'styx-demo-'))));
    try {
      const relative = (relPath: string) => `demo/${relPath}`;
      const [a, b, c] = [
        await generateDemoCatalog({
          dataDir: dirs[0]!,
          scale: SMALL_SCALE,
          seed: 7,
          hrefFor: relative,
        }),
        await generateDemoCatalog({
          dataDir: dirs[1]!,
          scale: SMALL_SCALE,
          seed: 7,
          hrefFor: relative,
        }),
        await generateDemoCatalog({
          dataDir: dirs[2]!,
          scale: SMALL_SCALE,
          seed: 8,
          hrefFor: relative,
        }),
      ];
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
      const files = await listFiles(dirs[0]!);
      expect(await listFiles(dirs[1]!)).toEqual(files);
      for (const file of files) {
        const [x, y] = await Promise.all([
          readFile(path.join(dirs[0]!, file)),
          readFile(path.join(dirs[1]!, file)),
        ]);
        expect(x.equals(y), file).toBe(true);
      }
      // hrefFor receives the POSIX path relative to the data directory.
      const hrefs = a.items.flatMap((item) =>
        Object.values(item.assets).map((asset) => asset.href),
      );
      expect(hrefs.map((href) => href.slice('demo/'.length)).sort()).toEqual(
        files.map((f) => f.split(path.sep).join('/')),
      );
    } finally {
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    }
  }, 60_000);

  it('rejects a scale that is not a positive number', async () => {
    await expect(generateDemoCatalog({ dataDir, scale: 0 })).rejects.toThrow(RangeError);
    await expect(generateDemoCatalog({ dataDir, scale: Number.NaN })).rejects.toThrow(RangeError);
  });
});

describe('demo catalog at full scale', () => {
  let dataDir: string;
  let catalog: DemoCatalog;
  let seconds: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'styx-demo-full-'));
    const started = performance.now();
    catalog = await generateDemoCatalog({ dataDir, scale: 1 });
    seconds = (performance.now() - started) / 1000;
  }, 120_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('holds at least 10,000 items, one asset file each at least, generated quickly', async () => {
    expect(catalog.items.length).toBeGreaterThanOrEqual(10_000);
    const files = await listFiles(dataDir);
    const hrefs = catalog.items.flatMap((item) => Object.values(item.assets).map((a) => a.href));
    expect(files.length).toBe(hrefs.length);
    expect(files.length).toBeGreaterThanOrEqual(catalog.items.length);
    expect(seconds).toBeLessThan(60);
  });

  it('scales item counts in proportion to `scale`', async () => {
    const smallDir = await mkdtemp(path.join(tmpdir(), 'styx-demo-'));
    try {
      const small = await generateDemoCatalog({ dataDir: smallDir, scale: SMALL_SCALE });
      for (const id of COLLECTION_IDS) {
        const full = itemsOf(catalog, id).length;
        expect(Math.abs(itemsOf(small, id).length - full * SMALL_SCALE)).toBeLessThanOrEqual(1);
      }
    } finally {
      await rm(smallDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('covers every basin in every river product, and all the lakes', () => {
    const basins = [
      'Garonne',
      'Rhône',
      'Loire',
      'Seine',
      'Danube',
      'Rhine',
      'Niger',
      'Amazon',
      'Mekong',
      'Mississippi',
      'Ganges–Brahmaputra',
      'Murray–Darling',
    ];
    for (const id of ['swot-l2-hr-riversp', 'hydroweb-virtual-stations', 'insitu-gauges']) {
      const covered = new Set(itemsOf(catalog, id).map((item) => item.properties['styx:basin']));
      for (const basin of basins) expect(covered.has(basin), `${id} ${basin}`).toBe(true);
    }
    const lakes = new Set(
      itemsOf(catalog, 'swot-l2-hr-lakesp').map((item) => item.properties['swot:lake_name']),
    );
    for (const lake of [
      'Lac Léman',
      'Lake Chad',
      'Tonlé Sap',
      'Lake Victoria',
      'Lac de Serre-Ponçon',
    ]) {
      expect(lakes.has(lake), lake).toBe(true);
    }
  });

  it('sees one SWOT overpass at one time along a river', () => {
    const byOverpass = new Map<string, number[]>();
    for (const item of itemsOf(catalog, 'swot-l2-hr-riversp')) {
      const p = item.properties;
      const key = `${p['styx:river']}/${p['swot:cycle_number']}/${p['swot:pass_number']}`;
      byOverpass.set(key, [...(byOverpass.get(key) ?? []), Date.parse(p.datetime!)]);
    }
    const multi = [...byOverpass.values()].filter((times) => times.length > 1);
    expect(multi.length).toBeGreaterThan(100);
    for (const times of multi)
      expect(Math.max(...times) - Math.min(...times)).toBeLessThan(5 * 60_000);
  });

  it('follows each river regime: monsoon, Amazon high water, Tonlé Sap filling', async () => {
    // Mekong gauges: September discharge far above March discharge.
    const mekong = itemsOf(catalog, 'insitu-gauges').filter(
      (i) => i.properties['styx:river'] === 'Mekong',
    );
    expect(mekong.length).toBeGreaterThan(0);
    for (const item of mekong.slice(0, 5)) {
      const { rows } = await readCsv((item.assets.timeseries as StacAsset).href);
      const september = mean(rows.filter((r) => monthOf(r[0]!) === 9).map((r) => Number(r[1])));
      const march = mean(rows.filter((r) => monthOf(r[0]!) === 3).map((r) => Number(r[1])));
      expect(september).toBeGreaterThan(3 * march);
    }
    // Amazon virtual stations: water higher in May–July than in October–December.
    const amazon = itemsOf(catalog, 'hydroweb-virtual-stations').filter(
      (i) => i.properties['styx:river'] === 'Amazon',
    );
    for (const item of amazon.slice(0, 5)) {
      const { rows } = await readCsv((item.assets.timeseries as StacAsset).href);
      const high = mean(
        rows.filter((r) => [5, 6, 7].includes(monthOf(r[0]!))).map((r) => Number(r[1])),
      );
      const low = mean(
        rows.filter((r) => [10, 11, 12].includes(monthOf(r[0]!))).map((r) => Number(r[1])),
      );
      expect(high - low).toBeGreaterThan(2);
    }
    // Tonlé Sap: several times larger at the October high than at the April–May low.
    const tonleSap = itemsOf(catalog, 'swot-l2-hr-lakesp').filter(
      (i) => i.properties['swot:lake_name'] === 'Tonlé Sap',
    );
    const area = (months: number[]) =>
      mean(
        tonleSap
          .filter((i) => months.includes(monthOf(i.properties.datetime!)))
          .map((i) => Number(i.properties['swot:area_total'])),
      );
    expect(area([9, 10, 11])).toBeGreaterThan(3 * area([4, 5]));
  });
});
