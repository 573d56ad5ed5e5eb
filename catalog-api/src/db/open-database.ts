import { fileURLToPath } from 'node:url';
import type { CatalogConfig } from '../config.js';
import type { CatalogDatabase } from './database.js';
import { ensurePgstac } from './pgstac-schema.js';
import { PostgresDatabase } from './postgres.js';

/** The project virtualenv (scripts/setup.sh creates it), which holds pypgstac. */
export const DEFAULT_VENV_DIR = fileURLToPath(new URL('../../../.venv', import.meta.url));

/** Opens the configured database and brings PgSTAC to the pinned version. */
export async function openCatalogDatabase(
  config: Pick<CatalogConfig, 'database'>,
  log: (message: string) => void = () => {},
  venvDir = DEFAULT_VENV_DIR,
): Promise<CatalogDatabase> {
  const spec = config.database;
  // PGlite (WebAssembly Postgres with PostGIS) is loaded only when it is used: a process
  // talking to a PostgreSQL server starts faster without it.
  const db =
    spec.kind === 'pglite'
      ? await (await import('./pglite.js')).PgliteDatabase.open(spec.dataDir)
      : new PostgresDatabase({
          readUrl: spec.readUrl,
          writeUrl: spec.writeUrl,
          poolSize: spec.poolSize,
        });
  try {
    await ensurePgstac(
      db,
      { venvDir, ...(spec.kind === 'postgres' ? { databaseUrl: spec.writeUrl } : {}) },
      log,
    );
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
