import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { StacItem } from '../src/catalog/stac-types.js';
import { withClient } from './databases.js';
import { runTimed } from './processes.js';

/**
 * The ingest comparison: the same ndjson file loaded into two identical fresh databases, by
 * `pypgstac load items --method insert` and by catalog-api's loader CLI (src/cli/load.ts, which
 * calls loadItems), each timed as a subprocess from spawn to exit, so each pays its own process
 * start-up (Python imports; Node + tsx compiling TypeScript), and then checked for equal rows.
 */
export interface IngestRun {
  loader: string;
  command: string;
  items: number;
  /** Spawn to exit. */
  seconds: number;
  itemsPerSecond: number;
  /** The loader's own figure, when it prints one (catalog-api's CLI: excludes process start). */
  selfReported?: { seconds: number; itemsPerSecond: number };
}

export async function writeNdjson(items: StacItem[], file: string): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  for (const item of items) {
    const line = `${JSON.stringify(item)}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
  return bytes;
}

async function rowCount(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pgstac.items');
    return rows[0]!.n;
  });
}

export async function loadWithPypgstac(
  venvBin: string,
  file: string,
  url: string,
): Promise<IngestRun> {
  const args = ['load', 'items', file, '--dsn', url, '--method', 'insert'];
  const result = await runTimed('pypgstac load', join(venvBin, 'pypgstac'), args);
  if (result.code !== 0) {
    throw new Error(`pypgstac load failed (exit ${result.code}):\n${result.stderr.slice(-3000)}`);
  }
  const items = await rowCount(url);
  return {
    loader: 'pypgstac load (insert)',
    command: `pypgstac ${args.join(' ').replace(url, '<url>')}`,
    items,
    seconds: result.seconds,
    itemsPerSecond: items / result.seconds,
  };
}

export async function loadWithCatalogApi(
  catalogDir: string,
  file: string,
  url: string,
  batch: number,
): Promise<IngestRun> {
  // `node --import tsx` is what the `tsx` command runs, minus its extra watcher process.
  const args = [
    '--import',
    'tsx',
    'src/cli/load.ts',
    file,
    '--method',
    'insert',
    '--batch',
    String(batch),
  ];
  const result = await runTimed('catalog-api load', process.execPath, args, {
    cwd: catalogDir,
    env: { ...process.env, STYX_DATABASE_URL: url, STYX_LOG_LEVEL: 'warn', STYX_DEMO: 'off' },
  });
  if (result.code !== 0) {
    throw new Error(
      `catalog-api load failed (exit ${result.code}):\n${result.stderr.slice(-3000)}`,
    );
  }
  const items = await rowCount(url);
  let selfReported: IngestRun['selfReported'];
  try {
    const line = result.stdout.trim().split('\n').at(-1) ?? '';
    const parsed = JSON.parse(line) as { seconds: number; itemsPerSecond: number };
    selfReported = { seconds: parsed.seconds, itemsPerSecond: parsed.itemsPerSecond };
  } catch {
    selfReported = undefined;
  }
  return {
    loader: `catalog-api loadItems (insert, batches of ${batch})`,
    command: `node --import tsx src/cli/load.ts ${file} --method insert --batch ${batch}`,
    items,
    seconds: result.seconds,
    itemsPerSecond: items / result.seconds,
    ...(selfReported ? { selfReported } : {}),
  };
}
