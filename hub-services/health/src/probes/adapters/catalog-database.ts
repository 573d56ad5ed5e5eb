import pg from 'pg';
import type { ProbeObservation } from '../probe.js';

/**
 * The catalog's PostgreSQL and its PgSTAC: a connection, `SELECT pgstac.get_version()`. A
 * database without PgSTAC fails (the catalog cannot search it); a PgSTAC older than the one the
 * catalog is built for warns.
 */
export function catalogDatabaseCheck(url: string, minimumPgstac = '0.9.0') {
  // One small pool, created once: a probe must not open a connection storm on a sick server.
  const pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 10_000 });
  pool.on('error', () => {}); // an idle connection dropped by a restarting server: next check reconnects
  return {
    async check(signal: AbortSignal): Promise<ProbeObservation> {
      const client = await pool.connect();
      const abort = () => client.release(new Error('aborted'));
      signal.addEventListener('abort', abort, { once: true });
      try {
        // Two statements: a call to pgstac.get_version() fails to parse when the schema is missing.
        const schema = await client.query<{ present: boolean }>(
          `SELECT to_regnamespace('pgstac') IS NOT NULL AS present`,
        );
        if (!schema.rows[0]?.present) throw new Error('the database has no PgSTAC (schema pgstac)');
        const { rows } = await client.query<{ version: string | null }>(
          'SELECT pgstac.get_version() AS version',
        );
        const version = rows[0]?.version;
        if (!version) throw new Error('the database has no PgSTAC (schema pgstac)');
        return olderThan(version, minimumPgstac)
          ? { status: 'warn', detail: `PgSTAC ${version}, older than ${minimumPgstac}` }
          : { detail: `PgSTAC ${version}` };
      } finally {
        signal.removeEventListener('abort', abort);
        if (!signal.aborted) client.release();
      }
    },
    close: () => pool.end(),
  };
}

function olderThan(version: string, minimum: string): boolean {
  const parse = (v: string) =>
    v
      .replace(/^v/, '')
      .split('.')
      .map((n) => Number.parseInt(n, 10) || 0);
  const [a, b] = [parse(version), parse(minimum)];
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
}
