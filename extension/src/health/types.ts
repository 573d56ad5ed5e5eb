/** What the health service answers (hub-services/health): its shapes, as the extension reads them. */
export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface HealthCheck {
  componentId: string;
  status: CheckStatus;
  time?: string;
  observedValue?: number;
  output?: string;
  'styx:probe'?: string;
  'styx:tier'?: string;
  'styx:description'?: string;
  'styx:maintenance'?: string;
  /** Admins, when the health service traces: the trace of this probe's last run. */
  'styx:traceId'?: string;
  /** …and its address in the trace UI, when one is configured (STYX_TRACE_URL). */
  'styx:traceUrl'?: string;
}

/** GET /health (application/health+json). */
export interface HealthDocument {
  status: CheckStatus;
  notes?: string[];
  checks: Record<string, HealthCheck[]>;
}

/** GET /uptime. */
export interface UptimeReport {
  days: number;
  components: Array<{
    component: string;
    uptime: number | null;
    days: Array<{ day: string; uptime: number; checks: number }>;
  }>;
}

/** GET /incidents. */
export interface Incident {
  id: number;
  component: string;
  probe: string;
  description: string;
  state: 'open' | 'closed';
  openedAt: string;
  closedAt: string | null;
  /** Admins only: the failure that opened it, and its trace in the trace UI when set up. */
  message?: string | null;
  traceUrl?: string | null;
}

/** GET /probes/{id}/latency (admins): hourly averages. */
export interface LatencyPoint {
  hour: string;
  avgMs: number;
  maxMs: number;
  checks: number;
  fails: number;
}

/** POST /probes/{id}/run (admins): one check now. */
export interface ProbeRun {
  probeId: string;
  status: CheckStatus;
  at: string;
  latencyMs: number;
  message: string | null;
  /** When the health service traces: this run's trace, and its address in the trace UI. */
  traceId?: string | null;
  traceUrl?: string | null;
}
