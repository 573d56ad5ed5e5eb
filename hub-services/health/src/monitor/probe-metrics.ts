import { Gauge, type Registry } from 'prom-client';
import type { HealthMonitor } from './health-monitor.js';

const STATUSES = ['pass', 'warn', 'fail'] as const;

/**
 * Each probe's latest status and latency, read from the monitor's cache at scrape time. Every
 * status value of every probe is a series (1 for the current one, 0 for the others), so an
 * alert on `styx_health_probe_status{status="fail"} == 1` has data from the first scrape.
 */
export function registerProbeMetrics(registry: Registry, monitor: HealthMonitor): void {
  new Gauge({
    name: 'styx_health_probe_status',
    help: 'The latest result of each health probe: 1 for its current status, 0 for the others',
    labelNames: ['probe', 'component', 'tier', 'status'],
    registers: [registry],
    collect() {
      for (const probe of monitor.probes) {
        const current = monitor.latest().get(probe.id)?.status;
        for (const status of STATUSES)
          this.set(
            { probe: probe.id, component: probe.component, tier: probe.tier, status },
            current === status ? 1 : 0,
          );
      }
    },
  });
  new Gauge({
    name: 'styx_health_probe_latency_seconds',
    help: 'How long the latest check of each health probe took',
    labelNames: ['probe', 'component'],
    registers: [registry],
    collect() {
      for (const probe of monitor.probes) {
        const result = monitor.latest().get(probe.id);
        this.set(
          { probe: probe.id, component: probe.component },
          result ? result.latencyMs / 1000 : 0,
        );
      }
    },
  });
}
