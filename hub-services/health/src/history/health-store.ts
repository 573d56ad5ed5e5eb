import type { Audience, Component, ProbeResult, ProbeStatus } from '../probes/probe.js';
import { HEALTH_SCHEMA } from './schema.js';
import type { SqlClient } from './sql-client.js';

export interface Incident {
  id: number;
  probeId: string;
  component: Component;
  audience: Audience;
  description: string;
  openedAt: Date;
  closedAt: Date | undefined;
  /** The failure that opened it (admins only). */
  message: string | undefined;
  /** That failure's trace, when traced (admins only). */
  traceId: string | undefined;
}

export interface MaintenanceWindow {
  id: number;
  /** undefined: every component. */
  component: Component | undefined;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  createdBy: string;
}

export interface DailyUptime {
  component: Component;
  /** Midnight UTC. */
  day: Date;
  /** Share of checks that did not fail, 0–1. */
  uptime: number;
  checks: number;
}

export type DeliveryEvent = 'incident.opened' | 'incident.closed';

export interface DueDelivery {
  id: number;
  event: DeliveryEvent;
  target: string;
  attempts: number;
  incident: Incident;
}

export interface Retention {
  rawDays: number;
  hourlyDays: number;
}

type IncidentRow = {
  id: string | number;
  probe_id: string;
  component: string;
  audience: string;
  description: string;
  opened_at: Date | string;
  closed_at: Date | string | null;
  message: string | null;
  trace_id: string | null;
};

const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

function incidentFromRow(row: IncidentRow): Incident {
  return {
    id: Number(row.id),
    probeId: row.probe_id,
    component: row.component as Component,
    audience: row.audience as Audience,
    description: row.description,
    openedAt: toDate(row.opened_at),
    closedAt: row.closed_at === null ? undefined : toDate(row.closed_at),
    message: row.message ?? undefined,
    traceId: row.trace_id ?? undefined,
  };
}

const INCIDENT_COLUMN_NAMES = [
  'id',
  'probe_id',
  'component',
  'audience',
  'description',
  'opened_at',
  'closed_at',
  'message',
  'trace_id',
] as const;
const INCIDENT_COLUMNS = INCIDENT_COLUMN_NAMES.join(', ');
/** The same columns, of health_incidents joined as `i`. */
const JOINED_INCIDENT_COLUMNS = INCIDENT_COLUMN_NAMES.map((c) => `i.${c}`).join(', ');

/**
 * The health history in PostgreSQL (the catalog's in production) or PGlite (a laptop). Every
 * write that must go with another (an incident and its alerts) is one statement, so no
 * transaction spans the two drivers' different APIs.
 */
export class HealthStore {
  constructor(private readonly sql: SqlClient) {}

  async migrate(): Promise<void> {
    for (const statement of HEALTH_SCHEMA) await this.sql.query(statement);
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  async record(result: ProbeResult): Promise<void> {
    await this.sql.query(
      `INSERT INTO health_results (probe_id, component, at, status, latency_ms, message, trace_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        result.probeId,
        result.component,
        result.at,
        result.status,
        result.latencyMs,
        result.message ?? null,
        result.traceId ?? null,
      ],
    );
  }

  /** The last result of each probe: what /health shows right after a restart. */
  async latestResults(): Promise<ProbeResult[]> {
    const { rows } = await this.sql.query<{
      probe_id: string;
      component: string;
      at: Date | string;
      status: ProbeStatus;
      latency_ms: number;
      message: string | null;
      trace_id: string | null;
    }>(
      `SELECT DISTINCT ON (probe_id) probe_id, component, at, status, latency_ms, message, trace_id
       FROM health_results ORDER BY probe_id, at DESC`,
    );
    return rows.map((r) => ({
      probeId: r.probe_id,
      component: r.component as Component,
      at: toDate(r.at),
      status: r.status,
      latencyMs: Number(r.latency_ms),
      message: r.message ?? undefined,
      ...(r.trace_id ? { traceId: r.trace_id } : {}),
    }));
  }

  /** Opens an incident and queues its "opened" alert for every receiver, in one statement. */
  async openIncident(
    probe: { id: string; component: Component; audience: Audience; description: string },
    failure: Pick<ProbeResult, 'at' | 'message' | 'traceId'>,
    targets: readonly string[],
  ): Promise<Incident> {
    const { rows } = await this.sql.query<IncidentRow>(
      `WITH opened AS (
         INSERT INTO health_incidents (probe_id, component, audience, description, opened_at, message, trace_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING ${INCIDENT_COLUMNS}
       ), queued AS (
         INSERT INTO health_deliveries (incident_id, event, target)
         SELECT opened.id, 'incident.opened', t FROM opened, unnest($8::text[]) AS t
       )
       SELECT * FROM opened`,
      [
        probe.id,
        probe.component,
        probe.audience,
        probe.description,
        failure.at,
        failure.message ?? null,
        failure.traceId ?? null,
        targets,
      ],
    );
    return incidentFromRow(rows[0] as IncidentRow);
  }

  /** Closes an open incident and queues its "closed" alert; undefined if it was not open. */
  async closeIncident(
    id: number,
    at: Date,
    targets: readonly string[],
  ): Promise<Incident | undefined> {
    const { rows } = await this.sql.query<IncidentRow>(
      `WITH closed AS (
         UPDATE health_incidents SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL
         RETURNING ${INCIDENT_COLUMNS}
       ), queued AS (
         INSERT INTO health_deliveries (incident_id, event, target)
         SELECT closed.id, 'incident.closed', t FROM closed, unnest($3::text[]) AS t
       )
       SELECT * FROM closed`,
      [id, at, targets],
    );
    return rows[0] ? incidentFromRow(rows[0]) : undefined;
  }

  async openIncidents(): Promise<Incident[]> {
    const { rows } = await this.sql.query<IncidentRow>(
      `SELECT ${INCIDENT_COLUMNS} FROM health_incidents WHERE closed_at IS NULL ORDER BY opened_at`,
    );
    return rows.map(incidentFromRow);
  }

  /** Newest first: open ones, then those closed within `sinceDays`. */
  async incidents(options: {
    audience?: Audience;
    state: 'open' | 'closed' | 'all';
    sinceDays: number;
    limit: number;
  }): Promise<Incident[]> {
    const { rows } = await this.sql.query<IncidentRow>(
      `SELECT ${INCIDENT_COLUMNS} FROM health_incidents
       WHERE ($1::text IS NULL OR audience = $1)
         AND (closed_at IS NULL OR closed_at > now() - make_interval(days => $2))
         AND ($3 = 'all' OR ($3 = 'open') = (closed_at IS NULL))
       ORDER BY opened_at DESC LIMIT $4`,
      [options.audience ?? null, options.sinceDays, options.state, options.limit],
    );
    return rows.map(incidentFromRow);
  }

  async addMaintenance(w: Omit<MaintenanceWindow, 'id'>): Promise<MaintenanceWindow> {
    const { rows } = await this.sql.query<{ id: string | number }>(
      `INSERT INTO health_maintenance (component, starts_at, ends_at, reason, created_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [w.component ?? null, w.startsAt, w.endsAt, w.reason, w.createdBy],
    );
    return { ...w, id: Number(rows[0]?.id) };
  }

  async deleteMaintenance(id: number): Promise<boolean> {
    const { rows } = await this.sql.query(
      'DELETE FROM health_maintenance WHERE id = $1 RETURNING id',
      [id],
    );
    return rows.length > 0;
  }

  /** Windows not yet over (current and planned). */
  async maintenanceWindows(now: Date): Promise<MaintenanceWindow[]> {
    const { rows } = await this.sql.query<{
      id: string | number;
      component: string | null;
      starts_at: Date | string;
      ends_at: Date | string;
      reason: string;
      created_by: string;
    }>(
      `SELECT id, component, starts_at, ends_at, reason, created_by FROM health_maintenance
       WHERE ends_at > $1 ORDER BY starts_at`,
      [now],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      component: (r.component ?? undefined) as Component | undefined,
      startsAt: toDate(r.starts_at),
      endsAt: toDate(r.ends_at),
      reason: r.reason,
      createdBy: r.created_by,
    }));
  }

  /**
   * Rolls raw results up into hours from the last rolled hour on (recomputed, so a partly
   * rolled hour is completed), then prunes what is past retention.
   */
  async rollUpAndPrune(retention: Retention): Promise<{ hours: number; prunedResults: number }> {
    const rolled = await this.sql.query(
      `INSERT INTO health_hourly (probe_id, component, hour, passes, warns, fails, latency_avg_ms, latency_max_ms)
       SELECT probe_id, min(component), date_trunc('hour', at) AS hour,
              count(*) FILTER (WHERE status = 'pass'),
              count(*) FILTER (WHERE status = 'warn'),
              count(*) FILTER (WHERE status = 'fail'),
              avg(latency_ms), max(latency_ms)
       FROM health_results
       WHERE at >= coalesce((SELECT max(hour) FROM health_hourly), '-infinity'::timestamptz)
       GROUP BY probe_id, date_trunc('hour', at)
       ON CONFLICT (probe_id, hour) DO UPDATE SET
         passes = excluded.passes, warns = excluded.warns, fails = excluded.fails,
         latency_avg_ms = excluded.latency_avg_ms, latency_max_ms = excluded.latency_max_ms
       RETURNING hour`,
    );
    const pruned = await this.sql.query(
      `DELETE FROM health_results WHERE at < now() - make_interval(days => $1) RETURNING 1`,
      [retention.rawDays],
    );
    await this.sql.query(
      'DELETE FROM health_hourly WHERE hour < now() - make_interval(days => $1)',
      [retention.hourlyDays],
    );
    await this.sql.query(
      `DELETE FROM health_incidents WHERE closed_at < now() - make_interval(days => $1)`,
      [retention.hourlyDays],
    );
    return { hours: rolled.rows.length, prunedResults: pruned.rows.length };
  }

  /** Daily uptime per component over the last `days` days, from the hourly roll-ups. */
  async dailyUptime(days: number, components: readonly Component[]): Promise<DailyUptime[]> {
    const { rows } = await this.sql.query<{
      component: string;
      day: Date | string;
      ok: string | number;
      total: string | number;
    }>(
      `SELECT component, date_trunc('day', hour, 'UTC') AS day,
              sum(passes + warns) AS ok, sum(passes + warns + fails) AS total
       FROM health_hourly
       WHERE hour >= date_trunc('day', now(), 'UTC') - make_interval(days => $1 - 1)
         AND component = ANY($2::text[])
       GROUP BY component, day ORDER BY component, day`,
      [days, components],
    );
    return rows.map((r) => ({
      component: r.component as Component,
      day: toDate(r.day),
      uptime: Number(r.total) === 0 ? 1 : Number(r.ok) / Number(r.total),
      checks: Number(r.total),
    }));
  }

  /** A probe's latency per hour over the last `hours` hours (average and worst), oldest first. */
  async hourlyLatency(
    probeId: string,
    hours: number,
  ): Promise<Array<{ hour: Date; avgMs: number; maxMs: number; checks: number; fails: number }>> {
    const { rows } = await this.sql.query<{
      hour: Date | string;
      latency_avg_ms: number;
      latency_max_ms: number;
      total: number;
      fails: number;
    }>(
      `SELECT hour, latency_avg_ms, latency_max_ms, passes + warns + fails AS total, fails
       FROM health_hourly
       WHERE probe_id = $1 AND hour >= date_trunc('hour', now()) - make_interval(hours => $2 - 1)
       ORDER BY hour`,
      [probeId, hours],
    );
    return rows.map((r) => ({
      hour: toDate(r.hour),
      avgMs: Math.round(Number(r.latency_avg_ms)),
      maxMs: Number(r.latency_max_ms),
      checks: Number(r.total),
      fails: Number(r.fails),
    }));
  }

  /** Alerts whose time has come (not delivered, attempts left). */
  async dueDeliveries(now: Date, maxAttempts: number, limit = 20): Promise<DueDelivery[]> {
    const { rows } = await this.sql.query<
      IncidentRow & {
        delivery_id: string | number;
        event: DeliveryEvent;
        target: string;
        attempts: number;
      }
    >(
      `SELECT d.id AS delivery_id, d.event, d.target, d.attempts,
              ${JOINED_INCIDENT_COLUMNS}
       FROM health_deliveries d JOIN health_incidents i ON i.id = d.incident_id
       WHERE d.delivered_at IS NULL AND d.attempts < $2 AND d.next_attempt_at <= $1
       ORDER BY d.id LIMIT $3`,
      [now, maxAttempts, limit],
    );
    return rows.map((r) => ({
      id: Number(r.delivery_id),
      event: r.event,
      target: r.target,
      attempts: Number(r.attempts),
      incident: incidentFromRow(r),
    }));
  }

  async markDelivered(id: number, at: Date): Promise<void> {
    await this.sql.query(
      'UPDATE health_deliveries SET delivered_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1',
      [id, at],
    );
  }

  async markFailedAttempt(id: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.sql.query(
      `UPDATE health_deliveries SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3
       WHERE id = $1`,
      [id, nextAttemptAt, error.slice(0, 500)],
    );
  }
}
