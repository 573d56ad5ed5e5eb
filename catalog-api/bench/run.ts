import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../test/support/postgres-server.js';
import { checkQueries } from './correctness.js';
import { cloneDatabase, createTemplate, describeSettings, prepareForQueries } from './databases.js';
import { demoDataset } from './dataset.js';
import { HttpTarget } from './http-client.js';
import { loadWithCatalogApi, loadWithPypgstac, writeNdjson } from './ingest.js';
import { compareLoads } from './ingest-check.js';
import { runLoad } from './load-driver.js';
import { MAX_DURATION_S, MAX_REQUESTS, runLevels } from './load-levels.js';
import { cleanUp, installSignalHandlers, interrupted, onCleanUp } from './processes.js';
import { progress, warn, warnings } from './progress.js';
import { buildQueryMix } from './query-mix.js';
import { type BenchResults, OURS, PEER, printReport, writeResults } from './report.js';
import { POOL_SIZE, type RunningServer, startCatalogApi, startStacFastapi } from './servers.js';

/**
 * `npm run bench -w catalog-api`: catalog-api against stac-fastapi-pgstac on the same PgSTAC
 * database, and catalog-api's loader against `pypgstac load`, on the demo catalog (scale 1).
 * Everything runs on loopback against a throw-away PostgreSQL; everything is stopped on exit.
 *
 * Knobs (environment, for quick runs while developing the bench): BENCH_SCALE (1),
 * BENCH_DURATION_S (10 s per server and concurrency), BENCH_CONCURRENCY ("1,10,50"),
 * BENCH_LIGHT_CONCURRENCY ("10,50"; empty: no light pass), BENCH_LIGHT_DURATION_S (8).
 */
const CATALOG_DIR = fileURLToPath(new URL('..', import.meta.url));
const VENV_BIN = fileURLToPath(new URL('../../.venv/bin/', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '1,10,50').split(',').map(Number);
/**
 * Every run lasts DURATION_S and covers at least MIN_CYCLES of the mix (more at concurrency 1,
 * whose run also gives the per-query latencies), within load-levels' MAX_DURATION_S.
 */
const MIN_CYCLES = 10;
const MIN_CYCLES_SEQUENTIAL = 15;
const LOAD_BATCH = 5_000;
/** The query left out of the second, lighter pass, at these concurrencies, for this long. */
const BIG_PAGE = 'search limit=1000';
const LIGHT_CONCURRENCIES = (process.env.BENCH_LIGHT_CONCURRENCY ?? '10,50')
  .split(',')
  .filter((c) => c !== '')
  .map(Number);
const LIGHT_DURATION_S = Number(process.env.BENCH_LIGHT_DURATION_S ?? 8);
const WARM_UP_ROUNDS = 2;

const results: BenchResults = {
  startedAt: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  },
  config: {
    scale: SCALE,
    durationSeconds: DURATION_S,
    minCyclesOfMix: MIN_CYCLES,
    minCyclesOfMixAtConcurrency1: MIN_CYCLES_SEQUENTIAL,
    lightConcurrencies: LIGHT_CONCURRENCIES,
    lightDurationSeconds: LIGHT_DURATION_S,
    maxDurationSeconds: MAX_DURATION_S,
    concurrencies: CONCURRENCIES,
    poolSize: POOL_SIZE,
    loadBatch: LOAD_BATCH,
    warmUp: `${WARM_UP_ROUNDS} sequential rounds of the mix, then one round at concurrency 10 (fills the pools), per server`,
    http: 'node:http keep-alive agent, one socket per worker, no Accept-Encoding',
    percentiles: 'exact, nearest rank over every request',
  },
};

async function main(): Promise<void> {
  installSignalHandlers();

  progress('starting PostgreSQL 15 + PostGIS');
  const pgServer = await startPostgres();
  onCleanUp('PostgreSQL', () => pgServer.stop());
  const work = mkdtempSync(join(tmpdir(), 'styx-bench-'));
  onCleanUp('work folder', async () => rmSync(work, { recursive: true, force: true }));

  progress(`generating the demo catalog (scale ${SCALE})`);
  const t0 = performance.now();
  const { collections, items } = await demoDataset(join(work, 'demo'), SCALE);
  const ndjson = join(work, 'items.ndjson');
  const ndjsonBytes = await writeNdjson(items, ndjson);
  results.dataset = {
    items: items.length,
    collections: collections.length,
    ndjsonBytes,
    generateSeconds: (performance.now() - t0) / 1000,
  };
  progress(
    `${items.length} items in ${collections.length} collections, ${(ndjsonBytes / 1e6).toFixed(1)} MB ndjson`,
  );

  // --- databases ------------------------------------------------------------------------------
  progress(
    "creating the template database: pypgstac migrate, catalog-api's PgSTAC settings, collections",
  );
  const { migrateSeconds } = await createTemplate(
    pgServer,
    'bench_template',
    VENV_BIN,
    collections,
  );
  const DB_PYPGSTAC = 'bench_pypgstac';
  const DB_CATALOG = 'bench_catalog';
  await cloneDatabase(pgServer, 'bench_template', DB_PYPGSTAC);
  await cloneDatabase(pgServer, 'bench_template', DB_CATALOG);

  // --- ingest ---------------------------------------------------------------------------------
  progress(`ingest: pypgstac load items --method insert (${items.length} items)`);
  const pypgstacRun = await loadWithPypgstac(VENV_BIN, ndjson, pgServer.url(DB_PYPGSTAC));
  progress(
    `  pypgstac: ${pypgstacRun.seconds.toFixed(1)} s, ${pypgstacRun.itemsPerSecond.toFixed(0)} items/s`,
  );
  progress(`ingest: catalog-api loader, batches of ${LOAD_BATCH}`);
  const catalogRun = await loadWithCatalogApi(
    CATALOG_DIR,
    ndjson,
    pgServer.url(DB_CATALOG),
    LOAD_BATCH,
  );
  progress(
    `  catalog-api: ${catalogRun.seconds.toFixed(1)} s, ${catalogRun.itemsPerSecond.toFixed(0)} items/s`,
  );
  progress('ingest: comparing the two databases');
  const check = await compareLoads(pgServer.url(DB_PYPGSTAC), pgServer.url(DB_CATALOG));
  results.ingest = {
    runs: [pypgstacRun, catalogRun],
    ratio: catalogRun.itemsPerSecond / pypgstacRun.itemsPerSecond,
    check,
  };
  if (check.rows[0] !== items.length || check.rows[1] !== items.length) {
    warn(
      `INGEST ROW COUNT: generated ${items.length}, pypgstac loaded ${check.rows[0]}, catalog-api loaded ${check.rows[1]}`,
    );
  }
  if (!check.ok) {
    const differing = Object.entries(check.differingRowsByCollection);
    warn(
      [
        'INGEST MISMATCH between the pypgstac-loaded (first) and the catalog-api-loaded (second) databases:',
        `rows ${check.rows[0]} vs ${check.rows[1]}; digest over all stored rows ${check.digestsEqual ? 'equal' : 'DIFFERS'}`,
        ...(differing.length > 0
          ? [
              `stored rows differing, per collection: ${differing.map(([c, n]) => `${c} ${n}`).join(', ')}`,
            ]
          : []),
        `served items (pgstac.get_item, hydrated) for the ${check.sampled} sampled ids: ${check.servedMismatches.length === 0 ? 'identical' : `${check.servedMismatches.length} DIFFER`}`,
        ...check.sampleMismatches.slice(0, 5).map((m) => `  stored: ${m}`),
        ...check.servedMismatches.slice(0, 5).map((m) => `  served: ${m}`),
        ...check.rowMismatches.slice(0, 5).map((m) => `  row: ${m}`),
        ...check.partitionMismatches.slice(0, 10).map((m) => `  partition: ${m}`),
      ].join('\n'),
    );
  } else {
    progress(
      `  identical: ${check.rows[0]} rows, ${check.sampled} sampled contents, digest, ${check.partitions[0]} partitions`,
    );
  }

  // --- servers --------------------------------------------------------------------------------
  progress(`preparing ${DB_PYPGSTAC} for queries: queryables per collection, VACUUM ANALYZE`);
  const queryables = await prepareForQueries(pgServer.url(DB_PYPGSTAC), items);
  const dbUrl = new URL(pgServer.url(DB_PYPGSTAC));
  progress('starting catalog-api');
  const ours = await startCatalogApi(CATALOG_DIR, pgServer.url(DB_PYPGSTAC));
  progress(`  ${ours.baseUrl}`);
  progress('starting stac-fastapi-pgstac (uvicorn)');
  const peer = await startStacFastapi(VENV_BIN, {
    host: dbUrl.hostname,
    port: Number(dbUrl.port),
    name: DB_PYPGSTAC,
  });
  progress(`  ${peer.baseUrl}`);
  const servers: Record<string, RunningServer> = { [OURS]: ours, [PEER]: peer };
  // Read after both started (catalog-api re-applies its PgSTAC settings at start).
  const settings = await describeSettings(pgServer.url(DB_PYPGSTAC), DB_PYPGSTAC);
  results.databases = {
    queried: DB_PYPGSTAC,
    migrateSeconds,
    queryablesRegistered: queryables,
    ...settings,
  };
  progress(
    `  both servers see pgstac_settings ${JSON.stringify(settings.pgstacSettings)}; database settings ${settings.databaseSettings.join(', ')}`,
  );
  if (settings.pgstacSettings.context !== 'on') {
    warn(`pgstac_settings context is '${settings.pgstacSettings.context}', not 'on'`);
  }
  results.config.servers = Object.fromEntries(
    Object.values(servers).map((s) => [s.name, s.command]),
  );

  // --- correctness ----------------------------------------------------------------------------
  const { mix, facts } = buildQueryMix(collections, items);
  results.queryMix = {
    facts,
    queries: mix.map((q) => ({ name: q.name, description: q.description })),
  };
  progress(`query mix: ${mix.length} queries (${JSON.stringify(facts)})`);
  progress('checking each query once against both servers');
  const targets = Object.fromEntries(
    Object.entries(servers).map(([k, s]) => [k, new HttpTarget(s.baseUrl, 1)]),
  );
  const checks = await checkQueries(targets, mix);
  for (const t of Object.values(targets)) t.close();
  results.correctness = checks;
  if (checks.some((c) => Object.values(c.answers).some((a) => a.status >= 500))) {
    await new Promise((r) => setTimeout(r, 500)); // let the servers' error logs arrive
  }
  for (const c of checks) {
    if (c.problems.length === 0) continue;
    // A 500's body says little; the server's log says why.
    const logs = Object.entries(c.answers)
      .filter(([, a]) => a.status >= 500)
      .map(([name, a]) => {
        const why = lastErrorLine(servers[name]!.process.output());
        if (why) a.error = `${a.error ?? ''} [log: ${why}]`;
        return why ? `${name} log: ${why}` : '';
      })
      .filter((line) => line !== '');
    warn(`query '${c.name}' (${c.description}):\n  ${[...c.problems, ...logs].join('\n  ')}`);
  }

  // A query one server cannot answer (non-200) would time an error page against a real answer:
  // it leaves the timed mix, for both servers, and the report says so.
  const timed = mix.filter((q) =>
    Object.values(checks.find((c) => c.name === q.name)!.answers).every((a) => a.status === 200),
  );
  const excluded = mix.filter((q) => !timed.includes(q));
  results.queryMix.timed = timed.map((q) => q.name);
  for (const q of excluded) {
    const statuses = Object.entries(checks.find((c) => c.name === q.name)!.answers)
      .map(([server, a]) => `${server} HTTP ${a.status}`)
      .join(', ');
    warn(`query '${q.name}' is left out of the timed mix for both servers (${statuses})`);
  }
  if (timed.length === 0) throw new Error('no query is answered by both servers; nothing to time');

  // --- warm-up and load -----------------------------------------------------------------------
  const requests = timed.map((q) => ({ name: q.name, request: q.request }));
  for (const server of Object.values(servers)) {
    progress(`warming up ${server.name}`);
    const target = new HttpTarget(server.baseUrl, 1);
    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      for (const q of timed) await target.request(q.request);
    }
    target.close();
    await runLoad(server.baseUrl, requests, {
      concurrency: 10,
      durationMs: 0,
      minRequests: requests.length,
      maxDurationMs: 60_000,
      maxRequests: MAX_REQUESTS,
    });
  }

  results.load = await runLevels(servers, requests, CONCURRENCIES, 'mix', {
    durationMs: DURATION_S * 1000,
    minRequests: (c) => (c === 1 ? MIN_CYCLES_SEQUENTIAL : MIN_CYCLES) * requests.length,
  });

  // The 1,000-item page costs ~85% of a cycle (PgSTAC hydrating 1,000 items in SQL), so the full
  // mix mostly measures that under load; a shorter pass without it shows the ordinary queries.
  const light = requests.filter((q) => q.name !== BIG_PAGE);
  if (light.length < requests.length && LIGHT_CONCURRENCIES.length > 0) {
    results.loadLight = await runLevels(
      servers,
      light,
      LIGHT_CONCURRENCIES,
      `mix without '${BIG_PAGE}'`,
      {
        durationMs: LIGHT_DURATION_S * 1000,
        minRequests: () => 0,
      },
    );
  }
}

/** The last line of a server's output that names an error or exception. */
function lastErrorLine(output: string): string | undefined {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /error|exception/i.test(line))
    .at(-1)
    ?.slice(0, 300);
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  results.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`\n[bench] FAILED: ${results.error}\n`);
} finally {
  progress('stopping servers and PostgreSQL');
  await cleanUp();
}
if (interrupted()) process.exit(130); // the signal handler exits too; keep the last results
results.finishedAt = new Date().toISOString();
results.warnings = warnings();
printReport(results);
writeResults(RESULTS_FILE, results);
process.stderr.write(`[bench] results written to ${RESULTS_FILE}\n`);
process.exit(failed ? 1 : 0);
