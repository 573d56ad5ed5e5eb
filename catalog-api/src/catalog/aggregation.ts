import type { CatalogDatabase } from '../db/database.js';
import { InvalidQueryError } from '../errors.js';
import type { PgstacSearch } from './stac-types.js';

/**
 * The Aggregation extension (v0.3.0) over PgSTAC. The matching rows are chosen by PgSTAC's own
 * stac_search_to_where() (the same WHERE clause search() uses); only the GROUP BY is ours.
 */
export const AGGREGATIONS = {
  total_count: { data_type: 'integer', description: 'number of matching items' },
  datetime_min: { data_type: 'datetime', description: 'earliest datetime' },
  datetime_max: { data_type: 'datetime', description: 'latest datetime' },
  datetime_frequency: {
    data_type: 'frequency_distribution',
    description: 'items per datetime_frequency_interval (year, month, week, day, hour)',
  },
  collection_frequency: {
    data_type: 'frequency_distribution',
    description: 'items per collection',
  },
  centroid_geohash_grid_frequency: {
    data_type: 'frequency_distribution',
    description:
      'items per geohash cell of their centroid (centroid_geohash_grid_frequency_precision 1..12)',
  },
  centroid_geotile_grid_frequency: {
    data_type: 'frequency_distribution',
    description:
      'items per z/x/y web-mercator tile of their centroid (centroid_geotile_grid_frequency_precision 0..20)',
  },
} as const;

export type AggregationName = keyof typeof AGGREGATIONS;

export interface AggregationOptions {
  interval: 'year' | 'month' | 'week' | 'day' | 'hour';
  geohashPrecision: number;
  geotilePrecision: number;
}

export interface Aggregation {
  name: AggregationName;
  data_type: string;
  value?: number | string | null;
  buckets?: { key: string; data_type: string; frequency: number }[];
}

/** Enough buckets for any map or histogram a person reads; more would be a data dump. */
const MAX_BUCKETS = 10_000;

export function parseAggregationNames(value: string | string[] | undefined): AggregationName[] {
  const names = (Array.isArray(value) ? value : (value ?? 'total_count').split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(name in AGGREGATIONS)) {
      throw new InvalidQueryError(
        `unknown aggregation '${name}'; available: ${Object.keys(AGGREGATIONS).join(', ')}`,
      );
    }
  }
  return names as AggregationName[];
}

export async function aggregate(
  db: CatalogDatabase,
  search: PgstacSearch,
  names: AggregationName[],
  options: AggregationOptions,
): Promise<Aggregation[]> {
  const { token: _token, limit: _limit, sortby: _sortby, fields: _fields, ...where } = search;
  const [row] = await db.read<{ w: string }>('SELECT pgstac.stac_search_to_where($1::jsonb) AS w', [
    JSON.stringify(where),
  ]);
  // The clause is PgSTAC's own output (its literals quoted by PgSTAC), never caller text.
  const from = `FROM pgstac.items WHERE ${row?.w || 'TRUE'}`;
  const frequency = async (keySql: string, dataType: string, params: unknown[] = []) => {
    const rows = await db.read<{ key: string; n: string | number }>(
      `SELECT ${keySql} AS key, count(*) AS n ${from} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${MAX_BUCKETS}`,
      params,
    );
    return rows.map((r) => ({ key: String(r.key), data_type: dataType, frequency: Number(r.n) }));
  };
  const out: Aggregation[] = [];
  for (const name of names) {
    const data_type = AGGREGATIONS[name].data_type;
    switch (name) {
      case 'total_count': {
        const [r] = await db.read<{ n: string | number }>(`SELECT count(*) AS n ${from}`);
        out.push({ name, data_type, value: Number(r?.n ?? 0) });
        break;
      }
      case 'datetime_min':
      case 'datetime_max': {
        const fn = name === 'datetime_min' ? 'min' : 'max';
        const [r] = await db.read<{ v: string | null }>(
          `SELECT to_char(${fn}(datetime) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS v ${from}`,
        );
        out.push({ name, data_type, value: r?.v ?? null });
        break;
      }
      case 'datetime_frequency': {
        const buckets = await frequency(
          `to_char(date_trunc($1, datetime AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
          'datetime',
          [options.interval],
        );
        buckets.sort((a, b) => a.key.localeCompare(b.key)); // a time series reads in time order
        out.push({ name, data_type, buckets });
        break;
      }
      case 'collection_frequency':
        out.push({ name, data_type, buckets: await frequency('collection', 'string') });
        break;
      case 'centroid_geohash_grid_frequency':
        out.push({
          name,
          data_type,
          buckets: await frequency('ST_GeoHash(ST_Centroid(geometry), $1::int)', 'string', [
            options.geohashPrecision,
          ]),
        });
        break;
      case 'centroid_geotile_grid_frequency': {
        // Web-mercator tile of the centroid (the slippy-map formula), clamped to the valid rows.
        const z = options.geotilePrecision;
        const key = `concat_ws('/', $1::int,
            least(floor((ST_X(ST_Centroid(geometry)) + 180) / 360 * 2 ^ $1::int), 2 ^ $1::int - 1)::int,
            least(greatest(floor((1 - ln(tan(radians(greatest(least(ST_Y(ST_Centroid(geometry)), 85.0511), -85.0511)))
              + 1 / cos(radians(greatest(least(ST_Y(ST_Centroid(geometry)), 85.0511), -85.0511)))) / pi()) / 2 * 2 ^ $1::int), 0),
              2 ^ $1::int - 1)::int)`;
        out.push({ name, data_type, buckets: await frequency(key, 'string', [z]) });
        break;
      }
    }
  }
  return out;
}
