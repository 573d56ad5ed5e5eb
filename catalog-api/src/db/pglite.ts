import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { postgis } from '@electric-sql/pglite-postgis';
import { type CatalogDatabase, type Queryable, SESSION_SETTINGS } from './database.js';
import { translateDatabaseError } from './database-errors.js';

/**
 * PgSTAC embedded in PGlite (Postgres compiled to WebAssembly), persisted in a folder:
 * the default when no STYX_DATABASE_URL is given, so `npm start` needs no database server.
 * PGlite is one session that runs one statement at a time, so "read" and "write" share it;
 * it queues concurrent callers itself.
 */
export class PgliteDatabase implements CatalogDatabase {
  readonly kind = 'pglite';

  private constructor(private readonly db: PGlite) {}

  static async open(dataDir: string | undefined): Promise<PgliteDatabase> {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      extensions: { postgis, btree_gist, unaccent },
    });
    for (const [key, value] of Object.entries(SESSION_SETTINGS)) {
      await db.query(`SELECT set_config($1, $2, false)`, [key, value]);
    }
    return new PgliteDatabase(db);
  }

  /** PgSTAC's script leaves `SET ROLE pgstac_ingest` behind; in one session that sticks. */
  async execScript(sql: string): Promise<void> {
    try {
      await this.db.exec(sql);
    } finally {
      await this.db.exec('RESET ROLE');
      for (const [key, value] of Object.entries(SESSION_SETTINGS)) {
        await this.db.query(`SELECT set_config($1, $2, false)`, [key, value]);
      }
    }
  }

  async read<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.run<R>(sql, params);
  }

  async write<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.run<R>(sql, params);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(async (t) =>
        work({
          query: async <R>(sql: string, params: unknown[] = []) =>
            (await t.query(sql, params)).rows as R[],
        }),
      );
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  private async run<R>(sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await this.db.query(sql, params)).rows as R[];
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }
}
