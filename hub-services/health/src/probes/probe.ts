/**
 * A probe as data (what it checks, how often, when an incident opens and closes, who sees it)
 * plus the one function that checks. The definitions are built from the configuration
 * (probe-plan.ts), the checks by the adapters under ./adapters/.
 */
export const COMPONENTS = [
  'notebooks',
  'catalog',
  'processing',
  'storage',
  'kernels',
  'containers',
  'hpc',
  'kubernetes',
  'messaging',
] as const;
export type Component = (typeof COMPONENTS)[number];

/** The components everyone sees (DESIGN: "whether Notebooks, Catalog, Processing and Storage work"). */
export const PUBLIC_COMPONENTS: readonly Component[] = [
  'notebooks',
  'catalog',
  'processing',
  'storage',
];

/**
 * live: the component answers at all; ready: it can do its job (its own dependencies too);
 * deep: a real round trip of work (a search, an object written and read, a kernel started).
 */
export type Tier = 'live' | 'ready' | 'deep';
export type Audience = 'public' | 'admin';

export interface ProbeDefinition {
  /** Stable: history and incidents are keyed by it. */
  id: string;
  component: Component;
  tier: Tier;
  /** What it checks, in a sentence an admin understands. */
  description: string;
  intervalMs: number;
  timeoutMs: number;
  /** Consecutive failures that open an incident. */
  failuresToOpen: number;
  /** Consecutive passes that close it. */
  passesToClose: number;
  audience: Audience;
}

/** What a check found when it did not throw: a pass, or a warning (works, but degraded). */
export interface ProbeObservation {
  status?: 'pass' | 'warn';
  /** A short fact worth showing an admin (a version, a count). */
  detail?: string;
}

export interface Probe extends ProbeDefinition {
  /** Throws when the component fails; the signal aborts at the probe's timeout. */
  check(signal: AbortSignal): Promise<ProbeObservation | undefined>;
  /** Releases what the adapter holds (a connection pool). */
  close?(): Promise<void>;
}

export type ProbeStatus = 'pass' | 'warn' | 'fail';

export interface ProbeResult {
  probeId: string;
  component: Component;
  status: ProbeStatus;
  /** When the check started. */
  at: Date;
  latencyMs: number;
  /** The error's message (fail), or the adapter's detail; admins only. */
  message: string | undefined;
  /** The trace of this check when the service is traced (OTEL_*); admins only. */
  traceId?: string | undefined;
}
