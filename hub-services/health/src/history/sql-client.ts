/** What the store needs of a database: node-postgres' Pool and PGlite both have it. */
export interface SqlClient {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}
