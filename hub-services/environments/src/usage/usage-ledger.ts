import { migrate, type SqlClient } from '../sql-client.js';

/**
 * The usage ledger: one session per server start, closed at its stop. The Hub keeps no usage
 * counters, so this is the only record; the spawn hooks write it, and reconciling with the
 * servers the Hub reports running closes sessions whose stop was never reported.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS styx_env_sessions (
  id bigserial PRIMARY KEY,
  username text NOT NULL,
  server text NOT NULL,
  profile text,
  profile_version integer,
  cpu double precision NOT NULL,
  memory_bytes bigint NOT NULL,
  gpu integer NOT NULL,
  started timestamptz NOT NULL,
  stopped timestamptz,
  stop_reason text
);
CREATE INDEX IF NOT EXISTS styx_env_sessions_by_user ON styx_env_sessions (username, started);
CREATE INDEX IF NOT EXISTS styx_env_sessions_open ON styx_env_sessions (username, server) WHERE stopped IS NULL;
`;

export interface Session {
  id: number;
  user: string;
  server: string;
  profile: string | null;
  profileVersion: number | null;
  cpu: number;
  memoryBytes: number;
  gpu: number;
  started: Date;
  stopped: Date | null;
  stopReason: string | null;
}

interface Row {
  id: string;
  username: string;
  server: string;
  profile: string | null;
  profile_version: number | null;
  cpu: number;
  memory_bytes: string | number;
  gpu: number;
  started: Date;
  stopped: Date | null;
  stop_reason: string | null;
}

const toSession = (r: Row): Session => ({
  id: Number(r.id),
  user: r.username,
  server: r.server,
  profile: r.profile,
  profileVersion: r.profile_version,
  cpu: r.cpu,
  memoryBytes: Number(r.memory_bytes),
  gpu: r.gpu,
  started: new Date(r.started),
  stopped: r.stopped ? new Date(r.stopped) : null,
  stopReason: r.stop_reason,
});

export class UsageLedger {
  constructor(private readonly sql: SqlClient) {}

  async migrate(): Promise<void> {
    await migrate(this.sql, SCHEMA);
  }

  /** A server started; a session of the same server still open is closed first (a lost stop). */
  async started(entry: {
    user: string;
    server: string;
    profile: string | null;
    profileVersion: number | null;
    cpu: number;
    memoryBytes: number;
    gpu: number;
    at: Date;
  }): Promise<Session> {
    await this.stopped(entry.user, entry.server, entry.at, 'restarted');
    const rows = await this.sql.query<Row>(
      `INSERT INTO styx_env_sessions (username, server, profile, profile_version, cpu, memory_bytes, gpu, started)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        entry.user,
        entry.server,
        entry.profile,
        entry.profileVersion,
        entry.cpu,
        entry.memoryBytes,
        entry.gpu,
        entry.at,
      ],
    );
    return toSession(rows.rows[0] as Row);
  }

  /** Closes the server's open session, if any; returns how many were closed. */
  async stopped(user: string, server: string, at: Date, reason: string): Promise<number> {
    const rows = await this.sql.query<Row>(
      `UPDATE styx_env_sessions SET stopped = greatest($3::timestamptz, started), stop_reason = $4
       WHERE username = $1 AND server = $2 AND stopped IS NULL RETURNING *`,
      [user, server, at, reason],
    );
    return rows.rows.length;
  }

  /** Sessions not closed yet, of one user or everyone's. */
  async open(user?: string): Promise<Session[]> {
    const rows = await this.sql.query<Row>(
      'SELECT * FROM styx_env_sessions WHERE stopped IS NULL AND ($1::text IS NULL OR username = $1) ORDER BY id',
      [user ?? null],
    );
    return rows.rows.map(toSession);
  }

  /** Sessions that overlap [since, until), of one user or everyone's. */
  async overlapping(since: Date, until: Date, user?: string): Promise<Session[]> {
    const rows = await this.sql.query<Row>(
      `SELECT * FROM styx_env_sessions
       WHERE started < $2 AND (stopped IS NULL OR stopped > $1) AND ($3::text IS NULL OR username = $3)
       ORDER BY username, started`,
      [since, until, user ?? null],
    );
    return rows.rows.map(toSession);
  }

  /** Each server's latest session (open or not): what it runs, or last ran. */
  async latestPerServer(): Promise<Session[]> {
    const rows = await this.sql.query<Row>(
      `SELECT DISTINCT ON (username, server) * FROM styx_env_sessions
       ORDER BY username, server, started DESC, id DESC`,
    );
    return rows.rows.map(toSession);
  }
}
