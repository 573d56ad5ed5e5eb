import { traceUrlFor } from '@styx/tracing';
import type { MaintenanceWindow } from '../history/health-store.js';
import {
  type Component,
  type ProbeDefinition,
  type ProbeResult,
  type ProbeStatus,
  PUBLIC_COMPONENTS,
} from '../probes/probe.js';
import { inMaintenance } from './maintenance.js';

/** One entry of a health answer's `checks` (draft-inadome-httpapi-health-check §4). */
export interface HealthCheckEntry {
  componentId: string;
  componentType: 'component';
  status: ProbeStatus;
  time?: string;
  observedValue?: number;
  observedUnit?: 'ms';
  output?: string;
  'styx:probe'?: string;
  'styx:tier'?: string;
  'styx:description'?: string;
  'styx:maintenance'?: string;
  /** Admins, when traced: the trace of the probe's last check, and its page in the trace UI. */
  'styx:traceId'?: string;
  'styx:traceUrl'?: string;
}

export interface HealthDocument {
  status: ProbeStatus;
  version: '1';
  serviceId: 'styx-health';
  description: string;
  notes?: string[];
  checks: Record<string, HealthCheckEntry[]>;
}

const RANK: Record<ProbeStatus, number> = { pass: 0, warn: 1, fail: 2 };
const worst = (statuses: ProbeStatus[]): ProbeStatus =>
  statuses.reduce<ProbeStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), 'pass');

/**
 * The answer of GET /health from the cached results (pure). Everyone gets one entry per public
 * component (`catalog:availability`), its status the worst of all its probes; an admin also gets
 * every probe (`catalog:catalog-search`) with its latest error and latency, and the internal
 * components. 503 when a public component fails (so a plain uptime checker sees it), else 200.
 */
export function buildHealthReport(input: {
  probes: readonly ProbeDefinition[];
  latest: ReadonlyMap<string, ProbeResult>;
  maintenance: readonly MaintenanceWindow[];
  admin: boolean;
  now: Date;
  /** The trace UI's address of a trace (`{traceId}`): each probe's last trace as a link. */
  traceUrl?: string | undefined;
}): { statusCode: 200 | 503; document: HealthDocument } {
  const { probes, latest, admin, now } = input;
  const statusOf = (probe: ProbeDefinition): ProbeStatus => latest.get(probe.id)?.status ?? 'warn';
  const components = [...new Set(probes.map((p) => p.component))];
  const checks: Record<string, HealthCheckEntry[]> = {};
  const publicStatuses: ProbeStatus[] = [];
  const otherStatuses: ProbeStatus[] = [];
  for (const component of components) {
    const own = probes.filter((p) => p.component === component);
    const isPublic = PUBLIC_COMPONENTS.includes(component);
    if (!isPublic && !admin) continue;
    const status = worst(own.map(statusOf));
    (isPublic ? publicStatuses : otherStatuses).push(status);
    const times = own.map((p) => latest.get(p.id)?.at.getTime()).filter((t) => t !== undefined);
    const window = inMaintenance(input.maintenance, component, now);
    checks[`${component}:availability`] = [
      {
        componentId: component,
        componentType: 'component',
        status,
        ...(times.length > 0 ? { time: new Date(Math.min(...times)).toISOString() } : {}),
        ...(window ? { 'styx:maintenance': window.reason } : {}),
      },
    ];
  }
  if (admin) {
    for (const probe of probes)
      checks[`${probe.component}:${probe.id}`] = [
        probeEntry(probe, latest.get(probe.id), input.traceUrl),
      ];
  }
  const publicStatus = worst(publicStatuses);
  const status =
    admin && publicStatus === 'pass' && worst(otherStatuses) !== 'pass' ? 'warn' : publicStatus;
  const pending = probes.filter((p) => !latest.has(p.id)).length;
  return {
    statusCode: publicStatus === 'fail' ? 503 : 200,
    document: {
      status,
      version: '1',
      serviceId: 'styx-health',
      description: 'Styx: notebooks, catalog, processing and storage',
      ...(pending > 0
        ? { notes: [`${pending} check(s) not run yet since the health service started`] }
        : {}),
      checks,
    },
  };
}

function probeEntry(
  probe: ProbeDefinition,
  result: ProbeResult | undefined,
  traceUrl: string | undefined,
): HealthCheckEntry {
  const link = traceUrlFor(traceUrl, result?.traceId);
  return {
    componentId: probe.component,
    componentType: 'component',
    status: result?.status ?? 'warn',
    ...(result
      ? {
          time: result.at.toISOString(),
          observedValue: result.latencyMs,
          observedUnit: 'ms' as const,
        }
      : {}),
    output: result ? (result.message ?? '') : 'not checked yet',
    'styx:probe': probe.id,
    'styx:tier': probe.tier,
    'styx:description': probe.description,
    ...(result?.traceId ? { 'styx:traceId': result.traceId } : {}),
    ...(link ? { 'styx:traceUrl': link } : {}),
  };
}

export const componentsOf = (probes: readonly ProbeDefinition[]): Component[] => [
  ...new Set(probes.map((p) => p.component)),
];
