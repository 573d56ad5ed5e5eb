import type { StacItem } from '../catalog/stac-types.js';
import type { CatalogDatabase, Queryable } from '../db/database.js';
import { InvalidQueryError, NotFoundError } from '../errors.js';

export type LoadMethod = 'insert' | 'upsert';

export interface LoadResult {
  loaded: number;
  partitions: number;
}

interface ItemRange {
  item: StacItem;
  start: string;
  end: string;
}

/**
 * The fast ingest path. PgSTAC's create_items() goes through a staging table whose trigger
 * dehydrates every row column by column (~300 items/s on 2 cores). This does what
 * `pypgstac load` does instead: make sure each partition exists and covers the items'
 * datetime ranges (check_partition), insert the rows PgSTAC's own content_dehydrate() makes,
 * in one statement per partition, then refresh the partition's statistics. The stored rows
 * are the same as through create_items.
 */
export async function loadItems(
  db: CatalogDatabase,
  items: StacItem[],
  method: LoadMethod = 'insert',
): Promise<LoadResult> {
  if (items.length === 0) return { loaded: 0, partitions: 0 };
  const byCollection = new Map<string, ItemRange[]>();
  for (const item of items) {
    const ranged = withRange(item);
    const list = byCollection.get(ranged.item.collection!) ?? [];
    list.push(ranged);
    byCollection.set(ranged.item.collection!, list);
  }
  let partitions = 0;
  const touched: string[] = [];
  await db.transaction(async (tx) => {
    for (const [collection, ranged] of byCollection) {
      const trunc = await partitionTrunc(tx, collection);
      for (const group of groupByPartition(ranged, trunc).values()) {
        const partition = await checkPartition(tx, collection, group);
        touched.push(partition);
        partitions += 1;
        if (method === 'upsert') {
          await tx.query(
            'DELETE FROM pgstac.items WHERE collection = $1 AND id = ANY($2::text[])',
            [collection, group.map((g) => g.item.id)],
          );
        }
        await tx.query(
          `INSERT INTO pgstac.items (id, geometry, collection, datetime, end_datetime, content, private)
           SELECT d.id, d.geometry, d.collection, d.datetime, d.end_datetime, d.content, d.private
           FROM jsonb_array_elements($1::jsonb) AS j(value),
                LATERAL pgstac.content_dehydrate(j.value) AS d`,
          [JSON.stringify(group.map((g) => g.item))],
        );
      }
    }
  });
  // Outside the load's transaction, as pypgstac does: the statistics refresh takes a stronger
  // lock, and the rows are already committed if it fails.
  for (const partition of new Set(touched)) {
    await db.write('SELECT pgstac.update_partition_stats_q($1)', [partition]).catch(() => {});
  }
  return { loaded: items.length, partitions };
}

/** An item's [start, end] datetime range, as PgSTAC's stac_datetime/stac_end_datetime read it. */
function withRange(item: StacItem): ItemRange {
  const p = item.properties ?? {};
  const start = (p.start_datetime ?? p.datetime) as string | null | undefined;
  const end = (p.end_datetime ?? p.datetime) as string | null | undefined;
  if (typeof item.id !== 'string' || item.id === '') {
    throw new InvalidQueryError('every item needs a string id');
  }
  if (typeof item.collection !== 'string') {
    throw new InvalidQueryError(`item '${item.id}' has no collection`);
  }
  if (typeof start !== 'string' || typeof end !== 'string') {
    throw new InvalidQueryError(
      `item '${item.id}' needs properties.datetime, or start_datetime and end_datetime`,
    );
  }
  if (Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end))) {
    throw new InvalidQueryError(`item '${item.id}' has a datetime that is not RFC 3339`);
  }
  return { item, start, end };
}

async function partitionTrunc(tx: Queryable, collection: string): Promise<string | null> {
  const [row] = await tx.query<{ partition_trunc: string | null }>(
    'SELECT partition_trunc FROM pgstac.collections WHERE id = $1',
    [collection],
  );
  if (!row) throw new NotFoundError(`collection '${collection}' does not exist`);
  return row.partition_trunc;
}

/** Items grouped by the partition PgSTAC will route them to (by collection, then year/month). */
function groupByPartition(items: ItemRange[], trunc: string | null): Map<string, ItemRange[]> {
  const groups = new Map<string, ItemRange[]>();
  for (const ranged of items) {
    const d = new Date(ranged.start);
    const key =
      trunc === 'year'
        ? `${d.getUTCFullYear()}`
        : trunc === 'month'
          ? `${d.getUTCFullYear()}-${d.getUTCMonth()}`
          : '';
    const group = groups.get(key) ?? [];
    group.push(ranged);
    groups.set(key, group);
  }
  return groups;
}

async function checkPartition(
  tx: Queryable,
  collection: string,
  group: ItemRange[],
): Promise<string> {
  let minStart = group[0]!.start;
  let maxStart = minStart;
  let minEnd = group[0]!.end;
  let maxEnd = minEnd;
  for (const { start, end } of group) {
    if (Date.parse(start) < Date.parse(minStart)) minStart = start;
    if (Date.parse(start) > Date.parse(maxStart)) maxStart = start;
    if (Date.parse(end) < Date.parse(minEnd)) minEnd = end;
    if (Date.parse(end) > Date.parse(maxEnd)) maxEnd = end;
  }
  const [row] = await tx.query<{ partition: string }>(
    `SELECT pgstac.check_partition($1, tstzrange($2::timestamptz, $3::timestamptz, '[]'),
                                       tstzrange($4::timestamptz, $5::timestamptz, '[]')) AS partition`,
    [collection, minStart, maxStart, minEnd, maxEnd],
  );
  return row!.partition;
}
