import { randomUUID } from 'node:crypto';
import type { Job, JobStatus, ProcessPackage } from './job.js';

/** PGlite and pg.Pool both answer `query(sql, params)` with `{ rows }`. */
export interface SqlClient {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS styx_jobs (
  id uuid PRIMARY KEY,
  owner text NOT NULL,
  process_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('accepted', 'running', 'successful', 'failed', 'dismissed')),
  message text,
  progress integer CHECK (progress BETWEEN 0 AND 100),
  inputs jsonb NOT NULL,
  outputs jsonb,
  backend text NOT NULL,
  backend_ref text,
  idempotency_key text,
  created timestamptz NOT NULL DEFAULT now(),
  started timestamptz,
  finished timestamptz,
  updated timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner, idempotency_key)
);
CREATE INDEX IF NOT EXISTS styx_jobs_by_owner ON styx_jobs (owner, created DESC);
CREATE INDEX IF NOT EXISTS styx_jobs_unfinished ON styx_jobs (status) WHERE status IN ('accepted', 'running');
ALTER TABLE styx_jobs ADD COLUMN IF NOT EXISTS process_package jsonb;
ALTER TABLE styx_jobs ADD COLUMN IF NOT EXISTS result_item text;
ALTER TABLE styx_jobs ADD COLUMN IF NOT EXISTS trace_parent text;
`;

interface Row {
  id: string;
  owner: string;
  process_id: string;
  status: JobStatus;
  message: string | null;
  progress: number | null;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown> | null;
  process_package: ProcessPackage | null;
  result_item: string | null;
  trace_parent: string | null;
  backend: string;
  backend_ref: string | null;
  created: Date;
  started: Date | null;
  finished: Date | null;
  updated: Date;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toJob(row: Row): Job {
  return {
    id: row.id,
    owner: row.owner,
    processId: row.process_id,
    status: row.status,
    message: row.message,
    progress: row.progress,
    inputs: row.inputs,
    outputs: row.outputs,
    processPackage: row.process_package ?? null,
    resultItem: row.result_item ?? null,
    traceParent: row.trace_parent ?? null,
    backend: row.backend,
    backendRef: row.backend_ref,
    created: iso(row.created) as string,
    started: iso(row.started),
    finished: iso(row.finished),
    updated: iso(row.updated) as string,
  };
}

/**
 * Jobs in PostgreSQL (PGlite by default): the state that survives a restart of the service.
 * Every change stamps `updated`; finishing stamps `finished` once.
 */
export class JobStore {
  constructor(private readonly sql: SqlClient) {}

  async migrate(): Promise<void> {
    for (const statement of SCHEMA.split(';')
      .map((s) => s.trim())
      .filter(Boolean)) {
      await this.sql.query(statement);
    }
  }

  /**
   * A new accepted job, or, when the owner already submitted one with this idempotency key,
   * that one (`created: false`): a client retrying a submission does not run it twice.
   */
  async create(job: {
    owner: string;
    processId: string;
    inputs: Record<string, unknown>;
    processPackage?: ProcessPackage | undefined;
    backend: string;
    idempotencyKey?: string | undefined;
    traceParent?: string | undefined;
  }): Promise<{ job: Job; created: boolean }> {
    const rows = await this.sql.query<Row>(
      `INSERT INTO styx_jobs (id, owner, process_id, status, inputs, backend, idempotency_key, process_package, trace_parent)
       VALUES ($1, $2, $3, 'accepted', $4, $5, $6, $7, $8)
       ON CONFLICT (owner, idempotency_key) DO NOTHING
       RETURNING *`,
      [
        randomUUID(),
        job.owner,
        job.processId,
        JSON.stringify(job.inputs),
        job.backend,
        job.idempotencyKey ?? null,
        job.processPackage ? JSON.stringify(job.processPackage) : null,
        job.traceParent ?? null,
      ],
    );
    if (rows.rows[0]) return { job: toJob(rows.rows[0]), created: true };
    const existing = await this.sql.query<Row>(
      'SELECT * FROM styx_jobs WHERE owner = $1 AND idempotency_key = $2',
      [job.owner, job.idempotencyKey],
    );
    return { job: toJob(existing.rows[0] as Row), created: false };
  }

  async get(id: string): Promise<Job | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows = await this.sql.query<Row>('SELECT * FROM styx_jobs WHERE id = $1', [id]);
    return rows.rows[0] ? toJob(rows.rows[0]) : undefined;
  }

  /** Newest first; one owner's, or everyone's (admins) when owner is undefined. */
  async list(owner: string | undefined, limit: number, offset = 0): Promise<Job[]> {
    const rows = owner
      ? await this.sql.query<Row>(
          'SELECT * FROM styx_jobs WHERE owner = $1 ORDER BY created DESC, id LIMIT $2 OFFSET $3',
          [owner, limit, offset],
        )
      : await this.sql.query<Row>(
          'SELECT * FROM styx_jobs ORDER BY created DESC, id LIMIT $1 OFFSET $2',
          [limit, offset],
        );
    return rows.rows.map(toJob);
  }

  async unfinished(): Promise<Job[]> {
    const rows = await this.sql.query<Row>(
      "SELECT * FROM styx_jobs WHERE status IN ('accepted', 'running') ORDER BY created",
    );
    return rows.rows.map(toJob);
  }

  async countUnfinished(owner: string): Promise<number> {
    const rows = await this.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM styx_jobs WHERE owner = $1 AND status IN ('accepted', 'running')",
      [owner],
    );
    return rows.rows[0]?.n ?? 0;
  }

  /**
   * Marks a job dismissed, whatever it was doing (OGC API – Processes §7.14): from then on no
   * report from its backend changes it.
   */
  async dismiss(id: string, message: string): Promise<Job | undefined> {
    const rows = await this.sql.query<Row>(
      `UPDATE styx_jobs SET status = 'dismissed', message = $2, finished = coalesce(finished, now()), updated = now()
       WHERE id = $1 AND status <> 'dismissed'
       RETURNING *`,
      [id, message],
    );
    return rows.rows[0] ? toJob(rows.rows[0]) : this.get(id);
  }

  /**
   * Changes a job, unless it already finished (a late backend report must not undo a dismissal
   * or a failure). Returns the job as stored afterwards.
   */
  async update(
    id: string,
    change: Partial<
      Pick<Job, 'status' | 'message' | 'progress' | 'outputs' | 'backendRef' | 'resultItem'>
    > & {
      started?: boolean;
    },
  ): Promise<Job | undefined> {
    const rows = await this.sql.query<Row>(
      `UPDATE styx_jobs SET
         status = coalesce($2, status),
         message = CASE WHEN $3::boolean THEN $4 ELSE message END,
         progress = coalesce($5, progress),
         outputs = coalesce($6::jsonb, outputs),
         backend_ref = coalesce($7, backend_ref),
         result_item = coalesce($9, result_item),
         started = CASE WHEN $8::boolean AND started IS NULL THEN now() ELSE started END,
         finished = CASE WHEN coalesce($2, status) IN ('successful', 'failed', 'dismissed') AND finished IS NULL
                         THEN now() ELSE finished END,
         updated = now()
       WHERE id = $1 AND status IN ('accepted', 'running')
       RETURNING *`,
      [
        id,
        change.status ?? null,
        change.message !== undefined,
        change.message ?? null,
        change.progress ?? null,
        change.outputs === undefined ? null : JSON.stringify(change.outputs),
        change.backendRef ?? null,
        change.started ?? false,
        change.resultItem ?? null,
      ],
    );
    return rows.rows[0] ? toJob(rows.rows[0]) : this.get(id);
  }
}
