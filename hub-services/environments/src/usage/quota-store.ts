import { migrate, type SqlClient } from '../sql-client.js';
import type { Quota, QuotaInput, QuotaSubject } from './quota.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS styx_env_quotas (
  kind text NOT NULL CHECK (kind IN ('user', 'group')),
  name text NOT NULL,
  cpu_hours double precision,
  memory_gib_hours double precision,
  gpu_hours double precision,
  window_days integer NOT NULL,
  PRIMARY KEY (kind, name)
);
`;

interface Row {
  kind: 'user' | 'group';
  name: string;
  cpu_hours: number | null;
  memory_gib_hours: number | null;
  gpu_hours: number | null;
  window_days: number;
}

const toQuota = (r: Row): Quota => ({
  kind: r.kind,
  name: r.name,
  cpuHours: r.cpu_hours,
  memoryGiBHours: r.memory_gib_hours,
  gpuHours: r.gpu_hours,
  windowDays: r.window_days,
});

/** Quotas per user or group (their changes are audited by the route that makes them). */
export class QuotaStore {
  constructor(private readonly sql: SqlClient) {}

  async migrate(): Promise<void> {
    await migrate(this.sql, SCHEMA);
  }

  async list(): Promise<Quota[]> {
    const rows = await this.sql.query<Row>('SELECT * FROM styx_env_quotas ORDER BY kind, name');
    return rows.rows.map(toQuota);
  }

  async get(subject: QuotaSubject): Promise<Quota | undefined> {
    const rows = await this.sql.query<Row>(
      'SELECT * FROM styx_env_quotas WHERE kind = $1 AND name = $2',
      [subject.kind, subject.name],
    );
    return rows.rows[0] ? toQuota(rows.rows[0]) : undefined;
  }

  async put(subject: QuotaSubject, input: QuotaInput): Promise<Quota> {
    const rows = await this.sql.query<Row>(
      `INSERT INTO styx_env_quotas (kind, name, cpu_hours, memory_gib_hours, gpu_hours, window_days)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kind, name) DO UPDATE SET cpu_hours = $3, memory_gib_hours = $4,
         gpu_hours = $5, window_days = $6
       RETURNING *`,
      [
        subject.kind,
        subject.name,
        input.cpuHours,
        input.memoryGiBHours,
        input.gpuHours,
        input.windowDays,
      ],
    );
    return toQuota(rows.rows[0] as Row);
  }

  async remove(subject: QuotaSubject): Promise<boolean> {
    const rows = await this.sql.query<Row>(
      'DELETE FROM styx_env_quotas WHERE kind = $1 AND name = $2 RETURNING *',
      [subject.kind, subject.name],
    );
    return rows.rows.length > 0;
  }
}
