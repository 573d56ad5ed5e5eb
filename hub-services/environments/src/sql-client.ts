/** PGlite and pg.Pool both answer `query(sql, params)` with `{ rows }`. */
export interface SqlClient {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** Runs a schema script statement by statement (PGlite's query takes one at a time). */
export async function migrate(sql: SqlClient, schema: string): Promise<void> {
  for (const statement of schema
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    await sql.query(statement);
  }
}
