import { startRestartablePostgres } from '@styx/testing';
import pg from 'pg';

export interface PostgresServer {
  url(database: string): string;
  stop(): Promise<void>;
}

/**
 * The catalog tests' PostgreSQL 15 + PostGIS: @styx/testing's throw-away server, with room for
 * every test file's pools at once and less write work while the demo catalog loads.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const server = await startRestartablePostgres({
    settings: { full_page_writes: 'off', max_connections: '200', shared_buffers: '256MB' },
  });
  return { url: server.url, stop: server.destroy };
}

/** Runs one SQL statement on a database of the server (admin work: CREATE DATABASE...). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
