/**
 * One data-access interface over PgSTAC, two thin adapters: `PostgresDatabase` (node-postgres,
 * separate read and write pools) and `PgliteDatabase` (PgSTAC embedded in PGlite, the default
 * for `npm start`). Everything above this layer sees only `CatalogDatabase`.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface CatalogDatabase {
  readonly kind: 'postgres' | 'pglite';
  /** A query on the read pool (searches, reads). */
  read<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** A single statement on the write pool. */
  write<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Several statements in one transaction on the write pool. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Session settings both adapters apply (and the benchmark gives its peer too).
 * - search_path: PgSTAC's functions and tables live in the `pgstac` schema.
 * - client_min_messages: PgSTAC's search() raises ~20 NOTICEs per call; nobody reads them.
 * - max_parallel_workers_per_gather=0: on small machines PgSTAC's search() runs ~3x faster
 *   without parallel plans (the start-up cost of workers dominates its short queries).
 */
export const SESSION_SETTINGS: Record<string, string> = {
  search_path: 'pgstac, public',
  client_min_messages: 'warning',
  max_parallel_workers_per_gather: '0',
};
