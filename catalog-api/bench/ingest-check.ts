import { isDeepStrictEqual } from 'node:util';
import { withClient } from './databases.js';

/**
 * Checks that two loads produced the same database: the same number of rows in pgstac.items,
 * identical stored `content` (and the other columns) for a sample of ids, a digest over every
 * row, the same partitions with the same constraints and statistics; and, where stored rows
 * differ, whether the items PgSTAC serves (get_item, hydrated) still are identical.
 */
export interface IngestCheck {
  rows: [number, number];
  sampled: number;
  /** Stored-row differences in the sample, down to the JSON path. */
  sampleMismatches: string[];
  /** Hydrated items (pgstac.get_item) that differ, for the sampled ids. */
  servedMismatches: string[];
  digestsEqual: boolean;
  /** Rows whose stored text differs, per collection (all rows, not only the sample). */
  differingRowsByCollection: Record<string, number>;
  rowMismatches: string[];
  partitions: [number, number];
  partitionMismatches: string[];
  /** Everything identical. */
  ok: boolean;
}

const ROW_TEXT = `concat_ws('|', collection, id, geometry::text, datetime::text,
  end_datetime::text, content::text, private::text)`;

interface Row {
  id: string;
  collection: string;
  content: unknown;
  geometry: string;
  datetime: string;
  end_datetime: string;
  private: unknown;
}

const ABSENT = '(absent)';
const show = (v: unknown) => (v === undefined ? ABSENT : JSON.stringify(v).slice(0, 60));

/** The JSON paths where two values differ (objects recursed; arrays compared whole). */
export function jsonDiff(a: unknown, b: unknown, path = '', out: string[] = [], max = 5): string[] {
  if (out.length >= max || isDeepStrictEqual(a, b)) return out;
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
      jsonDiff(x[key], y[key], path ? `${path}.${key}` : key, out, max);
    }
    return out;
  }
  out.push(`${path || '(root)'}: ${show(a)} vs ${show(b)}`);
  return out;
}

export async function compareLoads(
  urlA: string,
  urlB: string,
  sampleSize = 250,
): Promise<IngestCheck> {
  const summary = (url: string) =>
    withClient(url, async (c) => {
      const count = await c.query<{ n: number; digest: string | null }>(
        `SELECT count(*)::int AS n, md5(string_agg(md5(${ROW_TEXT}), '' ORDER BY collection, id)) AS digest
         FROM pgstac.items`,
      );
      const partitions = await c.query<Record<string, unknown>>(
        `SELECT partition, collection, constraint_dtrange::text AS constraint_dtrange,
                constraint_edtrange::text AS constraint_edtrange, dtrange::text AS dtrange,
                edtrange::text AS edtrange, ST_AsText(spatial) AS spatial
         FROM pgstac.partitions ORDER BY partition`,
      );
      const ids = await c.query<{ id: string; collection: string }>(
        'SELECT id, collection FROM pgstac.items ORDER BY collection, id',
      );
      return { count: count.rows[0]!, partitions: partitions.rows, ids: ids.rows };
    });
  const [a, b] = await Promise.all([summary(urlA), summary(urlB)]);

  // An even sample over the first database's ids, compared column by column.
  const step = Math.max(1, Math.floor(a.ids.length / sampleSize));
  const sample = a.ids.filter((_, i) => i % step === 0).slice(0, sampleSize);
  const fetchRows = (url: string) =>
    withClient(url, async (c) => {
      const { rows } = await c.query<Row & { served: unknown }>(
        `SELECT id, collection, content, ST_AsText(geometry) AS geometry, datetime::text AS datetime,
                end_datetime::text AS end_datetime, private, pgstac.get_item(id, collection) AS served
         FROM pgstac.items WHERE id = ANY($1::text[])`,
        [sample.map((s) => s.id)],
      );
      return new Map(rows.map((r) => [`${r.collection}/${r.id}`, r]));
    });
  const [rowsA, rowsB] = await Promise.all([fetchRows(urlA), fetchRows(urlB)]);
  const sampleMismatches: string[] = [];
  const servedMismatches: string[] = [];
  for (const [key, { served: servedA, ...rowA }] of rowsA) {
    const found = rowsB.get(key);
    if (!found) {
      sampleMismatches.push(`${key}: missing from the second database`);
      continue;
    }
    const { served: servedB, ...rowB } = found;
    const diffs = jsonDiff(rowA, rowB);
    if (diffs.length > 0) sampleMismatches.push(`${key}: ${diffs.join('; ')}`);
    const servedDiffs = jsonDiff(servedA, servedB);
    if (servedDiffs.length > 0) servedMismatches.push(`${key}: ${servedDiffs.join('; ')}`);
  }

  const digestsEqual = a.count.digest === b.count.digest;
  const rows = digestsEqual
    ? { byCollection: {}, examples: [] }
    : await findRowMismatches(urlA, urlB);

  const partitionMismatches: string[] = [];
  const partsB = new Map(b.partitions.map((p) => [String(p.partition), p]));
  for (const p of a.partitions) {
    const q = partsB.get(String(p.partition));
    if (!q) partitionMismatches.push(`${p.partition}: only in the first database`);
    else if (!isDeepStrictEqual(p, q)) {
      const cols = Object.keys(p).filter((k) => !isDeepStrictEqual(p[k], q[k]));
      partitionMismatches.push(
        `${p.partition}: ${cols.map((k) => `${k} ${String(p[k])} vs ${String(q[k])}`).join('; ')}`,
      );
    }
    partsB.delete(String(p.partition));
  }
  for (const name of partsB.keys())
    partitionMismatches.push(`${name}: only in the second database`);

  return {
    rows: [a.count.n, b.count.n],
    sampled: sample.length,
    sampleMismatches,
    servedMismatches,
    digestsEqual,
    differingRowsByCollection: rows.byCollection,
    rowMismatches: rows.examples,
    partitions: [a.partitions.length, b.partitions.length],
    partitionMismatches,
    ok:
      a.count.n === b.count.n &&
      sampleMismatches.length === 0 &&
      servedMismatches.length === 0 &&
      digestsEqual &&
      partitionMismatches.length === 0,
  };
}

/** Rows whose full text differs (or that one side lacks): counts per collection, a few ids. */
async function findRowMismatches(
  urlA: string,
  urlB: string,
  max = 10,
): Promise<{ byCollection: Record<string, number>; examples: string[] }> {
  const hashes = (url: string) =>
    withClient(url, async (c) => {
      const { rows } = await c.query<{ k: string; h: string }>(
        `SELECT collection || '/' || id AS k, md5(${ROW_TEXT}) AS h FROM pgstac.items`,
      );
      return new Map(rows.map((r) => [r.k, r.h]));
    });
  const [a, b] = await Promise.all([hashes(urlA), hashes(urlB)]);
  const byCollection: Record<string, number> = {};
  const examples: string[] = [];
  const note = (key: string, what: string) => {
    const collection = key.slice(0, key.indexOf('/'));
    byCollection[collection] = (byCollection[collection] ?? 0) + 1;
    if (examples.length < max) examples.push(`${key}: ${what}`);
  };
  for (const [k, h] of a) {
    if (!b.has(k)) note(k, 'only in the first database');
    else if (b.get(k) !== h) note(k, 'stored rows differ');
  }
  for (const k of b.keys()) if (!a.has(k)) note(k, 'only in the second database');
  return { byCollection, examples };
}
