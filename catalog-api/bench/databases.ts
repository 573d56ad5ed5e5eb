import { join } from 'node:path';
import pg from 'pg';
import type { StacCollection, StacItem } from '../src/catalog/stac-types.js';
import { applyPgstacSettings } from '../src/db/pgstac-schema.js';
import { PostgresDatabase } from '../src/db/postgres.js';
import { inferQueryables } from '../src/loader/infer-queryables.js';
import { runTimed } from './processes.js';

/**
 * The bench's databases on one throw-away PostgreSQL: a template with PgSTAC (installed by
 * `pypgstac migrate`), the PgSTAC settings and the demo collections, cloned into one fresh
 * database per loader, each with the same database-level settings.
 */

/** Database-level settings both servers run under (catalog-api also sets them per session). */
export const DATABASE_SETTINGS: Record<string, string> = {
  max_parallel_workers_per_gather: '0',
  client_min_messages: 'warning',
};

export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url, options: '-c search_path=pgstac,public' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface PostgresUrls {
  url(database: string): string;
}

/**
 * Creates the template: PgSTAC via `pypgstac migrate`, then catalog-api's own PgSTAC settings
 * (applyPgstacSettings, which catalog-api also applies at every start: context=on and whatever
 * else it relies on), so both loads and both servers see the same pgstac.pgstac_settings; then
 * the collections through PgSTAC's create_collection.
 */
export async function createTemplate(
  server: PostgresUrls,
  name: string,
  venvBin: string,
  collections: StacCollection[],
): Promise<{ migrateSeconds: number }> {
  await withClient(server.url('postgres'), (c) => c.query(`CREATE DATABASE ${name}`));
  const migrate = await runTimed(`pypgstac migrate ${name}`, join(venvBin, 'pypgstac'), [
    'migrate',
    '--dsn',
    server.url(name),
  ]);
  if (migrate.code !== 0) {
    throw new Error(
      `pypgstac migrate failed (exit ${migrate.code}):\n${migrate.stderr.slice(-3000)}`,
    );
  }
  const db = new PostgresDatabase({
    readUrl: server.url(name),
    writeUrl: server.url(name),
    poolSize: 1,
  });
  try {
    await applyPgstacSettings(db);
  } finally {
    await db.close();
  }
  await withClient(server.url(name), async (c) => {
    for (const collection of collections) {
      await c.query('SELECT pgstac.create_collection($1::jsonb)', [JSON.stringify(collection)]);
    }
  });
  return { migrateSeconds: migrate.seconds };
}

/** A fresh copy of the template, with the database-level settings (not copied by CREATE DATABASE). */
export async function cloneDatabase(
  server: PostgresUrls,
  template: string,
  name: string,
): Promise<void> {
  await withClient(server.url('postgres'), async (c) => {
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    for (const [setting, value] of Object.entries(DATABASE_SETTINGS)) {
      await c.query(`ALTER DATABASE ${name} SET ${setting} = ${value}`);
    }
  });
}

/**
 * Registers each collection's queryables (as the demo loader does after loading), so filters
 * and sorts on item properties pass catalog-api's queryables check; then VACUUM ANALYZE.
 */
export async function prepareForQueries(url: string, items: StacItem[]): Promise<number> {
  const byCollection = new Map<string, StacItem[]>();
  for (const item of items) {
    const list = byCollection.get(item.collection!) ?? [];
    list.push(item);
    byCollection.set(item.collection!, list);
  }
  let registered = 0;
  await withClient(url, async (c) => {
    for (const [collection, list] of byCollection) {
      const definitions = inferQueryables(list);
      if (Object.keys(definitions).length === 0) continue;
      await c.query('SELECT pgstac.upsert_queryables($1::jsonb, $2::text[])', [
        JSON.stringify({ type: 'object', properties: definitions }),
        [collection],
      ]);
      registered += Object.keys(definitions).length;
    }
    await c.query('VACUUM ANALYZE');
  });
  return registered;
}

/** What both servers will see: PgSTAC's settings table and the database-level settings. */
export async function describeSettings(
  url: string,
  database: string,
): Promise<{ pgstacSettings: Record<string, string>; databaseSettings: string[] }> {
  return withClient(url, async (c) => {
    const settings = await c.query<{ name: string; value: string }>(
      'SELECT name, value FROM pgstac.pgstac_settings ORDER BY name',
    );
    const db = await c.query<{ setconfig: string[] | null }>(
      `SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
       WHERE d.datname = $1 AND s.setrole = 0`,
      [database],
    );
    return {
      pgstacSettings: Object.fromEntries(settings.rows.map((r) => [r.name, r.value])),
      databaseSettings: db.rows[0]?.setconfig ?? [],
    };
  });
}
