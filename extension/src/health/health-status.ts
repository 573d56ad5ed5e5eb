import type { HealthDocument, UptimeReport } from './types.js';

/** The status bar's light: green (all pass), amber (a warning), red (a failure), grey (unknown). */
export type Light = 'green' | 'amber' | 'red' | 'unknown';

export function lightOf(document: HealthDocument | null): Light {
  if (!document) return 'unknown';
  if (document.status === 'fail') return 'red';
  if (document.status === 'warn') return 'amber';
  return 'green';
}

export interface ComponentRow {
  component: string;
  light: Light;
  maintenance: string | undefined;
  /** Admins: the component's probes, with what each last said. */
  probes: Array<{
    id: string;
    light: Light;
    description: string;
    output: string;
    latencyMs: number | undefined;
    /** The trace of its last run in the trace UI, when the health service gives one. */
    traceUrl: string | undefined;
  }>;
}

const lightOfStatus = (status: string | undefined): Light =>
  status === 'pass' ? 'green' : status === 'warn' ? 'amber' : status === 'fail' ? 'red' : 'unknown';

/** One row per component (`<component>:availability`), its probes under it when the caller may see them. */
export function componentRows(document: HealthDocument | null): ComponentRow[] {
  if (!document) return [];
  const rows: ComponentRow[] = [];
  for (const [key, [check]] of Object.entries(document.checks)) {
    const [component, measurement] = key.split(':');
    if (measurement !== 'availability' || !component || !check) continue;
    const probes = Object.entries(document.checks)
      .filter(([k]) => k.startsWith(`${component}:`) && !k.endsWith(':availability'))
      .map(([k, [p]]) => ({
        id: k.slice(component.length + 1),
        light: lightOfStatus(p?.status),
        description: p?.['styx:description'] ?? '',
        output: p?.output ?? '',
        latencyMs: p?.observedValue,
        traceUrl: p?.['styx:traceUrl'],
      }));
    rows.push({
      component,
      light: lightOfStatus(check.status),
      maintenance: check['styx:maintenance'],
      probes,
    });
  }
  return rows;
}

export interface UptimeBar {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** 0–1, or null for a day without checks. */
  uptime: number | null;
  light: Light;
}

/**
 * The last `days` days of a component as bars, oldest first, ending today (UTC): a day without
 * checks is grey; under 99.5 % amber, under 95 % red (status pages' usual thresholds).
 */
export function uptimeBars(
  report: UptimeReport | null,
  component: string,
  days: number,
  today: Date,
): UptimeBar[] {
  const known = new Map(
    (report?.components.find((c) => c.component === component)?.days ?? []).map((d) => [
      d.day,
      d.uptime,
    ]),
  );
  const bars: UptimeBar[] = [];
  for (let i = days - 1; i >= 0; i -= 1) {
    const day = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i),
    )
      .toISOString()
      .slice(0, 10);
    const uptime = known.get(day) ?? null;
    bars.push({
      day,
      uptime,
      light:
        uptime === null ? 'unknown' : uptime >= 0.995 ? 'green' : uptime >= 0.95 ? 'amber' : 'red',
    });
  }
  return bars;
}

/** "99.95 %", or "no data". */
export function formatUptime(uptime: number | null | undefined): string {
  if (uptime === null || uptime === undefined) return 'no data';
  const percent = uptime * 100;
  return `${percent >= 99.995 ? '100' : percent.toFixed(2)} %`;
}

/**
 * An SVG path for a latency sparkline: x spread over `width`, y from 0 (bottom) to the largest
 * value (top); a single point is a flat line. Empty for no points.
 */
export function sparklinePath(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const max = Math.max(...values, 1);
  const y = (v: number) => (height - (v / max) * height).toFixed(1);
  if (values.length === 1) return `M0,${y(values[0] ?? 0)} L${width},${y(values[0] ?? 0)}`;
  const step = width / (values.length - 1);
  return values.map((v, i) => `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${y(v)}`).join(' ');
}

/**
 * The trace an admin is offered for a probe: the one of a run they asked for ("Run now"), else
 * the last run's when the probe fails; none when the health service gives no trace address.
 */
export function probeTraceLink(
  probe: { light: Light; traceUrl: string | undefined },
  runNow: { traceUrl?: string | null } | undefined,
): string | undefined {
  if (runNow?.traceUrl) return runNow.traceUrl;
  return probe.light === 'red' ? probe.traceUrl : undefined;
}
