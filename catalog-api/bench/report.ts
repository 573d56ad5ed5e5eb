import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { QueryCheck } from './correctness.js';
import type { IngestRun } from './ingest.js';
import type { IngestCheck } from './ingest-check.js';
import type { LoadResult } from './load-driver.js';
import type { MixFacts } from './query-mix.js';

/** The printed tables (stdout) and the JSON results file. */
export const OURS = 'catalog-api';
export const PEER = 'stac-fastapi-pgstac';

export interface LoadLevel {
  concurrency: number;
  /** Which server ran first at this level. */
  order: string[];
  results: Record<string, LoadResult>;
}

export interface BenchResults {
  startedAt: string;
  finishedAt?: string;
  machine: { cpus: number; node: string; platform: string };
  config: Record<string, unknown>;
  dataset?: { items: number; collections: number; ndjsonBytes: number; generateSeconds: number };
  databases?: Record<string, unknown>;
  ingest?: { runs: IngestRun[]; ratio: number; check: IngestCheck };
  queryMix?: {
    facts: MixFacts;
    queries: { name: string; description: string }[];
    /** The queries timed: those both servers answered with 200 in the check. */
    timed?: string[];
  };
  correctness?: QueryCheck[];
  load?: LoadLevel[];
  /** The same, without the 1,000-item page. */
  loadLight?: LoadLevel[];
  warnings?: readonly string[];
  error?: string;
}

function table(headers: string[], rows: string[][], rightFrom = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= rightFrom ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : '-');
const ratio = (a: number, b: number) =>
  Number.isFinite(a / b) && b > 0 ? `${(a / b).toFixed(2)}x` : '-';

export function ingestTable(results: BenchResults): string {
  const ingest = results.ingest;
  if (!ingest) return '';
  const rows = ingest.runs.map((r) => [
    r.loader,
    String(r.items),
    f1(r.seconds),
    f0(r.itemsPerSecond),
    r.selfReported ? `${f0(r.selfReported.itemsPerSecond)} (${f1(r.selfReported.seconds)} s)` : '-',
  ]);
  const check = ingest.check;
  const differing = Object.entries(check.differingRowsByCollection);
  const verdict = check.ok
    ? `identical: same rows (${check.rows[0]}), same content for ${check.sampled} sampled ids, same digest over all rows, same ${check.partitions[0]} partitions`
    : [
        `MISMATCH (see warnings): rows ${check.rows[0]} vs ${check.rows[1]}`,
        differing.length > 0
          ? `stored rows differ in ${differing.map(([c, n]) => `${c} (${n})`).join(', ')}`
          : 'digest over all rows equal',
        `served (hydrated) items ${check.servedMismatches.length === 0 ? 'identical' : 'DIFFER'} for ${check.sampled} sampled ids`,
        `partitions ${check.partitionMismatches.length === 0 ? 'identical' : 'DIFFER'}`,
      ].join('; ');
  return [
    `INGEST: ${results.dataset?.items} items in ${results.dataset?.collections} collections (${((results.dataset?.ndjsonBytes ?? 0) / 1e6).toFixed(1)} MB ndjson) into a fresh database each.`,
    'Each loader is a subprocess timed from spawn to exit, so each pays its own process start-up.',
    '',
    table(['loader', 'items', 'seconds', 'items/s', "loader's own items/s"], rows),
    '',
    `catalog-api / pypgstac items/s: ${ingest.ratio.toFixed(2)}x`,
    `check: ${verdict}`,
  ].join('\n');
}

export function loadTable(levels: LoadLevel[], heading: string): string {
  if (levels.length === 0) return '';
  const rows = levels.map((level) => {
    const a = level.results[OURS]!;
    const b = level.results[PEER]!;
    return [
      String(level.concurrency),
      f1(a.requestsPerSecond),
      f1(b.requestsPerSecond),
      ratio(a.requestsPerSecond, b.requestsPerSecond),
      ms(a.latency.p50),
      ms(b.latency.p50),
      ratio(b.latency.p50, a.latency.p50),
      ms(a.latency.p99),
      ms(b.latency.p99),
      ratio(b.latency.p99, a.latency.p99),
      `${a.requests}/${b.requests}`,
      `${f1(a.seconds)}/${f1(b.seconds)}`,
      `${a.non200 + a.failures}/${b.non200 + b.failures}`,
      level.order[0] === OURS ? 'cat' : 'peer',
    ];
  });
  return [
    heading,
    'cat = catalog-api, peer = stac-fastapi-pgstac; latency in ms. Ratios: req/s cat/peer; latency peer/cat',
    '(>1x: catalog-api is better). errors: non-200 + no answer. first: which server ran first.',
    '',
    table(
      [
        'conc',
        'cat req/s',
        'peer req/s',
        'req/s x',
        'cat p50',
        'peer p50',
        'p50 x',
        'cat p99',
        'peer p99',
        'p99 x',
        'requests c/p',
        'secs c/p',
        'errors c/p',
        'first',
      ],
      rows,
    ),
  ].join('\n');
}

export function perQueryTable(results: BenchResults, concurrency = 1): string {
  const level = results.load?.find((l) => l.concurrency === concurrency);
  if (!level) return '';
  const a = level.results[OURS]!;
  const b = level.results[PEER]!;
  const rows = a.perQuery.map((qa, i) => {
    const qb = b.perQuery[i]!;
    return [
      qa.name,
      ms(qa.p50),
      ms(qb.p50),
      ratio(qb.p50, qa.p50),
      ms(qa.p99),
      ms(qb.p99),
      `${qa.count}/${qb.count}`,
      `${qa.errors}/${qb.errors}`,
    ];
  });
  return [
    `PER QUERY at concurrency ${concurrency} (latency in ms; p50 x = peer/cat):`,
    '',
    table(
      ['query', 'cat p50', 'peer p50', 'p50 x', 'cat p99', 'peer p99', 'n c/p', 'errors c/p'],
      rows,
    ),
  ].join('\n');
}

export function correctnessSummary(results: BenchResults): string {
  const checks = results.correctness ?? [];
  if (checks.length === 0) return '';
  const rows = checks.map((c) => {
    const a = c.answers[OURS];
    const b = c.answers[PEER];
    const show = (x: typeof a) =>
      !x
        ? '-'
        : x.status !== 200
          ? `HTTP ${x.status}`
          : `${x.numberMatched ?? '-'} / ${x.ids.length}`;
    return [
      c.name,
      show(a),
      show(b),
      c.expectedMatched === undefined ? '-' : String(c.expectedMatched),
      c.problems.length === 0 ? 'ok' : 'DIFFERS',
    ];
  });
  return [
    'CORRECTNESS (each query once, before timing): numberMatched / features returned',
    '',
    table(['query', 'catalog-api', 'stac-fastapi-pgstac', 'expected', 'check'], rows),
  ].join('\n');
}

export function printReport(results: BenchResults): void {
  const parts = [
    ingestTable(results),
    correctnessSummary(results),
    loadTable(
      results.load ?? [],
      `QUERIES: the ${results.queryMix?.timed?.length}-query mix (of ${results.queryMix?.queries.length}; see warnings for any left out), closed loop, one keep-alive connection per worker; each (server, concurrency) runs ${results.config.durationSeconds} s and at least ${results.config.minCyclesOfMix} cycles of the mix (${results.config.minCyclesOfMixAtConcurrency1} at concurrency 1; cap ${results.config.maxDurationSeconds} s).`,
    ),
    perQueryTable(results, 1),
    loadTable(
      results.loadLight ?? [],
      `QUERIES, LIGHT MIX: the same mix without 'search limit=1000' (which is ~85% of a cycle's database time), ${results.config.lightDurationSeconds} s per (server, concurrency).`,
    ),
  ];
  const warnings = results.warnings ?? [];
  if (warnings.length > 0) {
    parts.push(['WARNINGS:', ...warnings.map((w) => `  - ${w}`)].join('\n'));
  }
  process.stdout.write(`\n${parts.filter((p) => p !== '').join('\n\n')}\n`);
}

export function writeResults(file: string, results: BenchResults): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
