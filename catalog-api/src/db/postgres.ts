import pg from 'pg';
import { type CatalogDatabase, type Queryable, SESSION_SETTINGS } from './database.js';
import { translateDatabaseError } from './database-errors.js';

// Return timestamps and big integers as strings, as PgSTAC's JSON does; never a JS Date.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface PostgresOptions {
  readUrl: string;
  writeUrl: string;
  poolSize: number;
  applicationName?: string;
}

/** PgSTAC on a PostgreSQL server: a read pool and a separate write pool. */
export class PostgresDatabase implements CatalogDatabase {
  readonly kind = 'postgres';
  private readonly readPool: pg.Pool;
  private readonly writePool: pg.Pool;

  constructor(options: PostgresOptions) {
    const sessionOptions = Object.entries(SESSION_SETTINGS)
      .map(([key, value]) => `-c ${key}=${value.replace(/ /g, '\\ ')}`)
      .join(' ');
    const common = {
      options: sessionOptions,
      application_name: options.applicationName ?? 'styx-catalog',
    };
    this.readPool = new pg.Pool({
      ...common,
      connectionString: options.readUrl,
      max: options.poolSize,
    });
    // Writes are fewer and serialise on PgSTAC's partition locks: a small pool is enough.
    this.writePool = new pg.Pool({
      ...common,
      connectionString: options.writeUrl,
      max: Math.max(2, Math.ceil(options.poolSize / 4)),
    });
    // An idle client losing its server must not crash the process; the pool replaces it.
    this.readPool.on('error', () => {});
    this.writePool.on('error', () => {});
  }

  async read<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.readPool.query(sql, params)).rows as R[];
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }

  async write<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.writePool.query(sql, params)).rows as R[];
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.writePool.connect();
    try {
      await client.query('BEGIN');
      const tx: Queryable = {
        query: async <R>(sql: string, params: unknown[] = []) =>
          (await client.query(sql, params)).rows as R[],
      };
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw translateDatabaseError(error);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.readPool.end(), this.writePool.end()]);
  }
}
