/**
 * The map's footprint benchmark: how long from a search response's text to deck.gl's first
 * frame showing its footprints, for the naive path (GeoJSON feature objects into GeoJsonLayer)
 * and the shipped one (binary footprints, src/map/footprints.ts), in Debian's headless
 * Chromium on synthetic results of 1,000, 10,000 and 100,000 items.
 *
 *   npx tsx bench/run.ts          (from extension/; `npm run bench -w extension`)
 *
 * Knobs (environment): BENCH_SIZES ("1000,10000,100000"), BENCH_REPEAT (5 runs per size and
 * path; the median is reported). Results also go to bench/results/latest.json.
 *
 * Chromium here draws with SwiftShader (software WebGL): both paths draw fills only
 * (`stroked: false`) so drawing weighs little, and the times are for comparing the two paths
 * in the same run, not frame rates to expect on a GPU.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS as BASE_CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/chromium.js';
import type { Timing, Variant } from './footprints-page.js';
import { SYNTHETIC_AREA, syntheticItemCollection } from './synthetic-items.js';

const ENTRY = fileURLToPath(new URL('./footprints-page.ts', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const CHROMIUM_ARGS = [
  ...BASE_CHROMIUM_ARGS,
  // Lets the page collect garbage between runs, so one run does not pay for the last.
  '--js-flags=--expose-gc',
];

const SIZES = numbers(process.env.BENCH_SIZES ?? '1000,10000,100000', 'BENCH_SIZES');
const REPEAT = numbers(process.env.BENCH_REPEAT ?? '5', 'BENCH_REPEAT')[0]!;

interface SizeResult {
  footprints: number;
  responseBytes: number;
  naive: { medianMs: number; medianAfterParseMs: number; runs: Timing[] };
  binary: {
    medianMs: number;
    medianAfterParseMs: number;
    medianParseMs: number;
    medianBuildMs: number;
    runs: Timing[];
  };
  /** Naive over binary, from the text (JSON.parse included, as the map pays it). */
  ratio: number;
  /** The same without JSON.parse, which both paths share. */
  ratioAfterParse: number;
}

type BenchWindow = Window & {
  styxBench: {
    start(area: readonly number[]): Promise<string>;
    load(url: string): Promise<number>;
    measure(url: string, variant: Variant): Promise<Timing>;
  };
};

async function main(): Promise<void> {
  const started = Date.now();
  const bundle = await bundlePage();
  const server = await serve(bundle);
  const { port } = server.address() as AddressInfo;
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    page.on('console', (message) => {
      if (message.type() === 'error' && !/uniform block|DBus/i.test(message.text())) {
        console.warn(`  page: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => console.warn(`  page error: ${error.message}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'styxBench' in window);
    const renderer = await page.evaluate(
      (area) => (window as unknown as BenchWindow).styxBench.start(area),
      [...SYNTHETIC_AREA],
    );

    // Untimed: compiles the shaders both paths use.
    const warmUp = `/items/${Math.min(...SIZES, 1000)}.json`;
    await page.evaluate((url) => (window as unknown as BenchWindow).styxBench.load(url), warmUp);
    for (const variant of ['naive', 'binary'] as const) {
      await measure(page, warmUp, variant);
    }

    const results: SizeResult[] = [];
    for (const size of SIZES) {
      const url = `/items/${size}.json`;
      const responseBytes = await page.evaluate(
        (u) => (window as unknown as BenchWindow).styxBench.load(u),
        url,
      );
      const runs: Record<Variant, Timing[]> = { naive: [], binary: [] };
      for (let r = 0; r < REPEAT; r++) {
        // Alternate which path goes first, so neither always inherits the other's garbage.
        const order: Variant[] = r % 2 === 0 ? ['naive', 'binary'] : ['binary', 'naive'];
        for (const variant of order) {
          runs[variant].push(await measure(page, url, variant));
        }
      }
      const naive = median(runs.naive.map((t) => t.totalMs));
      const binary = median(runs.binary.map((t) => t.totalMs));
      const naiveAfterParse = median(runs.naive.map((t) => t.totalMs - t.parseMs));
      const binaryAfterParse = median(runs.binary.map((t) => t.totalMs - t.parseMs));
      results.push({
        footprints: size,
        responseBytes,
        naive: { medianMs: naive, medianAfterParseMs: naiveAfterParse, runs: runs.naive },
        binary: {
          medianMs: binary,
          medianAfterParseMs: binaryAfterParse,
          medianParseMs: median(runs.binary.map((t) => t.parseMs)),
          medianBuildMs: median(runs.binary.map((t) => t.buildMs)),
          runs: runs.binary,
        },
        ratio: naive / binary,
        ratioAfterParse: naiveAfterParse / binaryAfterParse,
      });
      console.log(`  ${size.toLocaleString('en')} footprints measured`);
    }

    const chromiumVersion = browser.version();
    printTable(results, chromiumVersion, renderer);
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(
      `${RESULTS_DIR}latest.json`,
      `${JSON.stringify(
        {
          benchmark: 'map footprints: response text to first deck.gl frame',
          date: new Date().toISOString(),
          chromium: chromiumVersion,
          renderer,
          softwareRendering: /swiftshader/i.test(renderer),
          repeat: REPEAT,
          results,
        },
        null,
        2,
      )}\n`,
    );
    console.log(
      `\nResults: bench/results/latest.json (${Math.round((Date.now() - started) / 1000)} s)`,
    );
  } finally {
    await browser?.close();
    server.close();
  }
}

function measure(page: Page, url: string, variant: Variant): Promise<Timing> {
  return page.evaluate(
    (args) => (window as unknown as BenchWindow).styxBench.measure(args.url, args.variant),
    { url, variant },
  );
}

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

function serve(bundle: string): Promise<Server> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Styx map bench</title></head>
<body style="margin:0"><div id="map" style="position:relative;width:800px;height:600px"></div>
<script type="module" src="/bench.js"></script></body></html>`;
  const responses = new Map<number, string>();
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    const items = /^\/items\/(\d+)\.json$/.exec(path);
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(html);
    } else if (path === '/bench.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else if (items) {
      const count = Number(items[1]);
      let body = responses.get(count);
      if (body === undefined) {
        body = syntheticItemCollection(count);
        responses.set(count, body);
      }
      response.writeHead(200, { 'content-type': 'application/geo+json' }).end(body);
    } else {
      response.writeHead(path === '/favicon.ico' ? 204 : 404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function printTable(results: SizeResult[], chromiumVersion: string, renderer: string): void {
  const ms = (value: number) => value.toFixed(1);
  const rows = [
    [
      'footprints',
      'naive ms',
      'binary ms',
      'naive/binary',
      'naive-parse',
      'binary-parse',
      'ratio',
      'parse ms',
      'build ms',
    ],
    ...results.map((r) => [
      r.footprints.toLocaleString('en'),
      ms(r.naive.medianMs),
      ms(r.binary.medianMs),
      `${r.ratio.toFixed(2)}×`,
      ms(r.naive.medianAfterParseMs),
      ms(r.binary.medianAfterParseMs),
      `${r.ratioAfterParse.toFixed(2)}×`,
      ms(r.binary.medianParseMs),
      ms(r.binary.medianBuildMs),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  console.log(
    `\nSearch response text → JSON.parse → layer input → deck.gl's first frame (onAfterRender),` +
      ` median of ${REPEAT}; GeoJsonLayer, fills only.`,
  );
  console.log(`Chromium ${chromiumVersion}, WebGL renderer: ${renderer}`);
  if (/swiftshader/i.test(renderer)) {
    console.log(
      'Frame rates here are software-rendered (SwiftShader): compare the paths, not the times.',
    );
  }
  console.log(
    'naive/binary: from the response text. naive-parse, binary-parse, ratio: the same without' +
      " JSON.parse, which both pay.\nparse ms, build ms: the binary path's JSON.parse and" +
      ' building of its arrays.\n',
  );
  for (const row of rows) {
    console.log(
      row
        .map((cell, c) => (c === 0 ? cell.padStart(widths[c]!) : cell.padStart(widths[c]! + 3)))
        .join(''),
    );
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function numbers(text: string, name: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || !values.every((v) => Number.isInteger(v) && v > 0)) {
    throw new Error(`${name} must be positive integers separated by commas, not "${text}".`);
  }
  return values;
}

await main();
