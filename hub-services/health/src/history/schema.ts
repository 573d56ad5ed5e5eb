/**
 * The health history: raw results (kept 14 days), hourly roll-ups (400 days), incidents,
 * maintenance windows, and the webhook outbox (one row per incident event and receiver, so a
 * restart neither loses nor repeats an alert). Idempotent: run at every start.
 */
export const HEALTH_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS health_results (
    probe_id text NOT NULL,
    component text NOT NULL,
    at timestamptz NOT NULL,
    status text NOT NULL CHECK (status IN ('pass', 'warn', 'fail')),
    latency_ms integer NOT NULL,
    message text
  )`,
  'CREATE INDEX IF NOT EXISTS health_results_probe_at ON health_results (probe_id, at DESC)',
  'CREATE INDEX IF NOT EXISTS health_results_at ON health_results (at)',
  `CREATE TABLE IF NOT EXISTS health_hourly (
    probe_id text NOT NULL,
    component text NOT NULL,
    hour timestamptz NOT NULL,
    passes integer NOT NULL,
    warns integer NOT NULL,
    fails integer NOT NULL,
    latency_avg_ms double precision NOT NULL,
    latency_max_ms integer NOT NULL,
    PRIMARY KEY (probe_id, hour)
  )`,
  'CREATE INDEX IF NOT EXISTS health_hourly_component_hour ON health_hourly (component, hour)',
  `CREATE TABLE IF NOT EXISTS health_incidents (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    probe_id text NOT NULL,
    component text NOT NULL,
    audience text NOT NULL,
    description text NOT NULL,
    opened_at timestamptz NOT NULL,
    closed_at timestamptz,
    message text
  )`,
  // At most one open incident per probe, whatever happens between two replicas or restarts.
  `CREATE UNIQUE INDEX IF NOT EXISTS health_incidents_one_open
    ON health_incidents (probe_id) WHERE closed_at IS NULL`,
  `CREATE TABLE IF NOT EXISTS health_maintenance (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    component text,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
    reason text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS health_deliveries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES health_incidents (id) ON DELETE CASCADE,
    event text NOT NULL CHECK (event IN ('incident.opened', 'incident.closed')),
    target text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    last_error text,
    UNIQUE (incident_id, event, target)
  )`,
  `CREATE INDEX IF NOT EXISTS health_deliveries_due
    ON health_deliveries (next_attempt_at) WHERE delivered_at IS NULL`,
  // The trace of each check (when traced), and of the failure that opened an incident: an admin
  // follows the failing request into the component after a restart too, and from an alert.
  'ALTER TABLE health_results ADD COLUMN IF NOT EXISTS trace_id text',
  'ALTER TABLE health_incidents ADD COLUMN IF NOT EXISTS trace_id text',
];
