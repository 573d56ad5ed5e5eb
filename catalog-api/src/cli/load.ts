import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { StacItem } from '../catalog/stac-types.js';
import { loadConfig } from '../config.js';
import { openCatalogDatabase } from '../db/open-database.js';
import { type LoadMethod, loadItems } from '../loader/item-loader.js';

/**
 * `npm run load -w catalog-api -- items.ndjson [--method upsert] [--batch 5000]`: loads STAC
 * items (one JSON per line, as `pypgstac load` reads them) into the configured catalog on the
 * fast ingest path, printing progress and the rate.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    method: { type: 'string', default: 'insert' },
    batch: { type: 'string', default: '5000' },
  },
});
const file = positionals[0];
const method = values.method as LoadMethod;
const batchSize = Number(values.batch);
if (
  !file ||
  !['insert', 'upsert'].includes(method) ||
  !Number.isInteger(batchSize) ||
  batchSize < 1
) {
  console.error('usage: load <items.ndjson> [--method insert|upsert] [--batch N]');
  process.exit(2);
}

const db = await openCatalogDatabase(loadConfig(process.env), (m) => console.error(`[load] ${m}`));
const started = performance.now();
let total = 0;
let batch: StacItem[] = [];
const flush = async () => {
  if (batch.length === 0) return;
  await loadItems(db, batch, method);
  total += batch.length;
  batch = [];
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`\r[load] ${total} items, ${(total / seconds).toFixed(0)} items/s`);
};
try {
  const lines = createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo += 1;
    if (line.trim() === '') continue;
    try {
      batch.push(JSON.parse(line) as StacItem);
    } catch {
      throw new Error(`${file}:${lineNo}: not valid JSON`);
    }
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  const seconds = (performance.now() - started) / 1000;
  console.error('');
  console.log(
    JSON.stringify({
      items: total,
      seconds: Number(seconds.toFixed(3)),
      itemsPerSecond: Math.round(total / seconds),
    }),
  );
} finally {
  await db.close();
}
