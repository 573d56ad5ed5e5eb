import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@styx/testing';
import { PNG } from 'pngjs';
import { encodeGeoTiff } from '../src/demo/geotiff-writer.js';
import { overviewPyramid } from '../src/demo/overviews.js';
import { runLoad } from './load-driver.js';
import { cleanUp, installSignalHandlers, onCleanUp, startChild } from './processes.js';
import { progress, warn, warnings } from './progress.js';

/**
 * `npm run bench:tiles -w catalog-api` (and the second half of `npm run bench`): COG map tiles
 * from catalog-api against titiler (titiler.core 2.4.0 under uvicorn, one worker, GDAL's
 * settings from titiler's performance docs), on the SAME COG file served over HTTP with range
 * requests by one file server, the same tile set in the same order, the same concurrency, in the
 * same run. Prints tiles/s for both and the ratio, and how alike their pixels are.
 *
 * Knobs: BENCH_TILES_CONCURRENCY ("1,8"), BENCH_TILES_DURATION_S (10 per server and
 * concurrency), BENCH_TILES_SIZE (4096: the COG's side in pixels).
 */
const CATALOG_DIR = fileURLToPath(new URL('..', import.meta.url));
const VENV_BIN = fileURLToPath(new URL('../../.venv/bin/', import.meta.url));
const CONCURRENCIES = (process.env.BENCH_TILES_CONCURRENCY ?? '1,8').split(',').map(Number);
const DURATION_S = Number(process.env.BENCH_TILES_DURATION_S ?? 10);
const SIZE = Number(process.env.BENCH_TILES_SIZE ?? 4096);
const WRITE_TOKEN = 'bench-tiles-write-token';
/** The demo's water-mask classes: land transparent, water blue, cloud white. */
const COLORMAP = JSON.stringify({ 0: [217, 207, 174, 0], 1: '#1f78b4', 2: '#f0f0f0' });
/** Over the Garonne near Toulouse: 1° × 1°. */
const WEST = 0.8;
const NORTH = 44.2;
const SPAN_DEG = 1;

/** A class raster with the look of a water mask: meandering channels, ponds, a cloud bank. */
function classRaster(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) {
    const v = r / size;
    for (let c = 0; c < size; c++) {
      const u = c / size;
      const channel = Math.abs(v - 0.5 - 0.08 * Math.sin(u * 19) - 0.03 * Math.sin(u * 71 + 1));
      const pond = Math.sin(u * 53) * Math.cos(v * 47) + 0.5 * Math.sin((u + v) * 131);
      const cloud = u + 0.2 * Math.sin(v * 9) > 0.85;
      pixels[r * size + c] = cloud
        ? 2
        : channel < 0.004 + 0.002 * Math.sin(u * 7) || pond > 1.35
          ? 1
          : 0;
    }
  }
  return pixels;
}

function buildCog(size: number): Uint8Array {
  const pixels = classRaster(size);
  const levels = overviewPyramid({ width: size, height: size, pixels }, 256);
  const pixelDeg = SPAN_DEG / size;
  return encodeGeoTiff({
    width: size,
    height: size,
    pixels,
    west: WEST,
    north: NORTH,
    pixelWidth: pixelDeg,
    pixelHeight: pixelDeg,
    tileSize: 256,
    overviews: levels.slice(1),
  });
}

/** One file server for both tilers: HTTP/1.1 keep-alive, Range requests, as a bucket answers. */
async function serveFile(bytes: Uint8Array): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const size = bytes.length;
    if (req.method === 'HEAD') {
      res.writeHead(200, {
        'content-length': size,
        'accept-ranges': 'bytes',
        'content-type': 'image/tiff',
      });
      res.end();
      return;
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (!range) {
      res.writeHead(200, {
        'content-length': size,
        'accept-ranges': 'bytes',
        'content-type': 'image/tiff',
      });
      res.end(bytes);
      return;
    }
    const start = Number(range[1]);
    const end = Math.min(size - 1, range[2] ? Number(range[2]) : size - 1);
    res.writeHead(206, {
      'content-type': 'image/tiff',
      'content-range': `bytes ${start}-${end}/${size}`,
      'content-length': end - start + 1,
      'accept-ranges': 'bytes',
    });
    res.end(bytes.subarray(start, end + 1));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanUp('file server', () => new Promise((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/bench.tif`, requests: () => requests };
}

async function waitFor(url: string, what: string, output: () => string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not start:\n${output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function startCatalog(cogUrl: string): Promise<string> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'styx-bench-tiles-'));
  onCleanUp('catalog data', async () => rmSync(dataDir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STYX_CATALOG_HOST: '127.0.0.1',
    STYX_CATALOG_PORT: String(port),
    STYX_DATA_DIR: dataDir,
    STYX_DEMO: 'off',
    STYX_DEMO_FILES: 'off',
    STYX_THESAURUS: 'off',
    STYX_CATALOG_WRITE_TOKEN: WRITE_TOKEN,
    STYX_LOG_LEVEL: 'warn',
  };
  delete env.STYX_DATABASE_URL;
  delete env.STYX_CATALOG_PUBLIC_URL;
  delete env.JUPYTERHUB_API_TOKEN;
  const started = startChild(
    'catalog-api',
    process.execPath,
    ['--import', 'tsx', 'src/server.ts'],
    {
      cwd: CATALOG_DIR,
      env,
    },
  );
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/`, 'catalog-api', started.output);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WRITE_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  };
  const bbox = [WEST, NORTH - SPAN_DEG, WEST + SPAN_DEG, NORTH];
  await post('/collections', {
    type: 'Collection',
    stac_version: '1.0.0',
    id: 'bench',
    description: 'tiles benchmark',
    license: 'CC0-1.0',
    extent: { spatial: { bbox: [bbox] }, temporal: { interval: [['2024-01-01T00:00:00Z', null]] } },
    links: [],
  });
  const [w, s, e, n] = bbox as [number, number, number, number];
  await post('/collections/bench/items', {
    type: 'Feature',
    stac_version: '1.0.0',
    id: 'bench-cog',
    collection: 'bench',
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
    bbox,
    properties: { datetime: '2024-05-01T10:30:00Z' },
    assets: {
      mask: { href: cogUrl, type: 'image/tiff; application=geotiff; profile=cloud-optimized' },
    },
    links: [],
  });
  return base;
}

async function startTitiler(): Promise<string> {
  const port = await freePort();
  // titiler's "Performance tuning" settings for COGs over HTTP.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GDAL_DISABLE_READDIR_ON_OPEN: 'EMPTY_DIR',
    GDAL_HTTP_MERGE_CONSECUTIVE_RANGES: 'YES',
    GDAL_HTTP_MULTIPLEX: 'YES',
    GDAL_HTTP_VERSION: '2',
    GDAL_CACHEMAX: '200',
    CPL_VSIL_CURL_CACHE_SIZE: '200000000',
    VSI_CACHE: 'TRUE',
    VSI_CACHE_SIZE: '5000000',
    CPL_VSIL_CURL_ALLOWED_EXTENSIONS: '.tif',
  };
  const args = [
    'tiles_titiler_app:app',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--log-level',
    'warning',
  ];
  const started = startChild('titiler', join(VENV_BIN, 'uvicorn'), args, {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, 'titiler', started.output);
  return base;
}

interface Tile {
  z: number;
  x: number;
  y: number;
}

function tilesCovering(bounds: number[], minzoom: number, maxzoom: number): Tile[] {
  const [w, s, e, n] = bounds as [number, number, number, number];
  const tx = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
  const ty = (lat: number, z: number) => {
    const rad = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
  };
  const tiles: Tile[] = [];
  for (let z = minzoom; z <= maxzoom; z++) {
    // Inset by a hair: a tile that only touches the edge is outside for both tilers.
    for (let x = tx(w + 1e-9, z); x <= tx(e - 1e-9, z); x++) {
      for (let y = ty(n - 1e-9, z); y <= ty(s + 1e-9, z); y++) tiles.push({ z, x, y });
    }
  }
  // A fixed shuffle, the same for both: a map's requests do not come in file order.
  let seed = 12345;
  for (let i = tiles.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [tiles[i], tiles[j]] = [tiles[j]!, tiles[i]!];
  }
  return tiles;
}

/** Share of pixels (RGBA, alpha 0 counted as equal) the two tilers agree on, over sample tiles. */
async function comparePixels(
  ours: string,
  peer: string,
  oursPath: (t: Tile) => string,
  peerPath: (t: Tile) => string,
  sample: Tile[],
): Promise<{ tiles: number; agreement: number; statuses: string[] }> {
  let equal = 0;
  let total = 0;
  const statuses: string[] = [];
  for (const tile of sample) {
    const [a, b] = await Promise.all([
      fetch(`${ours}${oursPath(tile)}`),
      fetch(`${peer}${peerPath(tile)}`),
    ]);
    if (a.status !== 200 || b.status !== 200) {
      statuses.push(`${tile.z}/${tile.x}/${tile.y}: catalog-api ${a.status}, titiler ${b.status}`);
      continue;
    }
    const pa = PNG.sync.read(Buffer.from(await a.arrayBuffer()));
    const pb = PNG.sync.read(Buffer.from(await b.arrayBuffer()));
    for (let k = 0; k < pa.data.length; k += 4) {
      total++;
      const clearA = pa.data[k + 3] === 0;
      const clearB = pb.data[k + 3] === 0;
      if (clearA && clearB) equal++;
      else if (
        !clearA &&
        !clearB &&
        pa.data[k] === pb.data[k] &&
        pa.data[k + 1] === pb.data[k + 1] &&
        pa.data[k + 2] === pb.data[k + 2]
      )
        equal++;
    }
  }
  return { tiles: sample.length, agreement: total ? equal / total : 0, statuses };
}

async function main(): Promise<void> {
  installSignalHandlers();
  progress(`building a ${SIZE}×${SIZE} class COG with overviews (256-px tiles, Deflate)`);
  const cog = buildCog(SIZE);
  const file = await serveFile(cog);
  progress(`  ${(cog.length / 1e6).toFixed(1)} MB, served at ${file.url}`);

  progress('starting catalog-api (PGlite) and titiler (uvicorn, one worker)');
  const [catalog, titiler] = await Promise.all([startCatalog(file.url), startTitiler()]);
  const tilejson = (await (
    await fetch(`${catalog}/tiles/bench/bench-cog/mask/tilejson.json`)
  ).json()) as { minzoom: number; maxzoom: number; bounds: number[] };
  const tiles = tilesCovering(tilejson.bounds, tilejson.minzoom, tilejson.maxzoom);
  progress(
    `tile set: ${tiles.length} tiles, zooms ${tilejson.minzoom}–${tilejson.maxzoom} (catalog-api's TileJSON)`,
  );

  const query = `colormap=${encodeURIComponent(COLORMAP)}`;
  const oursPath = (t: Tile) => `/tiles/bench/bench-cog/mask/${t.z}/${t.x}/${t.y}.png?${query}`;
  const peerPath = (t: Tile) =>
    `/cog/tiles/WebMercatorQuad/${t.z}/${t.x}/${t.y}.png?url=${encodeURIComponent(file.url)}&${query}`;

  const sample = tiles.filter((_, i) => i % Math.max(1, Math.floor(tiles.length / 40)) === 0);
  const parity = await comparePixels(catalog, titiler, oursPath, peerPath, sample);
  progress(
    `pixels: ${(100 * parity.agreement).toFixed(2)}% alike over ${parity.tiles} sample tiles (nearest resampling on both)`,
  );
  for (const s of parity.statuses.slice(0, 5)) warn(`status mismatch: ${s}`);

  const rows: {
    concurrency: number;
    ours: number;
    peer: number;
    oursErr: number;
    peerErr: number;
  }[] = [];
  for (const concurrency of CONCURRENCIES) {
    const runs: number[] = [];
    const errors: number[] = [];
    for (const [name, base, path] of [
      ['catalog-api', catalog, oursPath],
      ['titiler', titiler, peerPath],
    ] as const) {
      const mix = tiles.map((t) => ({
        name: `z${t.z}`,
        request: { method: 'GET' as const, path: path(t) },
      }));
      // Warm-up: one pass over the set (headers parsed, caches as a map session would have them).
      await runLoad(base, mix, {
        concurrency,
        durationMs: 0,
        minRequests: Math.min(mix.length, 400),
        maxDurationMs: 60_000,
        maxRequests: Math.min(mix.length, 400),
      });
      const result = await runLoad(base, mix, {
        concurrency,
        durationMs: DURATION_S * 1000,
        minRequests: 0,
        maxDurationMs: DURATION_S * 2000,
        maxRequests: 1_000_000,
      });
      progress(
        `  ${name} at concurrency ${concurrency}: ${result.requestsPerSecond.toFixed(1)} tiles/s, p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms${result.non200 + result.failures ? `, ${result.non200 + result.failures} errors (${result.examples.join('; ')})` : ''}`,
      );
      runs.push(result.requestsPerSecond);
      errors.push(result.non200 + result.failures);
    }
    rows.push({
      concurrency,
      ours: runs[0]!,
      peer: runs[1]!,
      oursErr: errors[0]!,
      peerErr: errors[1]!,
    });
  }

  process.stdout.write(
    `\nCOG tiles: catalog-api vs titiler ${'2.4.0'} — ${SIZE}×${SIZE} COG over HTTP, ${tiles.length} tiles (z${tilejson.minzoom}–${tilejson.maxzoom}), ${DURATION_S} s per run, ${cpus().length} CPUs\n`,
  );
  process.stdout.write(
    'concurrency  catalog-api tiles/s  titiler tiles/s  ratio  errors (ours/peer)\n',
  );
  for (const r of rows) {
    process.stdout.write(
      `${String(r.concurrency).padStart(11)}  ${r.ours.toFixed(1).padStart(19)}  ${r.peer.toFixed(1).padStart(15)}  ${(r.ours / r.peer).toFixed(2).padStart(5)}  ${r.oursErr}/${r.peerErr}\n`,
    );
  }
  process.stdout.write(
    `pixel agreement: ${(100 * parity.agreement).toFixed(2)}% over ${parity.tiles} tiles\n`,
  );
  for (const w of warnings()) process.stdout.write(`WARNING: ${w}\n`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
